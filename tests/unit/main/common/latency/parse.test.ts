import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogramRangeOf, parseCyclictestJson } from '../../../../../main/common/latency/json.js';
import { mergeJson, parseCyclictest, parseHistogramText, parseSummaryText } from '../../../../../main/common/latency/parse.js';
import type { CyclictestRun } from '../../../../../main/common/latency/types.js';
import { FUZZ_RUNS, fuzzText } from '../../../helpers/fuzz.js';

const DIR = path.resolve(import.meta.dirname, '../../../../fixtures/latency');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
const run = (f: string): CyclictestRun => {
  const r = parseCyclictest(read(f));
  if (!r.ok) throw new Error(`${f}: ${r.error}`);
  return r.run;
};
const sum = (t: CyclictestRun['threads'][number]) => (t.buckets ?? []).reduce((a, [, c]) => a + c, 0);
const pick = (r: CyclictestRun) => r.threads.map((t) => [t.min, t.avg, t.max, t.overflows, t.cycles]);

describe('histogram mode, real captures (figures checked by hand against the # lines)', () => {
  it('-h 400 -q, two threads: summary lines, overflows, cycles = Total + overflows', () => {
    const r = run('hist-quiet-2cpu.txt');
    expect(r).toMatchObject({ source: 'histogram', histogramUs: 400, complete: true, warnings: [] });
    expect(pick(r)).toEqual([
      [8, 30, 4381, 5, 2978],
      [8, 36, 9104, 7, 2978],
    ]);
    expect(r.threads.map(sum)).toEqual([2973, 2971]);
    expect(r.threads[0]!.buckets![0]).toEqual([8, expect.any(Number)]);
  });

  it('the live display before the histogram (ESC[4A) is skipped', () => {
    const r = run('hist-live-2cpu.txt');
    expect(r).toMatchObject({ source: 'histogram', histogramUs: 1000, complete: true });
    expect(pick(r)).toEqual([
      [12, 36, 3624, 6, 2990],
      [8, 35, 9417, 5, 2972],
    ]);
  });

  it('--histfile with the runner range (10000 rows, no overflows)', () => {
    const r = run('histfile-2cpu.txt');
    expect(r).toMatchObject({ histogramUs: 10_000, complete: true });
    expect(pick(r)).toEqual([
      [10, 33, 5527, 0, 2995],
      [10, 32, 3935, 0, 2987],
    ]);
    expect(r.threads[0]!.buckets!.at(-1)![0]).toBe(5527);
  });

  it('-H: the all-threads column is dropped from rows and totals', () => {
    const r = run('histofall-2cpu.txt');
    expect(r.threads).toHaveLength(2);
    expect(r.complete).toBe(true);
    expect(pick(r)).toEqual([
      [9, 84, 32884, 38, 2864],
      [13, 84, 33365, 28, 2869],
    ]);
  });

  it('one thread', () => {
    expect(pick(run('hist-quiet-1thread.txt'))).toEqual([[9, 72, 6389, 30, 1948]]);
  });

  it('PREEMPT_RT lab guest: hundreds of overflows, the "# NNN others" tail', () => {
    const r = run('lab-rt-tcg-hist-quiet.txt');
    expect(r.complete).toBe(true);
    expect(pick(r)).toEqual([
      [30, 386, 10156, 331, 2501],
      [32, 430, 12365, 441, 2429],
    ]);
  });
});

describe('summary mode and JSON, real captures', () => {
  it('-q: one T: line per thread, final', () => {
    const r = run('summary-quiet-2cpu.txt');
    expect(r).toMatchObject({ source: 'summary', histogramUs: null, complete: true, warnings: [] });
    expect(pick(r)).toEqual([
      [13, 91, 42872, null, 2860],
      [12, 80, 34103, null, 2884],
    ]);
    expect(r.threads.every((t) => t.buckets === null)).toBe(true);
    expect(pick(run('lab-rt-tcg-summary-quiet.txt'))).toEqual([
      [13, 375, 10489, null, 2610],
      [26, 339, 11552, null, 2574],
    ]);
  });

  it('the live display: the last line of each thread, flagged as possibly stale', () => {
    const r = run('summary-live-2cpu.txt');
    expect(r.complete).toBe(false);
    expect(r.warnings[0]).toMatch(/live display/);
    expect(pick(r)).toEqual([
      [18, 119, 28974, null, 861],
      [18, 102, 29874, null, 866],
    ]);
  });

  it('a thread that has not woken yet (C: 0, Min:1000000) has unknown figures', () => {
    const r = parseSummaryText('T: 1 (    0) P:80 I:1000 C:      0 Min:1000000 Act:    0 Avg:    0 Max:       0');
    expect(r.ok && r.run.threads[0]).toMatchObject({ cycles: 0, min: null, avg: null, max: null });
  });

  it('JSON: cpu numbers, exact averages, overflows = cycles − histogram, range from the command line', () => {
    const r = run('histfile-2cpu.json');
    expect(r).toMatchObject({ source: 'json', version: '2.40', histogramUs: 10_000, complete: true });
    expect(r.threads.map((t) => [t.cpu, t.avg, t.overflows, t.cycles])).toEqual([
      [0, 33.34, 0, 2995],
      [1, 32.79, 0, 2987],
    ]);
    const lab = run('lab-rt-tcg.json');
    expect(lab.histogramUs).toBe(2000);
    expect(lab.threads.map((t) => t.overflows)).toEqual([103, 88]);
  });

  it('JSON and the histogram text of the same run agree bucket for bucket', () => {
    for (const [text, json] of [
      ['histfile-2cpu.txt', 'histfile-2cpu.json'],
      ['lab-rt-tcg.json.stdout.txt', 'lab-rt-tcg.json'],
    ] as const) {
      const a = run(text);
      const b = run(json);
      expect(a.threads.map((t) => t.buckets)).toEqual(b.threads.map((t) => t.buckets));
      expect(a.threads.map((t) => t.cycles)).toEqual(b.threads.map((t) => t.cycles));
      const merged = mergeJson(a, b);
      expect(merged.threads.map((t) => [t.cpu, t.avg])).toEqual(b.threads.map((t) => [t.cpu, t.avg]));
      expect(merged.version).toBe('2.40');
    }
  });

  it('mergeJson refuses a JSON of another run', () => {
    const merged = mergeJson(run('hist-quiet-2cpu.txt'), run('histfile-2cpu.json'));
    expect(merged.threads.every((t) => t.cpu === null)).toBe(true);
    expect(merged.warnings.at(-1)).toMatch(/another run/);
  });

  it('histogramRangeOf reads -h, -H, --histogram=', () => {
    expect(histogramRangeOf('cyclictest -m -h 400 -q')).toBe(400);
    expect(histogramRangeOf('cyclictest -H400')).toBe(400);
    expect(histogramRangeOf('cyclictest --histogram=10000 -q')).toBe(10000);
    expect(histogramRangeOf('cyclictest -q --histfile=x')).toBeNull();
  });
});

