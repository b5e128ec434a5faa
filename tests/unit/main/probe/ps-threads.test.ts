import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePsThreads, policyFromClass, policyFromNumber } from '../../../../main/probe/ps-threads.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures');
const read = (...p: string[]): string => fs.readFileSync(path.join(FIXTURES, ...p), 'utf8');
const BUNDLE_IDS = fs
  .readdirSync(path.join(FIXTURES, 'bundles'))
  .filter((id) => fs.existsSync(path.join(FIXTURES, 'bundles', id, 'cmd/ps-threads.txt')));
const LAB_FILES = fs
  .readdirSync(path.join(FIXTURES, 'lab'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .flatMap((cap) =>
    fs
      .readdirSync(path.join(FIXTURES, 'lab', cap))
      .filter((f) => /^(irq-threads|rtirq-status)-/.test(f))
      .map((f) => `${cap}/${f}`),
  );
const SEEDS = [...BUNDLE_IDS.map((id) => read('bundles', id, 'cmd/ps-threads.txt')), ...LAB_FILES.map((f) => read('lab', f))];
const dataLines = (text: string): number => text.split('\n').filter((l) => /^\s*\d+\s/.test(l)).length;

describe('every captured thread table', () => {
  it('finds the fixtures', () => {
    expect(BUNDLE_IDS).toEqual(
      expect.arrayContaining(['desktop-64studio-rtirq-irq-dash-2.6', 'laptop-ali5451-rt-preempt-2.6.10-2004', 'lab-rt-6.1', 'lab-std-threadirqs-6.1']),
    );
    expect(LAB_FILES).toHaveLength(10);
  });

  it.each([...BUNDLE_IDS.map((id) => `bundles/${id}/cmd/ps-threads.txt`), ...LAB_FILES.map((f) => `lab/${f}`)])('%s: one row per data line', (file) => {
    const text = read(file);
    const rows = parsePsThreads(text);
    expect(rows).toHaveLength(dataLines(text));
    for (const r of rows) {
      expect(r.comm).not.toBe('');
      expect(r.comm).toBe(r.comm.trim());
      expect(r.policy).not.toBe('unknown');
    }
  });

  it('64studio 2.6-rt: IRQ-5 at FF 93, TS threads with nice -5', () => {
    const rows = parsePsThreads(read('bundles/desktop-64studio-rtirq-irq-dash-2.6/cmd/ps-threads.txt'));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual({ pid: 1500, tid: null, comm: 'IRQ-5', policy: 'FIFO', priority: 93, nice: null, cls: 'FF', stat: 'S<' });
    expect(rows.find((r) => r.comm === 'IRQ-9')).toMatchObject({ pid: 67, policy: 'OTHER', priority: 0, nice: -5 });
  });

  it('2004 realtime-preempt: "IRQ 5" (with a space) at FF 70', () => {
    const rows = parsePsThreads(read('bundles/laptop-ali5451-rt-preempt-2.6.10-2004/cmd/ps-threads.txt'));
    expect(rows).toHaveLength(11);
    expect(rows.find((r) => r.pid === 2943)).toMatchObject({ comm: 'IRQ 5', policy: 'FIFO', priority: 70 });
    expect(rows[0]).toMatchObject({ pid: 2, comm: 'IRQ 0', priority: 90, stat: 'S' });
  });

  it('lab captures without a header: columns from the "$ ps -eLo pid,cls,rtprio,pri,nice,comm" line', () => {
    const boot = parsePsThreads(read('lab/6.1.0-56-rt-amd64/irq-threads-boot.txt'));
    expect(boot).toHaveLength(26);
    expect(boot[0]).toEqual({ pid: 14, tid: null, comm: 'ksoftirqd/0', policy: 'OTHER', priority: 0, nice: 0, cls: 'TS' });
    expect(boot.find((r) => r.pid === 21)).toMatchObject({ comm: 'irq_work/0', policy: 'FIFO', priority: 1, nice: null });
    expect(boot.find((r) => r.pid === 248)).toMatchObject({ comm: 'irq/33-snd_hda_intel:card1', priority: 50 });
    expect(boot.find((r) => r.pid === 246)?.comm).toBe('irq/32-ahci[0000:00:1f.2]');
    const after = parsePsThreads(read('lab/6.1.0-56-rt-amd64/irq-threads-after-start.txt'));
    expect(after.find((r) => r.pid === 248)?.priority).toBe(90);
    expect(after.filter((r) => r.comm === 'irq/29-xhci_hcd' || r.comm === 'irq/19-ehci_hcd:usb1').map((r) => r.priority)).toEqual([85, 85]);
    const std = parsePsThreads(read('lab/6.1.0-56-amd64-threadirqs/irq-threads-after-start.txt'));
    expect(std).toHaveLength(24);
    expect(std.find((r) => r.pid === 252)).toMatchObject({ comm: 'irq/33-snd_hda_intel:card1', priority: 90 });
  });

  it('rtirq status: header with trailing tabs, %CPU and STAT columns', () => {
    const rows = parsePsThreads(read('lab/6.1.0-56-rt-amd64/rtirq-status-boot.txt'));
    expect(rows).toHaveLength(24);
    expect(rows[0]).toEqual({ pid: 64, tid: null, comm: 'irq/1-i8042', policy: 'FIFO', priority: 80, nice: null, cls: 'FF', stat: 'S' });
    expect(rows.at(-1)).toMatchObject({ comm: 'ksoftirqd/1', policy: 'OTHER', nice: 0 });
  });
});

describe('table shapes', () => {
  it('finds columns by header name, wherever they are, and keeps spaces in the command', () => {
    const text = ['  PID   LWP CLS RTPRIO COMMAND', '  180   180 FF      50 irq/24-PCIe PME', ' 1234  1240 RR      20 data-loop.0'].join('\n');
    expect(parsePsThreads(text)).toEqual([
      { pid: 180, tid: 180, comm: 'irq/24-PCIe PME', policy: 'FIFO', priority: 50, nice: null, cls: 'FF' },
      { pid: 1234, tid: 1240, comm: 'data-loop.0', policy: 'RR', priority: 20, nice: null, cls: 'RR' },
    ]);
    expect(parsePsThreads('COMMAND         PID\nirq/9-acpi       47\nIRQ 5 2943\n').map((r) => [r.comm, r.pid])).toEqual([
      ['irq/9-acpi', 47],
      ['IRQ 5', 2943],
    ]);
  });

  it('reads a numeric SCH column and an empty-header format list', () => {
    expect(parsePsThreads('  PID SCH COMM\n   12   6 dl-task\n')[0]).toMatchObject({ policy: 'DEADLINE', priority: 0 });
    const rows = parsePsThreads('$ ps -e -o pid=,rtprio=,cls=,comm=\n  248 50 FF irq/33-snd_hda_intel:card1\n');
    expect(rows[0]).toMatchObject({ pid: 248, priority: 50, policy: 'FIFO', comm: 'irq/33-snd_hda_intel:card1' });
  });

  it('guesses a table with neither header nor command line', () => {
    const rows = parsePsThreads('  248 FF  50 - 90 0.0 S irq/24-PCIe PME\n   14 TS   -  0 19 0.5 S ksoftirqd/0\n');
    expect(rows.map((r) => [r.pid, r.policy, r.priority, r.comm])).toEqual([
      [248, 'FIFO', 50, 'irq/24-PCIe PME'],
      [14, 'OTHER', 0, 'ksoftirqd/0'],
    ]);
  });

  it('maps every class ps prints', () => {
    expect(['TS', 'FF', 'RR', 'B', 'ISO', 'IDL', 'DLN', '#6', '#5', '#9', '-', '?'].map(policyFromClass)).toEqual([
      'OTHER', 'FIFO', 'RR', 'BATCH', 'ISO', 'IDLE', 'DEADLINE', 'DEADLINE', 'IDLE', 'unknown', 'unknown', 'unknown',
    ]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, -1, null].map(policyFromNumber)).toEqual([
      'OTHER', 'FIFO', 'RR', 'BATCH', 'ISO', 'IDLE', 'DEADLINE', 'unknown', 'unknown', 'unknown',
    ]);
  });
});

describe('fuzz', () => {
  it('parsePsThreads never throws and every row has a PID', () => {
    fc.assert(
      fc.property(fuzzText(SEEDS), (text) => {
        for (const r of parsePsThreads(text)) {
          expect(Number.isSafeInteger(r.pid) && r.pid >= 0).toBe(true);
          expect(r.priority).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
