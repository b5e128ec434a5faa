// The stored result of one measurement: what ran, the numbers per CPU and in
// total, the histogram and the verdict. Written as JSON under the user's state
// directory, printed by `latency --json`, read back to compare and to report.
import { z } from 'zod';
import { allStats, histogramOf, threadStats, type LatencyHistogram, type LatencyStats } from './stats.js';
import { LOADS, SECONDS_RANGE, type CyclictestRun } from './types.js';
import { verdictOf, type Verdict } from './verdict.js';

/** Identifies a stored latency result. */
export const RESULT_FORMAT = 'studio-setup-latency';
/** Longest label kept. */
export const LABEL_MAX = 80;

const us = z.number().nonnegative();
const percentile = z.union([us, z.literal('over'), z.null()]);
const stats = z.object({
  cpu: z.union([z.number().int().nonnegative(), z.literal('all'), z.null()]),
  samples: z.number().int().nonnegative().nullable(),
  min: us.nullable(),
  avg: us.nullable(),
  max: us.nullable(),
  overflows: z.number().int().nonnegative().nullable(),
  p50: percentile,
  p99: percentile,
  p999: percentile,
});
const count = z.number().int().nonnegative();
const histogram = z.object({
  rangeUs: z.number().int().positive().nullable(),
  cpus: z.array(z.number().int().nonnegative().nullable()),
  rows: z.array(z.object({ us: count, counts: z.array(count), total: count })),
  overflows: z.array(count),
});
const safety = z.enum(['safe', 'marginal', 'unsafe', 'unknown']);

/** The settings a measurement ran with. */
export const SETTINGS_SCHEMA = z.object({
  tool: z.literal('cyclictest'),
  toolVersion: z.string().max(40).nullable(),
  seconds: z.number().int().min(SECONDS_RANGE.min).max(SECONDS_RANGE.max),
  load: z.enum(LOADS),
  priority: z.number().int().min(1).max(99),
  intervalUs: z.number().int().positive(),
  histogramUs: z.number().int().positive(),
  /** Did cyclictest hold /dev/cpu_dma_latency at 0 (hiding C-state exits)? We run it with --default-system: no. */
  pmQos: z.boolean(),
  via: z.enum(['direct', 'helper']),
  command: z.array(z.string().max(300)).max(40),
});

/** A stored measurement, validated on every read (a file given to --compare may be anything). */
export const RESULT_SCHEMA = z.object({
  format: z.literal(RESULT_FORMAT),
  version: z.literal(1),
  label: z.string().max(LABEL_MAX).nullable(),
  startedAt: z.string().max(40),
  finishedAt: z.string().max(40),
  settings: SETTINGS_SCHEMA,
  host: z.object({ kernel: z.string().max(200).nullable(), cpus: z.number().int().positive().nullable() }),
  cpus: z.array(stats),
  all: stats,
  histogram: histogram.nullable(),
  verdict: z.object({
    worstUs: us.nullable(),
    buffers: z.array(z.object({ frames: z.number().int().positive(), periodUs: us, safety })),
    smallestSafe: z.number().int().positive().nullable(),
    headline: z.string(),
    notes: z.array(z.string()),
  }),
  warnings: z.array(z.string()),
});

/** A stored measurement. */
export type LatencyResult = z.infer<typeof RESULT_SCHEMA>;
/** The settings of a measurement. */
export type LatencySettings = z.infer<typeof SETTINGS_SCHEMA>;

/** A label as stored: trimmed, control characters dropped, at most LABEL_MAX characters; empty → null. */
export function cleanLabel(label: string | null | undefined): string | null {
  const s = (label ?? '').replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim().slice(0, LABEL_MAX);
  return s === '' ? null : s;
}

/** Build the stored result of a parsed run. */
export function buildResult(
  run: CyclictestRun,
  meta: { label?: string | null; startedAt: Date; finishedAt: Date; settings: LatencySettings; kernel: string | null; cpus: number | null },
): LatencyResult {
  const all = allStats(run.threads);
  return {
    format: RESULT_FORMAT,
    version: 1,
    label: cleanLabel(meta.label),
    startedAt: meta.startedAt.toISOString(),
    finishedAt: meta.finishedAt.toISOString(),
    settings: { ...meta.settings, toolVersion: meta.settings.toolVersion ?? run.version },
    host: { kernel: meta.kernel, cpus: meta.cpus },
    cpus: run.threads.map(threadStats),
    all,
    histogram: histogramOf(run),
    verdict: verdictOf(all.max, { seconds: meta.settings.seconds, overflows: all.overflows, samples: all.samples }),
    warnings: run.warnings,
  };
}

/** Read a stored result from its JSON text: the result, or what is wrong with it. */
export function readResult(text: string): { ok: true; result: LatencyResult } | { ok: false; error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, error: 'is not JSON' };
  }
  const format = (doc as { format?: unknown } | null)?.format;
  if (format !== RESULT_FORMAT) return { ok: false, error: `is not a Studio Setup latency result (format ${JSON.stringify(format ?? null)})` };
  const parsed = RESULT_SCHEMA.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `is not a valid latency result: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, result: parsed.data };
}

// The schema and the computed types must describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _statsAgree: Same<z.infer<typeof stats>, LatencyStats> = true;
const _histogramAgree: Same<z.infer<typeof histogram>, LatencyHistogram> = true;
const _verdictAgree: Same<LatencyResult['verdict'], Verdict> = true;
void [_statsAgree, _histogramAgree, _verdictAgree];
