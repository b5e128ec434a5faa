// The Markdown report's sections after the checks: audio paths, IRQ table, USB
// trees, plan and applied state, latency, warnings and the raw files.
import { cutRaw, md, MD_IRQ_LIMIT, mdFence, mdRich, mdTable } from './md-text.js';
import { REVERT_TEXT, type ReportModel } from './model.js';
import type { IrqRowView } from './tables.js';
import { asciiHistogram } from '../latency/text.js';
import { latencyText } from '../latency/verdict.js';
import { count, sched, when } from './words.js';

const KIND_WORDS = { device: 'Device', port: 'USB port', hub: 'Hub', controller: 'Controller', irq: 'Interrupt', thread: 'IRQ thread' } as const;

/** Audio paths: one line per path, then its chain as a table. */
export function pathSections(m: ReportModel): string[] {
  const out = ['## Audio paths', ''];
  if (m.paths.length === 0) return [...out, 'No sound card in this capture.'];
  for (const p of m.paths) {
    out.push(`### Card ${p.card}: ${md(p.name)} (${md(p.cardId)}, ${md(p.bus)})`, '');
    const rows = p.nodes.map((n) => [KIND_WORDS[n.kind], n.title, n.lines.join(', ')]);
    const shared = p.sharers === null ? 'unknown' : p.sharers.length ? p.sharers.join(', ') : 'nothing else: alone on its line';
    rows.push(['Shared with', shared, '']);
    if (p.idle.length) rows.push(['Idle vectors', p.idle.join(', '), 'allocated, not in use now']);
    out.push(mdTable(['Step', 'What', 'Details'], rows));
    if (p.unknown.length) out.push('', ...p.unknown.map((u) => `- Unknown: ${md(u)}`));
    out.push('');
  }
  return out;
}

function interesting(r: IrqRowView): boolean {
  return r.audio || r.sound || r.shared || r.after !== null;
}

/** The IRQ table; on a busy machine only the lines that matter for audio, with a count of the rest. */
export function irqSection(m: ReportModel, cuts: string[]): string[] {
  const out = ['## IRQ table', ''];
  if (m.irqRows.length === 0) return [...out, 'No interrupt data in this capture.'];
  const lines = new Set(m.irqRows.map((r) => r.irq));
  let rows = m.irqRows;
  if (lines.size > MD_IRQ_LIMIT) {
    const keep = new Set(rows.filter(interesting).map((r) => r.irq));
    rows = rows.filter((r) => keep.has(r.irq));
    cuts.push(`${lines.size - keep.size} of ${lines.size} IRQ lines with no sound, sharing or plan on them`);
    out.push(`Lines with sound, sharing or a planned change (${keep.size} of ${lines.size}):`, '');
  }
  const after = m.showAfter ? ['After'] : [];
  const header = ['IRQ', 'Thread', 'Now', ...after, 'Events', 'Handlers', 'Notes'];
  const body = rows.map((r) => {
    const notes = r.first ? [r.audio ? 'audio path' : '', r.sound && !r.audio ? 'sound' : '', r.shared ? 'SHARED' : '', r.kind].filter(Boolean).join(', ') : '';
    const afterCell = m.showAfter ? [r.after ? `${r.after} (${r.afterKind})` : ''] : [];
    return [r.first ? r.irq : '', r.thread ?? '-', r.now ?? '-', ...afterCell, r.first ? count(r.events) : '', r.first ? r.actions.join(', ') : '', notes];
  });
  out.push(mdTable(header, body));
  return out;
}

/** USB controllers with their devices as nested lists. */
export function usbSections(m: ReportModel): string[] {
  const out = ['## USB', ''];
  if (m.usb.length === 0) return [...out, 'No USB data in this capture.'];
  for (const c of m.usb) {
    const state = c.quiet === true ? 'quiet: nothing else on its interrupt lines' : c.quiet === false ? `shared with ${c.sharers.join(', ')}` : 'sharing unknown';
    out.push(`### ${md(c.title)}`, '', `${md(c.detail)}; ${md(state)}`, '');
    for (const b of c.buses) {
      out.push(`- Bus ${b.bus}${b.speed ? ` (${md(b.speed)})` : ''}`);
      if (b.rows.length === 0) out.push('  - (nothing plugged in)');
      for (const r of b.rows) {
        const tags = [r.hub ? 'hub' : '', r.audio ? '**audio**' : ''].filter(Boolean).join(', ');
        out.push(`${'  '.repeat(r.depth + 1)}- ${md(r.port)}: ${md(r.label)}${r.detail ? ` (${md(r.detail)})` : ''}${tags ? ` ${tags}` : ''}`);
      }
    }
    out.push('');
  }
  return out;
}

