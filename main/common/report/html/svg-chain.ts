// An audio path drawn as a chain of boxes: device → USB port → hubs →
// controller → IRQ → thread, the IRQ box red when other devices share its line
// (they hang below it), green when it is alone. Two drawings of the same chain:
// rows of five for pages and print, one column for phones (CSS shows one).
import type { ChainNode, PathView } from '../chain.js';
import { clip, esc, wrap } from './escape.js';

const KIND = { device: 'Device', port: 'USB port', hub: 'Hub', controller: 'Controller', irq: 'Interrupt', thread: 'IRQ thread' } as const;

interface Layout {
  width: number;
  titleChars: number;
  detailChars: number;
}

const WIDE: Layout = { width: 152, titleChars: 18, detailChars: 23 };
const NARROW: Layout = { width: 300, titleChars: 40, detailChars: 48 };
const PER_ROW = 5;
const GAP = 26;
const ROW_GAP = 40;
const PAD = 12;

/** The text lines of a box: title lines, then detail lines. */
function boxText(n: ChainNode, l: Layout, extra: string[] = []): { title: string[]; details: string[] } {
  return {
    title: wrap(n.title, l.titleChars, 2),
    details: [...n.lines, ...extra].flatMap((d) => wrap(d, l.detailChars, 2)),
  };
}

function boxHeight(t: { title: string[]; details: string[] }): number {
  return 22 + t.title.length * 16 + t.details.length * 14 + 8;
}

/** One box at (x, y) of height h. */
function box(n: ChainNode, t: { title: string[]; details: string[] }, x: number, y: number, w: number, h: number): string {
  const full = [n.title, ...n.lines].join(' · ');
  const lines: string[] = [`<text class="kind" x="${x + 10}" y="${y + 15}">${esc(KIND[n.kind])}</text>`];
  let ty = y + 32;
  for (const s of t.title) {
    lines.push(`<text class="t" x="${x + 10}" y="${ty}">${esc(s)}</text>`);
    ty += 16;
  }
  for (const s of t.details) {
    lines.push(`<text class="d" x="${x + 10}" y="${ty}">${esc(s)}</text>`);
    ty += 14;
  }
  return `<g class="node ${n.kind} ${n.tone}"><title>${esc(full)}</title><rect class="box" x="${x}" y="${y}" width="${w}" height="${h}" rx="8"/>${lines.join('')}</g>`;
}

function arrowRight(x1: number, x2: number, y: number): string {
  return `<path class="edge" d="M${x1} ${y}H${x2 - 6}"/><path class="arrow" d="M${x2} ${y}l-7 -4v8z"/>`;
}

function arrowDown(x: number, y1: number, y2: number): string {
  return `<path class="edge" d="M${x} ${y1}V${y2 - 6}"/><path class="arrow" d="M${x} ${y2}l-4 -7h8z"/>`;
}

function sharersBox(sharers: string[], x: number, y: number, w: number, l: Layout): { svg: string; h: number } {
  const lines = wrap(`also on this line: ${sharers.join(', ')}`, l.detailChars, 3);
  const h = 14 + lines.length * 14;
  const text = lines.map((s, i) => `<text class="d" x="${x + 10}" y="${y + 18 + i * 14}">${esc(s)}</text>`).join('');
  return { svg: `<g class="node sharers bad"><title>${esc(sharers.join(', '))}</title><rect class="box" x="${x}" y="${y}" width="${w}" height="${h}" rx="8"/>${text}</g>`, h };
}

/** The chain in rows of five (pages, print). */
export function chainWide(p: PathView): string {
  const l = WIDE;
  const texts = p.nodes.map((n) => boxText(n, l));
  const rows: number[][] = [];
  for (let i = 0; i < p.nodes.length; i += PER_ROW) rows.push(p.nodes.slice(i, i + PER_ROW).map((_, k) => i + k));
  const parts: string[] = [];
  const irqIndex = p.nodes.findIndex((n) => n.kind === 'irq');
  let y = PAD;
  let prevEnd: { x: number; y: number } | null = null;
  for (const row of rows) {
    const h = Math.max(...row.map((i) => boxHeight(texts[i] as { title: string[]; details: string[] })));
    row.forEach((i, k) => {
      const x = PAD + k * (l.width + GAP);
      parts.push(box(p.nodes[i] as ChainNode, texts[i] as { title: string[]; details: string[] }, x, y, l.width, h));
      if (k > 0) parts.push(arrowRight(x - GAP, x, y + h / 2));
    });
    if (prevEnd) {
      const turnY = y - 14;
      parts.push(`<path class="edge" d="M${prevEnd.x} ${prevEnd.y}h14V${turnY}H${PAD + l.width / 2}V${y - 6}"/><path class="arrow" d="M${PAD + l.width / 2} ${y}l-4 -7h8z"/>`);
    }
    const last = row.length - 1;
    prevEnd = { x: PAD + last * (l.width + GAP) + l.width, y: y + h / 2 };
    y += h;
    if (row.includes(irqIndex)) {
      const x = PAD + row.indexOf(irqIndex) * (l.width + GAP);
      if (p.sharers && p.sharers.length > 0) {
        const s = sharersBox(p.sharers, x, y + 22, l.width, l);
        parts.push(`<path class="edge share" d="M${x + l.width / 2} ${y}V${y + 22}"/>`, s.svg);
        y += 22 + s.h;
      } else if (p.sharers) {
        parts.push(`<text class="good" x="${x + 10}" y="${y + 17}">✓ alone on this line</text>`);
        y += 20;
      }
    }
    y += ROW_GAP;
  }
  const width = PAD * 2 + Math.min(PER_ROW, p.nodes.length) * (l.width + GAP) - GAP + 18;
  const height = y - ROW_GAP + PAD;
  return `<svg class="chain chain-h" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(p.line)}">${parts.join('')}</svg>`;
}

/** The chain in one column (phones). */
export function chainNarrow(p: PathView): string {
  const l = NARROW;
  const parts: string[] = [];
  let y = PAD;
  p.nodes.forEach((n, i) => {
    const extra = n.kind === 'irq' && p.sharers ? [p.sharers.length ? `shared with ${p.sharers.join(', ')}` : '✓ alone on this line'] : [];
    const t = boxText(n, l, extra);
    const h = boxHeight(t);
    if (i > 0) parts.push(arrowDown(PAD + l.width / 2, y - 22, y));
    parts.push(box(n, t, PAD, y, l.width, h));
    y += h + 22;
  });
  const width = l.width + PAD * 2;
  const height = y - 22 + PAD;
  return `<svg class="chain chain-v" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(clip(p.line, 300))}">${parts.join('')}</svg>`;
}
