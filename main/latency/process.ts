// Child processes in their own process group, stopped as a group and waited
// for until none is left: hackbench forks 80 workers, and a measurement must
// leave nothing running behind it, whether it ends, fails or is cancelled.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';

/** A started child (its pid is also its process group's id). */
export interface Group {
  child: ChildProcess;
  /** Resolves when the child itself has exited (and been reaped). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start `cmd` as the leader of a new process group (setsid). */
export function spawnGroup(cmd: string, args: readonly string[], opts: Omit<SpawnOptions, 'detached'> = {}): Group {
  const child = spawn(cmd, args, { ...opts, detached: true });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', () => resolve({ code: null, signal: null }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, exited };
}

/** Send `signal` to every process of group `pgid`; false when the group is empty. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** Live (not zombie) processes of group `pgid`, from /proc/PID/stat. */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[2]) === pgid && f[0] !== 'Z' && f[0] !== 'X') out.push(Number(pid));
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Zombies do not count: an orphan's zombie is init's to reap (and some container
// inits never do), while it runs nothing and holds no CPU or disk.
/** Wait until group `pgid` has no live member; false on timeout. */
export async function groupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (groupMembers(pgid).length > 0) {
    if (Date.now() > end) return false;
    await sleep(50);
  }
  return true;
}

/** Stop a group: `first` (SIGTERM by default) to all of it, SIGKILL after `graceMs`; resolves once it is empty. */
export async function stopGroup(g: Group, first: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
  const pgid = g.child.pid;
  if (pgid === undefined) return;
  // Once the leader is reaped its pid may be reused, unless a member still holds the group.
  const leaderReaped = g.child.exitCode !== null || g.child.signalCode !== null;
  if (leaderReaped && groupMembers(pgid).length === 0) return;
  signalGroup(pgid, first);
  const done = await Promise.race([g.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done || !(await groupGone(pgid, graceMs))) signalGroup(pgid, 'SIGKILL');
  await g.exited;
  await groupGone(pgid, 10_000);
}
