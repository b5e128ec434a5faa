import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isKernelThread, parseIrqThreadName, parseProcStat, readThreads } from '../../../../main/probe/threads.js';
import { DirSource, MemorySource } from '../../../../main/probe/source.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';
import { makeTree, removeTrees } from '../../helpers/sysfs-tree.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');
const PF_KTHREAD = 0x00200000;
const KFLAGS = PF_KTHREAD | 0x8040; // PF_KTHREAD | PF_NOFREEZE | PF_FORKNOEXEC, as kthreads show
const UFLAGS = 0x400100; // PF_RANDOMIZE | PF_SUPERPRIV

interface StatSpec {
  pid: number;
  comm: string;
  ppid: number;
  flags: number;
  rtprio?: number;
  policy?: number;
  nice?: number;
}
/** A /proc/PID/stat line with all 52 fields of fs/proc/array.c do_task_stat (6.x). */
function stat(s: StatSpec): string {
  const f: (string | number)[] = new Array<string | number>(52).fill(0);
  const rtprio = s.rtprio ?? 0;
  Object.assign(f, { 0: s.pid, 1: `(${s.comm})`, 2: 'S', 3: s.ppid, 7: -1, 8: s.flags, 17: rtprio ? -1 - rtprio : 20, 18: s.nice ?? 0 });
  Object.assign(f, { 19: 1, 24: '18446744073709551615', 37: 17, 39: rtprio, 40: s.policy ?? 0 });
  return f.join(' ') + '\n';
}

afterAll(removeTrees);

describe('parseProcStat', () => {
  it('reads pid, comm, ppid, flags, rt_priority and policy', () => {
    const st = parseProcStat(stat({ pid: 248, comm: 'irq/33-snd_hda_intel:card1', ppid: 2, flags: KFLAGS, rtprio: 50, policy: 1 }));
    expect(st).toEqual({ pid: 248, comm: 'irq/33-snd_hda_intel:card1', state: 'S', ppid: 2, flags: KFLAGS, rtPriority: 50, policy: 'FIFO', nice: 0 });
    expect(isKernelThread(st!)).toBe(true);
  });

  it('splits at the LAST ")": comm may hold spaces, ") (" and a forged stat tail', () => {
    expect(parseProcStat(stat({ pid: 302, comm: 'evil) (x', ppid: 1, flags: UFLAGS }))).toMatchObject({ comm: 'evil) (x', ppid: 1 });
    const forged = parseProcStat(stat({ pid: 301, comm: 'irq/5-x) S 2', ppid: 1, flags: UFLAGS }));
    expect(forged).toMatchObject({ comm: 'irq/5-x) S 2', ppid: 1, flags: UFLAGS });
    expect(isKernelThread(forged!)).toBe(false);
    expect(parseProcStat('7 () R 2 0')).toMatchObject({ comm: '', state: 'R', ppid: 2, flags: null, policy: 'unknown' });
  });

  it('reads this very process', () => {
    if (!fs.existsSync('/proc/self/stat')) return;
    const st = parseProcStat(fs.readFileSync('/proc/self/stat', 'utf8'));
    expect(st).toMatchObject({ pid: process.pid, ppid: process.ppid, policy: 'OTHER', rtPriority: 0 });
    expect(isKernelThread(st!)).toBe(false);
  });

  it('rejects what is not a stat line', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('abc (x) S')).toBeNull();
    expect(parseProcStat('12 (no close')).toBeNull();
  });
});

