import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareResults, changeOf, NOISE, pairText } from '../../../../../main/common/latency/compare.js';
import { parseCyclictest } from '../../../../../main/common/latency/parse.js';
import { buildResult, readResult, cleanLabel, type LatencyResult } from '../../../../../main/common/latency/result.js';
import { allStats, percentile, threadStats } from '../../../../../main/common/latency/stats.js';
import type { ThreadRun } from '../../../../../main/common/latency/types.js';
import { periodUs, safetyOf, verdictOf } from '../../../../../main/common/latency/verdict.js';
import { fixtureResult, LATENCY_FIXTURES as DIR, SETTINGS } from '../../../helpers/latency.js';

/** A result with a chosen worst case and p99 (one thread, a two-bucket histogram). */
function synthetic(max: number, p99: number, label: string, seconds = 60): LatencyResult {
  const t: ThreadRun = { thread: 0, cpu: 0, cycles: 1000, min: 5, avg: 10, max, overflows: 0, buckets: [[5, 985], [p99, 14], [max, 1]] };
  const at = new Date('2026-11-22T02:00:00Z');
  return buildResult(
    { source: 'histogram', histogramUs: 10000, threads: [t], version: null, complete: true, warnings: [] },
    { label, startedAt: at, finishedAt: at, settings: { ...SETTINGS, seconds }, kernel: null, cpus: 1 },
  );
}

describe('percentiles from the histogram', () => {
  it('the lower edge of the bucket holding the rank; beyond the range: over; no histogram: unknown', () => {
    const b: [number, number][] = [[10, 50], [20, 40], [30, 9], [40, 1]];
    expect(percentile(b, 100, 0.5)).toBe(10);
    expect(percentile(b, 100, 0.51)).toBe(20);
    expect(percentile(b, 100, 0.99)).toBe(30);
    expect(percentile(b, 100, 0.999)).toBe(40);
    expect(percentile(b, 200, 0.99)).toBe('over');
    expect(percentile(null, 100, 0.5)).toBeNull();
    expect(percentile(b, 0, 0.5)).toBeNull();
  });

  it('per CPU and over all CPUs, from a real run', () => {
    const r = parseCyclictest(fs.readFileSync(path.join(DIR, 'histfile-2cpu.json'), 'utf8'));
    if (!r.ok) throw new Error(r.error);
    expect(r.run.threads.map(threadStats).map((s) => [s.cpu, s.samples, s.max, s.p50, s.p99, s.p999])).toEqual([
      [0, 2995, 5527, 31, 94, 828],
      [1, 2987, 3935, 28, 109, 2005],
    ]);
    expect(allStats(r.run.threads)).toMatchObject({ cpu: 'all', samples: 5982, min: 10, max: 5527, overflows: 0, p50: 29, p99: 103, p999: 828 });
    expect(allStats(r.run.threads).avg).toBeCloseTo((33.34 * 2995 + 32.79 * 2987) / 5982, 2);
  });

  it('a figure over all CPUs is unknown when one CPU\'s is', () => {
    const t: ThreadRun = { thread: 0, cpu: 0, cycles: 10, min: 1, avg: 2, max: 3, overflows: 0, buckets: [[1, 10]] };
    expect(allStats([t, { ...t, thread: 1, max: null, buckets: null }])).toMatchObject({ max: null, min: 1, p99: null });
  });
});

