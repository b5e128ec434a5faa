import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCpuList, readCpu } from '../../../../main/probe/cpu.js';
import { MemorySource } from '../../../../main/probe/source.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';

const CPU = '/sys/devices/system/cpu';

describe('parseCpuList', () => {
  it('ranges and singles (this machine: "0-1")', () => {
    expect(parseCpuList('0-1\n')).toEqual([0, 1]);
    expect(parseCpuList('0-3,5,7-8\n')).toEqual([0, 1, 2, 3, 5, 7, 8]);
    expect(parseCpuList('\n')).toEqual([]);
  });
  it('malformed or absurd lists are null', () => {
    for (const t of ['3-1', 'a', '0-99999', '0,,1']) expect(parseCpuList(t), t).toBeNull();
  });
  it('fuzz', () => {
    fc.assert(
      fc.property(fuzzText(['0-1\n', '0-3,5,7-8\n', '0\n']), (t) => {
        const r = parseCpuList(t);
        if (r) expect(r.every((n) => Number.isInteger(n) && n >= 0 && n < 8192)).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('readCpu', () => {
  it('governors of the online CPUs, driver, SMT, boost', () => {
    const src = new MemorySource({
      files: {
        [`${CPU}/online`]: '0-1\n',
        [`${CPU}/cpufreq/policy0/scaling_governor`]: 'schedutil\n',
        [`${CPU}/cpufreq/policy0/scaling_driver`]: 'amd-pstate-epp\n',
        [`${CPU}/cpufreq/policy1/scaling_governor`]: 'performance\n',
        [`${CPU}/smt/active`]: '1\n',
        [`${CPU}/smt/control`]: 'on\n',
        [`${CPU}/cpufreq/boost`]: '1\n',
      },
      // cpuN/cpufreq is a link to the policy directory, as in sysfs.
      links: { [`${CPU}/cpu0/cpufreq`]: '../cpufreq/policy0', [`${CPU}/cpu1/cpufreq`]: '../cpufreq/policy1' },
    });
    expect(readCpu(src)).toEqual({
      online: [0, 1],
      governors: [
        { cpu: 0, governor: 'schedutil' },
        { cpu: 1, governor: 'performance' },
      ],
      driver: 'amd-pstate-epp',
      smtActive: '1',
      smtControl: 'on',
      boost: '1',
      noTurbo: null,
    });
  });
  it('this machine (a VM): online CPUs without cpufreq, SMT notsupported', () => {
    const src = new MemorySource({ files: { [`${CPU}/online`]: '0-1\n', [`${CPU}/smt/active`]: '0\n', [`${CPU}/smt/control`]: 'notsupported\n' }, links: {} });
    expect(readCpu(src)).toMatchObject({ governors: [{ cpu: 0, governor: null }, { cpu: 1, governor: null }], driver: null, smtControl: 'notsupported' });
  });
  it('no CPU list: null', () => {
    expect(readCpu(new MemorySource({ files: {}, links: {} }))).toBeNull();
  });
});