describe('parseIrqThreadName', () => {
  it.each([
    ['irq/33-snd_hda_intel:card1', { irq: 33, action: 'snd_hda_intel:card1', secondary: false, style: 'irq/N-name', truncated: false }],
    // Exactly 15 bytes: it looks cut, whole as it is on 6.1 (readThreads settles that from the other names).
    ['irq/24-PCIe PME', { irq: 24, action: 'PCIe PME', secondary: false, style: 'irq/N-name', truncated: true }],
    ['irq/16-s-foo', { irq: 16, action: 'foo', secondary: true, style: 'irq/N-name', truncated: false }],
    ['irq/16-snd_hda_', { irq: 16, action: 'snd_hda_', secondary: false, style: 'irq/N-name', truncated: true }],
    ['irq/32-ahci[0000:00:1f.2]', { irq: 32, action: 'ahci[0000:00:1f.2]', secondary: false, style: 'irq/N-name', truncated: false }],
    ['IRQ-5', { irq: 5, action: null, secondary: false, style: 'IRQ-N', truncated: false }],
    ['IRQ 5', { irq: 5, action: null, secondary: false, style: 'IRQ N', truncated: false }],
  ] as const)('%s', (comm, expected) => {
    expect(parseIrqThreadName(comm)).toEqual(expected);
  });

  it.each(['irq_work/0', 'ksoftirqd/0', 'irq/x-foo', 'irq/5', 'IRQ-5x', 'kirq/5-x', ' irq/5-x', 'IRQ  5', 'irq/033-x', 'IRQ-05', ''])('%j is not an IRQ thread', (comm) => {
    expect(parseIrqThreadName(comm)).toBeNull();
  });

  it('irq/1- never matches irq/11-', () => {
    const comms = ['irq/1-i8042', 'irq/11-xhci_hcd', 'irq/1-s-x', 'irq/111-y', 'irq/12-i8042'];
    expect(comms.filter((c) => parseIrqThreadName(c)?.irq === 1)).toEqual(['irq/1-i8042', 'irq/1-s-x']);
  });
});

function procTree(): string {
  const files: Record<string, string> = {};
  const proc = (s: StatSpec, threads: StatSpec[] = []): void => {
    files[`/proc/${s.pid}/stat`] = stat(s);
    for (const t of threads) files[`/proc/${s.pid}/task/${t.pid}/stat`] = stat(t);
  };
  proc({ pid: 1, comm: 'systemd', ppid: 0, flags: UFLAGS });
  proc({ pid: 2, comm: 'kthreadd', ppid: 0, flags: KFLAGS });
  proc({ pid: 14, comm: 'ksoftirqd/0', ppid: 2, flags: KFLAGS });
  proc({ pid: 15, comm: 'ktimers/0', ppid: 2, flags: KFLAGS, rtprio: 1, policy: 1 });
  proc({ pid: 16, comm: 'rcuc/0', ppid: 2, flags: KFLAGS, rtprio: 1, policy: 1 });
  proc({ pid: 17, comm: 'rcub/0', ppid: 2, flags: KFLAGS, rtprio: 1, policy: 1 });
  proc({ pid: 21, comm: 'irq_work/0', ppid: 2, flags: KFLAGS, rtprio: 1, policy: 1 });
  proc({ pid: 30, comm: 'kworker/0:1', ppid: 2, flags: KFLAGS });
  proc({ pid: 248, comm: 'irq/33-snd_hda_intel:card1', ppid: 2, flags: KFLAGS, rtprio: 50, policy: 1 });
  proc({ pid: 249, comm: 'irq/16-s-foo', ppid: 2, flags: KFLAGS, rtprio: 49, policy: 1 });
  proc({ pid: 250, comm: 'irq/16-snd_hda_', ppid: 2, flags: KFLAGS, rtprio: 50, policy: 1 });
  // PF_KTHREAD alone is enough (ppid is 0 for kthreads started before kthreadd on some kernels).
  proc({ pid: 251, comm: 'irq/11-xhci_hcd', ppid: 0, flags: KFLAGS, rtprio: 85, policy: 2 });
  // User processes named like IRQ threads: never returned.
  proc({ pid: 300, comm: 'irq/5-x', ppid: 1, flags: UFLAGS, rtprio: 99, policy: 1 });
  proc({ pid: 301, comm: 'irq/5-x) S 2', ppid: 1, flags: UFLAGS });
  proc({ pid: 302, comm: 'evil) (x', ppid: 1, flags: UFLAGS });
  proc({ pid: 400, comm: 'pipewire', ppid: 1, flags: UFLAGS, nice: -11 }, [
    { pid: 400, comm: 'pipewire', ppid: 1, flags: UFLAGS, nice: -11 },
    { pid: 403, comm: 'data-loop.0', ppid: 1, flags: UFLAGS, rtprio: 88, policy: 1 },
  ]);
  proc({ pid: 500, comm: 'python3', ppid: 1, flags: UFLAGS }, [
    { pid: 500, comm: 'python3', ppid: 1, flags: UFLAGS },
    { pid: 501, comm: 'tuned', ppid: 1, flags: UFLAGS },
  ]);
  proc({ pid: 510, comm: 'bash', ppid: 1, flags: UFLAGS }, [{ pid: 510, comm: 'bash', ppid: 1, flags: UFLAGS }]);
  files['/proc/600/stat'] = 'garbage\n';
  files['/proc/cmdline'] = 'quiet\n';
  files['/cmd/ps-threads.txt'] = '  PID CLS RTPRIO COMMAND\n  999 FF 50 irq/99-never\n';
  return makeTree({ files, links: { '/proc/self': '400' }, dirs: ['/proc/601'] });
}

