// The top of the HTML report: title, verdict, the machine, and the checks'
// findings (problems in full, the rest in compact lists).
import type { Finding } from '../../findings.js';
import type { ReportModel } from '../model.js';
import { describeFix, plural, valueText, VERDICT_WORDS } from '../words.js';
import { esc, rich } from './escape.js';

const PILL = { fail: 'fail', warn: 'warn', unknown: 'unknown', info: 'info', ok: 'ok' } as const;

function pill(f: Finding): string {
  return `<span class="pill ${PILL[f.status]}">${esc(f.status === 'unknown' ? '?' : f.status)}</span>`;
}

function value(f: Finding): string {
  const v = valueText(f.value);
  return v === '' ? '' : `<span class="value">${esc(v)}</span>`;
}

/** Title, subtitle, contents and the verdict. */
export function headSection(m: ReportModel, toc: [string, string][]): string {
  const v = m.verdict;
  const fs = m.findings ?? [];
  const n = (s: Finding['status']): number => fs.filter((f) => f.status === s).length;
  const tally = m.findings
    ? [
        n('fail') ? `${n('fail')} failed` : '',
        n('warn') ? `${n('warn')} to look at` : '',
        n('unknown') ? `${n('unknown')} could not be checked from this capture` : '',
        `${n('ok')} fine`,
      ]
        .filter(Boolean)
        .join(' · ')
    : 'the system checks did not run for this report';
  return [
    '<header>',
    `<h1>${esc(m.title)}</h1>`,
    `<div class="sub">${esc(m.generator)} · ${esc(m.createdAt)}${m.redacted ? ' · redacted for sharing' : ''}</div>`,
    `<nav class="toc">${toc.map(([id, label]) => `<a href="#${esc(id)}">${esc(label)}</a>`).join('')}</nav>`,
    '</header>',
    `<section id="verdict" class="verdict ${esc(v.level)}"><span class="level">${esc(VERDICT_WORDS[v.level])}</span>`,
    `<span class="text">${rich(v.text)}</span><span class="tally">${esc(tally)}</span></section>`,
  ].join('\n');
}

/** The machine summary as a definition list. */
export function machineSection(m: ReportModel): string {
  const rows = m.machine.map((r) => `<dt>${esc(r.label)}</dt><dd>${r.code ? `<code>${esc(r.value)}</code>` : esc(r.value)}</dd>`);
  return `<section id="machine"><h2>Machine</h2><dl class="machine">${rows.join('')}</dl></section>`;
}

function problem(f: Finding): string {
  const out = [`<div class="finding ${esc(f.status)}"><div class="head">${pill(f)}<span class="title">${esc(f.title)}</span>${value(f)}</div>`];
  if (f.explanation) out.push(`<p class="why">${rich(f.explanation)}</p>`);
  out.push(`<p class="do"><b>What to do:</b> ${rich(f.advice)}</p>`);
  if (f.fix) out.push(`<p class="do"><b>Studio Setup can do it:</b> ${esc(describeFix(f.fix))}${f.needs ? ` (takes effect after a ${f.needs === 'reboot' ? 'reboot' : 'new login'})` : ''}.</p>`);
  if (f.manual?.length) out.push(`<ul>${f.manual.map((s) => `<li>${rich(s)}</li>`).join('')}</ul>`);
  if (f.evidence.length) out.push(`<div class="ev">Read: ${f.evidence.map((e) => `${esc(e.source)} = ${esc(e.value)}`).join('; ')}</div>`);
  out.push('</div>');
  return out.join('');
}

function compact(fs: Finding[], advice: boolean): string {
  const items = fs.map((f) => `<li>${pill(f)}<span><span class="title">${esc(f.title)}</span> ${value(f)}${advice && f.advice ? ` — ${rich(f.advice)}` : ''}</span></li>`);
  return `<ul class="compact">${items.join('')}</ul>`;
}

function chips(fs: Finding[]): string {
  return `<ul class="chips">${fs.map((f) => `<li>${esc(f.title)}</li>`).join('')}</ul>`;
}

/** The findings: problems in full, then what could not be checked, notes, and what is fine. */
export function findingsSection(m: ReportModel): string {
  if (m.findings === null) return '<section id="checks"><h2>Checks</h2><p>The system checks were not run for this report.</p></section>';
  const by = (...s: Finding['status'][]): Finding[] => (m.findings ?? []).filter((f) => s.includes(f.status));
  const out = ['<section id="checks"><h2>Checks</h2>'];
  const problems = by('fail', 'warn');
  out.push(problems.length ? problems.map(problem).join('\n') : '<p>Nothing to fix.</p>');
  const unknown = by('unknown');
  if (unknown.length) {
    out.push(`<h3>Could not be checked from this capture (${unknown.length})</h3>`);
    const advice = new Set(unknown.map((f) => f.advice));
    if (advice.size === 1) out.push(`<p class="sub">${rich(unknown[0]?.advice ?? '')}</p>`);
    out.push(advice.size > 1 ? compact(unknown, true) : chips(unknown));
  }
  const info = by('info');
  if (info.length) out.push(`<h3>Worth knowing (${info.length})</h3>`, compact(info, true));
  const ok = by('ok');
  if (ok.length) out.push(`<h3>Fine (${plural(ok.length, 'check')})</h3>`, compact(ok, false));
  out.push('</section>');
  return out.join('\n');
}
