// From a parsed run to the numbers people read: per CPU and over all CPUs,
// min/avg/max, percentiles from the histogram, overflows; and the histogram
// itself in a compact form (non-empty buckets only).
import type { Bucket, CyclictestRun, ThreadRun } from './types.js';

/** A percentile in µs; 'over' = beyond the histogram's range; null = unknown (no histogram). */
export type Percentile = number | 'over' | null;

/** The percentiles reported. */
export const PERCENTILES = { p50: 0.5, p99: 0.99, p999: 0.999 } as const;

/** The numbers of one CPU, or of all of them together (`cpu: 'all'`). */
export interface LatencyStats {
  /** CPU number; null when the output did not say; 'all' for the whole machine. */
  cpu: number | 'all' | null;
  samples: number | null;
  min: number | null;
  avg: number | null;
  max: number | null;
  overflows: number | null;
  p50: Percentile;
  p99: Percentile;
  p999: Percentile;
}

/** A histogram: one row per non-empty µs bucket with a count per CPU (in `cpus` order) and in total. */
export interface LatencyHistogram {
  /** Range in µs: later wake-ups are counted in `overflows`, not in rows. */
  rangeUs: number | null;
  cpus: (number | null)[];
  rows: { us: number; counts: number[]; total: number }[];
  overflows: number[];
}

/** The q-quantile (0 < q < 1) of `samples` wake-ups, `buckets` ascending; the lower edge of its bucket. */
export function percentile(buckets: readonly Bucket[] | null, samples: number | null, q: number): Percentile {
  if (!buckets || samples === null || samples <= 0) return null;
  const rank = Math.max(1, Math.ceil(q * samples));
  let seen = 0;
  for (const [us, c] of buckets) {
    seen += c;
    if (seen >= rank) return us;
  }
  return 'over';
}

/** Add bucket lists together. */
export function mergeBuckets(lists: readonly (readonly Bucket[])[]): Bucket[] {
  const sum = new Map<number, number>();
  for (const list of lists) for (const [us, c] of list) sum.set(us, (sum.get(us) ?? 0) + c);
  return [...sum.entries()].sort((a, b) => a[0] - b[0]);
}

function withPercentiles(base: Omit<LatencyStats, 'p50' | 'p99' | 'p999'>, buckets: readonly Bucket[] | null): LatencyStats {
  const samples = base.samples;
  return {
    ...base,
    p50: percentile(buckets, samples, PERCENTILES.p50),
    p99: percentile(buckets, samples, PERCENTILES.p99),
    p999: percentile(buckets, samples, PERCENTILES.p999),
  };
}

/** The numbers of one measuring thread (its CPU's). */
export function threadStats(t: ThreadRun): LatencyStats {
  return withPercentiles({ cpu: t.cpu, samples: t.cycles, min: t.min, avg: t.avg, max: t.max, overflows: t.overflows }, t.buckets);
}

const allKnown = <T>(values: (T | null)[]): values is T[] => values.length > 0 && values.every((v) => v !== null);

/** The numbers of all threads together; a figure is unknown when any thread's is (a worst case must be certain). */
export function allStats(threads: readonly ThreadRun[]): LatencyStats {
  const samples = threads.map((t) => t.cycles);
  const mins = threads.map((t) => t.min);
  const maxes = threads.map((t) => t.max);
  const avgs = threads.map((t) => t.avg);
  const overflows = threads.map((t) => t.overflows);
  const buckets = threads.map((t) => t.buckets);
  const total = allKnown(samples) ? samples.reduce((a, b) => a + b, 0) : null;
  let avg: number | null = null;
  if (allKnown(avgs) && allKnown(samples) && total) avg = Math.round((100 * avgs.reduce((a, v, i) => a + v * samples[i]!, 0)) / total) / 100;
  return withPercentiles(
    {
      cpu: 'all',
      samples: total,
      min: allKnown(mins) ? Math.min(...mins) : null,
      avg,
      max: allKnown(maxes) ? Math.max(...maxes) : null,
      overflows: allKnown(overflows) ? overflows.reduce((a, b) => a + b, 0) : null,
    },
    allKnown(buckets) ? mergeBuckets(buckets) : null,
  );
}

/** The run's histogram, or null when any thread has none (summary mode, cut-short output). */
export function histogramOf(run: CyclictestRun): LatencyHistogram | null {
  const lists = run.threads.map((t) => t.buckets);
  if (!allKnown(lists) || run.threads.length === 0) return null;
  const rows = new Map<number, number[]>();
  lists.forEach((list, i) => {
    for (const [us, c] of list) {
      const row = rows.get(us) ?? new Array<number>(lists.length).fill(0);
      row[i] = c;
      rows.set(us, row);
    }
  });
  return {
    rangeUs: run.histogramUs,
    cpus: run.threads.map((t) => t.cpu ?? t.thread),
    rows: [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([us, counts]) => ({ us, counts, total: counts.reduce((a, b) => a + b, 0) })),
    overflows: run.threads.map((t) => t.overflows ?? 0),
  };
}

/** The histogram's rows as buckets over all CPUs (for percentiles of a stored result). */
export function totalBuckets(h: LatencyHistogram): Bucket[] {
  return h.rows.map((r) => [r.us, r.total]);
}

/** Sum the histogram into bins with the given lower edges (ascending, first 0); one count per bin, overflows apart. */
export function binned(h: LatencyHistogram, edges: readonly number[]): { from: number; to: number | null; count: number }[] {
  const bins = edges.map((from, i) => ({ from, to: edges[i + 1] ?? h.rangeUs, count: 0 }));
  let i = 0;
  for (const r of h.rows) {
    while (i + 1 < edges.length && r.us >= (edges[i + 1] as number)) i++;
    bins[i]!.count += r.total;
  }
  return bins;
}
