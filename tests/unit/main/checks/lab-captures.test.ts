// The checks on real captures: `studio-setup capture` run as a musician in the
// lab guest on the PREEMPT_RT kernel, the standard kernel with threadirqs, and
// without (tests/fixtures/captures/SOURCE.md).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSnapshot } from '../../../../main/checks/index.js';
import { readSnapshot } from '../../../../main/probe/snapshot.js';
import { DirSource } from '../../../../main/probe/source.js';

const CAPTURES = path.resolve(import.meta.dirname, '../../../fixtures/captures');
const checks = (id: string) => checkSnapshot(readSnapshot(new DirSource(path.join(CAPTURES, id))));
const statuses = (id: string) => Object.fromEntries(checks(id).findings.map((f) => [f.id, `${f.status} ${JSON.stringify(f.value)}`]));

// What every lab boot has in common: user studio in audio, limits.d 95, no swap, no cpufreq, 9p mounts.
const COMMON = {
  'user.not-root': 'ok "studio"',
  'user.audio-group': 'ok "member"',
  'limits.rtprio': 'ok 95',
  'limits.memlock': 'ok "unlimited"',
  'limits.can-rt': 'ok 88',
  'kernel.config': 'ok true',
  'kernel.high-res-timers': 'ok true',
  'kernel.tickless': 'ok "full"',
  'kernel.hz': 'ok 250',
  'kernel.mitigations': 'info "off"',
  'kernel.nohz_full': 'info "not set"',
  'kernel.rt-throttling': 'ok 950000',
  'cpu.governor': 'ok "none"',
  'cpu.smt': 'ok "not supported"',
  'cpu.boost': 'info "no control"',
  'vm.swappiness': 'ok 60',
  'fs.types': 'warn "/lab, /host"',
  'pm.cpu-dma-latency': 'warn "root:root 600"',
  'irq.sound-shared': 'warn "card 0: IRQ 22"',
  'usb.autosuspend': 'ok "on"',
  'audio.server': 'info "none"',
  'audio.rt-source': 'ok "rlimits"',
  'conflict.rtcirqus': 'ok "not installed"',
  'conflict.udev-rtirq': 'ok "not installed"',
  'conflict.tuned': 'ok "not installed"',
  'conflict.irqbalance': 'ok "not installed"',
};

describe('checks on live lab captures', () => {
  it('PREEMPT_RT with rtirq at boot: rt, threaded, and rtirq flagged for leaving the sound threads at 50', () => {
    expect(statuses('lab-rt-6.1-studio')).toEqual({
      ...COMMON,
      'kernel.preemption': 'ok "rt"',
      'kernel.threaded-irqs': 'ok true',
      'kernel.ktimers': 'info 2',
      'fs.inotify-watches': 'warn 13136',
      'irq.usb-audio-shared': 'warn "card 1: IRQ 16"',
      'conflict.rtirq': 'warn "active"',
    });
    const { findings, verdict } = checks('lab-rt-6.1-studio');
    expect(findings.find((f) => f.id === 'conflict.rtirq')?.explanation).toMatch(/irq\/35-snd_hda_intel:card3 at the default priority 50/);
    expect(verdict.text).toBe("works, with these 3 things to fix first: free the sound card's interrupt line; move the USB interface to a quiet controller; disable rtirq");
  });

  it('standard kernel with threadirqs: dynamic voluntary (preempt=full offered), threaded, rtirq masked', () => {
    expect(statuses('lab-std-threadirqs-6.1-studio')).toEqual({
      ...COMMON,
      'kernel.preemption': 'warn "voluntary"',
      'kernel.threaded-irqs': 'ok true',
      'kernel.ktimers': 'info 0',
      'fs.inotify-watches': 'warn 15247',
      'irq.usb-audio-shared': 'warn "card 1: IRQ 16"',
      'conflict.rtirq': 'info "installed, not active"',
    });
    expect(checks('lab-std-threadirqs-6.1-studio').findings.find((f) => f.id === 'kernel.preemption')?.fix).toEqual({ action: 'kernel-params', add: ['preempt=full'] });
  });

  it('standard kernel without threadirqs: not ready, the fix is threadirqs', () => {
    const { findings, verdict } = checks('lab-std-6.1-no-threadirqs-studio');
    expect(findings.find((f) => f.id === 'kernel.threaded-irqs')).toMatchObject({ status: 'fail', value: false, fix: { action: 'kernel-params', add: ['threadirqs'] }, needs: 'reboot' });
    expect(verdict).toEqual({ level: 'not-ready', text: 'not ready: turn on threaded interrupts (then 3 more things to fix)' });
  });

  it('every explanation is one sentence', () => {
    for (const id of ['lab-rt-6.1-studio', 'lab-std-threadirqs-6.1-studio', 'lab-std-6.1-no-threadirqs-studio']) {
      for (const f of checks(id).findings) expect(f.explanation.split(/(?<=[.!?])\s+(?=[A-Z`(])/), `${id} ${f.id}`).toHaveLength(1);
    }
  });
});
