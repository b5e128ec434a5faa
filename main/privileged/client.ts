// The client: runs the helper as root for one verb and turns its answer into a
// readable message. Three ways, best first:
//  - already root: execFile(interpreter, [helper.mjs, ...args]) — no shell;
//  - the packaged helper at a fixed root-owned path: execFile(pkexec, [it, ...args]) — no shell;
//  - otherwise @vscode/sudo-prompt, which runs ONE string through the user's
//    /bin/sh escaping only `"` (../shared/TOOLCHAIN.md): the string is a fixed
//    interpreter + helper path + verb + base64url plan, and every token is
//    checked against a shell-inert alphabet — nothing the user typed enters it.
//    From an AppImage, root cannot read the user's FUSE mount: the string runs
//    the .AppImage file itself (root mounts it anew) on a copy of the helper.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sudoPrompt from '@vscode/sudo-prompt';
import type { Plan } from '../common/plan.js';

/** Name shown in the password prompt. */
export const PROMPT_NAME = 'Studio Setup';
/** Where the deb/rpm install the helper's wrapper, root-owned, with its polkit action (build/linux/). */
export const PACKAGED_HELPER = '/usr/lib/studio-setup/studio-setup-helper';
/** pkexec's path. */
export const PKEXEC = '/usr/bin/pkexec';

/** What the client can ask for. */
export type PrivilegedRequest =
  | { verb: 'apply'; plan: Plan }
  | { verb: 'revert' }
  | { verb: 'status' }
  | { verb: 'latency'; seconds: number; load: 'none' | 'cpu' | 'io' };

/** What a run returned, before interpretation. */
export interface RawRun {
  /** Exit code (null when the process could not run or was killed). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** sudo-prompt's or the spawn's error message, when there was one. */
  error?: string;
}

