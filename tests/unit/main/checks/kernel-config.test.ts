import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../../../main/checks/kernel-config.js';
import type { Snapshot } from '../../../../main/common/types.js';
import { check, CONFIG_DYNAMIC, machine } from './machine.js';

const CONFIG = '/cmd/kernel-config.txt';
const CMDLINE = '/proc/cmdline';
const swap = (from: string, to: string): Record<string, string> => ({ [CONFIG]: CONFIG_DYNAMIC.replace(from, to) });

describe('kernel.config', () => {
  it('ok with a configuration; unknown when a bundle lacks it; warn when the live machine has none', () => {
    expect(check('kernel.config')).toMatchObject({ status: 'ok', value: true });
    expect(check('kernel.config', {}, 'lab-rt-6.1', {}).evidence[0]?.value).toMatch(/a subset: options it lacks are unknown/);
    expect(check('kernel.config', { [CONFIG]: null }).status).toBe('unknown');
    const live: Snapshot = { ...machine({ [CONFIG]: null }), source: { kind: 'live', label: 'this machine' } };
    expect(checkConfig(live)).toMatchObject({ status: 'warn', severity: 'optional' });
  });
});

describe('kernel.high-res-timers, kernel.tickless, kernel.hz', () => {
  it('on a capture-style configuration', () => {
    expect(check('kernel.high-res-timers')).toMatchObject({ status: 'ok', value: true });
    expect(check('kernel.tickless')).toMatchObject({ status: 'ok', value: 'idle' });
    expect(check('kernel.hz')).toMatchObject({ status: 'ok', value: 1000 });
  });

  it('high-resolution timers off: warn; an option a whole configuration lacks is "not set"', () => {
    expect(check('kernel.high-res-timers', swap('CONFIG_HIGH_RES_TIMERS=y', '# CONFIG_HIGH_RES_TIMERS is not set'))).toMatchObject({ status: 'warn', value: false });
    expect(check('kernel.high-res-timers', swap('CONFIG_HIGH_RES_TIMERS=y\n', ''))).toMatchObject({ status: 'warn', value: false });
  });

  it('the lab recorded only a few PREEMPT lines: timers and tick are unknown, not guessed', () => {
    for (const id of ['kernel.high-res-timers', 'kernel.tickless', 'kernel.hz']) expect(check(id, {}, 'lab-std-threadirqs-6.1', {}).status, id).toBe('unknown');
  });

  it('tick: full is ok, periodic is info (no harm to audio)', () => {
    const full = { [CONFIG]: CONFIG_DYNAMIC.replace('CONFIG_NO_HZ_IDLE=y', '# CONFIG_NO_HZ_IDLE is not set').replace('# CONFIG_NO_HZ_FULL is not set', 'CONFIG_NO_HZ_FULL=y') };
    expect(check('kernel.tickless', full)).toMatchObject({ status: 'ok', value: 'full' });
    const periodic = { [CONFIG]: CONFIG_DYNAMIC.replace('CONFIG_NO_HZ_IDLE=y', '# CONFIG_NO_HZ_IDLE is not set').replace('# CONFIG_HZ_PERIODIC is not set', 'CONFIG_HZ_PERIODIC=y') };
    expect(check('kernel.tickless', periodic)).toMatchObject({ status: 'info', value: 'periodic' });
  });

  it('HZ 250 is fine with high-resolution timers, a warn without', () => {
    const hz250 = CONFIG_DYNAMIC.replace('CONFIG_HZ=1000', 'CONFIG_HZ=250');
    expect(check('kernel.hz', { [CONFIG]: hz250 })).toMatchObject({ status: 'ok', value: 250 });
    expect(check('kernel.hz', { [CONFIG]: hz250.replace('CONFIG_HIGH_RES_TIMERS=y', '# CONFIG_HIGH_RES_TIMERS is not set') })).toMatchObject({ status: 'warn', value: 250 });
  });
});

describe('kernel.mitigations (info, with the trade-off)', () => {
  it('off: info stating the security cost; default: info; unknown without a command line', () => {
    const off = check('kernel.mitigations', { [CMDLINE]: 'ro threadirqs mitigations=off\n' });
    expect(off).toMatchObject({ status: 'info', value: 'off' });
    expect(off.explanation).toMatch(/web pages included/);
    expect(check('kernel.mitigations')).toMatchObject({ status: 'info', value: 'auto (default)' });
    expect(check('kernel.mitigations', { [CMDLINE]: 'ro nopti\n' }).explanation).toMatch(/except nopti/);
    expect(check('kernel.mitigations', { [CMDLINE]: null }).status).toBe('unknown');
  });
});

describe('kernel.nohz_full, kernel.ktimers', () => {
  it('nohz_full is reported as info', () => {
    expect(check('kernel.nohz_full', { [CMDLINE]: 'ro threadirqs nohz_full=2-3 rcu_nocbs=2-3\n' })).toMatchObject({ status: 'info', value: '2-3' });
    expect(check('kernel.nohz_full')).toMatchObject({ status: 'info', value: 'not set' });
  });

  it('ktimers threads are counted (info), unknown without threads', () => {
    const ps = 'PID CLS RTPRIO PRI NI COMMAND\n 15 FF 1 41 - ktimers/0\n 22 FF 1 41 - ktimers/1\n';
    const f = check('kernel.ktimers', { '/cmd/ps-threads.txt': ps });
    expect(f).toMatchObject({ status: 'info', value: 2 });
    expect(f.evidence[0]?.value).toBe('2 threads, e.g. ktimers/0 FIFO 1');
    expect(check('kernel.ktimers', { '/cmd/ps-threads.txt': null }).status).toBe('unknown');
  });
});

describe('kernel.rt-throttling', () => {
  const RT = '/proc/sys/kernel/sched_rt_runtime_us';
  it('default 950000 ok, -1 info (no safety net), lower warn, absent unknown', () => {
    expect(check('kernel.rt-throttling')).toMatchObject({ status: 'ok', value: 950000 });
    expect(check('kernel.rt-throttling', { [RT]: '-1\n' })).toMatchObject({ status: 'info', value: -1 });
    const low = check('kernel.rt-throttling', { [RT]: '500000\n' });
    expect(low).toMatchObject({ status: 'warn', value: 500000 });
    expect(low.manual?.[0]).toMatch(/sched_rt_runtime_us=950000/);
    expect(check('kernel.rt-throttling', { [RT]: null }).status).toBe('unknown');
  });
});
