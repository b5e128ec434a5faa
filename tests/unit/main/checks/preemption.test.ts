import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configComplete, PREEMPTION_MODELS, preemptionOf, releaseOf } from '../../../../main/checks/preemption.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';

describe('preemptionOf', () => {
  it('reads uname -v alone: PREEMPT_RT, old "PREEMPT RT", plain PREEMPT (full) on 5.x', () => {
    expect(preemptionOf({ version: '#1 SMP PREEMPT_RT Debian 6.1.192-2' }).model).toBe('rt');
    expect(preemptionOf({ version: '#1 SMP PREEMPT RT Debian 4.19.260-1' }).model).toBe('rt');
    expect(preemptionOf({ release: '5.15.0', version: '#1 SMP PREEMPT Mon Jan 1' })).toMatchObject({ model: 'full', dynamic: null });
    expect(preemptionOf({ release: '5.4.0', version: '#1 SMP PREEMPT Mon Jan 1' })).toMatchObject({ model: 'full', dynamic: false });
    expect(preemptionOf({ release: '6.10.3', version: '#1 SMP Debian' })).toMatchObject({ model: null, dynamic: false });
  });

  it('Fedora kernel-rt (CONFIG_PREEMPT_RT_FULL, quickscan#11) and the old /sys/kernel/realtime', () => {
    expect(preemptionOf({ config: { CONFIG_PREEMPT_RT_FULL: 'y' } }).model).toBe('rt');
    expect(preemptionOf({ version: '#1 SMP', realtimeFile: true }).model).toBe('rt');
  });

  it('6.12+ RT with PREEMPT_DYNAMIC stays rt whatever preempt= says', () => {
    expect(preemptionOf({ version: '#1 SMP PREEMPT_RT', cmdline: 'preempt=full', config: { CONFIG_PREEMPT_RT: 'y', CONFIG_PREEMPT_DYNAMIC: 'y', CONFIG_PREEMPT_LAZY: 'y' } }).model).toBe('rt');
  });

  it('the last preempt= wins; words after -- belong to init', () => {
    expect(preemptionOf({ version: '#1 SMP PREEMPT_DYNAMIC', cmdline: 'preempt=none preempt=full', config: { CONFIG_PREEMPT_VOLUNTARY: 'y' } }).model).toBe('full');
    expect(preemptionOf({ version: '#1 SMP PREEMPT_DYNAMIC', cmdline: 'ro -- preempt=full', config: { CONFIG_PREEMPT_VOLUNTARY: 'y' } }).model).toBe('voluntary');
  });
});

describe('configComplete and releaseOf', () => {
  it('a grepped subset is not complete; a capture subset (SMP + HZ) or a whole config is', () => {
    expect(configComplete({ config: { CONFIG_PREEMPT_VOLUNTARY: 'y', CONFIG_PREEMPT_DYNAMIC: 'y' } })).toBe(false);
    expect(configComplete({ config: { CONFIG_SMP: 'y', CONFIG_HZ: '250' } })).toBe(true);
    expect(configComplete({ config: { CONFIG_CC_VERSION_TEXT: '"gcc-12"' } })).toBe(true);
    expect(releaseOf({ release: '6.1.0-56-rt-amd64' })).toEqual([6, 1]);
    expect(releaseOf({})).toBeNull();
  });

  it('fuzz: any uname -v and command line give a known model or null, never a throw', () => {
    const versions = ['#1 SMP PREEMPT_RT Debian 6.1.192-2 (2026-11-16)', '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2', '#45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30', '#1 SMP PREEMPT RT Debian 4.19.260-1', '#1 SMP Debian 5.10.209-2'];
    const cmdlines = ['root=/dev/vda rw threadirqs preempt=full', 'ro quiet splash preempt=lazy -- preempt=none', 'BOOT_IMAGE="/vmlinuz x" preempt=fulll'];
    fc.assert(
      fc.property(fuzzText(versions), fuzzText(cmdlines), fc.constantFrom('6.1.0', '5.15.0', '6.13.1', ''), (version, cmdline, release) => {
        const p = preemptionOf({ version, cmdline, release });
        expect(p.model === null || (PREEMPTION_MODELS as readonly string[]).includes(p.model)).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
