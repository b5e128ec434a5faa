// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import LatencyHistogram from '../../../../renderer/components/LatencyHistogram.svelte';
import { fixtureResult } from '../../helpers/latency.js';

// Vitest resolves packages with Node's conditions in every environment, so
// `svelte` is its server build, whose mount() throws; the browser build is what
// the renderer runs. (svelteTesting() from '@testing-library/svelte/vite' in
// vitest.config.ts would do this for every component test.)
vi.mock('svelte', () => import('../../../../node_modules/svelte/src/index-client.js' as string));

afterEach(() => cleanup());

const before = fixtureResult('hist-quiet-2cpu.txt', 'before', { seconds: 3 }, '2026-11-22T01:00:00Z');
const after = fixtureResult('histfile-2cpu.json', 'after', { seconds: 3 }, '2026-11-22T02:00:00Z');

describe('LatencyHistogram', () => {
  it('is an image with a title and a description, and a text alternative with the key numbers', () => {
    render(LatencyHistogram, { before, after, title: 'Before and after apply' });
    const img = screen.getByRole('img', { name: /Before and after apply/ });
    expect(img.getAttribute('aria-labelledby')).toMatch(/-title .*-desc$/);
    const desc = document.getElementById(img.getAttribute('aria-labelledby')!.split(' ')[1]!);
    expect(desc?.textContent).toMatch(/before and after overlaid/);
    const numbers = screen.getAllByRole('listitem').filter((li) => li.hasAttribute('data-series'));
    expect(numbers.map((li) => li.getAttribute('data-series'))).toEqual(['before', 'after']);
    const a = within(numbers[1]!);
    expect(a.getByText('after')).toBeTruthy();
    expect(numbers[1]!.textContent).toMatch(/worst case 5527 µs, 99th percentile 103 µs, median 29 µs,\s+5982 wake-ups\./);
    expect(numbers[1]!.textContent).toMatch(/No buffer size up to 256 frames at 48 kHz is safe\./);
    // The -h 400 capture has wake-ups beyond its range: said in words, and its p99.9 is "over".
    expect(numbers[0]!.textContent).toMatch(/12 beyond the chart/);
  });

  it('draws both series in their own colours, with a legend', () => {
    const { container } = render(LatencyHistogram, { before, after });
    const paths = [...container.querySelectorAll('path.series')];
    expect(paths.map((p) => p.getAttribute('data-series'))).toEqual(['before', 'after']);
    expect(paths.map((p) => [p.classList.contains('before'), p.classList.contains('after')])).toEqual([
      [true, false],
      [false, true],
    ]);
    for (const p of paths) expect(p.getAttribute('d')).toMatch(/^M [\d.]+ [\d.]+( L [\d.]+ [\d.]+)+ Z$/);
    expect([...container.querySelectorAll('.legend li')].map((li) => li.textContent?.trim())).toEqual(['before', 'after']);
  });

  it('marks the periods of 64, 128 and 256 frames at 48 kHz, in order on a log axis labelled in µs and ms', () => {
    const { container } = render(LatencyHistogram, { after });
    const marks = [...container.querySelectorAll('g.period')];
    expect(marks.map((g) => g.getAttribute('data-frames'))).toEqual(['64', '128', '256']);
    expect(marks.map((g) => g.querySelector('text')?.textContent)).toEqual(['64 fr · 1.33 ms', '128 fr · 2.67 ms', '256 fr · 5.33 ms']);
    const xs = marks.map((g) => Number(g.querySelector('line')!.getAttribute('x1')));
    expect(xs[0]! < xs[1]! && xs[1]! < xs[2]!).toBe(true);
    // One doubling is the same distance on a log axis.
    expect(xs[2]! - xs[1]!).toBeCloseTo(xs[1]! - xs[0]!, 6);
    expect(container.textContent).toMatch(/wake-up latency \(log scale\)/);
    const ticks = [...container.querySelectorAll('text.tick')].map((t) => t.textContent);
    expect(ticks).toEqual(expect.arrayContaining(['1 µs', '10 µs', '100 µs', '1 ms', '10 ms']));
    // The last tick ends at the axis' end instead of running past the picture.
    const last = [...container.querySelectorAll('text.tick')].filter((t) => t.textContent?.endsWith('s')).at(-1);
    expect(last?.getAttribute('text-anchor')).toBe('end');
  });

  it('one measurement alone, or none yet', () => {
    const one = render(LatencyHistogram, { after: fixtureResult('summary-quiet-2cpu.txt', null) });
    expect(one.container.querySelectorAll('path.series')).toHaveLength(1);
    expect(one.container.textContent).toMatch(/\(No histogram in this result\.\)/);
    expect(one.container.textContent).toMatch(/99th percentile unknown/);
    cleanup();
    const none = render(LatencyHistogram, {});
    expect(none.container.textContent).toMatch(/No measurement yet\./);
  });
});
