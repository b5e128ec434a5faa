// The latency measurement's vocabulary: what cyclictest prints, parsed, and the
// settings a measurement runs with. Environment-free (the renderer draws these).

/** Background loads a measurement can run under. */
export const LOADS = ['none', 'cpu', 'io'] as const;
/** A background load: none, CPU/scheduler (hackbench) or disk writes with fsync. */
export type LoadKind = (typeof LOADS)[number];

/** Shortest and longest measurement the CLI and the helper accept, in seconds. */
export const SECONDS_RANGE = { min: 1, max: 600 } as const;

// The measuring threads sit where an audio server's client threads sit (JACK
// commonly 70-80), below the audio path's IRQ threads in the planner's ladder
// (90 and down by 5 for the interface and the disk): the measurement must not
// preempt the very interrupts whose handling it is measuring.
/** SCHED_FIFO priority of the measuring threads. */
export const MEASURE_PRIORITY = 80;
/** Wake-up interval of every measuring thread, µs (one wake-up per millisecond, like a 48-frame period). */
export const INTERVAL_US = 1000;
/** Histogram range, µs: rows 0..9999; later wake-ups count as overflows (their maximum is still known). */
export const HISTOGRAM_US = 10_000;

/** Sample rate the verdict speaks about. */
export const SAMPLE_RATE = 48_000;
/** Buffer sizes (frames per period) the verdict judges. */
export const BUFFER_FRAMES = [64, 128, 256] as const;

/** A histogram bucket: [latency µs (the bucket's lower edge), samples]. */
export type Bucket = [us: number, count: number];

/** One measuring thread as cyclictest reported it; null = not in the output. */
export interface ThreadRun {
  /** cyclictest's thread number (T: N). */
  thread: number;
  /** The CPU it ran on (from the JSON output; null when only the text says). */
  cpu: number | null;
  /** Wake-ups measured, overflows included. */
  cycles: number | null;
  min: number | null;
  avg: number | null;
  max: number | null;
  /** Wake-ups later than the histogram's range. */
  overflows: number | null;
  /** Non-empty buckets in ascending order; null without a histogram (summary mode). */
  buckets: Bucket[] | null;
}

/** Which of cyclictest's outputs a run was read from. */
export type RunSource = 'histogram' | 'summary' | 'json';

/** cyclictest's output, parsed. */
export interface CyclictestRun {
  source: RunSource;
  /** Histogram range in µs (rows printed), null when unknown or no histogram. */
  histogramUs: number | null;
  threads: ThreadRun[];
  /** rt-tests version when the output says it (JSON). */
  version: string | null;
  /** Every part expected of this kind of output was there and added up. */
  complete: boolean;
  /** What was odd, skipped or missing. */
  warnings: string[];
}

/** A parser's answer: a run, or why there is none. */
export type ParseResult = { ok: true; run: CyclictestRun } | { ok: false; error: string };

/** Validate a measurement's arguments (CLI and helper alike): the error for people, or null. */
export function checkMeasureArgs(seconds: unknown, load: unknown): string | null {
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < SECONDS_RANGE.min || seconds > SECONDS_RANGE.max) {
    return `--seconds must be a whole number from ${SECONDS_RANGE.min} to ${SECONDS_RANGE.max}`;
  }
  if (typeof load !== 'string' || !(LOADS as readonly string[]).includes(load)) return `--load must be one of ${LOADS.join(', ')}`;
  return null;
}

/** Parse a --seconds value as typed: digits only (no 1e3, no 0x10, no spaces). */
export function parseSeconds(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  return /^\d{1,4}$/.test(text) ? Number(text) : NaN;
}

const MAX_WARNINGS = 20;

/** At most 20 warnings, then how many more there were (garbage input must not yield thousands). */
export function capWarnings(warnings: string[]): string[] {
  return warnings.length <= MAX_WARNINGS ? warnings : [...warnings.slice(0, MAX_WARNINGS), `… and ${warnings.length - MAX_WARNINGS} more`];
}
