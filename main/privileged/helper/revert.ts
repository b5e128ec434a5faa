// `revert`: undo the journal newest-first, then remove the state directories.
// Idempotent; works after a SIGKILL at any point of apply or revert, and after
// a reboot (threads are then found by controller + action).
import { stateOf, removeTree, unlinkIfPresent, writeAtomic } from './fsops.js';
import { APPLIER, IRQ_CONF } from './irq.js';
import { HEADER } from './fixes.js';
import { JOURNAL_PATH, readJournal, writeJournal, type Journal } from './journal.js';
import { checkPath, RUN_DIR, STATE_DIR, TMP_SUFFIX, type Root } from './paths.js';
import type { Progress } from './progress.js';
import { findProgram, type Runner } from './system.js';
import { undoAll } from './undo.js';

/** What revert reports. */
export interface RevertOutcome {
  /** Nothing was applied (no journal). */
  nothing: boolean;
  problems: string[];
  notes: string[];
}

/** Remove the helper's state (run dir, journal, state dir): the tree is as it was before apply. */
export function removeState(root: Root): void {
  checkPath(root, RUN_DIR, 'dir');
  removeTree(root.host(RUN_DIR));
  checkPath(root, STATE_DIR, 'dir');
  // The journal goes first: a crash after it leaves only leftovers the next revert removes.
  unlinkIfPresent(root.host(JOURNAL_PATH));
  removeTree(root.host(STATE_DIR));
}

// Live: with an irq.conf naming no target, the applier restores every thread
// it changed this boot (its irq.state), including any it moved to on hotplug.
function neutralize(root: Root, runner: Runner, j: Journal, notes: string[]): void {
  const ours = j.steps.some((s) => s.kind === 'file' && s.path === IRQ_CONF);
  if (!ours || stateOf(root.host(APPLIER)).type !== 'file' || stateOf(root.host(IRQ_CONF)).type !== 'file') return;
  try {
    checkPath(root, IRQ_CONF, 'file');
    const host = root.host(IRQ_CONF);
    writeAtomic(host, host + TMP_SUFFIX, `${HEADER}# reverting: no targets\n`, { mode: 0o644, uid: 0, gid: 0 });
    // No unit may run the applier behind our back while we undo (a hotplug restarts the re-apply unit).
    const systemctl = findProgram(root, 'systemctl');
    if (systemctl) runner([systemctl, 'stop', 'studio-setup-irq-resume.service', 'studio-setup-irq.service']);
    const r = runner([APPLIER, '--apply', '--quiet']);
    if (r.status !== 0) notes.push(`the applier could not restore its threads (exit ${r.status ?? 'none'}); the journal's threads are restored instead`);
  } catch (e) {
    notes.push(`the applier could not restore its threads: ${(e as Error).message}`);
  }
}

/** Undo the journal (if any) and remove the state; the caller holds the lock. */
export function revertJournal(root: Root, live: boolean, runner: Runner, progress: Progress, j: Journal | null = readJournal(root)): RevertOutcome {
  const notes: string[] = [];
  if (j === null) {
    removeState(root);
    return { nothing: true, problems: [], notes };
  }
  const performLive = live && j.live;
  progress.total = j.steps.length + 2;
  progress.next('prepare the revert');
  if (j.state !== 'reverting') {
    j.state = 'reverting';
    writeJournal(root, j);
    progress.checkpoint();
  }
  if (performLive) neutralize(root, runner, j, notes);
  const problems = undoAll({ root, live: performLive, runner }, j, (what) => {
    progress.next(what);
    progress.checkpoint();
  });
  if (problems.length > 0) {
    j.notes = [...problems.map((p) => `not undone: ${p}`)];
    writeJournal(root, j);
    return { nothing: false, problems, notes };
  }
  progress.next('remove the helper state');
  progress.stopMirror();
  removeState(root);
  return { nothing: false, problems, notes };
}
