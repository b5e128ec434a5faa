// Undoing journaled steps, newest first. Every undo is idempotent (a step never
// performed, or already undone, is a no-op), so an interrupted revert or
// rollback is simply run again. Shared files changed by someone else since we
// wrote them are not overwritten: their Drift says what to take back instead.
import fs from 'node:fs';
import { controllerIdentity, threadServes } from '../../common/resolve.js';
import type { IrqThread } from '../../common/types.js';
import { readSnapshot } from '../../probe/snapshot.js';
import { DirSource, LiveSource } from '../../probe/source.js';
import { removeTokens } from './bootloader.js';
import { lstatOrNull, readNoFollow, rmdirIfEmpty, sha256, stateOf, symlinkAtomic, unlinkIfPresent, writeAtomic, writeValue } from './fsops.js';
import { editMembers, groupLine } from './group.js';
import type { FileBefore, Journal, Step } from './journal.js';
import { allowed, checkLive, checkPath, type Root } from './paths.js';
import { bootIdOf, chrtArgv, findProgram, readThread, type Runner } from './system.js';

/** What undoing needs. */
export interface UndoEnv {
  root: Root;
  /** Perform live undo (the journal's live effects were performed and we are not under --root). */
  live: boolean;
  runner: Runner;
}

/** Commands to run once every step is undone (daemon-reload, regenerating a boot menu, restarting a unit). */
export type Post = string[][];

function pushPost(post: Post, argv: string[]): void {
  if (!post.some((a) => a.join('\0') === argv.join('\0'))) post.push(argv);
}

function restoreBytes(root: Root, p: string, tmp: string, before: Extract<FileBefore, { exists: true }>): void {
  const data = readNoFollow(root.host(before.backup));
  if (data === null || sha256(data) !== before.sha256) throw new Error(`the backup of ${p} is missing or damaged`);
  writeAtomic(root.host(p), root.host(tmp), data, { mode: before.mode, uid: before.uid, gid: before.gid });
}

function undoFile(env: UndoEnv, s: Extract<Step, { kind: 'file' }>, post: Post): void {
  const { root } = env;
  checkPath(root, s.path, 'file', false);
  if (allowed(s.tmp, 'file')) unlinkIfPresent(root.host(s.tmp));
  const cur = stateOf(root.host(s.path));
  const b = s.before;
  if (!b.exists) {
    if (cur.type !== 'absent') unlinkIfPresent(root.host(s.path));
    return;
  }
  if (cur.type === 'file' && cur.sha256 === b.sha256 && cur.mode === b.mode && cur.uid === b.uid && cur.gid === b.gid) return;
  const ours = s.after === null || cur.type !== 'file' || cur.sha256 === s.after.sha256;
  if (ours || !s.drift) return restoreBytes(root, s.path, s.tmp, b);
  const d = s.drift;
  if (d.kind === 'regenerate') {
    if (env.live) pushPost(post, d.argv);
    return;
  }
  const text = readNoFollow(root.host(s.path))?.toString('utf8') ?? '';
  if (d.kind === 'group-member') {
    if (env.live) {
      const gpasswd = findProgram(root, 'gpasswd');
      if (!d.shadow && gpasswd && groupLine(text, d.group)?.members.includes(d.user)) run(env, [gpasswd, '-d', d.user, d.group]);
      return;
    }
    return writeKeeping(root, s, editMembers(text, d.group, d.user, false), cur);
  }
  writeKeeping(root, s, removeTokens(text, d.tokens, d.prefix), cur);
}

function writeKeeping(root: Root, s: Extract<Step, { kind: 'file' }>, text: string, cur: ReturnType<typeof stateOf>): void {
  if (cur.type !== 'file') return;
  writeAtomic(root.host(s.path), root.host(s.tmp), text, { mode: cur.mode, uid: cur.uid, gid: cur.gid });
}

function undoSymlink(env: UndoEnv, s: Extract<Step, { kind: 'symlink' }>): void {
  const { root } = env;
  checkPath(root, s.path, 'symlink', false);
  unlinkIfPresent(root.host(s.tmp));
  const cur = stateOf(root.host(s.path));
  const b = s.before;
  if ('symlink' in b) {
    if (!(cur.type === 'symlink' && cur.target === b.symlink)) symlinkAtomic(root.host(s.path), root.host(s.tmp), b.symlink);
  } else if (b.exists) {
    if (!(cur.type === 'file' && cur.sha256 === b.sha256)) restoreBytes(root, s.path, s.tmp, b);
  } else if (cur.type === 'symlink' && cur.target === s.target) {
    unlinkIfPresent(root.host(s.path));
  }
}

// What a journal may ask revert to run (defence in depth: the journal is root's own file).
const UNDO_PROGRAMS = /^\/(usr\/)?s?bin\/(update-grub|grubby|kernelstub|gpasswd|chrt|systemctl|udevadm)$/;

