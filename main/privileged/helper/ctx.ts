// The journaling primitives every fix is written with. In 'plan' mode they only
// check (allow-list, symlinks, types) and describe; in 'apply' mode each records
// its step in the journal (with a backup of any file it replaces) BEFORE doing
// it, then does it and re-reads it. Live effects (commands, sysfs, threads) are
// performed only when `live`; under --root they are recorded, not performed.
import fs from 'node:fs';
import path from 'node:path';
import { backupPath, BACKUP_DIR, writeJournal, type Drift, type FileBefore, type Journal, type Step } from './journal.js';
import { lstatOrNull, mkdirExact, readNoFollow, sha256, stateOf, symlinkAtomic, writeAtomic, writeValue } from './fsops.js';
import { allowed, checkLive, checkPath, Refused, TMP_SUFFIX, type Root } from './paths.js';
import type { Progress } from './progress.js';
import { findProgram, type Runner } from './system.js';
import { TreeReader } from './tree.js';

/** Options of a file write. */
export interface WriteOptions {
  mode: number;
  /** Keep the existing file's owner and mode (a shared system file such as /etc/group). */
  keepOwner?: boolean;
  drift?: Drift;
}

/** Where the primitives act. */
export interface CtxInit {
  root: Root;
  live: boolean;
  runner: Runner;
  progress: Progress;
  /** The journal to record into; null in plan mode. */
  journal: Journal | null;
}

/** The primitives, bound to one run. */
export class Ctx extends TreeReader {
  readonly live: boolean;
  readonly runner: Runner;
  readonly progress: Progress;
  readonly journal: Journal | null;
  /** What plan mode would do, one line per primitive. */
  readonly described: string[] = [];
  /** Progress steps begun (plan mode counts them for `of`). */
  steps = 0;
  readonly notes: string[] = [];

  constructor(init: CtxInit) {
    super(init.root);
    this.live = init.live;
    this.runner = init.runner;
    this.progress = init.progress;
    this.journal = init.journal;
  }

  /** True in plan mode: check and describe only. */
  get planning(): boolean {
    return this.journal === null;
  }

  /** Start a progress step. */
  begin(what: string): void {
    this.steps++;
    if (!this.planning) this.progress.next(what);
  }

  /** Something the user should know. */
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Absolute path of a program; live mode refuses when it is missing, --root records the bare name. */
  program(name: string): string {
    const found = findProgram(this.root, name);
    if (found) return found;
    if (this.live) throw new Refused(`${name} is not installed`);
    return name;
  }

  private record(step: Step): Step {
    const j = this.journal as Journal;
    j.steps.push(step);
    writeJournal(this.root, j);
    this.progress.checkpoint();
    return step;
  }

  /** Persist changes made to recorded steps. */
  update(): void {
    writeJournal(this.root, this.journal as Journal);
    this.progress.checkpoint();
  }

  /** Ensure directory `p` exists, creating it (journaled) and missing allowed parents. */
  mkdir(p: string): void {
    const st = lstatOrNull(this.root.host(p));
    if (st !== null) {
      if (allowed(p, 'dir')) checkPath(this.root, p, 'dir');
      else if (st.isSymbolicLink() || !st.isDirectory()) throw new Refused(`refusing ${p}: not a directory`);
      return;
    }
    const parent = path.posix.dirname(p);
    if (!allowed(p, 'dir')) throw new Refused(`${p} does not exist on this system (the helper creates only its own directories)`);
    this.mkdir(parent);
    checkPath(this.root, p, 'dir');
    if (this.planning) {
      this.described.push(`create directory ${p}`);
      return;
    }
    this.record({ kind: 'dir', path: p, mode: 0o755 });
    mkdirExact(this.root.host(p), 0o755);
    this.progress.checkpoint();
  }

  private ensureParent(p: string): void {
    const parent = path.posix.dirname(p);
    if (allowed(parent, 'dir')) this.mkdir(parent);
    else if (lstatOrNull(this.root.host(parent)) === null) throw new Refused(`refusing ${p}: ${parent} does not exist`);
  }

  /** Back up the file at `p` as the next step's `before` (writes backup/<n>). */
  private capture(p: string): FileBefore {
    const host = this.root.host(p);
    const st = lstatOrNull(host);
    if (st === null) return { exists: false };
    if (!st.isFile()) throw new Refused(`refusing ${p}: not a regular file`);
    const data = readNoFollow(host) ?? Buffer.alloc(0);
    const n = (this.journal as Journal).steps.length;
    const dir = this.root.host(BACKUP_DIR);
    if (lstatOrNull(dir) === null) mkdirExact(dir, 0o700);
    const b = this.root.host(backupPath(n));
    writeAtomic(b, b + TMP_SUFFIX, data, { mode: 0o600, uid: 0, gid: 0 });
    this.progress.checkpoint();
    return { exists: true, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, sha256: sha256(data), backup: backupPath(n) };
  }

  /** Write a file atomically (journaled with a backup of what it replaces). */
  writeFile(p: string, content: string, opts: WriteOptions): void {
    checkPath(this.root, p, 'file');
    this.ensureParent(p);
    const host = this.root.host(p);
    if (this.planning) {
      const cur = stateOf(host);
      this.described.push(`${cur.type === 'absent' ? 'create' : 'update'} ${p}`);
      return;
    }
    const before = this.capture(p);
    const own = opts.keepOwner && before.exists ? { mode: before.mode, uid: before.uid, gid: before.gid } : { mode: opts.mode, uid: 0, gid: 0 };
    const step = this.record({ kind: 'file', path: p, tmp: p + TMP_SUFFIX, before, after: null, ...(opts.drift ? { drift: opts.drift } : {}) });
    writeAtomic(host, host + TMP_SUFFIX, content, own, () => this.progress.checkpoint());
    const now = stateOf(host);
    if (now.type !== 'file' || now.sha256 !== sha256(content)) throw new Error(`${p} does not hold what was written`);
    if (step.kind === 'file') step.after = { sha256: now.sha256, mode: now.mode };
    this.update();
  }

