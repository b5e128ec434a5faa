// The HTML report's closing sections: the plan and what is applied (with how
// to revert), latency results, what could not be read, the raw files, notes.
import { REVERT_TEXT, type ReportModel } from '../model.js';
import { latencyText } from '../../latency/verdict.js';
import { sched, when } from '../words.js';
import { esc, rich } from './escape.js';
import { latencySvg } from './svg-latency.js';

function table(head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The plan (threads now → planned, system changes) and the helper's status. */
export function planSection(m: ReportModel): string {
  if (!m.plan && !m.applied) return '';
  const out = ['<section id="plan"><h2>Plan and what is applied</h2>'];
  const p = m.plan;
  if (p) {
    out.push('<h3>Plan</h3>');
    if (p.rows.length) {
      const rows = p.rows.map((r) => [esc(r.comm), esc(r.irq ?? '?'), esc(r.role), esc(sched(r.now)), `${esc(sched(r.planned))}${r.change ? '' : ' (already)'}`, esc(r.reason)]);
      out.push(table(['Thread', 'IRQ', 'Role', 'Now', 'Planned', 'Why'], rows));
    } else out.push('<p>No IRQ thread to change.</p>');
    for (const u of p.unresolved) out.push(`<p class="sub">Not found (${esc(u.role)}): ${esc(u.reason)}: ${esc(u.problems.join('; '))}</p>`);
    if (p.fixes.length) out.push(`<p><b>System changes:</b></p><ul>${p.fixes.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`);
    if (p.needs.length) out.push(`<p>Takes full effect after ${esc(p.needs.map((n) => (n === 'relogin' ? 'a new login' : 'a reboot')).join(' and '))}.</p>`);
  }
  const a = m.applied;
  if (a) {
    out.push('<h3>Applied</h3>', `<p>${a.applied ? `Applied ${esc(when(a.createdAt))}.` : `State: <b>${esc(a.state ?? '')}</b> — run <code>studio-setup revert</code> to finish.`}</p>`);
    if (a.threads?.length) {
      const rows = a.threads.map((t) => [esc(t.comm), esc(t.controller), esc(sched(t.now)), esc(`FIFO ${t.planned}`), t.ok ? '<span class="tag applied">in force</span>' : '<span class="tag off">not in force</span>']);
      out.push(table(['Thread', 'Controller', 'Now', 'Planned', 'State'], rows));
    }
    if (a.files.length) out.push(table(['File written', 'State'], a.files.map((f) => [`<code>${esc(f.path)}</code>`, esc(f.state === 'ok' ? 'as written' : f.state)])));
    if (a.rebootPending.length) out.push(`<p>Reboot pending for: <code>${esc(a.rebootPending.join(' '))}</code>.</p>`);
    for (const u of a.unresolved) out.push(`<p class="sub">Not resolved now: ${esc(u)}</p>`);
    for (const n of a.notes) out.push(`<p class="sub">${esc(n)}</p>`);
  }
  out.push(`<p class="revert">${rich(REVERT_TEXT)}</p></section>`);
  return out.join('\n');
}

/** Latency results side by side, the comparison, and the histograms. */
export function latencySection(m: ReportModel): string {
  if (!m.latency) return '';
  const us = (n: number | null): string => (n === null ? '?' : latencyText(n));
  const pct = (p: number | 'over' | null): string => (typeof p === 'number' ? latencyText(p) : p === 'over' ? 'beyond the histogram' : '?');
  const rows = m.latency.results.map((r) => [
    esc(r.label ?? ''),
    esc(when(r.startedAt)),
    esc(`${r.settings.seconds} s, load: ${r.settings.load}`),
    esc(us(r.all.avg)),
    esc(pct(r.all.p99)),
    `<b>${esc(us(r.all.max))}</b>`,
    esc(r.verdict.smallestSafe === null ? 'none up to 256 frames' : `${r.verdict.smallestSafe} frames`),
  ]);
  const out = ['<section id="latency"><h2>Latency</h2>'];
  if (m.latency.comparison) out.push(`<p class="verdict-line">${esc(m.latency.comparison.summary)}</p>`);
  out.push(table(['Run', 'When', 'How', 'Average', '99 %', 'Worst', 'Smallest safe buffer (48 kHz)'], rows));
  const last = m.latency.results[m.latency.results.length - 1];
  if (last) out.push(`<p>${esc(last.verdict.headline)}</p>`);
  for (const c of m.latency.comparison?.caveats ?? []) out.push(`<p class="sub">Note: ${esc(c)}.</p>`);
  out.push(latencySvg(m.latency.results), '</section>');
  return out.join('\n');
}

/** What could not be read, the raw files (collapsed), and the notes. */
export function closingSections(m: ReportModel): string {
  const out: string[] = [];
  if (m.warnings.length) {
    out.push(`<section id="warnings"><h2>What this capture could not tell</h2><ul>${m.warnings.map((w) => `<li><code>${esc(w.file)}</code>: ${esc(w.message)}</li>`).join('')}</ul></section>`);
  }
  if (m.raw.length) {
    out.push('<section id="raw" class="appendix"><h2>Raw files</h2>');
    for (const r of m.raw) out.push(`<details class="raw"><summary>${esc(r.title)}</summary><pre>${esc(r.text)}</pre></details>`);
    out.push('</section>');
  }
  out.push(`<footer>${m.notes.map((n) => `<p>${rich(n)}</p>`).join('')}<p>${esc(m.generator)} · ${esc(m.createdAt)}</p></footer>`);
  return out.join('\n');
}