function run(env: UndoEnv, argv: string[]): void {
  if (!UNDO_PROGRAMS.test(argv[0] ?? '')) throw new Error(`refusing to run ${argv[0] ?? '(nothing)'} while undoing`);
  const r = env.runner(argv);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.status ?? 'none'}): ${r.stderr.trim().split('\n').pop() ?? ''}`);
}

/** Threads serving a journaled thread's controller with the same handler, in a fresh snapshot. */
type Finder = (s: Extract<Step, { kind: 'thread' }>) => IrqThread[];

/**
 * A handler's name without what each boot numbers afresh: `uhci_hcd:usb2` → `uhci_hcd`,
 * `snd_hda_intel:card1` → `snd_hda_intel`. USB bus numbers and ALSA card indexes follow
 * probe order, which changes between boots (the VM suite saw the EHCI and UHCI #1 swap
 * usb1 and usb2 across a cold reboot); threadServes() holds the number to the
 * controller as it is now.
 */
export function handlerOf(action: string | null): string | null {
  return action === null ? null : action.replace(/:(?:usb|card)\d+$/, '');
}

function finder(root: Root): Finder {
  let snap: ReturnType<typeof readSnapshot> | null = null;
  return (s) => {
    if (s.controller === null) return [];
    snap ??= readSnapshot(root.isLive ? new LiveSource() : new DirSource(root.dir));
    const c = controllerIdentity(snap, s.controller);
    if (!c) return [];
    const handler = handlerOf(s.action);
    return (snap.threads?.irq ?? []).filter((t) => threadServes(t, c) && handlerOf(t.action) === handler && t.kernelThread === true);
  };
}

function undoThread(env: UndoEnv, s: Extract<Step, { kind: 'thread' }>, sameBoot: boolean, find: Finder): void {
  if (!env.live || !s.performed) return;
  const chrt = findProgram(env.root, 'chrt');
  if (!chrt) throw new Error('chrt is not installed');
  const now = sameBoot ? readThread(env.root, s.pid) : null;
  const pids = now && now.comm === s.comm && now.ppid === 2 ? [s.pid] : find(s).map((t) => t.pid);
  for (const pid of pids) {
    const t = readThread(env.root, pid);
    if (!t || (t.policy === s.before.policy && t.priority === s.before.priority)) continue;
    const argv = chrtArgv(chrt, pid, s.before.policy, s.before.priority);
    if (argv) run(env, argv);
  }
}

function undoLive(env: UndoEnv, s: Extract<Step, { kind: 'sysfs' | 'perm' }>): void {
  if (!env.live || !s.performed) return;
  checkLive(s.path);
  const host = env.root.host(s.path);
  const st = lstatOrNull(host);
  // A device unplugged since (power/control) has nothing left to restore.
  if (st === null) return;
  if (s.kind === 'sysfs') {
    if (fs.readFileSync(host, 'utf8').trim() !== s.before) writeValue(host, `${s.before}\n`);
    return;
  }
  if (st.isSymbolicLink() || !st.isCharacterDevice()) throw new Error(`${s.path} is no longer a device node`);
  fs.chownSync(host, s.before.uid, s.before.gid);
  fs.chmodSync(host, s.before.mode);
}

/** Undo one step; problems are returned, never thrown, so the other steps still get undone. */
export function undoStep(env: UndoEnv, s: Step, post: Post, sameBoot: boolean, find: Finder): string | null {
  try {
    if (s.kind === 'file') undoFile(env, s, post);
    else if (s.kind === 'symlink') undoSymlink(env, s);
    else if (s.kind === 'dir') {
      if (!allowed(s.path, 'dir')) throw new Error('not a directory the helper creates');
      if (!rmdirIfEmpty(env.root.host(s.path))) return `${s.path} holds files that are not ours: left in place`;
    } else if (s.kind === 'thread') undoThread(env, s, sameBoot, find);
    else if (s.kind === 'sysfs' || s.kind === 'perm') undoLive(env, s);
    else if (s.kind === 'command') {
      if (env.live && s.performed && s.undo) run(env, s.undo);
    } else if (s.kind === 'service') {
      const systemctl = findProgram(env.root, 'systemctl');
      if (env.live && s.performed && s.wasActive && systemctl) pushPost(post, [systemctl, 'start', s.unit]);
    }
    return null;
  } catch (e) {
    return `${describe(s)}: ${(e as Error).message}`;
  }
}

/** A step in a few words. */
export function describe(s: Step): string {
  if (s.kind === 'thread') return `thread ${s.comm} (pid ${s.pid})`;
  if (s.kind === 'command') return s.argv.join(' ');
  if (s.kind === 'service') return s.unit;
  return s.path;
}

/** Undo every step of a journal, newest first, then run the post commands; returns the problems. */
export function undoAll(env: UndoEnv, j: Journal, onStep: (what: string) => void): string[] {
  const problems: string[] = [];
  const post: Post = [];
  const sameBoot = bootIdOf(env.root) === j.bootId;
  const find = finder(env.root);
  const touched = { units: false, rules: false };
  for (const s of [...j.steps].reverse()) {
    onStep(`undo ${describe(s)}`);
    const p = undoStep(env, s, post, sameBoot, find);
    if (p) problems.push(p);
    if ((s.kind === 'file' || s.kind === 'symlink') && s.path.startsWith('/etc/systemd/system/')) touched.units = true;
    if (s.kind === 'file' && s.path.startsWith('/etc/udev/rules.d/')) touched.rules = true;
  }
  if (env.live) {
    const systemctl = findProgram(env.root, 'systemctl');
    const udevadm = findProgram(env.root, 'udevadm');
    const first: Post = [];
    if (touched.units && systemctl) first.push([systemctl, 'daemon-reload']);
    if (touched.rules && udevadm) first.push([udevadm, 'control', '--reload']);
    for (const argv of [...first, ...post]) {
      onStep(`run ${argv.join(' ')}`);
      try {
        run(env, argv);
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
  }
  return problems;
}
