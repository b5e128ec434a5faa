import { describe, expect, it } from 'vitest';
import { check } from './machine.js';

const CPU = '/sys/devices/system/cpu';

describe('cpu.governor (every CPU)', () => {
  it('performance everywhere: ok', () => {
    expect(check('cpu.governor')).toMatchObject({ status: 'ok', value: 'performance' });
  });

  it('one CPU on powersave is enough for a warn with the governor fix', () => {
    const f = check('cpu.governor', { [`${CPU}/cpu1/cpufreq/scaling_governor`]: 'powersave\n' });
    expect(f).toMatchObject({ status: 'warn', value: 'performance,powersave', fix: { action: 'cpu-governor', governor: 'performance' } });
    expect(f.evidence[0]?.value).toBe('performance on CPU 0, powersave on CPU 1');
    expect(f.explanation).toMatch(/1 of 2 CPUs/);
  });

  it('no cpufreq at all (a VM): ok, nothing to set; no CPU list: unknown', () => {
    const none = { [`${CPU}/cpu0/cpufreq/scaling_governor`]: null, [`${CPU}/cpu1/cpufreq/scaling_governor`]: null };
    expect(check('cpu.governor', none)).toMatchObject({ status: 'ok', value: 'none' });
    expect(check('cpu.governor', { [`${CPU}/online`]: null }).status).toBe('unknown');
  });
});

describe('cpu.smt (content, not existence, of smt/active)', () => {
  it('rtcqs bug: smt/active "1" means SMT is ON (info with the trade-off), not "disabled"', () => {
    const f = check('cpu.smt', { [`${CPU}/smt/active`]: '1\n', [`${CPU}/smt/control`]: 'on\n' });
    expect(f).toMatchObject({ status: 'info', value: 'on' });
    expect(f.explanation).toMatch(/SMT \(hyper-threading\) is on/);
  });

  it('"0" is off (ok); forceoff and notsupported are told apart', () => {
    expect(check('cpu.smt')).toMatchObject({ status: 'ok', value: 'off' });
    expect(check('cpu.smt', { [`${CPU}/smt/control`]: 'forceoff\n' })).toMatchObject({ status: 'ok', value: 'off (forced)' });
    expect(check('cpu.smt', { [`${CPU}/smt/active`]: '0\n', [`${CPU}/smt/control`]: 'notsupported\n' })).toMatchObject({ status: 'ok', value: 'not supported' });
  });

  it('no smt/ directory (rtcqs crashed there): unknown', () => {
    expect(check('cpu.smt', { [`${CPU}/smt/active`]: null, [`${CPU}/smt/control`]: null }).status).toBe('unknown');
  });
});

describe('cpu.boost', () => {
  it('intel_pstate no_turbo: 1 = off (ok), 0 = on (info)', () => {
    expect(check('cpu.boost')).toMatchObject({ status: 'ok', value: 'off' });
    const on = check('cpu.boost', { [`${CPU}/intel_pstate/no_turbo`]: '0\n' });
    expect(on).toMatchObject({ status: 'info', value: 'on' });
    expect(on.manual?.[0]).toMatch(/no_turbo/);
  });

  it('cpufreq/boost (acpi-cpufreq, amd-pstate): 1 = on', () => {
    const f = check('cpu.boost', { [`${CPU}/intel_pstate/no_turbo`]: null, [`${CPU}/cpufreq/boost`]: '1\n' });
    expect(f).toMatchObject({ status: 'info', value: 'on' });
    expect(f.manual?.[0]).toMatch(/cpufreq\/boost/);
  });

  it('no switch: info; no CPU data: unknown', () => {
    expect(check('cpu.boost', { [`${CPU}/intel_pstate/no_turbo`]: null })).toMatchObject({ status: 'info', value: 'no control' });
    expect(check('cpu.boost', { [`${CPU}/online`]: null }).status).toBe('unknown');
  });
});
