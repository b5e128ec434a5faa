// The Markdown report: pastes cleanly into a forum post or a GitHub issue — the
// verdict first, tables, the raw files in fences — and stays a sensible size:
// long raw files and quiet IRQ lines are cut, and the report says what it cut
// (the JSON has everything).
import { buildModel, type ReportModel } from './model.js';
import { auxSections, irqSection, pathSections, usbSections } from './md-sections.js';
import { md, mdRich, mdTable } from './md-text.js';
import type { ReportInput } from './types.js';
import { statusLabel, valueText, VERDICT_WORDS } from './words.js';

function head(m: ReportModel): string[] {
  const v = m.verdict;
  const out = [`# ${md(m.title)}`, '', `**${VERDICT_WORDS[v.level]}:** ${md(v.text)}`, ''];
  // Code rows (a kernel version, a command line) become code spans: `#1 SMP` reads as itself.
  out.push(mdTable(['Machine', ''], m.machine.map((r) => [r.label, r.code ? `\`${r.value.replace(/`/g, "'")}\`` : r.value]), true));
  return out;
}

function findings(m: ReportModel): string[] {
  if (m.findings === null) return ['## Checks', '', 'The system checks were not run for this report.'];
  const out = ['## Checks', ''];
  out.push(
    mdTable(
      ['Status', 'Check', 'Found', 'What to do'],
      m.findings.map((f) => [statusLabel(f.status), f.title, valueText(f.value), f.status === 'ok' ? '' : f.advice]),
      true,
    ),
  );
  const open = m.findings.filter((f) => f.status !== 'ok' && f.status !== 'info');
  if (open.length) out.push('');
  for (const f of open) {
    const fix = f.fix ? ' Studio Setup can apply the fix.' : '';
    const needs = f.needs ? ` Takes effect after a ${f.needs === 'reboot' ? 'reboot' : 'new login'}.` : '';
    out.push(`- **${md(f.title)}**: ${mdRich(f.explanation)}${fix}${needs}`);
    for (const step of f.manual ?? []) out.push(`  - ${mdRich(step)}`);
  }
  return out;
}

/** Render a report as Markdown. */
export function renderMarkdown(input: ReportInput): string {
  const m = buildModel(input);
  const cuts: string[] = [];
  const parts = [head(m), findings(m), pathSections(m), irqSection(m, cuts), usbSections(m), auxSections(m, cuts)];
  const out = parts.map((p) => p.join('\n')).filter((p) => p.trim() !== '');
  const foot = m.notes.map((n) => mdRich(n));
  if (cuts.length) foot.push(`Cut for size (the JSON export has everything): ${md(cuts.join('; '))}.`);
  foot.push(`${md(m.generator)}, ${md(m.createdAt)}.`);
  out.push(['---', '', ...foot.map((f) => `_${f}_`).join('\n\n').split('\n')].join('\n'));
  return out.join('\n\n') + '\n';
}