/** The ways to run a process; injectable for tests. */
export interface ClientDeps {
  /** sudo-prompt's exec: one shell string, elevated. */
  sudo(command: string, options: { name: string }): Promise<RawRun>;
  /** execFile without a shell. */
  execFile(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<RawRun>;
  uid: number;
  /** The interpreter (process.execPath: node, or Electron run as node). */
  execPath: string;
  /** True inside Electron (then ELECTRON_RUN_AS_NODE=1 makes it Node). */
  electron: boolean;
  /** The bundled helper (app/dist/helper/helper.mjs). */
  helperJs: string;
  /** Is there a root-owned packaged helper we may run through pkexec? */
  packagedHelper(): string | null;
  /** The directory sudo-prompt will `cd` into (its string quotes it with "..."). */
  cwd: string;
  /** The .AppImage file when this runs from its mount, else null. */
  appImage?: string | null;
  /** Copy the helper where root can read it; returns the copy and how to remove it. */
  stageHelper?(helperJs: string): { file: string; remove(): void };
}

/** The helper's answer, made readable. */
export interface PrivilegedResponse {
  ok: boolean;
  /** The helper's exit code, or a pkexec/prompt outcome. */
  code: number | null;
  /** One sentence for the user. */
  message: string;
  /** The helper's `result` object, when it got that far. */
  result: Record<string, unknown> | null;
  progress: { step: number; of: number; what: string }[];
}

/** The only characters a token of the sudo-prompt string may hold. */
export const SAFE_TOKEN = /^[A-Za-z0-9_./:=+,-]+$/;
/**
 * What the two paths may hold: the same, plus spaces (electron-builder installs
 * to /opt/<productName>). Such a path is single-quoted: the user's /bin/sh keeps
 * single quotes inside sudo-prompt's "..." as they are, and bash -c then reads
 * them as quotes; nothing in this alphabet means anything in either.
 */
export const SAFE_PATH = /^\/[A-Za-z0-9_./:=+,@ -]+$/;
// Inside sudo-prompt's `cd "<cwd>"` these would still be expanded or break out.
const UNSAFE_IN_QUOTES = /[$`\\"\n\r]/;

function execFileRun(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<RawRun> {
  return new Promise((resolve) => {
    execFile(file, args, { env, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: stdout ?? '', stderr: stderr ?? '', ...(err && code === null ? { error: err.message } : {}) });
    });
  });
}

function sudoRun(command: string, options: { name: string }): Promise<RawRun> {
  return new Promise((resolve) => {
    sudoPrompt.exec(command, options, (err, stdout, stderr) => {
      const errCode: unknown = err ? (err as Error & { code?: unknown }).code : 0;
      const code = typeof errCode === 'number' ? errCode : null;
      resolve({ code, stdout: String(stdout ?? ''), stderr: String(stderr ?? ''), ...(err ? { error: err.message } : {}) });
    });
  });
}

function packagedHelper(): string | null {
  try {
    const st = fs.lstatSync(PACKAGED_HELPER);
    return st.isFile() && st.uid === 0 && (st.mode & 0o022) === 0 ? PACKAGED_HELPER : null;
  } catch {
    return null;
  }
}

/** app/dist/helper/helper.mjs, seen from the main build (app/dist/main or its chunks/); in a package, the copy unpacked beside app.asar. */
export function bundledHelper(moduleUrl: string = import.meta.url): string {
  const here = path.dirname(fileURLToPath(moduleUrl));
  const main = path.basename(here) === 'chunks' ? path.dirname(here) : here;
  const file = path.join(path.dirname(main), 'helper', 'helper.mjs');
  // The helper runs in a child process (as root, too): electron-builder.yml unpacks it to a real file.
  return file.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
}

/** The .AppImage file when this process runs from that AppImage's mount (its runtime sets APPIMAGE and APPDIR). */
export function appImageFile(env: NodeJS.ProcessEnv = process.env, execPath: string = process.execPath): string | null {
  const { APPIMAGE, APPDIR } = env;
  return APPIMAGE && APPDIR && path.isAbsolute(APPIMAGE) && execPath.startsWith(`${APPDIR}/`) ? APPIMAGE : null;
}

function stageHelper(helperJs: string): { file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-setup-helper-'));
  const file = path.join(dir, path.basename(helperJs));
  fs.copyFileSync(helperJs, file);
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The real dependencies. */
export function defaultDeps(): ClientDeps {
  return {
    sudo: sudoRun,
    execFile: execFileRun,
    uid: process.getuid?.() ?? -1,
    execPath: process.execPath,
    electron: typeof process.versions.electron === 'string',
    helperJs: bundledHelper(),
    packagedHelper,
    cwd: process.cwd(),
    appImage: appImageFile(),
    stageHelper,
  };
}

/** The helper arguments for a request (verb, then the plan as base64url). */
export function helperArgs(req: PrivilegedRequest): string[] {
  if (req.verb === 'apply') return ['apply', Buffer.from(JSON.stringify(req.plan), 'utf8').toString('base64url')];
  if (req.verb === 'status') return ['status', '--json'];
  if (req.verb === 'latency') {
    if (!Number.isInteger(req.seconds) || req.seconds < 1 || req.seconds > 600) throw new Error('latency: seconds must be 1..600');
    if (!['none', 'cpu', 'io'].includes(req.load)) throw new Error('latency: load must be none, cpu or io');
    return ['latency', '--seconds', String(req.seconds), '--load', req.load];
  }
  return ['revert'];
}

/** The one string sudo-prompt runs; throws when a token is outside the shell-inert alphabet. */
export function sudoCommand(deps: Pick<ClientDeps, 'execPath' | 'helperJs' | 'electron'>, args: string[]): string {
  for (const p of [deps.execPath, deps.helperJs]) {
    if (!SAFE_PATH.test(p)) {
      throw new Error(
        `Studio Setup cannot ask for the password safely: its path ${JSON.stringify(p)} has characters other than letters, digits, spaces and ./_:=+,@- (move the app to such a folder)`,
      );
    }
  }
  const bad = args.find((t) => !SAFE_TOKEN.test(t));
  if (bad !== undefined) throw new Error('Studio Setup cannot ask for the password safely: an argument has characters outside [A-Za-z0-9_./:=+,-]');
  const quote = (p: string) => (p.includes(' ') ? `'${p}'` : p);
  return [...(deps.electron ? ['ELECTRON_RUN_AS_NODE=1'] : []), quote(deps.execPath), quote(deps.helperJs), ...args].join(' ');
}

const MESSAGES: Record<number, string> = {
  0: 'Done.',
  1: 'The helper failed',
  2: 'Nothing was changed',
  3: 'The helper did not run as root; nothing was changed.',
  4: 'Another Studio Setup change is in progress; try again when it has finished.',
  5: 'Applying failed and every change was undone',
  6: 'Undoing is incomplete: run revert again (status shows what is left)',
};

/** Interpret a run: the helper's JSON lines, its exit code, the prompt's outcome. */
export function interpret(raw: RawRun, via: 'direct' | 'pkexec' | 'sudo-prompt'): PrivilegedResponse {
  const progress: PrivilegedResponse['progress'] = [];
  let result: Record<string, unknown> | null = null;
  for (const line of raw.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const o = JSON.parse(line) as { progress?: PrivilegedResponse['progress'][number]; result?: Record<string, unknown> };
      if (o.progress) progress.push(o.progress);
      if (o.result) result = o.result;
    } catch {
      // Not one of the helper's lines.
    }
  }
  const base = { code: raw.code, result, progress };
  if (result === null) {
    if (raw.error === 'Request dismissed' || (via === 'pkexec' && raw.code === 126)) return { ...base, ok: false, message: 'You cancelled the password prompt.' };
    if (raw.error === 'User did not grant permission.') return { ...base, ok: false, message: 'The password prompt was cancelled or the password was not accepted.' };
    if (raw.error === 'No polkit authentication agent found.') return { ...base, ok: false, message: 'No password prompt is available (no polkit authentication agent is running).' };
    if (raw.error === 'Unable to find pkexec or kdesudo.') return { ...base, ok: false, message: 'No password prompt is available here (pkexec is not installed): run the command with sudo.' };
    if (via === 'pkexec' && raw.code === 127) return { ...base, ok: false, message: 'You are not allowed to make this change (authorization failed).' };
  }
  const code = typeof result?.code === 'number' ? result.code : raw.code;
  const detail = typeof result?.error === 'string' ? result.error : raw.stderr.trim().split('\n').pop() || raw.error || '';
  if (code === 0) return { ...base, ok: true, code, message: MESSAGES[0] as string };
  const head = code !== null ? MESSAGES[code] : undefined;
  const message = head ? (detail && code !== 3 && code !== 4 ? `${head}: ${detail}` : head) : `The helper stopped unexpectedly${detail ? `: ${detail}` : ''}.`;
  return { ...base, ok: false, code, message };
}

/** Run one helper verb as root, the best way available. */
export async function runPrivileged(req: PrivilegedRequest, deps: ClientDeps = defaultDeps()): Promise<PrivilegedResponse> {
  let args: string[];
  try {
    args = helperArgs(req);
  } catch (e) {
    return { ok: false, code: 2, message: (e as Error).message, result: null, progress: [] };
  }
  const nodeEnv: NodeJS.ProcessEnv = deps.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : { ...process.env };
  if (deps.uid === 0) return interpret(await deps.execFile(deps.execPath, [deps.helperJs, ...args], nodeEnv), 'direct');
  const packaged = deps.packagedHelper();
  if (packaged) return interpret(await deps.execFile(PKEXEC, [packaged, ...args], { PATH: '/usr/bin:/bin' }), 'pkexec');
  let command: string;
  let staged: { file: string; remove(): void } | null = null;
  try {
    if (UNSAFE_IN_QUOTES.test(deps.cwd)) throw new Error('Studio Setup cannot ask for the password safely from this working directory (its name has $, `, \\ or "): start it from another folder');
    if (deps.appImage && deps.stageHelper) {
      // Root gets EACCES inside another user's FUSE mount: it runs the .AppImage (Electron as Node) on a copy.
      staged = deps.stageHelper(deps.helperJs);
      command = sudoCommand({ execPath: deps.appImage, helperJs: staged.file, electron: true }, args);
    } else command = sudoCommand(deps, args);
  } catch (e) {
    staged?.remove();
    return { ok: false, code: null, message: (e as Error).message, result: null, progress: [] };
  }
  try {
    return interpret(await deps.sudo(command, { name: PROMPT_NAME }), 'sudo-prompt');
  } finally {
    staged?.remove();
  }
}
