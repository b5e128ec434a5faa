// The contract's apply, revert and status: on this computer (the helper, one
// password prompt), in a rehearsal folder (a bundle: the demo), or refused (a
// report is read-only). One change at a time; the answer carries the re-probe.
import type { StudioApi, StudioEvent } from '../common/contract.js';
import type { Plan } from '../common/plan.js';
import type { ApplyResponse, ApplyStatus, ApplyTarget, HelperStep } from '../common/wizard.js';
import type { ReportExtras } from './sources.js';
import type { Rehearsal } from './rehearsal.js';
import { needsOf, strings, type SystemApply } from './system.js';
import type { Source } from '../probe/source.js';

/** What apply needs from the rest of the services. */
export interface ApplyContext {
  target(): ApplyTarget;
  source(): Source;
  report(): ReportExtras | null;
  emit(e: StudioEvent): void;
  system: SystemApply;
  rehearsal: Rehearsal;
}

const EXIT_WORDS: Record<number, string> = {
  2: 'Nothing was changed',
  4: 'Another Studio Setup change is in progress; try again when it has finished.',
  5: 'Applying failed and every change was undone',
  6: 'Undoing is incomplete: run Revert again',
};

/** The read-only status of a report: what it says was applied there. */
function reportStatus(extras: ReportExtras | null): ApplyStatus {
  const a = extras?.applied ?? null;
  return {
    target: 'none',
    applied: a?.applied ?? false,
    state: a?.state ?? null,
    since: a?.createdAt ?? null,
    plan: a?.plan ?? null,
    files: a?.files ?? null,
    threads: a?.threads ?? null,
    threadsChanged: true,
    unresolved: a?.unresolved ?? [],
    rebootPending: a?.rebootPending ?? [],
    notes: a?.notes ?? [],
    needs: [],
    folder: null,
  };
}

/** apply, revert and status over the current source. */
export function applyServices(ctx: ApplyContext): Pick<StudioApi, 'apply' | 'revert' | 'status'> {
  let busy = false;
  const status = async (): Promise<ApplyStatus> => {
    const t = ctx.target();
    if (t === 'system') return ctx.system.status();
    if (t === 'rehearsal') return ctx.rehearsal.status();
    return reportStatus(ctx.report());
  };
  const once = async (task: 'apply' | 'revert', work: (onStep: (s: HelperStep) => void) => Promise<Omit<ApplyResponse, 'status'>>): Promise<ApplyResponse> => {
    if (ctx.target() === 'none') throw new Error('This is a report from another machine: it is read-only, nothing can be applied or reverted here.');
    if (busy) throw new Error('Another change is running; wait for it to finish.');
    busy = true;
    try {
      const r = await work((s) => ctx.emit({ type: 'progress', task, ...s }));
      return { ...r, status: await status() };
    } finally {
      busy = false;
    }
  };
  const rehearse = async (args: { plan?: Plan }, onStep: (s: HelperStep) => void): Promise<Omit<ApplyResponse, 'status'>> => {
    const task = args.plan ? 'apply' : 'revert';
    const r = args.plan ? await ctx.rehearsal.apply(args.plan, ctx.source(), onStep) : await ctx.rehearsal.run(['revert'], onStep);
    const res = r.result ?? {};
    const ok = r.code === 0 && res.ok === true;
    const error = typeof res.error === 'string' ? res.error : r.code === null ? 'the helper did not run' : `the helper stopped (exit ${r.code})`;
    const head = r.code !== null ? EXIT_WORDS[r.code] : undefined;
    const message = ok
      ? task === 'apply'
        ? res.already === true
          ? 'This plan was already applied in the rehearsal folder; nothing changed.'
          : `Rehearsed: ${r.steps.length} steps done and checked in a throw-away folder. Nothing on this computer changed.`
        : res.nothing === true
          ? 'Nothing was applied; nothing to undo.'
          : 'Reverted: the rehearsal folder is as it was before Apply.'
      : head && r.code !== 4
        ? `${head}: ${error}`
        : (head ?? error);
    return { ok, message, steps: r.steps, notes: strings(res.notes), needs: needsOf(res.needs) };
  };
  return {
    apply: (plan) => once('apply', (onStep) => (ctx.target() === 'system' ? ctx.system.apply(plan, onStep) : rehearse({ plan }, onStep))),
    revert: () => once('revert', (onStep) => (ctx.target() === 'system' ? ctx.system.revert(onStep) : rehearse({}, onStep))),
    status,
  };
}
