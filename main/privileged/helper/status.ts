// `status`: what is applied, whether each persisted file still holds what was
// written (sha256), and the live thread priorities against the plan.
import type { Plan } from '../../common/plan.js';
import { previewPlan } from '../../common/preview.js';
import { readSnapshot } from '../../probe/snapshot.js';
import { DirSource, LiveSource } from '../../probe/source.js';
import { lstatOrNull, readNoFollow, stateOf } from './fsops.js';
import { readJournal, type Journal, type JournalState } from './journal.js';
import type { Root } from './paths.js';

/** One persisted file or link. */
export interface FileStatus {
  path: string;
  /** ok: holds what was written; changed: someone changed it since; missing: gone. */
  state: 'ok' | 'changed' | 'missing';
}

/** One thread of the plan now. */
export interface ThreadStatus {
  pid: number;
  comm: string;
  controller: string;
  now: { policy: string; priority: number };
  planned: number;
  ok: boolean;
}

/** The status report. */
export interface StatusReport {
  applied: boolean;
  state: JournalState | null;
  createdAt: string | null;
  plan: Plan | null;
  files: FileStatus[];
  threads: ThreadStatus[] | null;
  /** Targets that resolve to no thread now, with why. */
  unresolved: string[];
  /** Kernel parameters planned but not on the running kernel's command line (a reboot is pending). */
  rebootPending: string[];
  notes: string[];
  needs: Journal['needs'];
}

function fileStatuses(root: Root, j: Journal): FileStatus[] {
  const out: FileStatus[] = [];
  for (const s of j.steps) {
    if (s.kind === 'file' && s.after) {
      const cur = stateOf(root.host(s.path));
      out.push({ path: s.path, state: cur.type === 'absent' ? 'missing' : cur.type === 'file' && cur.sha256 === s.after.sha256 ? 'ok' : 'changed' });
    } else if (s.kind === 'symlink') {
      const cur = stateOf(root.host(s.path));
      out.push({ path: s.path, state: cur.type === 'absent' ? 'missing' : cur.type === 'symlink' && cur.target === s.target ? 'ok' : 'changed' });
    }
  }
  return out;
}

/** Build the status of the tree. */
export function statusOf(root: Root): StatusReport {
  const j = readJournal(root);
  const empty: StatusReport = {
    applied: false,
    state: null,
    createdAt: null,
    plan: null,
    files: [],
    threads: null,
    unresolved: [],
    rebootPending: [],
    notes: [],
    needs: [],
  };
  if (j === null) return empty;
  const report: StatusReport = { ...empty, applied: j.state === 'applied', state: j.state, createdAt: j.createdAt, plan: j.plan, notes: j.notes, needs: j.needs };
  report.files = fileStatuses(root, j);
  const hasTree = root.isLive || (lstatOrNull(root.host('/proc')) !== null && lstatOrNull(root.host('/sys')) !== null);
  if (hasTree && j.plan.targets.length > 0) {
    const snap = readSnapshot(root.isLive ? new LiveSource() : new DirSource(root.dir));
    const p = previewPlan(j.plan, snap);
    report.threads = p.rows.map((r) => ({
      pid: r.pid,
      comm: r.comm,
      controller: r.controller,
      now: r.now,
      planned: r.planned.priority,
      ok: !r.change,
    }));
    report.unresolved = p.unresolved.map((u) => `${u.reason}: ${u.problems.join('; ')}`);
  }
  const cmdline = readNoFollow(root.host('/proc/cmdline'))?.toString('utf8') ?? null;
  if (cmdline !== null) {
    const words = cmdline.trim().split(/\s+/);
    for (const f of j.plan.fixes) if (f.action === 'kernel-params') report.rebootPending.push(...f.add.filter((a) => !words.includes(a)));
  }
  return report;
}

/** The status for people. */
export function formatStatus(r: StatusReport): string {
  if (r.state === null) return 'Nothing is applied.\n';
  const lines: string[] = [];
  lines.push(r.applied ? `Applied ${r.createdAt}.` : `State: ${r.state} (run revert to finish).`);
  const plan = r.plan;
  if (plan) {
    for (const t of plan.targets) lines.push(`  target ${t.kind === 'pci' ? t.controller : t.id} → FIFO ${t.priority} (${t.role})`);
    for (const f of plan.fixes) lines.push(`  fix ${f.action}${'key' in f ? ` ${f.key}=${f.value}` : 'unit' in f ? ` ${f.unit}` : 'id' in f ? ` ${f.id}` : 'add' in f ? ` ${f.add.join(' ')}` : ''}`);
  }
  const bad = r.files.filter((f) => f.state !== 'ok');
  lines.push(bad.length === 0 ? `Files: all ${r.files.length} as written.` : `Files changed since: ${bad.map((f) => `${f.path} (${f.state})`).join(', ')}`);
  if (r.threads) {
    lines.push('Threads:');
    for (const t of r.threads) lines.push(`  ${t.ok ? 'ok ' : 'OFF'} ${t.pid} ${t.comm} (${t.controller}): ${t.now.policy} ${t.now.priority}, planned FIFO ${t.planned}`);
  }
  for (const u of r.unresolved) lines.push(`  not resolved: ${u}`);
  if (r.rebootPending.length > 0) lines.push(`Reboot pending for: ${r.rebootPending.join(' ')}`);
  for (const n of r.notes) lines.push(`Note: ${n}`);
  return lines.join('\n') + '\n';
}
