import { describe, expect, it } from 'vitest';
import { editDistance, isThreadirqsTypo } from '../../../../main/checks/kernel.js';
import { check, CONFIG_DYNAMIC } from './machine.js';

const CMDLINE = '/proc/cmdline';
const UNAME = '/cmd/uname-a.txt';
const CONFIG = '/cmd/kernel-config.txt';
const LAB_STD_CMDLINE = 'root=/dev/vda rw console=ttyS0,115200 loglevel=4 mitigations=off threadirqs systemd.mask=serial-getty@ttyS0.service\n';
const LAB_RT = 'lab-rt-6.1';
const LAB_STD = 'lab-std-threadirqs-6.1';
// A lab bundle as it is (no studio system files on top), optionally patched.
const lab = (id: string, bundle: string, patch: Record<string, string | null> = {}) => check(id, patch, bundle, {});

describe('kernel.preemption on the lab captures', () => {
  it('RT kernel: rt, ok', () => {
    const f = lab('kernel.preemption', LAB_RT);
    expect(f).toMatchObject({ status: 'ok', value: 'rt' });
    expect(f.evidence[0]).toEqual({ source: 'uname -v', value: '#1 SMP PREEMPT_RT Debian 6.1.192-2 (2026-11-16)' });
  });

  it('standard kernel + threadirqs: dynamic, voluntary by its config, warn with preempt=full', () => {
    const f = lab('kernel.preemption', LAB_STD);
    expect(f).toMatchObject({ status: 'warn', value: 'voluntary', fix: { action: 'kernel-params', add: ['preempt=full'] }, needs: 'reboot' });
    expect(f.evidence).toContainEqual({ source: 'PREEMPT_DYNAMIC', value: 'yes: preempt= picks the model at boot' });
    expect(f.evidence).toContainEqual({ source: 'kernel config (cmd/kernel-config.txt)', value: 'CONFIG_PREEMPT_DYNAMIC=y CONFIG_PREEMPT_VOLUNTARY=y' });
  });
});

describe('kernel.preemption, hand-made', () => {
  it('rtcqs bug: preempt=full is "full", explained as not real-time and not threading IRQs', () => {
    const f = check('kernel.preemption', { [CMDLINE]: 'root=/dev/sda1 ro preempt=full\n' });
    expect(f).toMatchObject({ status: 'ok', value: 'full' });
    expect(f.explanation).toMatch(/not a real-time \(PREEMPT_RT\) kernel/);
    expect(f.explanation.split('. ')).toHaveLength(1);
    expect(f.explanation).toMatch(/does not put interrupts in threads/);
  });

  it('preempt=full on a kernel that is not dynamic does nothing: warn, install a kernel', () => {
    const f = check('kernel.preemption', {
      [CMDLINE]: 'root=/dev/sda1 ro preempt=full\n',
      [UNAME]: 'Linux box 5.10.0-28-amd64 #1 SMP Debian 5.10.209-2 (2024-01-31) x86_64 GNU/Linux\n',
      [CONFIG]: CONFIG_DYNAMIC.replace('CONFIG_PREEMPT_DYNAMIC=y', '# CONFIG_PREEMPT_DYNAMIC is not set'),
    });
    expect(f).toMatchObject({ status: 'warn', value: 'voluntary' });
    expect(f.advice).toMatch(/^`preempt=full` on your command line does nothing, as this kernel is not PREEMPT_DYNAMIC/);
    expect(f.fix).toBeUndefined();
    expect(f.manual?.[0]).toMatch(/linux-image-rt-amd64/);
  });

  it('a misspelled preempt= value is ignored by the kernel: warn', () => {
    const f = check('kernel.preemption', { [CMDLINE]: 'ro preempt=fulll\n' });
    expect(f).toMatchObject({ status: 'warn', value: 'voluntary' });
    expect(f.advice).toMatch(/^`preempt=fulll` is not a mode/);
  });

  it('none and lazy', () => {
    expect(check('kernel.preemption', { [CMDLINE]: 'ro preempt=none\n' })).toMatchObject({ status: 'warn', value: 'none' });
    expect(check('kernel.preemption', { [CMDLINE]: 'ro preempt=lazy\n' })).toMatchObject({ status: 'ok', value: 'lazy' });
  });

  it('unknown without uname and config', () => {
    expect(check('kernel.preemption', { [UNAME]: null, [CONFIG]: null, [CMDLINE]: null }, null).status).toBe('unknown');
  });
});

