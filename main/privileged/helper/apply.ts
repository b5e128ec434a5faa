// `apply`: plan (check everything, change nothing), lock, journal, do each fix,
// verify, and roll back on any failure. Applying the same plan twice is a no-op.
import type { Plan } from '../../common/plan.js';
import { applyKernelParams } from './bootloader.js';
import { Ctx } from './ctx.js';
import { applyCpuDmaLatency, applyDisableServices, applyGovernorLive, applyRtLimits, applySysctls, applyUsbAutosuspend } from './fixes.js';
import { stateOf } from './fsops.js';
import { applyAudioGroup } from './group.js';
import { applyThreads, checkRtirq, installIrq, needsApplier, reload } from './irq.js';
import { BACKUP_DIR, JOURNAL_FORMAT, JOURNAL_PATH, readJournal, writeJournal, type Journal } from './journal.js';
import { acquireLock, LOCK_PATH } from './lock.js';
import { checkPath, Refused, RUN_DIR, STATE_DIR, type Root } from './paths.js';
import { PROGRESS_PATH, type Progress } from './progress.js';
import { removeState, revertJournal } from './revert.js';
import { bootIdOf, type Runner } from './system.js';
import { undoAll } from './undo.js';

/** Where and how the helper runs. */
export interface HelperRun {
  root: Root;
  /** Perform live effects (false under --root). */
  live: boolean;
  runner: Runner;
  progress: Progress;
  user: string | null;
}

/** The outcome of apply (the `result` line). */
export type ApplyOutcome =
  | { code: 0; already?: boolean; dryRun?: boolean; steps: number; checkpoints: number; described?: string[]; notes: string[]; needs: Journal['needs'] }
  | { code: 2 | 5 | 6; error: string; notes: string[]; problems?: string[] };

/** Run every fix of the plan through `ctx`, in a fixed order. */
export function runFixes(ctx: Ctx, plan: Plan, user: string | null): void {
  // The helper's own directories: real directories when present (a planted link is refused up front).
  for (const d of [STATE_DIR, BACKUP_DIR, RUN_DIR]) checkPath(ctx.root, d, 'dir');
  for (const f of [JOURNAL_PATH, LOCK_PATH, PROGRESS_PATH]) checkPath(ctx.root, f, 'file');
  checkRtirq(ctx, plan);
  const of = <A extends Plan['fixes'][number]['action']>(a: A) => plan.fixes.filter((f): f is Extract<Plan['fixes'][number], { action: A }> => f.action === a);
  applyDisableServices(ctx, of('disable-service'));
  for (const f of of('rt-limits')) applyRtLimits(ctx, f);
  for (const f of of('audio-group')) applyAudioGroup(ctx, f.group, user);
  applySysctls(ctx, of('sysctl'));
  applyUsbAutosuspend(ctx, of('usb-autosuspend'));
  for (const f of of('cpu-dma-latency')) applyCpuDmaLatency(ctx, f);
  for (const f of of('kernel-params')) applyKernelParams(ctx, f.add);
  const irq = needsApplier(plan);
  if (irq) installIrq(ctx, plan);
  const rules = irq || of('usb-autosuspend').length > 0 || of('cpu-dma-latency').length > 0;
  reload(ctx, irq || of('disable-service').length > 0, rules);
  for (const f of of('cpu-governor')) {
    ctx.begin(`CPU governor ${f.governor}`);
    applyGovernorLive(ctx, f);
  }
  applyThreads(ctx, plan);
}

/** Needs of a plan's fixes (reboot for kernel parameters, re-login for group and limits). */
export function needsOf(plan: Plan): Journal['needs'] {
  const needs = new Set<'reboot' | 'relogin'>();
  for (const f of plan.fixes) {
    if (f.action === 'kernel-params') needs.add('reboot');
    if (f.action === 'audio-group' || f.action === 'rt-limits') needs.add('relogin');
  }
  return [...needs];
}

/** The plan in planning mode: every check, nothing changed. Throws Refused. */
export function planOnly(h: HelperRun, plan: Plan): Ctx {
  const ctx = new Ctx({ root: h.root, live: h.live, runner: h.runner, progress: h.progress, journal: null });
  runFixes(ctx, plan, h.user);
  return ctx;
}

function samePlan(a: Plan, b: Plan): boolean {
  const strip = (p: Plan) => JSON.stringify({ ...p, createdAt: '' });
  return strip(a) === strip(b);
}

