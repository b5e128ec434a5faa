// A plan that turns threadirqs on, applied on the kernel it is for: one booted without
// threadirqs, where no audio handler is a thread yet. The VM suite (tests/vm, scenario
// kernel-params) found apply failing there: the applier's --list found no IRQ thread
// serving the HDA and the whole apply, GRUB drop-in included, was rolled back. The
// threads can only be set after the reboot, by the boot unit.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeMachine, liveApply, liveRevert } from './fake-machine.js';
import { fingerprint, fullPlan, removeRoots } from './fixtures.js';

afterAll(removeRoots);

const CMDLINE = 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=UUID=1234 ro quiet\n';
const short = (log: string[]) => log.map((l) => l.replace(/^\/usr\/(s?bin|local\/lib\/studio-setup)\//, ''));

/** The fake machine booted without threadirqs: no IRQ thread at all. */
function unthreaded() {
  const m = fakeMachine();
  m.removeThread(252);
  m.removeThread(217);
  fs.writeFileSync(path.join(m.root, '/proc/cmdline'), CMDLINE);
  return m;
}

describe('threadirqs planned on a kernel without it', () => {
  it('applies: the drop-in and update-grub, the boot unit installed, no applier run now; revert is byte-identical', () => {
    const m = unthreaded();
    const before = fingerprint(m.root);
    const r = liveApply(m, fullPlan());
    expect(r).toMatchObject({ code: 0, needs: expect.arrayContaining(['reboot']) });
    if (r.code !== 0) return;
    expect(r.notes.join('\n')).toMatch(/boot unit sets the IRQ threads after the reboot/);
    const log = short(m.log);
    expect(log).toContain('update-grub');
    expect(log.filter((l) => l.startsWith('studio-setup-irq'))).toEqual([]);
    const read = (p: string) => fs.readFileSync(path.join(m.root, p), 'utf8');
    expect(read('/boot/grub/grub.cfg')).toContain('quiet threadirqs preempt=full');
    expect(fs.readlinkSync(path.join(m.root, '/etc/systemd/system/multi-user.target.wants/studio-setup-irq.service'))).toBe('/etc/systemd/system/studio-setup-irq.service');

    m.log.length = 0;
    expect(liveRevert(m).problems).toEqual([]);
    expect(fingerprint(m.root)).toEqual(before);
  });

  it('with threadirqs already on the command line, the applier runs at once (and fails loudly when a thread is missing)', () => {
    const m = unthreaded();
    fs.writeFileSync(path.join(m.root, '/proc/cmdline'), CMDLINE.replace('quiet', 'quiet threadirqs'));
    const before = fingerprint(m.root);
    const r = liveApply(m, fullPlan());
    expect(r).toMatchObject({ code: 5, error: expect.stringMatching(/no IRQ thread serves 0000:00:1b\.0/) });
    expect(short(m.log)).toContain('studio-setup-irq --list');
    expect(fingerprint(m.root)).toEqual(before);
  });

  it('on PREEMPT_RT (every handler a thread) the applier runs at once even when threadirqs is planned', () => {
    const m = fakeMachine();
    fs.writeFileSync(path.join(m.root, '/proc/cmdline'), CMDLINE);
    fs.mkdirSync(path.join(m.root, '/sys/kernel'), { recursive: true });
    fs.writeFileSync(path.join(m.root, '/sys/kernel/realtime'), '1\n');
    const r = liveApply(m, fullPlan());
    expect(r).toMatchObject({ code: 0 });
    expect(short(m.log).slice(-2)).toEqual(['studio-setup-irq --list', 'studio-setup-irq --apply']);
    expect(m.thread(252)).toEqual({ policy: 'FIFO', priority: 90 });
  });
});