describe('readThreads from /proc', () => {
  const { irqThreads, tasks, warnings } = readThreads(new DirSource(procTree()));

  it('returns only kernel IRQ threads, with policy and priority from stat', () => {
    expect(irqThreads.map((t) => t.pid)).toEqual([248, 249, 250, 251]);
    expect(irqThreads[0]).toEqual({
      pid: 248,
      comm: 'irq/33-snd_hda_intel:card1',
      irq: 33,
      action: 'snd_hda_intel:card1',
      secondary: false,
      truncated: false,
      policy: 'FIFO',
      priority: 50,
      kernelThread: true,
      style: 'irq/N-name',
    });
    expect(irqThreads[1]).toMatchObject({ secondary: true, action: 'foo', priority: 49 });
    // 248's name is longer than 15 bytes: this kernel shows names whole, so 250's is not cut.
    expect(irqThreads[2]).toMatchObject({ truncated: false, action: 'snd_hda_' });
    expect(irqThreads[3]).toMatchObject({ irq: 11, policy: 'RR', priority: 85 });
  });

  it('lists softirq/timer kthreads and audio processes with their threads', () => {
    expect(tasks.map((t) => [t.pid, t.tid, t.comm, t.policy, t.priority, t.kernelThread])).toEqual([
      [14, 14, 'ksoftirqd/0', 'OTHER', 0, true],
      [15, 15, 'ktimers/0', 'FIFO', 1, true],
      [16, 16, 'rcuc/0', 'FIFO', 1, true],
      [17, 17, 'rcub/0', 'FIFO', 1, true],
      [21, 21, 'irq_work/0', 'FIFO', 1, true],
      [400, 400, 'pipewire', 'OTHER', 0, false],
      [400, 403, 'data-loop.0', 'FIFO', 88, false],
      [500, 501, 'tuned', 'OTHER', 0, false],
    ]);
  });

  it('warns about a stat it cannot read and prefers /proc over cmd/ps-threads.txt', () => {
    expect(warnings).toEqual([{ file: '/proc/600/stat', message: 'not a stat line' }]);
    expect(irqThreads.some((t) => t.comm === 'irq/99-never')).toBe(false);
  });

  it('names are flagged as cut only when no name of the source is longer than 15 bytes', () => {
    const files = {
      '/proc/2/stat': stat({ pid: 2, comm: 'kthreadd', ppid: 0, flags: KFLAGS }),
      '/proc/40/stat': stat({ pid: 40, comm: 'irq/16-snd_hda_', ppid: 2, flags: KFLAGS }),
      '/proc/41/stat': stat({ pid: 41, comm: 'irq/9-acpi', ppid: 2, flags: KFLAGS }),
    };
    expect(readThreads(new MemorySource({ files, links: {} })).irqThreads.map((t) => t.truncated)).toEqual([true, false]);
  });

  it('inside a PID namespace "child of pid 2" proves nothing', () => {
    const files = {
      '/proc/1/stat': stat({ pid: 1, comm: 'init', ppid: 0, flags: UFLAGS }),
      '/proc/2/stat': stat({ pid: 2, comm: 'sh', ppid: 1, flags: UFLAGS }),
      '/proc/3/stat': stat({ pid: 3, comm: 'irq/7-fake', ppid: 2, flags: UFLAGS }),
      '/proc/4/stat': stat({ pid: 4, comm: 'irq/8-real', ppid: 0, flags: KFLAGS }),
    };
    expect(readThreads(new MemorySource({ files, links: {} })).irqThreads.map((t) => t.comm)).toEqual(['irq/8-real']);
  });
});

