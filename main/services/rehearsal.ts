// Apply for a bundle: a rehearsal in a throw-away folder. The folder holds a
// minimal Debian-like tree (what the helper's fixes touch: a stock
// /etc/default/grub, /etc/group with an audio group, the system directories)
// with the capture's own files on top (its /proc and /sys: the helper resolves
// the plan's threads against them). The real helper runs on it with
// `--root DIR`, as the user who runs the app: no password, nothing outside the
// folder changes, no command runs, no thread is touched (docs/privileged.md).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Plan } from '../common/plan.js';
import type { ApplyStatus, HelperStep } from '../common/wizard.js';
import { bundledHelper } from '../privileged/client.js';
import { Root } from '../privileged/helper/paths.js';
import { statusOf } from '../privileged/helper/status.js';
import { DirSource, loadBundleData, manifestDirs, type Source } from '../probe/source.js';

/** One JSON line of the helper (`{"progress": ...}` or `{"result": ...}`). */
export type HelperLine = { progress?: HelperStep; result?: Record<string, unknown> };

/** Runs the helper with `args`, calling `onLine` for each JSON line as it comes; resolves to the exit code. */
export type HelperProcess = (args: string[], onLine: (line: HelperLine) => void) => Promise<number | null>;

/** The built helper.js as a child process of this user (Electron runs it as Node). */
export const childHelper: HelperProcess = (args, onLine) =>
  new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { PATH: '/usr/local/bin:/usr/bin:/bin', ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}) };
    const child = spawn(process.execPath, [bundledHelper(), ...args], { env, cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        try {
          onLine(JSON.parse(line) as HelperLine);
        } catch {
          // Not one of the helper's lines.
        }
      }
    });
    child.stderr.resume();
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code));
  });

// The tree a fresh Debian 12 install has where the fixes write.
const SKELETON_DIRS = ['/etc/default', '/etc/security', '/etc/systemd/system', '/etc/udev', '/boot/grub', '/usr/local/lib', '/usr/sbin', '/var/lib', '/run'];
const SKELETON_FILES: Record<string, { text: string; mode?: number }> = {
  '/etc/default/grub': {
    text: '# Rehearsal stand-in: Debian 12\'s stock file\nGRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX=""\n',
  },
  '/boot/grub/grub.cfg': { text: '# Rehearsal stand-in for the configuration update-grub generates\n' },
  '/usr/sbin/update-grub': { text: '#!/bin/sh\n# Rehearsal stand-in: under --root the helper records commands and never runs them.\nexit 0\n', mode: 0o755 },
  '/etc/group': { text: 'root:x:0:\naudio:x:29:\n' },
  '/etc/gshadow': { text: 'root:*::\naudio:*::\n', mode: 0o640 },
};
// A capture's parts the rehearsal uses; the rest (its own /var, /run) stays out.
const FROM_BUNDLE = /^\/(proc|sys|cmd|etc|boot|bundle\.json)(\/|$)/;

function writeTree(dir: string, files: Record<string, { text: string; mode?: number }>, links: Record<string, string>, dirs: string[]): void {
  const host = (p: string): string => path.join(dir, path.posix.normalize(p));
  const mkdir = (d: string): void => {
    fs.mkdirSync(d, { recursive: true, mode: 0o755 });
  };
  for (const d of dirs) mkdir(host(d));
  for (const [p, f] of Object.entries(files)) {
    mkdir(path.dirname(host(p)));
    fs.rmSync(host(p), { force: true });
    fs.writeFileSync(host(p), f.text, { mode: f.mode ?? 0o644 });
    fs.chmodSync(host(p), f.mode ?? 0o644);
  }
  for (const [p, target] of Object.entries(links)) {
    mkdir(path.dirname(host(p)));
    fs.rmSync(host(p), { force: true, recursive: true });
    fs.symlinkSync(target, host(p));
  }
}

// The helper checks that no directory on its paths is group- or world-writable:
// whatever the umask, the rehearsal's directories are 0755.
function fixModes(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) fixModes(path.join(dir, e.name));
}

/** A throw-away root for one app session. */
export class Rehearsal {
  private dir: string | null = null;
  constructor(private readonly helper: HelperProcess = childHelper) {}

  /** The folder, once made. */
  get folder(): string | null {
    return this.dir;
  }

  /** Make the folder (or refresh the capture's files in it) from a bundle source. */
  prepare(src: Source): string {
    if (!(src instanceof DirSource)) throw new Error('a rehearsal needs a capture bundle directory');
    if (this.dir === null) {
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-setup-rehearsal-'));
      writeTree(this.dir, SKELETON_FILES, {}, SKELETON_DIRS);
    }
    // The capture may have changed (the demo's simulated re-plug): its /proc, /sys and cmd/ are replaced.
    for (const d of ['proc', 'sys', 'cmd']) fs.rmSync(path.join(this.dir, d), { recursive: true, force: true });
    const data = loadBundleData(src.root);
    const pick = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(o).filter(([p]) => FROM_BUNDLE.test(p)));
    // The capture's own /etc files replace the stand-ins, but never what the helper has written.
    const applied = fs.existsSync(path.join(this.dir, 'var/lib/studio-setup'));
    const files = Object.fromEntries(
      Object.entries(pick(data.files))
        .filter(([p]) => !(applied && p.startsWith('/etc/')))
        .map(([p, text]) => [p, { text }]),
    );
    // The empty directories git cannot keep come from the capture's bundle.json.
    const dirs = [...(data.dirs ?? []), ...manifestDirs(src.root)].filter((d) => FROM_BUNDLE.test(d));
    writeTree(this.dir, files, pick(data.links), dirs);
    fixModes(this.dir);
    return this.dir;
  }

  /** Run one helper verb in the folder; progress lines go to `onStep`. */
  async run(args: string[], onStep: (s: HelperStep) => void): Promise<{ code: number | null; result: Record<string, unknown> | null; steps: HelperStep[] }> {
    if (this.dir === null) return { code: 0, result: { ok: true, nothing: true }, steps: [] };
    const steps: HelperStep[] = [];
    let result: Record<string, unknown> | null = null;
    const code = await this.helper([...args, '--root', this.dir], (line) => {
      if (line.progress) {
        steps.push(line.progress);
        onStep(line.progress);
      }
      if (line.result) result = line.result;
    });
    return { code, result, steps };
  }

  /** apply in the folder (made from `src` first). */
  apply(plan: Plan, src: Source, onStep: (s: HelperStep) => void): ReturnType<Rehearsal['run']> {
    this.prepare(src);
    const user = plan.user ? ['--user', plan.user] : [];
    return this.run(['apply', Buffer.from(JSON.stringify(plan), 'utf8').toString('base64url'), ...user], onStep);
  }

  /** What the folder holds now (read here: it is ours). */
  status(): ApplyStatus {
    const empty: ApplyStatus = {
      target: 'rehearsal',
      applied: false,
      state: null,
      since: null,
      plan: null,
      files: [],
      threads: null,
      threadsChanged: false,
      unresolved: [],
      rebootPending: [],
      notes: [],
      needs: [],
      folder: this.dir,
    };
    if (this.dir === null) return empty;
    const s = statusOf(new Root(this.dir));
    return { ...empty, applied: s.applied, state: s.state, since: s.createdAt, plan: s.plan, files: s.files, threads: s.threads, unresolved: s.unresolved, rebootPending: s.rebootPending, notes: s.notes, needs: s.needs };
  }

  /** Remove the folder. */
  close(): void {
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
