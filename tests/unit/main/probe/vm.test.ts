import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMemTotal, parseSlowMounts, parseStatOwner, parseSwaps, parseSysctlInt, readVm } from '../../../../main/probe/vm.js';
import { MemorySource } from '../../../../main/probe/source.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';

// This machine's /proc/swaps (no swap) and a Ubuntu one with a swap file and a partition.
const SWAPS = ['Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n', 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/swap.img                               file\t\t4194300\t\t0\t\t-2\n/dev/nvme0n1p3                          partition\t8388604\t\t1024\t\t-3\n'];
const MEMINFO = 'MemTotal:       24684084 kB\nMemFree:        20347000 kB\nMemAvailable:   21468032 kB\n';
const MOUNTS = ['/mnt/nas nfs4\n/home/alice/My\\040Samples fuse.sshfs\n/run/user/1000/doc fuse.portal\n', ''];

describe('vm parsers', () => {
  it('sysctl integers, -1 included', () => {
    expect(parseSysctlInt('60\n')).toBe(60);
    expect(parseSysctlInt('-1\n')).toBe(-1);
    expect(parseSysctlInt('sixty')).toBeNull();
    expect(parseSysctlInt(null)).toBeNull();
  });
  it('swap areas', () => {
    expect(SWAPS.map(parseSwaps)).toEqual([0, 2]);
    expect(parseSwaps('nonsense')).toBeNull();
  });
  it('MemTotal in bytes (this machine)', () => {
    expect(parseMemTotal(MEMINFO)).toBe(24684084 * 1024);
    expect(parseMemTotal('')).toBeNull();
  });
  it('slow mounts with /proc/mounts octal escapes', () => {
    expect(parseSlowMounts(MOUNTS[0] as string)).toEqual([
      { target: '/mnt/nas', type: 'nfs4' },
      { target: '/home/alice/My Samples', type: 'fuse.sshfs' },
      { target: '/run/user/1000/doc', type: 'fuse.portal' },
    ]);
  });
  it('stat owner/group/mode (this machine: root root 600)', () => {
    expect(parseStatOwner('root root 600\n')).toEqual({ owner: 'root', group: 'root', mode: '600' });
    expect(parseStatOwner("stat: cannot statx '/dev/cpu_dma_latency': No such file or directory")).toBeNull();
  });
  it('fuzz: every parser gives a result or null', () => {
    fc.assert(
      fc.property(fuzzText([...SWAPS, MEMINFO, ...MOUNTS, 'root audio 660\n', '60\n']), (t) => {
        parseSwaps(t);
        parseMemTotal(t);
        parseSlowMounts(t);
        parseStatOwner(t);
        const n = parseSysctlInt(t);
        if (n !== null) expect(Number.isSafeInteger(n)).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('readVm', () => {
  it('a bundle without these files: every part null', () => {
    expect(readVm(new MemorySource({ files: {}, links: {} }))).toEqual({
      sysctl: { swappiness: null, inotifyWatches: null, rtRuntimeUs: null, rtPeriodUs: null },
      memTotal: null,
      swapAreas: null,
      slowMounts: null,
      dmaLatency: null,
    });
  });
});