describe('readThreads from a ps table (bundles without /proc)', () => {
  const bundle = (id: string) => readThreads(new DirSource(path.join(BUNDLES, id)));

  it('64studio: IRQ-5 at FF 93, kernel-thread status unknown', () => {
    const r = bundle('desktop-64studio-rtirq-irq-dash-2.6');
    expect(r.warnings).toEqual([]);
    expect(r.irqThreads).toHaveLength(10);
    expect(r.irqThreads[0]).toEqual({
      pid: 1500, comm: 'IRQ-5', irq: 5, action: null, secondary: false, truncated: false,
      policy: 'FIFO', priority: 93, kernelThread: null, style: 'IRQ-N',
    });
    expect(r.irqThreads.find((t) => t.irq === 9)).toMatchObject({ policy: 'OTHER', priority: 0 });
  });

  it('2004 laptop: "IRQ 5" style at FF 70', () => {
    const r = bundle('laptop-ali5451-rt-preempt-2.6.10-2004');
    expect(r.irqThreads).toHaveLength(11);
    expect(r.irqThreads.find((t) => t.irq === 5)).toMatchObject({ pid: 2943, style: 'IRQ N', policy: 'FIFO', priority: 70 });
  });

  it('lab bundles: every irq/N thread, plus ksoftirqd and irq_work', () => {
    const rt = bundle('lab-rt-6.1');
    expect(rt.irqThreads).toHaveLength(22);
    expect(rt.irqThreads.filter((t) => t.irq === 22).map((t) => t.action)).toEqual(['snd_ens1370', 'enp0s2']);
    expect(rt.tasks.map((t) => t.comm).sort()).toEqual(['irq_work/0', 'irq_work/1', 'ksoftirqd/0', 'ksoftirqd/1']);
    expect(bundle('lab-std-threadirqs-6.1').irqThreads).toHaveLength(22);
  });

  it('a multi-threaded process named like an IRQ thread is not a kernel thread', () => {
    const ps = [
      '  PID   LWP CLS RTPRIO COMMAND',
      '  248   248 FF      50 irq/33-snd_hda_intel:card1',
      '  900   900 FF      99 irq/5-x',
      '  900   901 TS       - worker',
      '  950   950 TS       - pipewire',
      '  950   955 FF      88 data-loop.0',
      '  960   960 TS       - ksoftirqd/0',
      '  960   961 TS       - helper',
    ].join('\n');
    const r = readThreads(new MemorySource({ files: { '/cmd/ps-threads.txt': ps }, links: {} }));
    expect(r.irqThreads.map((t) => [t.pid, t.kernelThread])).toEqual([[248, null]]);
    expect(r.tasks.map((t) => [t.pid, t.tid, t.comm])).toEqual([
      [950, 950, 'pipewire'],
      [950, 955, 'data-loop.0'],
    ]);
  });

  it('warns when there is nothing to read', () => {
    expect(readThreads(new MemorySource({ files: {}, links: {} })).warnings).toHaveLength(1);
    expect(readThreads(new MemorySource({ files: { '/cmd/ps-threads.txt': 'nothing\n' }, links: {} })).warnings).toHaveLength(1);
  });
});

describe('fuzz', () => {
  const statSeeds = [
    stat({ pid: 248, comm: 'irq/33-snd_hda_intel:card1', ppid: 2, flags: KFLAGS, rtprio: 50, policy: 1 }),
    stat({ pid: 302, comm: 'evil) (x', ppid: 1, flags: UFLAGS }),
    ...(fs.existsSync('/proc/self/stat') ? [fs.readFileSync('/proc/self/stat', 'utf8')] : []),
  ];
  it('parseProcStat never throws', () => {
    fc.assert(
      fc.property(fuzzText(statSeeds), (text) => {
        const st = parseProcStat(text);
        if (st) {
          expect(Number.isSafeInteger(st.pid)).toBe(true);
          isKernelThread(st);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('parseIrqThreadName never throws; a parsed name round-trips its number', () => {
    const names = ['irq/33-snd_hda_intel:card1', 'irq/24-PCIe PME', 'irq/16-s-foo', 'IRQ-5', 'IRQ 5', 'irq/16-snd_hda_'];
    fc.assert(
      fc.property(fc.oneof(fuzzText(names), fc.string({ unit: 'grapheme', maxLength: 30 })), (comm) => {
        const n = parseIrqThreadName(comm);
        if (n?.style === 'irq/N-name') expect(comm.startsWith(`irq/${n.irq}-`)).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('readThreads over mutated stat files never throws', () => {
    fc.assert(
      fc.property(fuzzText(statSeeds), fuzzText(statSeeds), (a, b) => {
        readThreads(new MemorySource({ files: { '/proc/2/stat': a, '/proc/7/stat': b, '/proc/7/task/8/stat': a }, links: {} }));
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 3) },
    );
  });
});
