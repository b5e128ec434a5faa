// Finding the tools on the PATH and what this cyclictest can do: its version
// and the options that came later (--json, --default-system, -u), read from
// its own --help so an older rt-tests still runs, with fewer extras.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What this cyclictest is and supports. */
export interface CyclictestInfo {
  path: string;
  version: string | null;
  json: boolean;
  defaultSystem: boolean;
  unbuffered: boolean;
}

/** The first executable regular file `name` on `pathVar` (a PATH value), or null. */
export function which(name: string, pathVar: string | undefined): string | null {
  for (const dir of (pathVar ?? '').split(':')) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const file = path.join(dir, name);
    try {
      if (fs.statSync(file).isFile()) {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      }
    } catch {
      // Not here: try the next directory.
    }
  }
  return null;
}

/** Read cyclictest's --help text: version line `cyclictest V 2.40` and the long options it lists. */
export function parseHelp(text: string): Omit<CyclictestInfo, 'path'> {
  const v = /cyclictest V\s*(\d+\.\d+(?:\.\d+)?)/.exec(text);
  return {
    version: v ? (v[1] as string) : null,
    json: /--json\b/.test(text),
    defaultSystem: /--default-system\b/.test(text),
    unbuffered: /--unbuffered\b/.test(text),
  };
}

/** Find cyclictest and read what it supports; null when it is not installed. */
export async function probeCyclictest(env: NodeJS.ProcessEnv): Promise<CyclictestInfo | null> {
  const file = which('cyclictest', env.PATH);
  if (!file) return null;
  const help = await new Promise<string>((resolve) => {
    // Older versions print --help to stderr and exit non-zero: both streams count.
    execFile(file, ['--help'], { timeout: 10_000, env: { ...env, LC_ALL: 'C' } }, (_err, stdout, stderr) => resolve(`${stdout}\n${stderr}`));
  });
  return { path: file, ...parseHelp(help) };
}

/** The distribution's os-release text (for the install hint), or null. */
export function readOsRelease(): string | null {
  for (const file of ['/etc/os-release', '/usr/lib/os-release']) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      // Try the fallback location.
    }
  }
  return null;
}
