// The live machine as the helper sees it: fixed-argv commands (no shell, a
// fixed PATH, absolute program paths found under the root), /proc/PID/stat for
// thread policy and priority, and chrt argv for restoring one.
import { spawnSync } from 'node:child_process';
import { parseProcStat } from '../../probe/threads.js';
import type { Policy } from '../../common/types.js';
import { lstatOrNull, readNoFollow } from './fsops.js';
import type { Root } from './paths.js';

/** What a command returned. */
export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one fixed argv (argv[0] absolute); injectable for tests. */
export type Runner = (argv: readonly string[]) => RunResult;

const SAFE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The real runner: spawnSync without a shell, a clean environment, a generous timeout (update-grub). */
export const spawnRunner: Runner = (argv) => {
  const [file, ...args] = argv;
  if (file === undefined) return { status: null, stdout: '', stderr: 'empty command' };
  const r = spawnSync(file, args, {
    encoding: 'utf8',
    env: { PATH: SAFE_PATH, LC_ALL: 'C' },
    timeout: 10 * 60_000,
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.error ? null : r.status, stdout: r.stdout ?? '', stderr: r.error ? r.error.message : (r.stderr ?? '') };
};

const BIN_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Absolute path of a program under the root's standard directories, or null. */
export function findProgram(root: Root, name: string): string | null {
  for (const dir of BIN_DIRS) {
    const st = lstatOrNull(root.host(`${dir}/${name}`));
    // Symlinks are fine here (usrmerge, alternatives): we only run programs, never write them.
    if (st !== null && !st.isDirectory()) return `${dir}/${name}`;
  }
  return null;
}

/** A thread's policy and priority now, from /proc/PID/stat (fields 40 and 41). */
export interface ThreadNow {
  pid: number;
  comm: string;
  ppid: number | null;
  policy: Policy;
  priority: number;
}

/** Read /proc/PID/stat under the root; null when the thread is gone. */
export function readThread(root: Root, pid: number): ThreadNow | null {
  let data: Buffer | null;
  try {
    data = readNoFollow(root.host(`/proc/${pid}/stat`));
  } catch {
    return null;
  }
  const st = data === null ? null : parseProcStat(data.toString('utf8'));
  if (!st || st.pid !== pid) return null;
  return { pid, comm: st.comm, ppid: st.ppid, policy: st.policy, priority: st.rtPriority ?? 0 };
}

const CHRT_FLAG: Partial<Record<Policy, string>> = { OTHER: '-o', FIFO: '-f', RR: '-r', BATCH: '-b', IDLE: '-i' };

/** chrt argv setting `pid` to a policy and priority; null for policies chrt -p cannot set back (DEADLINE, unknown). */
export function chrtArgv(chrt: string, pid: number, policy: Policy, priority: number): string[] | null {
  const flag = CHRT_FLAG[policy];
  if (!flag) return null;
  const prio = policy === 'FIFO' || policy === 'RR' ? priority : 0;
  return [chrt, flag, '-p', String(prio), String(pid)];
}

/** This boot's id as the tree says (/proc under --root). */
export function bootIdOf(root: Root): string | null {
  try {
    return readNoFollow(root.host('/proc/sys/kernel/random/boot_id'))?.toString('utf8').trim() || null;
  } catch {
    return null;
  }
}
