import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveResult } from '../../../../main/latency/store.js';
import { appliedHere, pickLatency } from '../../../../main/report/context.js';
import { latencyFixture } from './seeded.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-report-latency-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('pickLatency', () => {
  it('nothing stored: no latency section', () => {
    expect(pickLatency([], path.join(dir, 'empty'))).toEqual({ latency: null, errors: [] });
  });

  it('by default the newest result, and the newest "before" ahead of it', () => {
    saveResult(latencyFixture('hist-live-2cpu.txt', 'before', '2026-11-22T09:00:00Z'), dir);
    saveResult(latencyFixture('hist-quiet-2cpu.txt', 'Before tuning', '2026-11-22T10:00:00Z'), dir);
    saveResult(latencyFixture('lab-rt-tcg-hist-quiet.txt', 'after', '2026-11-22T11:00:00Z'), dir);
    const { latency } = pickLatency([], dir);
    expect(latency?.results.map((r) => r.label)).toEqual(['Before tuning', 'after']);
  });

  it('named results (labels or files), oldest first; an unknown name is an error', () => {
    expect(pickLatency(['after', 'before'], dir).latency?.results.map((r) => r.label)).toEqual(['before', 'after']);
    expect(pickLatency(['nope'], dir).errors).toEqual([`no stored result labelled "nope" in ${dir}`]);
  });
});

describe('appliedHere', () => {
  it('null when there is no journal (or it cannot be read)', () => {
    expect(appliedHere(path.join(dir, 'no-journal.json'))).toBeNull();
  });
});
