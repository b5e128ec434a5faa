// The preview: a plan resolved against the current snapshot — every thread it
// would touch, today's policy/priority → the planned one, and what will not
// resolve (and why).
import type { Plan, Role } from './plan.js';
import { resolveTarget } from './resolve.js';
import type { Policy, Snapshot } from './types.js';

/** One thread the plan changes (or already has right). */
export interface PreviewRow {
  role: Role;
  reason: string;
  controller: string;
  irq: number | null;
  pid: number;
  comm: string;
  now: { policy: Policy; priority: number };
  planned: { policy: 'FIFO'; priority: number };
  change: boolean;
}

/** What a plan would do on this snapshot. */
export interface Preview {
  rows: PreviewRow[];
  /** Targets that resolve to no thread, with the reason. */
  unresolved: { role: Role; reason: string; problems: string[] }[];
  /** Needs of the fixes: a reboot for kernel parameters, a re-login for group changes. */
  needs: ('reboot' | 'relogin')[];
}

/** Resolve a plan against a snapshot. */
export function previewPlan(plan: Plan, s: Snapshot): Preview {
  const rows: PreviewRow[] = [];
  const unresolved: Preview['unresolved'] = [];
  const seen = new Set<number>();
  for (const target of plan.targets) {
    const r = resolveTarget(target, s);
    if (r.threads.length === 0) {
      unresolved.push({ role: target.role, reason: target.reason, problems: r.problems });
      continue;
    }
    for (const t of r.threads) {
      // A thread serving two targets keeps the first (higher) priority, as the applier does.
      if (seen.has(t.pid)) continue;
      seen.add(t.pid);
      rows.push({
        role: target.role,
        reason: target.reason,
        controller: r.controller?.address ?? '?',
        irq: t.irq,
        pid: t.pid,
        comm: t.comm,
        now: { policy: t.policy, priority: t.priority },
        planned: { policy: 'FIFO', priority: target.priority },
        change: t.policy !== 'FIFO' || t.priority !== target.priority,
      });
    }
  }
  const needs = new Set<'reboot' | 'relogin'>();
  for (const f of plan.fixes) {
    if (f.action === 'kernel-params') needs.add('reboot');
    if (f.action === 'audio-group' || f.action === 'rt-limits') needs.add('relogin');
  }
  return { rows, unresolved, needs: [...needs] };
}
