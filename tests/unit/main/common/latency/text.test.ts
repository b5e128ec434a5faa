import { describe, expect, it } from 'vitest';
import { decadesFor, logBins } from '../../../../../main/common/latency/chart.js';
import { compareResults } from '../../../../../main/common/latency/compare.js';
import { asciiHistogram, formatComparison, formatResult } from '../../../../../main/common/latency/text.js';
import { fixtureResult } from '../../../helpers/latency.js';

describe('text output', () => {
  const r = fixtureResult('hist-quiet-2cpu.txt', 'before', { seconds: 3 });

  it('a table per CPU and over all, with overflows beyond the range shown as >N', () => {
    const text = formatResult(r);
    expect(text).toMatch(/^Scheduling latency "before", 2026-11-22 01:38:00 UTC\n/);
    expect(text).toContain('3 s, no background load, cyclictest 2.40 SCHED_FIFO 80 on every CPU');
    const lines = text.split('\n');
    const head = lines.findIndex((l) => /^\s+CPU\s+samples\s+min\s+avg\s+max\s+p50\s+p99\s+p99\.9\s+overflows$/.test(l));
    expect(head).toBeGreaterThan(0);
    expect(lines[head + 3]!.trim().split(/\s+/)).toEqual(['all', '5956', '8', '33', '9104', '26', '65', '>400', '12']);
    expect(text).toMatch(/Worst wake-up latency 9104 µs: dropouts are likely even at 256 frames/);
    expect(text).toMatch(/ {2}64 frames \(1\.33 ms at 48 kHz\): unsafe/);
  });

  it('the ASCII histogram: bars on a log scale, the overflow row, periods marked where they fall', () => {
    const lines = asciiHistogram(fixtureResult('histfile-2cpu.txt', null).histogram!);
    expect(lines.some((l) => /64 frames at 48 kHz: 1\.33 ms/.test(l))).toBe(true);
    const bars = lines.filter((l) => /µs\s+#/.test(l)).map((l) => /(#+)\s+(\d+)$/.exec(l)!);
    const widest = bars.reduce((a, b) => (Number(b[2]) > Number(a[2]) ? b : a));
    expect(widest[1]).toHaveLength(40);
    // log scale: one sample still gets a visible bar, far shorter than the biggest bin's
    const one = bars.find((b) => b[2] === '1');
    if (one) expect(one[1]!.length).toBeLessThan(10);
    const short = asciiHistogram(fixtureResult('hist-quiet-2cpu.txt', null).histogram!);
    expect(short.at(-1)).toMatch(/≥ 400 µs\s+#+\s+12$/);
    // A capture made with -h 400: no bins past its range, the last one ends at 399.
    expect(short.at(-2)).toMatch(/^\s+333–399 µs/);
  });

  it('a comparison with its figures and caveats', () => {
    const c = compareResults(r, fixtureResult('histfile-2cpu.txt', 'after', { seconds: 3 }));
    const text = formatComparison(c);
    expect(text).toMatch(/^Compared with "before" 2026-11-22 01:38:\n/);
    expect(text).toMatch(/worst case: 9104 µs → 5527 µs \(-3577 µs\): same/);
    expect(text).toMatch(/Note: short runs/);
  });
});

describe('chart bins', () => {
  it('ten bins per decade from 1 µs; every sample lands in one bin', () => {
    const h = fixtureResult('histfile-2cpu.txt', null).histogram!;
    expect(decadesFor(10_000)).toBe(4);
    expect(decadesFor(12_365)).toBe(5);
    const bins = logBins(h, 4);
    expect(bins).toHaveLength(40);
    expect(bins[0]!.fromUs).toBe(1);
    expect(bins.at(-1)!.toUs).toBeCloseTo(10_000);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(h.rows.reduce((a, r) => a + r.total, 0));
    const at = (us: number) => bins.findIndex((b) => b.fromUs <= us + 1e-9 && us < b.toUs - 1e-9);
    expect(at(10)).toBe(10);
    expect(at(100)).toBe(20);
  });
});
