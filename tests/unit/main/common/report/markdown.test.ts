// The Markdown report pastes cleanly: the verdict first, every table row with
// the header's number of cells (no `|` from data splits one), fences no content
// closes, and a size a forum post or a GitHub issue (65,536 characters) holds.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../../../main/common/report/markdown.js';
import { cutRaw, md, mdFence, mdRich, mdTable, MD_RAW_LIMIT } from '../../../../../main/common/report/md-text.js';
import { collectReport } from '../../../../../main/report/collect.js';
import { DirSource, MemorySource } from '../../../../../main/probe/source.js';
import { BUNDLES, HOSTILE, hostileBundle, labPlan, latencyFixture } from '../../report/seeded.js';

const FIXTURES = fs.readdirSync(BUNDLES).filter((d) => fs.statSync(path.join(BUNDLES, d)).isDirectory());
const cells = (row: string): number => row.replace(/\\\\/g, '').split(/(?<!\\)\|/).length - 2;

/** Every problem with the Markdown's structure: tables, fences. */
function structure(text: string): string[] {
  const problems: string[] = [];
  let fence: string | null = null;
  let table: string[] = [];
  const flush = (): void => {
    if (table.length === 0) return;
    const n = cells(table[0] as string);
    if (!/^\|(---\|)+$/.test(table[1] ?? '')) problems.push(`table without separator: ${table[0]}`);
    for (const row of table) if (cells(row) !== n) problems.push(`${cells(row)} cells, header has ${n}: ${row}`);
    table = [];
  };
  for (const line of text.split('\n')) {
    if (fence) {
      if (line === fence) fence = null;
      continue;
    }
    const open = /^(`{3,})[a-z]*$/.exec(line);
    if (open) {
      flush();
      fence = open[1] as string;
      continue;
    }
    if (line.startsWith('|')) table.push(line);
    else flush();
    if (/^\s*</.test(line)) problems.push(`a line that starts raw HTML: ${line}`);
  }
  flush();
  if (fence) problems.push('an unclosed fence');
  return problems;
}

describe('Markdown report', () => {
  for (const id of FIXTURES) {
    it(`${id}: verdict first, well-formed tables and fences, under 60 KB`, () => {
      const text = renderMarkdown(collectReport(new DirSource(path.join(BUNDLES, id))));
      const lines = text.split('\n');
      expect(lines[0]).toMatch(/^# Studio Setup report/);
      expect(lines[2]).toMatch(/^\*\*(Ready|Almost ready|Not ready|Cannot tell yet):\*\* \S/);
      expect(structure(text)).toEqual([]);
      expect(text.length).toBeLessThan(60_000);
    });
  }

  it('hostile names: escaped in text and tables, literal in the raw fences', () => {
    const text = renderMarkdown(collectReport(new MemorySource(hostileBundle(), 'bundle hostile', 'bundle')));
    expect(structure(text)).toEqual([]);
    expect(text).toContain('| Device | HDA\\</style\\>\\<script\\>alert(2)\\</script\\> |');
    expect(text).toContain('irq/22-a\\|b\\`c');
    expect(text).toContain(`22-fasteoi   snd_ens1370, ${HOSTILE.action}\n`);
    const outsideFences = text.replace(/^(`{3,})text\n[\s\S]*?^\1$/gm, '');
    expect(outsideFences).not.toMatch(/(?<!\\)<(img|script|\/style)/);
  });

  it('with a plan and latency: the plan table, how to revert, before/after', () => {
    const latency = { results: [latencyFixture('hist-live-2cpu.txt', 'before', '2026-11-22T10:00:00Z'), latencyFixture('lab-rt-tcg-hist-quiet.txt', 'after', '2026-11-22T11:00:00Z')] };
    const text = renderMarkdown(collectReport(new DirSource(path.join(BUNDLES, 'lab-rt-6.1')), { plan: labPlan(), latency }));
    expect(structure(text)).toEqual([]);
    expect(text).toContain('| irq/33-snd\\_hda\\_intel:card1 | 33 | interface | FIFO 50 | FIFO 90 | HDA Intel (card 1): the audio interface |'.replace(/\\_/g, '_'));
    expect(text).toContain('run `studio-setup revert`');
    expect(text).toMatch(/\| irq\/33-snd_hda_intel:card1 \| FIFO 50 \| FIFO 90 \(planned\) \|/);
    expect(text).toMatch(/^No change beyond run-to-run noise compared with "before"/m);
    expect(text).toMatch(/^Histogram "after" \(all CPUs/m);
  });

  it('says what it cut: long raw files and quiet IRQ lines on a big machine', () => {
    const b = { files: { '/proc/interrupts': '           CPU0\n' + Array.from({ length: 200 }, (_, i) => `${String(i).padStart(4)}:  ${i}  IR-PCI-MSI ${i}-edge  dev${i}`).join('\n') + '\n' }, links: {} };
    const text = renderMarkdown(collectReport(new MemorySource(b, 'big', 'bundle')));
    expect(structure(text)).toEqual([]);
    expect(text).toMatch(/Lines with sound, sharing or a planned change \(0 of 200\)/);
    expect(text).toMatch(/_Cut for size \(the JSON export has everything\): 200 of 200 IRQ lines with no sound, sharing or plan on them; \/proc/);
    expect(text).toMatch(/### \/proc\/interrupts \(first 80 lines\)/);
  });
});

describe('Markdown primitives', () => {
  it('md() escapes markup and cell ends, and leaves snake_case readable', () => {
    expect(md('a|b *c* [x](y) <b> `z` #1 _x_ snd_hda_intel\nnext')).toBe('a\\|b \\*c\\* \\[x\\](y) \\<b\\> \\`z\\` \\#1 \\_x\\_ snd_hda_intel next');
  });

  it('mdRich() keeps code spans as code (pipes escaped in cells) and escapes the rest', () => {
    expect(mdRich('run `a | b` now *', true)).toBe('run `a \\| b` now \\*');
    expect(mdRich('odd ` tick')).toBe('odd \\` tick');
  });

  it('mdTable() pads short rows and escapes cells', () => {
    expect(mdTable(['A', 'B'], [['x|y'], []])).toBe('| A | B |\n|---|---|\n| x\\|y |   |\n|   |   |');
  });

  it('mdFence() is longer than any backtick run inside; cutRaw() keeps the limits', () => {
    expect(mdFence('a ```` b')).toBe('`````text\na ```` b\n`````');
    const long = Array.from({ length: 300 }, (_, i) => `line ${i}`).join('\n');
    const cut = cutRaw(long);
    expect(cut.text.split('\n')).toHaveLength(MD_RAW_LIMIT.lines);
    expect(cut.cut).toBe('220 of 300 lines');
    expect(cutRaw('short\n')).toEqual({ text: 'short', cut: null });
  });
});
