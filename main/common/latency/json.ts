// cyclictest --json=FILE (rt-tests 2.x): `{"file_version": 1, "cmdline:": "...",
// "rt_test_version:": "2.40", "num_threads": 2, "thread": {"0": {"histogram":
// {"14": 214, ...}, "cycles": 2000, "min": 8, "max": 641, "avg": 21.85, "cpu": 0,
// "node": -1}, ...}, ...}`. The colons inside two key names are rt-tests' own.
// The histogram holds in-range samples only: cycles minus their sum = overflows.
import { capWarnings, type Bucket, type ParseResult, type ThreadRun } from './types.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);
const real = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.length <= 200 ? v : null);

/** The histogram range a command line asked for (`-h N`, `-H N`, `--histogram=N`, `--histofall=N`). */
export function histogramRangeOf(cmdline: string): number | null {
  const m = /(?:^|\s)(?:-[hH]\s*|--histo(?:gram|fall)[=\s]+)(\d{1,9})(?=\s|$)/.exec(cmdline);
  return m ? Number(m[1]) : null;
}

function buckets(v: unknown, warnings: string[], thread: number): Bucket[] | null {
  if (v === undefined) return null;
  if (!isObject(v)) {
    warnings.push(`thread ${thread}: "histogram" is not an object`);
    return null;
  }
  const out: Bucket[] = [];
  for (const [k, c] of Object.entries(v)) {
    const n = count(c);
    if (!/^\d{1,9}$/.test(k) || n === null) {
      warnings.push(`thread ${thread}: histogram entry ${JSON.stringify(k).slice(0, 20)} is not "µs": count`);
      return null;
    }
    if (n > 0) out.push([Number(k), n]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Parse cyclictest's JSON output. */
export function parseCyclictestJson(input: string): ParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(input);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message.slice(0, 120)}` };
  }
  if (!isObject(doc) || !isObject(doc.thread)) return { ok: false, error: 'not cyclictest JSON: no "thread" object' };
  const warnings: string[] = [];
  const threads: ThreadRun[] = [];
  for (const [key, t] of Object.entries(doc.thread)) {
    if (!/^\d{1,5}$/.test(key) || !isObject(t)) {
      warnings.push(`thread ${JSON.stringify(key).slice(0, 20)} is not a numbered object: ignored`);
      continue;
    }
    const thread = Number(key);
    const cycles = count(t.cycles);
    let hist = buckets(t.histogram, warnings, thread);
    let overflows: number | null = null;
    if (hist && cycles !== null) {
      overflows = cycles - hist.reduce((a, [, c]) => a + c, 0);
      if (overflows < 0) {
        warnings.push(`thread ${thread}: the histogram holds more samples than "cycles"`);
        overflows = null;
        hist = null;
      }
    } else if (hist) hist = null;
    const none = cycles === 0;
    threads.push({
      thread,
      cpu: typeof t.cpu === 'number' && Number.isSafeInteger(t.cpu) && t.cpu >= 0 ? t.cpu : null,
      cycles,
      min: none ? null : count(t.min),
      avg: none ? null : real(t.avg),
      max: none ? null : count(t.max),
      overflows,
      buckets: hist,
    });
  }
  if (threads.length === 0) return { ok: false, error: 'cyclictest JSON without any thread' };
  threads.sort((a, b) => a.thread - b.thread);
  const declared = count(doc.num_threads);
  if (declared !== null && declared !== threads.length) warnings.push(`"num_threads" says ${declared}, ${threads.length} threads found`);
  const cmdline = text(doc['cmdline:']) ?? text(doc.cmdline);
  const histogramUs = cmdline ? histogramRangeOf(cmdline) : null;
  const hasHistogram = threads.some((t) => t.buckets !== null);
  const complete =
    warnings.length === 0 && threads.every((t) => t.cycles !== null && t.max !== null && (!hasHistogram || t.buckets !== null));
  return {
    ok: true,
    run: {
      source: 'json',
      histogramUs: hasHistogram ? histogramUs : null,
      threads,
      version: text(doc['rt_test_version:']) ?? text(doc.rt_test_version),
      complete,
      warnings: capWarnings(warnings),
    },
  };
}