/** Does the tree still hold everything the journal wrote? */
export function intact(root: Root, j: Journal): boolean {
  return j.steps.every((s) => {
    if (s.kind === 'file') {
      const cur = stateOf(root.host(s.path));
      return s.after === null ? cur.type === 'absent' : cur.type === 'file' && cur.sha256 === s.after.sha256;
    }
    if (s.kind === 'symlink') {
      const cur = stateOf(root.host(s.path));
      return cur.type === 'symlink' && cur.target === s.target;
    }
    return true;
  });
}

/** apply: the caller has validated the plan and resolved the user. */
export function applyPlan(h: HelperRun, plan: Plan, dryRun: boolean): ApplyOutcome {
  let planned: Ctx;
  try {
    planned = planOnly(h, plan);
  } catch (e) {
    if (e instanceof Refused) return { code: 2, error: e.message, notes: [] };
    throw e;
  }
  if (dryRun) {
    return { code: 0, dryRun: true, steps: planned.steps, checkpoints: 0, described: planned.described, notes: planned.notes, needs: needsOf(plan) };
  }
  const lock = acquireLock(h.root);
  let released = false;
  const release = () => {
    if (!released) lock.release();
    released = true;
  };
  try {
    const old = readJournal(h.root);
    if (old && old.state === 'applied' && samePlan(old.plan, plan) && intact(h.root, old)) {
      release();
      return { code: 0, already: true, steps: 0, checkpoints: 0, notes: ['this plan is already applied'], needs: old.needs };
    }
    const notes: string[] = [];
    if (old) {
      const r = revertJournal(h.root, h.live, h.runner, h.progress, old);
      if (r.problems.length > 0) return { code: 6, error: 'the plan applied before could not be fully reverted', notes: r.notes, problems: r.problems };
      notes.push('the plan applied before was reverted first');
      // The revert removed the state directory and with it our lock: take it again.
      return applyAgain(h, plan, notes);
    }
    try {
      planned = planOnly(h, plan);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      release();
      if (lock.createdStateDir) removeState(h.root);
      return { code: 2, error: e.message, notes };
    }
    return execute(h, plan, planned.steps, notes, release);
  } finally {
    release();
  }
}

function applyAgain(h: HelperRun, plan: Plan, notes: string[]): ApplyOutcome {
  const r = applyPlan(h, plan, false);
  return { ...r, notes: [...notes, ...r.notes] };
}

function execute(h: HelperRun, plan: Plan, total: number, notes: string[], release: () => void): ApplyOutcome {
  const journal: Journal = {
    format: JOURNAL_FORMAT,
    version: 1,
    state: 'applying',
    live: h.live,
    bootId: bootIdOf(h.root),
    createdAt: new Date().toISOString(),
    plan,
    user: h.user,
    steps: [],
    notes: [],
    needs: needsOf(plan),
  };
  writeJournal(h.root, journal);
  h.progress.checkpoint();
  h.progress.total = total + 1;
  const ctx = new Ctx({ root: h.root, live: h.live, runner: h.runner, progress: h.progress, journal });
  try {
    runFixes(ctx, plan, h.user);
    h.progress.next('verify');
    if (!intact(h.root, journal)) throw new Error('a file does not hold what was written');
    journal.state = 'applied';
    journal.notes = [...notes, ...ctx.notes];
    writeJournal(h.root, journal);
    h.progress.checkpoint();
    return { code: 0, steps: journal.steps.length, checkpoints: h.progress.checkpoints, notes: journal.notes, needs: journal.needs };
  } catch (e) {
    const error = (e as Error).message;
    journal.state = 'failed';
    journal.notes = [`apply failed: ${error}`];
    writeJournal(h.root, journal);
    const problems = undoAll({ root: h.root, live: h.live, runner: h.runner }, journal, (what) => h.progress.next(`roll back: ${what}`));
    if (problems.length > 0) {
      journal.notes.push(...problems.map((p) => `not undone: ${p}`));
      writeJournal(h.root, journal);
      return { code: 6, error: `apply failed (${error}) and the rollback is incomplete`, notes: journal.notes, problems };
    }
    h.progress.stopMirror();
    release();
    removeState(h.root);
    return { code: 5, error: `apply failed and was rolled back: ${error}`, notes: [] };
  }
}
