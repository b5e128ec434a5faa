// Background load so the numbers mean something: what a session does beside
// the audio thread. cpu: hackbench (rt-tests) in a loop, the scheduler and
// IPC storm rt-tests' own docs pair cyclictest with. io: a bounded writer (dd,
// 64 MiB rewritten in place with fsync each pass) in a directory on the user's
// disk, not /tmp (often tmpfs, where nothing reaches a disk), removed after.
import fs from 'node:fs';
import path from 'node:path';
import type { LoadKind } from '../common/latency/types.js';
import { spawnGroup, stopGroup, type Group } from './process.js';

/** hackbench per pass: 2 groups × 20 sender/receiver pairs, 512-byte messages (tens of seconds a pass on 2 CPUs). */
export const HACKBENCH_ARGS = ['-l', '10000', '-s', '512', '-g', '2'] as const;
/** Size of the io load's file, MiB. */
export const IO_MIB = 64;

/** A running load. */
export interface Load {
  kind: LoadKind;
  /** What it runs, for the result and the report. */
  command: string[];
  /** Problems met while it ran (a pass that failed to start, say). */
  problems: string[];
  /** Stop it, wait until no process of it is left, remove its files. */
  stop(): Promise<void>;
}

/** Where the load's programs are and where the io load may write. */
export interface LoadContext {
  hackbench: string | null;
  dd: string | null;
  /** A directory on the user's disk; the io load makes and removes a subdirectory there. */
  scratch: string;
}

/** Start a loop of one command: a new pass whenever the last ends, until stopped. */
function loop(cmd: string, args: readonly string[], problems: string[], cwd?: string): { stop(): Promise<void> } {
  let current: Group | null = null;
  let stopped = false;
  let failures = 0;
  const next = (): void => {
    if (stopped) return;
    const g = spawnGroup(cmd, args, { stdio: 'ignore', ...(cwd ? { cwd } : {}) });
    current = g;
    g.child.once('error', (e) => problems.push(`${path.basename(cmd)}: ${e.message}`));
    void g.exited.then(({ code }) => {
      if (stopped) return;
      // A pass that fails at once (no permission, no space) is not retried forever.
      if (code !== 0 && ++failures >= 3) problems.push(`${path.basename(cmd)} failed 3 times (exit ${code}): load stopped`);
      else next();
    });
  };
  next();
  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopped = true;
      stopping ??= current ? stopGroup(current) : Promise.resolve();
      return stopping;
    },
  };
}

/** Start a background load; 'none' starts nothing. */
export function startLoad(kind: LoadKind, ctx: LoadContext): Load {
  const problems: string[] = [];
  if (kind === 'none') return { kind, command: [], problems, stop: async () => {} };
  if (kind === 'cpu') {
    if (!ctx.hackbench) throw new Error('the cpu load needs hackbench (rt-tests), which is not installed');
    const running = loop(ctx.hackbench, HACKBENCH_ARGS, problems);
    return { kind, command: ['hackbench', ...HACKBENCH_ARGS], problems, stop: () => running.stop() };
  }
  if (!ctx.dd) throw new Error('the io load needs dd (coreutils), which is not on the PATH');
  fs.mkdirSync(ctx.scratch, { recursive: true, mode: 0o700 });
  const free = fs.statfsSync(ctx.scratch);
  if (free.bavail * free.bsize < 4 * IO_MIB * 1024 * 1024) throw new Error(`the io load needs ${4 * IO_MIB} MiB free in ${ctx.scratch}`);
  const dir = fs.mkdtempSync(path.join(ctx.scratch, '.io-load-'));
  const args = ['if=/dev/zero', 'of=load.bin', 'bs=1M', `count=${IO_MIB}`, 'conv=fsync,notrunc'];
  const running = loop(ctx.dd, args, problems, dir);
  const stop = async () => {
    await running.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  let stopping: Promise<void> | null = null;
  return { kind, command: ['dd', ...args], problems, stop: () => (stopping ??= stop()) };
}