describe('bad or partial output', () => {
  it('not cyclictest output: a clear error', () => {
    expect(parseCyclictest('')).toEqual({ ok: false, error: expect.stringMatching(/not cyclictest output/) });
    expect(parseCyclictest(read('not-permitted.stderr.txt')).ok).toBe(false);
    expect(parseCyclictest('{"a": 1}')).toEqual({ ok: false, error: expect.stringMatching(/no "thread"/) });
    expect(parseCyclictest('{ nope')).toEqual({ ok: false, error: expect.stringMatching(/not JSON/) });
  });

  it('cut short inside the histogram: explicit unknowns, no buckets without a trustworthy count', () => {
    const text = read('hist-quiet-2cpu.txt');
    const cut = text.slice(0, text.indexOf('000050 '));
    const r = parseHistogramText(cut);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.run.complete).toBe(false);
    expect(r.run.threads.map((t) => [t.min, t.max, t.cycles, t.buckets])).toEqual([
      [null, null, null, null],
      [null, null, null, null],
    ]);
    expect(r.run.warnings.join('\n')).toMatch(/no "# Max Latencies:" line/);
  });

  it('a row that does not add up to Total is reported and the buckets are dropped', () => {
    const text = read('hist-quiet-2cpu.txt').replace(/^000030 (\d+)/m, '000030 999999');
    const r = parseHistogramText(text);
    expect(r.ok && r.run.complete).toBe(false);
    expect(r.ok && r.run.threads[0]!.buckets).toBeNull();
    expect(r.ok && r.run.warnings.join()).toMatch(/add up to/);
  });

  it('the fuzzer never crashes a parser: a run or an error, and counts stay sane', () => {
    const seeds = ['hist-quiet-2cpu.txt', 'hist-quiet-1thread.txt', 'histofall-2cpu.txt', 'summary-quiet-2cpu.txt', 'summary-live-2cpu.txt', 'lab-rt-tcg.json', 'lab-rt-tcg-hist-quiet.txt'].map(read);
    fc.assert(
      fc.property(fuzzText(seeds), (text) => {
        const r = parseCyclictest(text);
        if (!r.ok) return typeof r.error === 'string' && r.error.length > 0;
        for (const t of r.run.threads) {
          for (const v of [t.min, t.avg, t.max, t.cycles, t.overflows]) if (v !== null && !(Number.isFinite(v) && v >= 0)) return false;
          if (t.buckets && t.cycles !== null && sum(t) > t.cycles) return false;
        }
        return true;
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('JSON fuzzing: hostile values never become numbers', () => {
    const hostile = fc.oneof(fc.jsonValue(), fc.constantFrom('__proto__', 1e308, -1, 0.5, '12', null));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.record({ histogram: fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), hostile), hostile), cycles: hostile, min: hostile, max: hostile, avg: hostile, cpu: hostile })), (threads) => {
        const r = parseCyclictestJson(JSON.stringify({ thread: threads }));
        if (!r.ok) return true;
        return r.run.threads.every((t) => [t.min, t.max, t.cycles, t.overflows, t.cpu].every((v) => v === null || (Number.isSafeInteger(v) && v >= 0)));
      }),
      { numRuns: Math.min(FUZZ_RUNS, 1000) },
    );
  });
});

describe('warnings', () => {
  it('garbage gives a bounded list of warnings', () => {
    const r = parseHistogramText('# Histogram\n' + 'junk line\n'.repeat(500) + '000000 000001\n# Total: 000000001\n');
    expect(r.ok && r.run.warnings.length).toBe(21);
    expect(r.ok && r.run.warnings.at(-1)).toMatch(/… and \d+ more/);
  });
});
