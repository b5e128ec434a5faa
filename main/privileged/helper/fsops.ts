// Low-level file operations on host paths: state by lstat, reads that never
// follow a link, atomic writes (exclusive no-follow temp file + fsync + rename +
// fsync of the directory). Callers check the logical path first (paths.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What is at a path, without following a final symlink. */
export type NodeState =
  | { type: 'absent' }
  | { type: 'file'; mode: number; uid: number; gid: number; sha256: string; size: number }
  | { type: 'symlink'; target: string }
  | { type: 'dir'; mode: number; uid: number; gid: number }
  | { type: 'other'; mode: number; uid: number; gid: number };

/** Hex SHA-256 of bytes. */
export function sha256(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** lstat, with ENOENT (and ENOTDIR) as null. */
export function lstatOrNull(host: string): fs.Stats | null {
  try {
    return fs.lstatSync(host);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
}

/** Read a regular file without following a symlink at its last component; null when absent. */
export function readNoFollow(host: string): Buffer | null {
  let fd: number;
  try {
    fd = fs.openSync(host, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'ELOOP') throw new Error(`${host} is a symbolic link`, { cause: e });
    throw e;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new Error(`${host} is not a regular file`);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The state of a host path. */
export function stateOf(host: string): NodeState {
  const st = lstatOrNull(host);
  if (st === null) return { type: 'absent' };
  const own = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  if (st.isSymbolicLink()) return { type: 'symlink', target: fs.readlinkSync(host) };
  if (st.isDirectory()) return { type: 'dir', ...own };
  if (!st.isFile()) return { type: 'other', ...own };
  const data = readNoFollow(host);
  if (data === null) return { type: 'absent' };
  return { type: 'file', ...own, sha256: sha256(data), size: data.length };
}

/** fsync a directory (so a rename or unlink in it is durable). */
export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Remove a file or symlink (never a directory); true when something was removed. */
export function unlinkIfPresent(host: string): boolean {
  const st = lstatOrNull(host);
  if (st === null) return false;
  if (st.isDirectory()) throw new Error(`${host} is a directory`);
  fs.unlinkSync(host);
  fsyncDir(path.dirname(host));
  return true;
}

/**
 * Who owns what the helper writes: root; or, when a normal user runs the
 * --root mode (main.ts), that user — who cannot give files away, and owns what
 * it creates already.
 */
export function treeOwner(): number {
  return process.geteuid?.() ?? 0;
}

/** Owner and permission bits for a written file. */
export interface Ownership {
  mode: number;
  uid: number;
  gid: number;
}

/**
 * Write `data` to `host` atomically: `tmp` is created exclusively without
 * following links (a stale one is removed first), written, chowned, chmoded,
 * fsynced, then renamed over `host` (rename replaces a link, never follows it).
 * `beforeRename` runs between the two (test checkpoints).
 */
export function writeAtomic(host: string, tmp: string, data: Buffer | string, own: Ownership, beforeRename?: () => void): void {
  unlinkIfPresent(tmp);
  const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;
  const fd = fs.openSync(tmp, flags, 0o600);
  try {
    fs.writeFileSync(fd, data);
    if (treeOwner() === 0) fs.fchownSync(fd, own.uid, own.gid);
    fs.fchmodSync(fd, own.mode);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  beforeRename?.();
  fs.renameSync(tmp, host);
  fsyncDir(path.dirname(host));
}

/** Make `host` a symlink to `target` atomically (via `tmp`), replacing a file or link there. */
export function symlinkAtomic(host: string, tmp: string, target: string): void {
  unlinkIfPresent(tmp);
  fs.symlinkSync(target, tmp);
  if (treeOwner() === 0) fs.lchownSync(tmp, 0, 0);
  fs.renameSync(tmp, host);
  fsyncDir(path.dirname(host));
}

/** Create one directory (its parent must exist) with an exact mode, owned by root (by treeOwner()). */
export function mkdirExact(host: string, mode: number): void {
  fs.mkdirSync(host, { mode });
  fs.chmodSync(host, mode);
  if (treeOwner() === 0) fs.chownSync(host, 0, 0);
  fsyncDir(path.dirname(host));
}

/** Remove a directory only when empty; true when removed or already absent. */
export function rmdirIfEmpty(host: string): boolean {
  const st = lstatOrNull(host);
  if (st === null) return true;
  if (!st.isDirectory()) return false;
  if (fs.readdirSync(host).length > 0) return false;
  fs.rmdirSync(host);
  fsyncDir(path.dirname(host));
  return true;
}

/** Remove a directory tree that is entirely ours (links inside are removed, never followed). */
export function removeTree(host: string): void {
  const st = lstatOrNull(host);
  if (st === null) return;
  if (!st.isDirectory()) throw new Error(`${host} is not a directory`);
  fs.rmSync(host, { recursive: true, force: true });
  fsyncDir(path.dirname(host));
}

/** Write a value to an existing sysfs/procfs attribute (never creates a file; truncates for plain files). */
export function writeValue(host: string, value: string): void {
  const fd = fs.openSync(host, fs.constants.O_WRONLY | fs.constants.O_TRUNC);
  try {
    fs.writeSync(fd, value);
  } finally {
    fs.closeSync(fd);
  }
}
