// The HTML report's hardware sections: each audio path as a drawing, the IRQ
// table, and the USB tree of each controller.
import type { ReportModel } from '../model.js';
import type { IrqRowView } from '../tables.js';
import { count } from '../words.js';
import { esc } from './escape.js';
import { chainNarrow, chainWide } from './svg-chain.js';
import { usbTreeSvg } from './svg-usb.js';

/** Every audio path: heading, the chain drawn twice (wide and narrow), and what could not be told. */
export function pathsSection(m: ReportModel): string {
  const out = ['<section id="paths"><h2>Audio paths</h2>'];
  if (m.paths.length === 0) out.push('<p>No sound card in this capture.</p>');
  for (const p of m.paths) {
    out.push(`<div class="path" id="card-${p.card}"><h3>Card ${p.card}: ${esc(p.name)} <span class="sub">${esc(p.cardId)} · ${esc(p.bus)}</span></h3>`);
    out.push(chainWide(p), chainNarrow(p));
    if (p.idle.length) out.push(`<p class="note">Also allocated, idle now: IRQ ${esc(p.idle.join(', '))}.</p>`);
    for (const u of p.unknown) out.push(`<p class="note">Unknown: ${esc(u)}</p>`);
    out.push('</div>');
  }
  out.push('</section>');
  return out.join('\n');
}

function tags(r: IrqRowView): string {
  const t = [
    r.audio ? '<span class="tag audio">audio path</span>' : '',
    r.sound && !r.audio ? '<span class="tag sound">sound</span>' : '',
    r.shared ? '<span class="tag shared">shared</span>' : '',
    r.kind ? `<span class="tag kind">${esc(r.kind)}</span>` : '',
  ];
  return t.filter(Boolean).join('');
}

/** The IRQ table: one row per thread, the line's cells on its first row, a bar for the event count. */
export function irqSection(m: ReportModel): string {
  const out = ['<section id="irqs"><h2>IRQ table</h2>'];
  if (m.irqRows.length === 0) return `${out[0]}<p>No interrupt data in this capture.</p></section>`;
  const max = Math.max(1, ...m.irqRows.map((r) => r.events ?? 0));
  const bar = (n: number | null): string => (n && n > 0 ? `<span class="evbar" style="width:${Math.max(4, Math.round((Math.log10(n + 1) / Math.log10(max + 1)) * 100))}%"></span>` : '');
  const head = ['IRQ', 'Thread', 'Now', ...(m.showAfter ? ['Plan'] : []), 'Events', 'Handlers', 'Notes'];
  const rows = m.irqRows.map((r) => {
    const plan = m.showAfter
      ? [r.after ? `${esc(r.after)} <span class="tag ${esc(r.afterKind ?? '')}">${esc(r.afterKind === 'off' ? 'not in force' : (r.afterKind ?? ''))}</span>` : '']
      : [];
    const cells = r.first
      ? [esc(r.irq), esc(r.thread ?? '—'), esc(r.now ?? '—'), ...plan, `${esc(count(r.events))}${bar(r.events)}`, esc(r.actions.join(', ')), tags(r)]
      : ['', esc(r.thread ?? '—'), esc(r.now ?? '—'), ...plan, '', '', ''];
    const cls = [r.audio ? 'audio' : '', r.first ? '' : 'cont'].filter(Boolean).join(' ');
    const cellClass = (i: number): string => (i === 0 || head[i] === 'Events' ? ' class="num"' : head[i] === 'Now' || head[i] === 'Plan' ? ' class="nowrap"' : '');
    return `<tr${cls ? ` class="${cls}"` : ''}>${cells.map((c, i) => `<td${cellClass(i)}>${c}</td>`).join('')}</tr>`;
  });
  out.push(`<div class="scroll"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`);
  out.push('</section>');
  return out.join('\n');
}

/** One block per USB controller: state, then its tree. */
export function usbSection(m: ReportModel): string {
  const out = ['<section id="usb"><h2>USB</h2>'];
  if (m.usb.length === 0) out.push('<p>No USB data in this capture.</p>');
  else out.push('<div class="usb-grid">');
  for (const c of m.usb) {
    const state =
      c.quiet === true
        ? '<span class="state ok">✓ quiet: nothing else on its interrupt lines</span>'
        : c.quiet === false
          ? `<span class="state bad">shared with ${esc(c.sharers.join(', '))}</span>`
          : '<span class="state">sharing unknown</span>';
    out.push(`<div class="usb"><h3>${esc(c.title)}</h3><div class="sub">${esc(c.detail)}</div>${state}${usbTreeSvg(c)}</div>`);
  }
  if (m.usb.length > 0) out.push('</div>');
  out.push('</section>');
  return out.join('\n');
}
