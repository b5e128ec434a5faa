import { describe, expect, it } from 'vitest';
import { check, JACK_AUDIO_CONF, procLimits } from './machine.js';

const SELF = '/cmd/limits-self.txt';
const AUDIO_CONF = '/etc/security/limits.d/audio.conf';
const PS = '/cmd/ps-threads.txt';
const ROOT = { '/cmd/id.txt': 'uid=0(root) gid=0(root) groups=0(root)\n' };

describe('limits.rtprio', () => {
  it('ok at 95 against PipeWire\'s 88, naming where the 88 comes from', () => {
    const f = check('limits.rtprio');
    expect(f).toMatchObject({ status: 'ok', value: 95 });
    expect(f.explanation).toMatch(/rt\.prio in \/usr\/share\/pipewire\/pipewire\.conf/);
    expect(f.evidence.map((e) => e.value)).toEqual(['hard 95 (soft 95)', '/etc/security/limits.d/audio.conf:3: @audio - rtprio 95']);
  });

  it('0 is a fail with the rt-limits fix (rtprio 95, memlock unlimited)', () => {
    const f = check('limits.rtprio', { [SELF]: procLimits('0', '8388608'), [AUDIO_CONF]: null });
    expect(f).toMatchObject({ status: 'fail', value: 0, needs: 'relogin', fix: { action: 'rt-limits', group: 'audio', rtprio: 95, memlock: 'unlimited' } });
  });

  it('below the server\'s need is a warn', () => {
    expect(check('limits.rtprio', { [SELF]: procLimits('50', 'unlimited'), [AUDIO_CONF]: '@audio - rtprio 50\n' })).toMatchObject({ status: 'warn', value: 50 });
  });

  it('limits.conf already good but this session is older: warn, log out and in', () => {
    const f = check('limits.rtprio', { [SELF]: procLimits('0', 'unlimited') });
    expect(f).toMatchObject({ status: 'warn', value: 0, needs: 'relogin' });
    expect(f.fix).toBeUndefined();
  });

  it('without /proc/self/limits, what a fresh login gets decides', () => {
    expect(check('limits.rtprio', { [SELF]: null })).toMatchObject({ status: 'ok', value: 95 });
    expect(check('limits.rtprio', { [SELF]: null, [AUDIO_CONF]: null })).toMatchObject({ status: 'fail', value: 0 });
  });

  it('the need follows the server: JACK alone needs 80, a configured rt.prio is honoured', () => {
    const jackOnly = { [PS]: 'PID CLS RTPRIO PRI NI COMMAND\n 900 TS - 19 0 jackd\n 900 FF 70 110 - jackd\n', '/usr/share/pipewire/pipewire.conf': null, '/cmd/pw-user-conf.txt': null };
    expect(check('limits.rtprio', { ...jackOnly, [SELF]: procLimits('80', 'unlimited') })).toMatchObject({ status: 'ok' });
    expect(check('limits.rtprio', { ...jackOnly, [SELF]: procLimits('75', 'unlimited'), [AUDIO_CONF]: '@audio - rtprio 75\n' }).explanation).toMatch(/JACK \(running at 70\)/);
    const low = check('limits.rtprio', { [SELF]: procLimits('75', 'unlimited'), '/cmd/pw-user-conf.txt': '# pipewire.conf\n            rt.prio      = 70\n' });
    expect(low).toMatchObject({ status: 'ok' });
  });

  it('unknown as root and when nothing is known', () => {
    expect(check('limits.rtprio', ROOT).status).toBe('unknown');
    expect(check('limits.rtprio', { [SELF]: null, '/etc/security/limits.conf': null, [AUDIO_CONF]: null }).status).toBe('unknown');
  });
});

describe('limits.memlock', () => {
  it('unlimited is ok; 3/4 of the RAM is ok (Ardour\'s rule); 8 MiB is a warn with the fix', () => {
    expect(check('limits.memlock')).toMatchObject({ status: 'ok', value: 'unlimited' });
    expect(check('limits.memlock', { [SELF]: procLimits('95', String(16 * 1024 ** 3)), [AUDIO_CONF]: '@audio - rtprio 95\n' })).toMatchObject({ status: 'ok' });
    const f = check('limits.memlock', { [SELF]: procLimits('95', '8388608'), [AUDIO_CONF]: '@audio - rtprio 95\n' });
    expect(f).toMatchObject({ status: 'warn', value: 8388608, fix: { action: 'rt-limits', memlock: 'unlimited' } });
    expect(f.explanation).toMatch(/8 MiB/);
  });

  it('limits.conf unlimited but this session older: warn, re-login', () => {
    expect(check('limits.memlock', { [SELF]: procLimits('95', '8388608') })).toMatchObject({ status: 'warn', needs: 'relogin' });
  });

  it('unknown without any limits, or as root', () => {
    expect(check('limits.memlock', { [SELF]: null, [AUDIO_CONF]: null, '/etc/security/limits.conf': null }).status).toBe('unknown');
    expect(check('limits.memlock', ROOT).status).toBe('unknown');
  });
});

describe('limits.can-rt (a real chrt -f try)', () => {
  const CHRT = '/cmd/chrt-fifo.txt';
  const EPERM = "chrt: failed to set pid 0's policy: Operation not permitted\n";
  it('ok when FIFO 88 was granted', () => {
    expect(check('limits.can-rt')).toMatchObject({ status: 'ok', value: 88 });
  });
  it('warn when only 70 was granted, fail when nothing was', () => {
    expect(check('limits.can-rt', { [CHRT]: `${EPERM}fifo 88 exit=1\nfifo 70 exit=0\n`, [SELF]: procLimits('70', 'unlimited') })).toMatchObject({ status: 'warn', value: 70 });
    const f = check('limits.can-rt', { [CHRT]: `${EPERM}fifo 88 exit=1\n${EPERM}fifo 70 exit=1\n`, [SELF]: procLimits('0', 'unlimited') });
    expect(f).toMatchObject({ status: 'fail', value: null, fix: { action: 'rt-limits' } });
    expect(f.evidence[0]?.value).toMatch(/Operation not permitted/);
  });
  it('refused although the limit allows it: a cgroup without realtime budget, manual steps', () => {
    const f = check('limits.can-rt', { [CHRT]: `${EPERM}fifo 88 exit=1\n${EPERM}fifo 70 exit=1\n` });
    expect(f).toMatchObject({ status: 'fail' });
    expect(f.fix).toBeUndefined();
    expect(f.explanation).toMatch(/RT_GROUP_SCHED/);
  });
  it('unknown without the test, without chrt, or as root', () => {
    expect(check('limits.can-rt', { [CHRT]: null }).status).toBe('unknown');
    expect(check('limits.can-rt', { [CHRT]: 'sh: 1: chrt: not found\nfifo 88 exit=127\nsh: 1: chrt: not found\nfifo 70 exit=127\n' }).status).toBe('unknown');
    expect(check('limits.can-rt', ROOT).status).toBe('unknown');
  });
  it('the real jackd2 audio.conf text is what the base machine uses', () => {
    expect(JACK_AUDIO_CONF).toMatch(/@audio\s+-\s+rtprio\s+95/);
  });
});
