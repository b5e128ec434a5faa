// Before and after: two stored results side by side, each figure called
// better, worse or the same within a noise threshold.
//
// Thresholds (why), from repeated identical runs on the development machine
// (a busy shared VM, tests/fixtures/latency/SOURCE.md): p50 repeated within
// ±4 µs; p99 within a factor of 1.8 across 30 s runs (4 across 5 s runs); the
// maximum, one sample from the far end of a heavy tail, within a factor of 2.2
// across 30 s runs (7 across 5 s runs). Calling noise "better" is the one
// mistake this feature must not make, so a figure counts as changed only when
// it moves by more than a factor (2 for the worst case, 1.5 for p99) and by
// more than a floor that matters for audio (50 µs, about 4 % of a 64-frame
// period; 10 µs, under 1 %). When either run is shorter than a minute the factors are
// those measured across 5 s runs (NOISE_SHORT). A verdict that crosses a buffer size is
// always told.
import type { LatencyResult } from './result.js';
import type { Percentile } from './stats.js';
import { latencyText, ms, SHORT_RUN_SECONDS, type Safety } from './verdict.js';

/** Noise thresholds: a change counts beyond `floorUs` and beyond `factor` (either way). */
export const NOISE = { worst: { floorUs: 50, factor: 2 }, p99: { floorUs: 10, factor: 1.5 } } as const;

/** The thresholds when either run is shorter than a minute: identical 5 s runs differed up to 7x in the worst case, 4x in p99. */
export const NOISE_SHORT = { worst: { floorUs: 50, factor: 7 }, p99: { floorUs: 10, factor: 4 } } as const;

/** How a figure moved. */
export type Change = 'better' | 'worse' | 'same' | 'unknown';

/** One figure before and after. */
export interface FigureChange {
  before: number | null;
  after: number | null;
  /** after − before, µs (null when either is unknown). */
  delta: number | null;
  change: Change;
}

/** Two results compared. */
export interface Comparison {
  before: { label: string | null; at: string };
  after: { label: string | null; at: string };
  worst: FigureChange;
  p99: FigureChange;
  buffers: { frames: number; before: Safety; after: Safety }[];
  /** Overall: better, worse, same, or mixed (one figure better, the other worse). */
  overall: Change | 'mixed';
  /** Why the two runs may not be comparable (different load, length, CPUs). */
  caveats: string[];
  /** One sentence for people. */
  summary: string;
}

const known = (p: Percentile): number | null => (typeof p === 'number' ? p : null);

/** Compare one figure: the same unless it moved by more than `floorUs` and by more than `factor`. */
export function changeOf(before: number | null, after: number | null, noise: { floorUs: number; factor: number }): FigureChange {
  if (before === null || after === null) return { before, after, delta: null, change: 'unknown' };
  const delta = after - before;
  const same = Math.abs(delta) <= noise.floorUs || (after * noise.factor >= before && after <= before * noise.factor);
  return { before, after, delta, change: same ? 'same' : delta < 0 ? 'better' : 'worse' };
}

function caveatsOf(a: LatencyResult, b: LatencyResult): string[] {
  const out: string[] = [];
  const s = a.settings;
  const t = b.settings;
  if (s.load !== t.load) out.push(`the background load differs (${s.load} before, ${t.load} after)`);
  if (Math.max(s.seconds, t.seconds) > 2 * Math.min(s.seconds, t.seconds)) {
    out.push(`the runs' lengths differ (${s.seconds} s and ${t.seconds} s): a longer run meets rarer delays`);
  }
  if (a.host.cpus !== b.host.cpus) out.push(`the CPU count differs (${a.host.cpus ?? '?'} and ${b.host.cpus ?? '?'})`);
  if (s.priority !== t.priority || s.intervalUs !== t.intervalUs || s.pmQos !== t.pmQos) out.push('the measurement settings differ');
  if (Math.min(s.seconds, t.seconds) < SHORT_RUN_SECONDS) {
    out.push(`short runs: the worst case of identical short runs can differ several times over; compare runs of a minute or more`);
  }
  return out;
}

/** Two latencies in one unit, so they read as a pair: `2400 µs → 250 µs`, `13.65 ms → 5.63 ms`. */
export function pairText(before: number, after: number): string {
  if (Math.max(before, after) < 10_000) return `${latencyText(before)} → ${latencyText(after)}`;
  return `${ms(before)} → ${ms(after)}`;
}

/** Compare a result ("after") with an earlier one ("before"). */
export function compareResults(before: LatencyResult, after: LatencyResult): Comparison {
  const noise = Math.min(before.settings.seconds, after.settings.seconds) < SHORT_RUN_SECONDS ? NOISE_SHORT : NOISE;
  const worst = changeOf(before.all.max, after.all.max, noise.worst);
  const p99 = changeOf(known(before.all.p99), known(after.all.p99), noise.p99);
  const buffers = after.verdict.buffers.map((b) => ({
    frames: b.frames,
    before: before.verdict.buffers.find((x) => x.frames === b.frames)?.safety ?? 'unknown',
    after: b.safety,
  }));
  const moves = [worst.change, p99.change].filter((c) => c === 'better' || c === 'worse');
  const overall: Comparison['overall'] =
    worst.change === 'unknown' && p99.change === 'unknown'
      ? 'unknown'
      : moves.length === 0
        ? 'same'
        : moves.every((c) => c === moves[0])
          ? (moves[0] as Change)
          : 'mixed';
  const name = (r: LatencyResult, fallback: string) => (r.label ? `"${r.label}"` : fallback);
  const figures =
    worst.before !== null && worst.after !== null ? ` (worst case ${pairText(worst.before, worst.after)})` : '';
  const safeBefore = before.verdict.smallestSafe;
  const safeAfter = after.verdict.smallestSafe;
  let summary = {
    better: `Better than ${name(before, 'before')}${figures}.`,
    worse: `Worse than ${name(before, 'before')}${figures}.`,
    same: `No change beyond run-to-run noise compared with ${name(before, 'before')}${figures}.`,
    mixed: `Mixed compared with ${name(before, 'before')}: the worst case is ${worst.change}, the 99th percentile ${p99.change}${figures}.`,
    unknown: `Cannot compare with ${name(before, 'before')}: a figure is missing.`,
  }[overall];
  if (safeBefore !== safeAfter) {
    const says = (f: number | null) => (f === null ? 'no buffer size up to 256 frames is safe' : `${f} frames is the smallest safe buffer`);
    summary += ` Before, ${says(safeBefore)}; now ${says(safeAfter)}.`;
  }
  return {
    before: { label: before.label, at: before.startedAt },
    after: { label: after.label, at: after.startedAt },
    worst,
    p99,
    buffers,
    overall,
    caveats: caveatsOf(before, after),
    summary,
  };
}