  /** Journal a backup of `p` before a command changes it; settle() records the result. */
  backup(p: string, drift?: Drift): Step | null {
    checkPath(this.root, p, 'file');
    if (this.planning) {
      this.described.push(`back up ${p}`);
      return null;
    }
    const before = this.capture(p);
    return this.record({ kind: 'file', path: p, tmp: p + TMP_SUFFIX, before, after: null, ...(drift ? { drift } : {}) });
  }

  /** Record what backed-up files hold after a command. */
  settle(steps: (Step | null)[]): void {
    for (const s of steps) {
      if (s?.kind !== 'file') continue;
      const now = stateOf(this.root.host(s.path));
      s.after = now.type === 'file' ? { sha256: now.sha256, mode: now.mode } : null;
    }
    if (steps.some((s) => s !== null)) this.update();
  }

  /** Make `p` a symlink to `target` (journaled; a file there is backed up first). */
  symlink(p: string, target: string): void {
    checkPath(this.root, p, 'symlink');
    this.ensureParent(p);
    const host = this.root.host(p);
    const cur = stateOf(host);
    if (cur.type === 'symlink' && cur.target === target) return;
    if (this.planning) {
      this.described.push(`link ${p} → ${target}`);
      return;
    }
    const before = cur.type === 'symlink' ? { exists: true as const, symlink: cur.target } : this.capture(p);
    this.record({ kind: 'symlink', path: p, tmp: p + TMP_SUFFIX, target, before });
    symlinkAtomic(host, host + TMP_SUFFIX, target);
    if (fs.readlinkSync(host) !== target) throw new Error(`${p} does not point to ${target}`);
    this.progress.checkpoint();
  }

  /** Run (live) or record (--root) a fixed command; files it changes are backed up first. */
  command(argv: string[], opts: { changes?: string[]; drift?: Record<string, Drift>; undo?: string[]; okStatus?: number[] } = {}): string {
    if (this.planning) {
      for (const c of opts.changes ?? []) this.backup(c);
      this.described.push(`${this.live ? 'run' : 'record (not run under --root)'}: ${argv.join(' ')}`);
      return '';
    }
    const backups = (opts.changes ?? []).map((c) => this.backup(c, opts.drift?.[c]));
    this.record({ kind: 'command', argv, performed: this.live, ...(opts.undo ? { undo: opts.undo } : {}) });
    let stdout = '';
    if (this.live) {
      const r = this.runner(argv);
      if (r.status === null || !(opts.okStatus ?? [0]).includes(r.status)) {
        const why = r.stderr.trim().split('\n').pop() ?? '';
        throw new Error(`${argv.join(' ')} failed (exit ${r.status ?? 'none'})${why ? `: ${why}` : ''}`);
      }
      stdout = r.stdout;
    }
    this.progress.checkpoint();
    this.settle(backups);
    return stdout;
  }

  /** Write a live value (sysfs/procfs), journaling the previous one; recorded only under --root. */
  sysfs(p: string, value: string): void {
    checkLive(p);
    const host = this.root.host(p);
    const text = this.live ? this.readLiveValue(host) : this.readThroughLinks(p);
    if (text === null) {
      if (this.live) throw new Error(`cannot read ${p}`);
      return;
    }
    let before = text.trim();
    // scaling_governor and power/control print one word; keep only that.
    before = before.split('\n')[0] ?? '';
    if (this.planning) {
      this.described.push(`${this.live ? 'set' : 'record'} ${p}: ${before} → ${value}`);
      return;
    }
    this.record({ kind: 'sysfs', path: p, before, value, performed: this.live });
    if (this.live) {
      // As `echo value > file` does: sysfs and procfs stores accept the newline.
      writeValue(host, `${value}\n`);
      const now = fs.readFileSync(host, 'utf8').trim();
      if (now !== value) throw new Error(`${p} reads ${JSON.stringify(now)} after writing ${value}`);
    }
    this.progress.checkpoint();
  }

  private readLiveValue(host: string): string | null {
    try {
      return fs.readFileSync(host, 'utf8');
    } catch {
      return null;
    }
  }

  /** Give a device node a group and mode (live), journaling the previous ones. */
  perm(p: string, after: { mode: number; gid: number }): void {
    checkLive(p);
    const host = this.root.host(p);
    const st = lstatOrNull(host);
    if (st === null || st.isSymbolicLink() || !st.isCharacterDevice()) {
      if (this.live) this.note(`${p} is not present: the udev rule applies when it appears`);
      return;
    }
    const before = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
    if (this.planning) {
      this.described.push(`${this.live ? 'set' : 'record'} ${p}: group ${after.gid}, mode ${after.mode.toString(8)}`);
      return;
    }
    this.record({ kind: 'perm', path: p, before, after, performed: this.live });
    if (this.live) {
      fs.chownSync(host, before.uid, after.gid);
      fs.chmodSync(host, after.mode);
    }
    this.progress.checkpoint();
  }

  /** Record a step built elsewhere (threads, services). */
  recordStep(step: Step): Step | null {
    if (this.planning) return null;
    return this.record(step);
  }
}
