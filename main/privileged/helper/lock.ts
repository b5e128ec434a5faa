// One helper at a time: an O_EXCL lock file holding "pid boot_id". A lock whose
// process is gone (or from another boot) is stale and taken over.
import fs from 'node:fs';
import { fsyncDir, lstatOrNull, mkdirExact, readNoFollow, unlinkIfPresent } from './fsops.js';
import { checkPath, STATE_DIR, type Root } from './paths.js';

/** Where the lock lives. */
export const LOCK_PATH = `${STATE_DIR}/lock`;

/** Another helper holds the lock (exit code 4). */
export class LockHeld extends Error {}

/** A held lock. */
export interface Lock {
  /** True when this run created the state directory (so a refusal can remove it again). */
  createdStateDir: boolean;
  release(): void;
}

/** This boot's id (the host's, also under --root: the lock is about processes). */
export function hostBootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(text: string | null): { pid: number; boot: string } | null {
  const m = /^(\d{1,10}) (\S{1,64})\n?$/.exec(text ?? '');
  return m ? { pid: Number(m[1]), boot: m[2] as string } : null;
}

function tryCreate(host: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(host, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** Take the lock (creating the state directory if needed); throws LockHeld or Refused. */
export function acquireLock(root: Root): Lock {
  checkPath(root, STATE_DIR, 'dir');
  const dir = root.host(STATE_DIR);
  let createdStateDir = false;
  if (lstatOrNull(dir) === null) {
    mkdirExact(dir, 0o700);
    createdStateDir = true;
  }
  checkPath(root, LOCK_PATH, 'file');
  const host = root.host(LOCK_PATH);
  const boot = hostBootId();
  const mine = `${process.pid} ${boot}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(host, mine)) {
      fsyncDir(dir);
      return { createdStateDir, release: () => release(root, mine) };
    }
    const text = readNoFollow(host)?.toString('utf8') ?? null;
    const h = holder(text);
    if (h && h.boot === boot && h.pid !== process.pid && alive(h.pid)) {
      throw new LockHeld(`another studio-setup helper (pid ${h.pid}) is running; try again when it has finished`);
    }
    // Stale: move it aside, and put it back if what we moved turns out to be live.
    const aside = `${host}.stale.${process.pid}`;
    try {
      fs.renameSync(host, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const moved = holder(readNoFollow(aside)?.toString('utf8') ?? null);
    if (moved && moved.boot === boot && moved.pid !== process.pid && alive(moved.pid)) {
      fs.renameSync(aside, host);
      throw new LockHeld(`another studio-setup helper (pid ${moved.pid}) is running; try again when it has finished`);
    }
    unlinkIfPresent(aside);
  }
  throw new LockHeld('could not take the lock (it keeps changing hands)');
}

function release(root: Root, mine: string): void {
  const host = root.host(LOCK_PATH);
  if (readNoFollow(host)?.toString('utf8') === mine) unlinkIfPresent(host);
}
