// A result as text for a terminal or a forum post: the settings, a table per
// CPU, an ASCII histogram (log-scale counts) with the buffer periods marked,
// the verdict, and the comparison with an earlier result.
import type { Comparison, FigureChange } from './compare.js';
import type { LatencyResult } from './result.js';
import { binned, type LatencyHistogram, type LatencyStats, type Percentile } from './stats.js';
import { BUFFER_FRAMES, SAMPLE_RATE } from './types.js';
import { latencyText, ms, periodUs } from './verdict.js';

// Bin edges in µs: fine where the bulk of wake-ups is, then the quarter and
// half periods and the periods of 64/128/256 frames at 48 kHz (the verdict's lines).
/** Lower edges of the text histogram's bins, µs. */
export const TEXT_BINS = [0, 10, 20, 50, 100, 200, 333, 667, 1333, 2667, 5333] as const;
const BAR = 40;

const LOADS_TEXT = { none: 'no background load', cpu: 'CPU load (hackbench)', io: 'disk load (writes with fsync)' } as const;

const num = (v: number | null): string => (v === null ? '?' : String(Math.round(v)));
const pct = (p: Percentile, range: number | null): string => (p === null ? '?' : p === 'over' ? `>${range ?? '?'}` : String(p));

function table(r: LatencyResult): string[] {
  const range = r.histogram?.rangeUs ?? r.settings.histogramUs;
  const head = ['CPU', 'samples', 'min', 'avg', 'max', 'p50', 'p99', 'p99.9', 'overflows'];
  const row = (s: LatencyStats): string[] => [
    s.cpu === null ? '?' : String(s.cpu),
    num(s.samples),
    num(s.min),
    num(s.avg),
    num(s.max),
    pct(s.p50, range),
    pct(s.p99, range),
    pct(s.p999, range),
    num(s.overflows),
  ];
  const rows = [head, ...r.cpus.map(row), row(r.all)];
  const widths = head.map((_, i) => Math.max(...rows.map((x) => (x[i] as string).length)));
  return rows.map((x) => x.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
}

/** The ASCII histogram: one line per bin, bar length ∝ log10(count + 1), buffer periods marked. */
export function asciiHistogram(h: LatencyHistogram): string[] {
  // Only the bins inside the histogram's range (a capture made with -h 400 stops at 400 µs).
  const edges = TEXT_BINS.filter((e) => h.rangeUs === null || e < h.rangeUs);
  const bins = binned(h, edges);
  const overflow = h.overflows.reduce((a, b) => a + b, 0);
  const all = [...bins.map((b) => ({ label: `${b.from}–${b.to === null ? '' : b.to - 1} µs`, count: b.count, from: b.from })), { label: `≥ ${h.rangeUs ?? '?'} µs`, count: overflow, from: Infinity }];
  const first = all.findIndex((b) => b.count > 0);
  let last = all.length - 1;
  while (last > 0 && all[last]!.count === 0) last--;
  if (first < 0) return ['  (no samples)'];
  const top = Math.log10(Math.max(...all.map((b) => b.count)) + 1);
  const width = Math.max(...all.map((b) => b.label.length));
  const lines: string[] = [];
  const periods = BUFFER_FRAMES.map((f) => ({ f, us: Math.round(periodUs(f)) }));
  for (let i = first; i <= last; i++) {
    const b = all[i]!;
    for (const p of periods) if (b.from === p.us) lines.push(`  ${'-'.repeat(width)}  ${p.f} frames at ${SAMPLE_RATE / 1000} kHz: ${ms(periodUs(p.f))} ---`);
    const bar = b.count > 0 ? Math.max(1, Math.round((BAR * Math.log10(b.count + 1)) / top)) : 0;
    lines.push(`  ${b.label.padStart(width)}  ${'#'.repeat(bar).padEnd(BAR)}  ${b.count}`);
  }
  return lines;
}

/** A result for people. */
export function formatResult(r: LatencyResult): string {
  const s = r.settings;
  const out = [
    `Scheduling latency${r.label ? ` "${r.label}"` : ''}, ${r.startedAt.replace('T', ' ').slice(0, 19)} UTC`,
    `  ${s.seconds} s, ${LOADS_TEXT[s.load]}, cyclictest ${s.toolVersion ?? ''} SCHED_FIFO ${s.priority} on every CPU, one wake-up every ${s.intervalUs} µs${
      s.via === 'helper' ? ', run by the helper' : ''
    }`,
    `  kernel ${r.host.kernel ?? '?'}`,
    '',
    'Wake-up latency per CPU, µs:',
    ...table(r).map((l) => `  ${l}`),
    '',
  ];
  if (r.histogram) out.push('Histogram (all CPUs; bars on a log scale):', ...asciiHistogram(r.histogram), '');
  else out.push('No histogram in this result.', '');
  out.push(r.verdict.headline);
  const rate = `${SAMPLE_RATE / 1000} kHz`;
  for (const b of r.verdict.buffers) out.push(`  ${String(b.frames).padStart(3)} frames (${ms(b.periodUs)} at ${rate}): ${b.safety}`);
  out.push(...r.verdict.notes.map((n) => `  ${n}`));
  if (r.warnings.length) out.push('', 'Warnings:', ...r.warnings.map((w) => `  ${w}`));
  return out.join('\n') + '\n';
}

const figure = (name: string, f: FigureChange): string =>
  `  ${name}: ${f.before === null ? '?' : latencyText(f.before)} → ${f.after === null ? '?' : latencyText(f.after)}` +
  `${f.delta === null ? '' : ` (${f.delta > 0 ? '+' : ''}${Math.round(f.delta)} µs)`}: ${f.change}`;

/** A comparison for people. */
export function formatComparison(c: Comparison): string {
  const when = (x: { label: string | null; at: string }) => `${x.label ? `"${x.label}" ` : ''}${x.at.replace('T', ' ').slice(0, 16)}`;
  const out = [`Compared with ${when(c.before)}:`, `  ${c.summary}`, figure('worst case', c.worst), figure('99th percentile', c.p99)];
  for (const b of c.buffers) if (b.before !== b.after) out.push(`  ${b.frames} frames: ${b.before} → ${b.after}`);
  for (const x of c.caveats) out.push(`  Note: ${x}.`);
  return out.join('\n') + '\n';
}
