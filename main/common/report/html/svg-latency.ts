// Latency histograms on log axes, "before" and "after" over each other, with
// the periods of 64, 128 and 256 frames at 48 kHz marked: what a late wake-up
// means for the audio buffer, at a glance.
import { decadesFor, logBins } from '../../latency/chart.js';
import type { LatencyResult } from '../../latency/result.js';
import { BUFFER_FRAMES } from '../../latency/types.js';
import { periodUs } from '../../latency/verdict.js';
import { esc } from './escape.js';

const W = 640;
const H = 220;
const M = { left: 46, right: 30, top: 14, bottom: 34 };

/** The histograms of up to two results (first and last) as one SVG; empty when none has a histogram. */
export function latencySvg(results: LatencyResult[]): string {
  const shown = (results.length > 1 ? [results[0], results[results.length - 1]] : results).filter((r): r is LatencyResult => !!r?.histogram);
  if (shown.length === 0) return '';
  const maxUs = Math.max(1000, ...shown.map((r) => r.all.max ?? 0), ...BUFFER_FRAMES.map((f) => periodUs(f)));
  const decades = decadesFor(maxUs);
  const series = shown.map((r) => logBins(r.histogram as NonNullable<LatencyResult['histogram']>, decades));
  const top = Math.max(1, ...series.flat().map((b) => b.count));
  const yMax = Math.ceil(Math.log10(top + 1));
  const x = (us: number): number => M.left + (Math.log10(Math.max(1, us)) / decades) * (W - M.left - M.right);
  const y = (n: number): number => H - M.bottom - (Math.log10(n + 1) / yMax) * (H - M.top - M.bottom);
  const parts: string[] = [];
  for (let d = 0; d <= decades; d++) {
    const us = 10 ** d;
    parts.push(`<path class="grid" d="M${x(us)} ${M.top}V${H - M.bottom}"/>`);
    parts.push(`<text class="d" x="${x(us)}" y="${H - M.bottom + 14}" text-anchor="middle">${esc(us >= 1000 ? `${us / 1000} ms` : `${us} µs`)}</text>`);
  }
  for (let e = 0; e <= yMax; e++) parts.push(`<text class="d" x="${M.left - 6}" y="${y(10 ** e - 1) + 4}" text-anchor="end">${esc(e === 0 ? '0' : `1e${e}`)}</text>`);
  series.forEach((bins, i) => {
    const cls = shown.length > 1 && i === 0 ? 'before' : 'after';
    for (const b of bins) {
      if (b.count === 0) continue;
      const x0 = x(b.fromUs);
      parts.push(`<rect class="bar ${cls}" x="${x0}" y="${y(b.count)}" width="${Math.max(1, x(b.toUs) - x0 - 1)}" height="${H - M.bottom - y(b.count)}"/>`);
    }
  });
  for (const f of BUFFER_FRAMES) {
    const px = x(periodUs(f));
    parts.push(`<path class="period" d="M${px} ${M.top}V${H - M.bottom}"/><text class="d" x="${px - 3}" y="${M.top + 10}" text-anchor="end">${f}</text>`);
  }
  const legend = shown.map((r, i) => `${shown.length > 1 && i === 0 ? 'grey' : 'blue'}: ${r.label ?? r.startedAt}`).join('; ');
  parts.push(`<text class="d" x="${M.left}" y="${H - 4}">wake-up latency (log) · dashed: one period of 64 / 128 / 256 frames at 48 kHz · ${esc(legend)}</text>`);
  return `<svg class="latency" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(`latency histogram: ${legend}`)}">${parts.join('')}</svg>`;
}
