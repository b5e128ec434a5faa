import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileNameOf, findResult, latencyDir, listResults, saveResult } from '../../../../main/latency/store.js';
import { fixtureResult } from '../../helpers/latency.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latency-store-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('where results live', () => {
  it('$XDG_STATE_HOME/studio-setup/latency, else ~/.local/state/...; a relative XDG_STATE_HOME is ignored', () => {
    expect(latencyDir({ XDG_STATE_HOME: '/x/state', HOME: '/home/u' })).toBe('/x/state/studio-setup/latency');
    expect(latencyDir({ HOME: '/home/u' })).toBe('/home/u/.local/state/studio-setup/latency');
    expect(latencyDir({ XDG_STATE_HOME: 'rel', HOME: '/home/u' })).toBe('/home/u/.local/state/studio-setup/latency');
  });

  it('file names: time and a slug of the label, nothing a shell or a path could misread', () => {
    const r = fixtureResult('hist-quiet-2cpu.txt', 'Après: ../../etc "apply"!');
    expect(fileNameOf(r)).toBe('2026-11-22T01-38-00-000Z-apres-etc-apply.json');
    expect(fileNameOf({ ...r, label: null })).toBe('2026-11-22T01-38-00-000Z.json');
  });
});

describe('save, list, find', () => {
  it('stores, lists oldest first, finds the newest with a label (any case) or by file', () => {
    const a = saveResult(fixtureResult('hist-quiet-2cpu.txt', 'before', {}, '2026-11-22T01:00:00Z'), path.join(dir, 'new', 'sub'));
    const sub = path.dirname(a);
    saveResult(fixtureResult('histfile-2cpu.txt', 'before', {}, '2026-11-22T02:00:00Z'), sub);
    saveResult(fixtureResult('hist-live-2cpu.txt', 'after', {}, '2026-11-22T03:00:00Z'), sub);
    fs.writeFileSync(path.join(sub, 'broken.json'), '{');
    fs.writeFileSync(path.join(sub, 'notes.txt'), 'x');
    expect(listResults(sub).map((x) => x.result.label)).toEqual(['before', 'before', 'after']);
    const found = findResult('BEFORE', sub);
    expect(found.ok && found.result.startedAt).toBe('2026-11-22T02:00:00.000Z');
    const byFile = findResult(a, sub);
    expect(byFile.ok && byFile.result.startedAt).toBe('2026-11-22T01:00:00.000Z');
    expect(fs.readdirSync(sub).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('says what is wrong: no such label, an unreadable or foreign file', () => {
    expect(findResult('before', dir)).toEqual({ ok: false, error: `no stored result labelled "before" in ${dir}` });
    expect(findResult(path.join(dir, 'nope.json'), dir)).toEqual({ ok: false, error: `cannot read ${path.join(dir, 'nope.json')}: ENOENT` });
    const foreign = path.join(dir, 'report.json');
    fs.writeFileSync(foreign, '{"format":"studio-setup-report"}');
    expect(findResult(foreign, dir)).toMatchObject({ ok: false, error: expect.stringMatching(/is not a Studio Setup latency result/) });
  });
});
