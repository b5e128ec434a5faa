// Data for drawing a histogram on log axes (the wizard's LatencyHistogram):
// the µs buckets summed into bins of equal width on a log scale.
import type { LatencyHistogram } from './stats.js';

/** Bins per decade of µs. */
export const BINS_PER_DECADE = 10;

/** A bin of the log-scale chart: [fromUs, toUs) and its count over all CPUs. */
export interface ChartBin {
  fromUs: number;
  toUs: number;
  count: number;
}

/** The decades shown: 1 µs up to the first power of ten at or above `maxUs`. */
export function decadesFor(maxUs: number): number {
  return Math.max(1, Math.ceil(Math.log10(Math.max(10, maxUs))));
}

/** Sum a histogram into log bins from 1 µs to 10^decades µs (bucket 0 counts in the first bin). */
export function logBins(h: LatencyHistogram, decades: number): ChartBin[] {
  const n = decades * BINS_PER_DECADE;
  const bins = Array.from({ length: n }, (_, i) => ({
    fromUs: 10 ** (i / BINS_PER_DECADE),
    toUs: 10 ** ((i + 1) / BINS_PER_DECADE),
    count: 0,
  }));
  for (const r of h.rows) {
    // The small epsilon keeps exact powers of ten (10, 100, ...) in the bin they start.
    const i = Math.floor(BINS_PER_DECADE * Math.log10(Math.max(1, r.us)) + 1e-9);
    const bin = bins[Math.min(n - 1, i)];
    if (bin) bin.count += r.total;
  }
  return bins;
}
