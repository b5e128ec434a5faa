import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './machine.js';

const TOOLS = '/cmd/rt-tools.txt';
const UNITS = '/cmd/systemctl-units.txt';
const ACTIVE = '/cmd/systemctl-active.txt';
const PS = '/cmd/ps-threads.txt';
// The lab's /etc/default/rtirq (Debian rtirq-init 20210309), from ../shared/lab/captures/*/rtirq-config.txt.
const LAB_RTIRQ_CONF = fs
  .readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/lab/6.1.0-56-rt-amd64/rtirq-config.txt'), 'utf8')
  .split('\n')
  .slice(5, -2)
  .join('\n');
const DEBIAN_RTIRQ = {
  [TOOLS]: '/etc/init.d/rtirq\n/etc/default/rtirq\n/lib/udev/rules.d/50-udev-default.rules\n',
  [UNITS]: 'rtirq.service generated -\n',
  [ACTIVE]: '  rtirq.service loaded active exited LSB: Realtime IRQ thread tunning.\n',
  '/etc/default/rtirq': LAB_RTIRQ_CONF,
};

describe('conflict.rtirq', () => {
  it("Debian's rtirq (init script + /etc/default/rtirq, no binary) running but having missed the sound card: warn, disable fix", () => {
    // The lab at boot: rtirq ran before the sound drivers loaded; the HDA thread is still at FIFO 50.
    const f = check('conflict.rtirq', DEBIAN_RTIRQ, 'lab-rt-6.1');
    expect(f).toMatchObject({ status: 'warn', value: 'active', fix: { action: 'disable-service', unit: 'rtirq.service' } });
    expect(f.explanation).toMatch(/here it ran but left card 0: .*card 1: irq\/33-snd_hda_intel:card1.* at the default priority 50/);
    expect(f.evidence).toContainEqual({ source: '/etc/default/rtirq', value: 'RTIRQ_NAME_LIST="snd usb i8042" RTIRQ_PRIO_HIGH=90' });
  });

  it('a name list without sound entries is called out', () => {
    const f = check('conflict.rtirq', { ...DEBIAN_RTIRQ, '/etc/default/rtirq': 'RTIRQ_NAME_LIST="i8042"\n' }, 'lab-rt-6.1');
    expect(f.explanation).toMatch(/does not even include the sound cards/);
  });

  it('installed from source (/usr/sbin/rtirq + unit), no systemd state: warn, installed', () => {
    expect(check('conflict.rtirq', { [TOOLS]: '/usr/sbin/rtirq\n/etc/rtirq.conf\n', [UNITS]: null, [ACTIVE]: null })).toMatchObject({ status: 'warn', value: 'installed' });
  });

  it('installed but disabled and inactive: info; absent: ok; nothing known: unknown', () => {
    const off = { [TOOLS]: '/usr/sbin/rtirq\n', [UNITS]: 'rtirq.service disabled enabled\n', [ACTIVE]: '  rtirq.service loaded inactive dead rtirq\n' };
    expect(check('conflict.rtirq', off)).toMatchObject({ status: 'info' });
    expect(check('conflict.rtirq')).toMatchObject({ status: 'ok', value: 'not installed' });
    expect(check('conflict.rtirq', { [TOOLS]: null, [UNITS]: null, [ACTIVE]: null }).status).toBe('unknown');
  });

  it('udev-rtirq files are not mistaken for rtirq', () => {
    expect(check('conflict.rtirq', { [TOOLS]: '/usr/sbin/udev-rtirq\n/etc/default/udev-rtirq\n' })).toMatchObject({ status: 'ok' });
  });
});

describe('conflict.rtcirqus, conflict.udev-rtirq', () => {
  it('their udev rules: warn with the exact files to remove', () => {
    const r = check('conflict.rtcirqus', { [TOOLS]: '/usr/local/bin/rtcirqus\n/etc/udev/rules.d/99-rtcirqus.rules\n' });
    expect(r).toMatchObject({ status: 'warn', value: 'active (udev rule)' });
    expect(r.manual).toEqual(['`sudo rm /etc/udev/rules.d/99-rtcirqus.rules` (or `sudo mv` it somewhere safe)', 'Then reload udev: `sudo udevadm control --reload-rules`.']);
    const u = check('conflict.udev-rtirq', { [TOOLS]: '/usr/sbin/udev-rtirq\n/etc/default/udev-rtirq\n/usr/lib/udev/rules.d/99-udev-rtirq.rules\n' });
    expect(u).toMatchObject({ status: 'warn' });
    expect(u.explanation).toMatch(/FIFO 95/);
  });

  it('absent: ok; no tool list: unknown', () => {
    expect(check('conflict.rtcirqus').status).toBe('ok');
    expect(check('conflict.udev-rtirq').status).toBe('ok');
    expect(check('conflict.rtcirqus', { [TOOLS]: null }).status).toBe('unknown');
    expect(check('conflict.udev-rtirq', { [TOOLS]: null }).status).toBe('unknown');
  });
});

describe('conflict.tuned', () => {
  const running = { [ACTIVE]: '  tuned.service loaded active running Dynamic System Tuning Daemon\n', [TOOLS]: '/usr/sbin/tuned\n' };
  it('a realtime profile fights over IRQ threads: warn', () => {
    const f = check('conflict.tuned', { ...running, '/etc/tuned/active_profile': 'realtime\n' });
    expect(f).toMatchObject({ status: 'warn', value: 'realtime' });
    expect(f.explanation).toMatch(/kthread plugins set IRQ thread priorities/);
  });
  it('balanced sets the governor back: warn; latency-performance agrees: info', () => {
    expect(check('conflict.tuned', { ...running, '/etc/tuned/active_profile': 'balanced\n' })).toMatchObject({ status: 'warn', value: 'balanced' });
    expect(check('conflict.tuned', { ...running, '/etc/tuned/active_profile': 'latency-performance\n' })).toMatchObject({ status: 'info' });
  });
  it('installed, not running: ok; unknown without any source', () => {
    expect(check('conflict.tuned', { [TOOLS]: '/usr/sbin/tuned\n' })).toMatchObject({ status: 'ok', value: 'installed, not running' });
    expect(check('conflict.tuned', { [TOOLS]: null, [UNITS]: null, [ACTIVE]: null, [PS]: null }).status).toBe('unknown');
  });
});

describe('conflict.irqbalance', () => {
  it('running (process or unit): warn with the disable fix', () => {
    const byProcess = check('conflict.irqbalance', { [PS]: 'PID CLS RTPRIO PRI NI COMMAND\n 611 TS - 19 0 irqbalance\n' });
    expect(byProcess).toMatchObject({ status: 'warn', fix: { action: 'disable-service', unit: 'irqbalance.service' } });
    expect(check('conflict.irqbalance', { [ACTIVE]: '  irqbalance.service loaded active running irqbalance daemon\n' }).status).toBe('warn');
  });
  it('not running: ok ("not running" when installation is unknown); unknown without any source', () => {
    expect(check('conflict.irqbalance')).toMatchObject({ status: 'ok', value: 'not installed' });
    expect(check('conflict.irqbalance', { [TOOLS]: null, [UNITS]: null, [ACTIVE]: null })).toMatchObject({ status: 'ok', value: 'not running' });
    expect(check('conflict.irqbalance', { [TOOLS]: null, [UNITS]: null, [ACTIVE]: null, [PS]: null }).status).toBe('unknown');
  });
});