describe('kernel.threaded-irqs', () => {
  it('RT lab kernel: ok, every audio line has its thread', () => {
    const f = lab('kernel.threaded-irqs', LAB_RT);
    expect(f).toMatchObject({ status: 'ok', value: true });
    expect(f.evidence[2]?.value).toMatch(/card 1 IRQ 33: irq\/33-snd_hda_intel:card1/);
  });

  it('standard lab kernel with threadirqs: ok', () => {
    expect(lab('kernel.threaded-irqs', LAB_STD)).toMatchObject({ status: 'ok', value: true });
  });

  it('no threadirqs on a standard kernel: fail, fix = add threadirqs, reboot; preempt=full is not enough', () => {
    const f = check('kernel.threaded-irqs', { [CMDLINE]: 'root=/dev/sda1 ro quiet preempt=full\n', '/cmd/ps-threads.txt': 'PID CLS RTPRIO PRI NI COMMAND\n 14 TS - 19 0 ksoftirqd/0\n' });
    expect(f).toMatchObject({ status: 'fail', value: false, fix: { action: 'kernel-params', add: ['threadirqs'] }, needs: 'reboot' });
    expect(f.explanation).toMatch(/`preempt=full` does not thread them/);
  });

  it('no threadirqs, yet every audio line has a thread (drivers that thread themselves): warn, still offers threadirqs', () => {
    const f = check('kernel.threaded-irqs', { [CMDLINE]: 'root=/dev/sda1 ro quiet\n' });
    expect(f).toMatchObject({ status: 'warn', value: false, fix: { action: 'kernel-params', add: ['threadirqs'] } });
    expect(f.explanation).toMatch(/although the audio drivers thread their own handlers/);
  });

  it("musnix's `threadirq` typo fails, naming the typo", () => {
    const f = check('kernel.threaded-irqs', { [CMDLINE]: 'root=/dev/sda1 ro threadirq\n' });
    expect(f).toMatchObject({ status: 'fail', fix: { action: 'kernel-params', add: ['threadirqs'] } });
    expect(f.explanation).toBe('`threadirq` on the command line is a misspelling the kernel silently ignores (the parameter is `threadirqs`), so interrupts are not threaded and the audio interrupt cannot be ranked above the others.');
    expect(f.advice).toMatch(/^Remove the misspelled `threadirq`/);
    expect(f.evidence[0]?.value).toBe('no threadirqs (but: threadirq)');
  });

  it('threadirqs given but no irq/ thread at all: fail, it is not taking effect', () => {
    const ps = 'PID CLS RTPRIO PRI NI COMMAND\n 14 TS - 19 0 ksoftirqd/0\n';
    expect(lab('kernel.threaded-irqs', LAB_STD, { '/cmd/ps-threads.txt': ps })).toMatchObject({ status: 'fail', value: false });
  });

  it("threadirqs given but the sound card's line has no thread: warn", () => {
    const ps = 'PID CLS RTPRIO PRI NI COMMAND\n 40 FF 50 90 - irq/9-acpi\n';
    const f = lab('kernel.threaded-irqs', LAB_STD, { '/cmd/ps-threads.txt': ps });
    expect(f.status).toBe('warn');
    expect(f.explanation).toMatch(/card 0's IRQ 22/);
  });

  it('a kernel without CONFIG_IRQ_FORCED_THREADING ignores threadirqs: fail', () => {
    const f = check('kernel.threaded-irqs', { [CONFIG]: CONFIG_DYNAMIC.replace('CONFIG_IRQ_FORCED_THREADING=y', '# CONFIG_IRQ_FORCED_THREADING is not set') });
    expect(f).toMatchObject({ status: 'fail' });
    expect(f.explanation).toMatch(/without CONFIG_IRQ_FORCED_THREADING/);
  });

  it('no command line: the audio threads decide (ok), or unknown', () => {
    expect(check('kernel.threaded-irqs', { [CMDLINE]: null, [UNAME]: null }, LAB_STD)).toMatchObject({ status: 'ok' });
    expect(check('kernel.threaded-irqs', { [CMDLINE]: null, [UNAME]: null, '/cmd/ps-threads.txt': null }, LAB_STD).status).toBe('unknown');
  });

  it('typo detection: near misses of threadirqs only', () => {
    for (const w of ['threadirq', 'threadedirqs', 'thread_irqs', 'ThreadIRQs', 'threadirqz', 'treadirqs']) expect(isThreadirqsTypo(w), w).toBe(true);
    for (const w of ['threadirqs', 'threadirqs=1', 'quiet', 'splash', 'nohz_full=2-3', 'rcu_nocbs=2-3', 'irqaffinity=0']) expect(isThreadirqsTypo(w), w).toBe(false);
    expect(editDistance('threadirq', 'threadirqs')).toBe(1);
  });

  it('keeps LAB_STD_CMDLINE in sync with the bundle', () => {
    expect(lab('kernel.mitigations', LAB_STD).evidence[0]?.value).toBe('mitigations=off');
    expect(LAB_STD_CMDLINE).toMatch(/threadirqs/);
  });
});
