import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildScan } from '../../../../main/common/scan.js';
import { captureBundle, configSubset } from '../../../../main/probe/capture.js';
import { readSnapshot } from '../../../../main/probe/snapshot.js';
import { DirSource, LiveSource } from '../../../../main/probe/source.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-capture-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// The scan without what legitimately differs between two reads of one machine.
const comparable = (s: ReturnType<typeof buildScan>) => ({ ...s, source: null, takenAt: null, warnings: null });

describe('capture', () => {
  it('a capture of a bundle scans exactly like the bundle itself', () => {
    const src = new DirSource(path.join(BUNDLES, 'lab-rt-6.1'));
    const out = path.join(tmp, 'lab');
    const r = captureBundle(out, src);
    expect(r.files).toBeGreaterThan(10);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'bundle.json'), 'utf8'))).toMatchObject({ format: 'studio-setup-bundle', version: 1 });
    expect(comparable(buildScan(readSnapshot(new DirSource(out))))).toEqual(comparable(buildScan(readSnapshot(src))));
  });

  it('a capture of this machine scans like this machine, and keeps no user processes', () => {
    const out = path.join(tmp, 'live');
    captureBundle(out, new LiveSource());
    const live = buildScan(readSnapshot(new LiveSource()));
    const bundled = buildScan(readSnapshot(new DirSource(out)));
    expect(bundled.interrupts.map((r) => [r.irq, r.actions])).toEqual(live.interrupts.map((r) => [r.irq, r.actions]));
    expect(bundled.irqTable.map((r) => [r.irq, r.threads.map((t) => t.comm)])).toEqual(live.irqTable.map((r) => [r.irq, r.threads.map((t) => t.comm)]));
    // This test's own process is a user process: it must not be in the bundle.
    expect(fs.existsSync(path.join(out, 'proc', String(process.pid)))).toBe(false);
    expect(fs.existsSync(path.join(out, 'cmd', 'ps-threads.txt'))).toBe(false);
  });

  it('refuses a non-empty directory', () => {
    expect(() => captureBundle(BUNDLES, new LiveSource())).toThrow(/not empty/);
  });

  it('stores the relevant part of the kernel configuration', () => {
    const text = configSubset({ CONFIG_PREEMPT_RT: 'y', CONFIG_HZ_1000: 'y', CONFIG_EXT4_FS: 'm', CONFIG_PREEMPT_NONE: 'n' }, '/proc/config.gz');
    expect(text).toBe('# options relevant to realtime audio, from /proc/config.gz\nCONFIG_PREEMPT_RT=y\nCONFIG_HZ_1000=y\n# CONFIG_PREEMPT_NONE is not set\n');
  });
});
