// What every packaging check returns, and how the checks run programs: without
// a shell, with a clear sentence when a tool is not installed.
import { spawnSync } from 'node:child_process';

/** One check's outcome: problems fail the run, notes are printed. */
export interface CheckResult {
  name: string;
  problems: string[];
  notes: string[];
}

/** A program's outcome. */
export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The program is not installed. */
  missing: boolean;
}

/** Run a program without a shell (30 s at most). */
export function runTool(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): ToolRun {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', timeout: opts.timeoutMs ?? 30_000, maxBuffer: 32 * 1024 * 1024 });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { code: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error && !missing ? String(r.error.message) : ''), missing };
}

/** The sentence for a tool that is not installed. */
export function missingTool(tool: string, debianPackage: string): string {
  return `${tool} is not installed (Debian package ${debianPackage}): run ./scripts/install-test-deps.sh`;
}

/** A result from its name and what was found. */
export function result(name: string, problems: string[], notes: string[] = []): CheckResult {
  return { name, problems, notes };
}
