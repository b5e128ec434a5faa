// The write-ahead journal (docs/privileged.md "State"): every step is recorded,
// with what undoes it, before it is performed; the file is replaced atomically.
import path from 'node:path';
import type { Plan } from '../../common/plan.js';
import type { Policy } from '../../common/types.js';
import { readNoFollow, writeAtomic } from './fsops.js';
import { checkPath, STATE_DIR, TMP_SUFFIX, type Root } from './paths.js';

/** Identifies a journal document. */
export const JOURNAL_FORMAT = 'studio-setup-journal';
/** Where the journal lives. */
export const JOURNAL_PATH = `${STATE_DIR}/journal.json`;
/** Where file backups live (`backup/<n>` holds the bytes from before step n). */
export const BACKUP_DIR = `${STATE_DIR}/backup`;

/** The lifecycle of an applied plan. */
export type JournalState = 'applying' | 'applied' | 'failed' | 'reverting';

/** A file's state before a step: absent, or its metadata and the backup holding its bytes. */
export type FileBefore = { exists: false } | { exists: true; mode: number; uid: number; gid: number; sha256: string; backup: string };

/**
 * How to undo a shared file that changed since we wrote it (restoring our
 * backup would throw those changes away): drop the member we added, drop the
 * tokens we added, or regenerate it with its tool once the inputs are restored.
 */
export type Drift =
  | { kind: 'group-member'; group: string; user: string; shadow: boolean }
  | { kind: 'tokens'; tokens: string[]; prefix: string }
  | { kind: 'regenerate'; argv: string[] };

/** One journaled step. `performed` is false for live effects recorded under --root. */
export type Step =
  | { kind: 'file'; path: string; tmp: string; before: FileBefore; after: { sha256: string; mode: number } | null; drift?: Drift }
  | { kind: 'dir'; path: string; mode: number }
  | { kind: 'symlink'; path: string; tmp: string; target: string; before: FileBefore | { exists: true; symlink: string } }
  | {
      kind: 'thread';
      pid: number;
      comm: string;
      irq: number | null;
      action: string | null;
      controller: string | null;
      before: { policy: Policy; priority: number };
      planned: number;
      performed: boolean;
    }
  | { kind: 'sysfs'; path: string; before: string; value: string; performed: boolean }
  | { kind: 'perm'; path: string; before: { mode: number; uid: number; gid: number }; after: { mode: number; gid: number }; performed: boolean }
  | { kind: 'command'; argv: string[]; performed: boolean; undo?: string[] }
  | { kind: 'service'; unit: string; wasActive: boolean; performed: boolean };

/** The journal document. */
export interface Journal {
  format: typeof JOURNAL_FORMAT;
  version: 1;
  state: JournalState;
  /** True when live effects were performed (not --root). */
  live: boolean;
  /** /proc/sys/kernel/random/boot_id at apply: after a reboot, threads are found by controller + action. */
  bootId: string | null;
  createdAt: string;
  plan: Plan;
  user: string | null;
  steps: Step[];
  /** What the user should know (reboot, re-login, unresolved targets). */
  notes: string[];
  /** Kernel/boot needs of what was applied. */
  needs: ('reboot' | 'relogin')[];
}

/** Read the journal; null when there is none. Throws when it exists but is unreadable. */
export function readJournal(root: Root): Journal | null {
  const data = readNoFollow(root.host(JOURNAL_PATH));
  if (data === null) return null;
  let j: unknown;
  try {
    j = JSON.parse(data.toString('utf8'));
  } catch {
    throw new Error(`${JOURNAL_PATH} is not JSON`);
  }
  const o = j as Partial<Journal> | null;
  if (!o || o.format !== JOURNAL_FORMAT || o.version !== 1 || !Array.isArray(o.steps) || typeof o.plan !== 'object') {
    throw new Error(`${JOURNAL_PATH} is not a studio-setup journal (version 1)`);
  }
  return o as Journal;
}

/** Write the journal atomically (tmp + fsync + rename + fsync dir). */
export function writeJournal(root: Root, j: Journal): void {
  checkPath(root, JOURNAL_PATH, 'file');
  const host = root.host(JOURNAL_PATH);
  writeAtomic(host, host + TMP_SUFFIX, JSON.stringify(j, null, 1) + '\n', { mode: 0o600, uid: 0, gid: 0 });
}

/** Logical path of the backup for step `n`. */
export function backupPath(n: number): string {
  return path.posix.join(BACKUP_DIR, String(n));
}