describe('verdict', () => {
  it('periods at 48 kHz', () => {
    expect([64, 128, 256].map((f) => periodUs(f).toFixed(1))).toEqual(['1333.3', '2666.7', '5333.3']);
  });

  it('safe up to a quarter of the period, marginal up to half, unsafe beyond', () => {
    expect(safetyOf(333, 64)).toBe('safe');
    expect(safetyOf(334, 64)).toBe('marginal');
    expect(safetyOf(666, 64)).toBe('marginal');
    expect(safetyOf(667, 64)).toBe('unsafe');
    expect(safetyOf(null, 64)).toBe('unknown');
  });

  it('headlines name the smallest safe buffer in plain words', () => {
    expect(verdictOf(40, { seconds: 60 })).toMatchObject({ smallestSafe: 64, headline: expect.stringMatching(/^Worst wake-up latency 40 µs: .*handles real-time audio well; 64 frames \(1\.33 ms\)/) });
    expect(verdictOf(500, { seconds: 60 }).headline).toMatch(/use 128 frames \(2\.67 ms\) or more at 48 kHz; 64 frames risk dropouts/);
    expect(verdictOf(1000, { seconds: 60 }).headline).toMatch(/use 256 frames .* 64 and 128 frames risk dropouts/);
    expect(verdictOf(2000, { seconds: 60 })).toMatchObject({ smallestSafe: null, headline: expect.stringMatching(/only 256 frames .* little headroom/) });
    expect(verdictOf(4395, { seconds: 60 }).headline).toMatch(/dropouts are likely even at 256 frames/);
    expect(verdictOf(null, { seconds: 60 }).headline).toMatch(/unknown/);
  });

  it('notes a short run and overflows', () => {
    const v = verdictOf(100, { seconds: 3, overflows: 12, samples: 5956 });
    expect(v.notes.join('\n')).toMatch(/short run \(3 s\)/);
    expect(v.notes.join('\n')).toMatch(/12 wake-up\(s\) were later than the histogram's range \(0\.20 %/);
  });
});

describe('stored results', () => {
  it('round-trip through the schema; foreign or broken files are refused with a reason', () => {
    const r = fixtureResult('hist-quiet-2cpu.txt', 'before');
    expect(readResult(JSON.stringify(r))).toEqual({ ok: true, result: r });
    expect(readResult('nope')).toEqual({ ok: false, error: 'is not JSON' });
    expect(readResult('{"format":"studio-setup-report"}')).toMatchObject({ ok: false, error: expect.stringMatching(/not a Studio Setup latency result/) });
    expect(readResult(JSON.stringify({ ...r, all: { ...r.all, max: -1 } }))).toMatchObject({ ok: false, error: expect.stringMatching(/all\.max/) });
  });

  it('labels: trimmed, control characters out, bounded', () => {
    expect(cleanLabel('  after\u0007 apply\n')).toBe('after  apply');
    expect(cleanLabel('   ')).toBeNull();
    expect(cleanLabel('x'.repeat(200))).toHaveLength(80);
  });

  it('summary-mode results have no histogram and unknown percentiles', () => {
    const r = fixtureResult('summary-quiet-2cpu.txt', null);
    expect(r.histogram).toBeNull();
    expect(r.all).toMatchObject({ max: 42872, p99: null });
  });
});

describe('before/after comparison', () => {
  it('noise: the same within the floor or the factor, better or worse beyond both', () => {
    expect(changeOf(100, 140, NOISE.worst).change).toBe('same');
    expect(changeOf(1000, 1900, NOISE.worst).change).toBe('same');
    expect(changeOf(1000, 2100, NOISE.worst).change).toBe('worse');
    expect(changeOf(1000, 450, NOISE.worst).change).toBe('better');
    expect(changeOf(20, 12, NOISE.p99).change).toBe('same');
    expect(changeOf(100, 60, NOISE.p99).change).toBe('better');
    expect(changeOf(100, 140, NOISE.p99).change).toBe('same');
    expect(changeOf(null, 140, NOISE.p99)).toEqual({ before: null, after: 140, delta: null, change: 'unknown' });
  });

  it('a tuned machine: better, and the buffer that became safe is named', () => {
    const c = compareResults(synthetic(2400, 180, 'before'), synthetic(250, 40, 'after'));
    expect(c).toMatchObject({ overall: 'better', worst: { delta: -2150, change: 'better' }, p99: { change: 'better' }, caveats: [] });
    expect(c.summary).toMatch(/^Better than "before" \(worst case 2400 µs → 250 µs\)\. Before, no buffer size up to 256 frames is safe; now 64 frames is the smallest safe buffer\./);
    expect(c.buffers).toEqual([
      { frames: 64, before: 'unsafe', after: 'safe' },
      { frames: 128, before: 'unsafe', after: 'safe' },
      { frames: 256, before: 'marginal', after: 'safe' },
    ]);
  });

  it('worse, same, mixed', () => {
    expect(compareResults(synthetic(250, 40, 'a'), synthetic(2400, 180, 'b')).overall).toBe('worse');
    expect(compareResults(synthetic(250, 40, 'a'), synthetic(300, 45, 'b')).overall).toBe('same');
    expect(compareResults(synthetic(250, 40, 'a'), synthetic(3000, 20, 'b'))).toMatchObject({ overall: 'mixed', summary: expect.stringMatching(/worst case is worse, the 99th percentile better/) });
  });

  it('short runs need a bigger move: a worst case 2.4x lower in 10 s runs is noise, 8x is not', () => {
    expect(compareResults(synthetic(13650, 40, 'before', 10), synthetic(5634, 40, 'after', 10))).toMatchObject({
      overall: 'same',
      summary: 'No change beyond run-to-run noise compared with "before" (worst case 13.65 ms → 5.63 ms).',
    });
    expect(compareResults(synthetic(13650, 40, 'before', 10), synthetic(1700, 40, 'after', 10)).overall).toBe('better');
    expect(compareResults(synthetic(13650, 40, 'before', 60), synthetic(5634, 40, 'after', 60)).overall).toBe('better');
  });

  it('the worst cases read in one unit', () => {
    expect(pairText(2400, 250)).toBe('2400 µs → 250 µs');
    expect(pairText(13650, 5634)).toBe('13.65 ms → 5.63 ms');
  });

  it('two real runs of the same machine under the same conditions are the same', () => {
    const c = compareResults(fixtureResult('hist-live-2cpu.txt', 'run 1'), fixtureResult('histfile-2cpu.txt', 'run 2'));
    expect(c.overall).toBe('same');
  });

  it('says when the runs are not comparable', () => {
    const c = compareResults(fixtureResult('hist-quiet-2cpu.txt', 'a', { load: 'none', seconds: 10 }), fixtureResult('histfile-2cpu.txt', 'b', { load: 'cpu', seconds: 60 }));
    expect(c.caveats).toEqual([
      'the background load differs (none before, cpu after)',
      "the runs' lengths differ (10 s and 60 s): a longer run meets rarer delays",
      'short runs: the worst case of identical short runs can differ several times over; compare runs of a minute or more',
    ]);
  });
});