function planSection(m: ReportModel): string[] {
  const out: string[] = [];
  if (m.plan) {
    out.push('## Plan', '');
    if (m.plan.rows.length) {
      out.push(
        mdTable(
          ['Thread', 'IRQ', 'Role', 'Now', 'Planned', 'Why'],
          m.plan.rows.map((r) => [r.comm, r.irq === null ? '?' : String(r.irq), r.role, sched(r.now), sched(r.planned) + (r.change ? '' : ' (already)'), r.reason]),
        ),
      );
    } else out.push('No IRQ thread to change.');
    for (const u of m.plan.unresolved) out.push('', `- Not found (${md(u.role)}): ${md(u.reason)}: ${md(u.problems.join('; '))}`);
    if (m.plan.fixes.length) out.push('', 'System changes:', '', ...m.plan.fixes.map((f) => `- ${md(f)}`));
    if (m.plan.needs.length) out.push('', `Takes full effect after: ${md(m.plan.needs.map((n) => (n === 'relogin' ? 'a new login' : 'a reboot')).join(' and '))}.`);
  }
  const a = m.applied;
  if (a) {
    out.push('', '## Applied', '', a.applied ? `Applied ${md(when(a.createdAt))}.` : `State: **${md(a.state ?? '')}**: run \`studio-setup revert\` to finish.`);
    if (a.threads?.length) {
      const rows = a.threads.map((t) => [t.comm, t.controller, sched(t.now), `FIFO ${t.planned}`, t.ok ? 'in force' : 'NOT in force']);
      out.push('', mdTable(['Thread', 'Controller', 'Now', 'Planned', 'State'], rows));
    }
    if (a.files.length) out.push('', mdTable(['File written', 'State'], a.files.map((f) => [f.path, f.state === 'ok' ? 'as written' : f.state])));
    if (a.rebootPending.length) out.push('', `Reboot pending for: ${md(a.rebootPending.join(' '))}.`);
    for (const u of a.unresolved) out.push('', `- Not resolved now: ${md(u)}`);
    for (const n of a.notes) out.push('', `- ${md(n)}`);
  }
  if (m.plan || m.applied) out.push('', mdRich(REVERT_TEXT));
  return out;
}

/** Plan, applied state, latency, warnings and the raw files. */
export function auxSections(m: ReportModel, cuts: string[]): string[] {
  const out = planSection(m);
  if (m.latency) {
    out.push('', '## Latency', '');
    if (m.latency.comparison) out.push(md(m.latency.comparison.summary), '');
    const us = (n: number | null): string => (n === null ? '?' : latencyText(n));
    const rows = m.latency.results.map((r) => [
      r.label ?? '',
      when(r.startedAt),
      `${r.settings.seconds} s, load: ${r.settings.load}`,
      us(r.all.avg),
      typeof r.all.p99 === 'number' ? latencyText(r.all.p99) : '?',
      us(r.all.max),
      r.verdict.smallestSafe === null ? 'none up to 256' : `${r.verdict.smallestSafe} frames`,
    ]);
    out.push(mdTable(['Run', 'When', 'How', 'Average', '99 %', 'Worst', 'Smallest safe buffer (48 kHz)'], rows));
    const results = m.latency.results;
    for (const r of results.length > 1 ? [results[0], results[results.length - 1]] : results) {
      if (!r?.histogram) continue;
      out.push('', `Histogram${r.label ? ` "${md(r.label)}"` : ''} (all CPUs, bars on a log scale):`, '', mdFence(asciiHistogram(r.histogram).join('\n')));
    }
    const last = results[results.length - 1];
    if (last) out.push('', md(last.verdict.headline));
  }
  if (m.warnings.length) out.push('', '## What this capture could not tell', '', ...m.warnings.map((w) => `- ${md(w.file)}: ${md(w.message)}`));
  if (m.raw.length) out.push('', '## Raw files');
  for (const r of m.raw) {
    const c = cutRaw(r.text);
    if (c.cut) cuts.push(`${r.title}: ${c.cut}`);
    out.push('', `### ${md(r.title)}${c.cut ? ` (first ${c.text.split('\n').length} lines)` : ''}`, '', mdFence(c.text));
  }
  return out;
}
