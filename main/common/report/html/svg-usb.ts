// A USB controller's tree: each bus (root hub), and below it the devices in
// port order, indented under their hubs; audio devices outlined.
import type { UsbTreeView } from '../tables.js';
import { clip, esc } from './escape.js';

const WIDTH = 380;
const PAD = 10;
const INDENT = 22;
const ROW = 40;
const GAP = 8;
// Characters that fit a line of the box, by font size, at the box's width.
const fit = (w: number, px: number): number => Math.max(8, Math.floor((w - 18) / (px * 0.56)));

interface Row {
  depth: number;
  label: string;
  detail: string;
  cls: string;
  empty?: boolean;
}

/** The tree of one controller as an SVG. */
export function usbTreeSvg(c: UsbTreeView): string {
  const rows: Row[] = [];
  for (const b of c.buses) {
    rows.push({ depth: 0, label: `Bus ${b.bus} (root hub)`, detail: b.speed || 'speed unknown', cls: 'node root' });
    if (b.rows.length === 0) rows.push({ depth: 1, label: 'nothing plugged in', detail: '', cls: 'empty', empty: true });
    for (const r of b.rows) {
      rows.push({
        depth: r.depth + 1,
        label: `${r.port}  ${r.label}`,
        detail: [r.hub ? 'hub' : '', r.detail, r.audio ? '♪ audio' : ''].filter(Boolean).join(' · '),
        cls: `node${r.audio ? ' audio' : ''}${r.hub ? ' hub' : ''}`,
      });
    }
  }
  const parts: string[] = [];
  const tops: number[] = [];
  rows.forEach((r, i) => {
    const y = PAD + i * (ROW + GAP);
    tops.push(y);
    const x = PAD + r.depth * INDENT;
    if (r.depth > 0) {
      let parent = i - 1;
      while (parent >= 0 && (rows[parent] as Row).depth >= r.depth) parent--;
      if (parent >= 0) {
        const px = PAD + (rows[parent] as Row).depth * INDENT + 11;
        parts.push(`<path class="edge" d="M${px} ${(tops[parent] as number) + ROW}V${y + ROW / 2}H${x}"/>`);
      }
    }
    const w = WIDTH - x - PAD;
    if (r.empty) {
      parts.push(`<text class="d" x="${x + 6}" y="${y + ROW / 2 + 4}">${esc(r.label)}</text>`);
      return;
    }
    parts.push(
      `<g class="${r.cls}"><title>${esc([r.label, r.detail].filter(Boolean).join(' · '))}</title>` +
        `<rect class="box" x="${x}" y="${y}" width="${w}" height="${ROW}" rx="7"/>` +
        `<text class="t" x="${x + 9}" y="${y + 16}">${esc(clip(r.label, fit(w, 12.5)))}</text>` +
        `<text class="d" x="${x + 9}" y="${y + 31}">${esc(clip(r.detail, fit(w, 11)))}</text></g>`,
    );
  });
  const height = PAD * 2 + rows.length * (ROW + GAP) - GAP;
  return `<svg class="usb-tree" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${esc(`USB devices of ${c.title}`)}">${parts.join('')}</svg>`;
}
