// The helper's live paths on a simulated machine (fake-machine.ts): commands run
// in order, threads recorded before the applier runs and verified after, a
// failure rolled back byte-for-byte, shared files changed since apply taken
// back without clobbering, and threads found again after a reboot.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Journal } from '../../../../main/privileged/helper/journal.js';
import { parseList } from '../../../../main/privileged/helper/irq.js';
import { fakeMachine, liveApply, liveRevert } from './fake-machine.js';
import { b64, fingerprint, fullPlan, helper, removeRoots } from './fixtures.js';

afterAll(removeRoots);

const journalOf = (root: string) => JSON.parse(fs.readFileSync(path.join(root, '/var/lib/studio-setup/journal.json'), 'utf8')) as Journal;
const short = (log: string[]) => log.map((l) => l.replace(/^\/usr\/(s?bin|local\/lib\/studio-setup)\//, ''));

describe('live apply on a simulated machine', () => {
  it('runs each tool once, in order; records threads before the applier sets them; revert restores everything', () => {
    const m = fakeMachine();
    const before = fingerprint(m.root);
    const r = liveApply(m, fullPlan());
    expect(r).toMatchObject({ code: 0 });
    expect(short(m.log)).toEqual([
      'systemctl is-active --quiet irqbalance.service',
      'systemctl is-active --quiet rtirq-resume.service',
      'systemctl is-active --quiet rtirq.service',
      'systemctl stop rtirq.service',
      'gpasswd -a alice audio',
      'sysctl -p /etc/sysctl.d/60-studio-setup.conf',
      'update-grub',
      'systemctl daemon-reload',
      'udevadm control --reload',
      'studio-setup-irq --list',
      'studio-setup-irq --apply',
    ]);
    expect(m.thread(252)).toEqual({ policy: 'FIFO', priority: 90 });
    expect(m.thread(217)).toEqual({ policy: 'FIFO', priority: 80 });
    const read = (p: string) => fs.readFileSync(path.join(m.root, p), 'utf8');
    expect(read('/proc/sys/vm/swappiness')).toBe('10\n');
    expect(read('/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor')).toBe('performance\n');
    expect(read('/sys/devices/pci0000:00/0000:00:1d.0/usb1/1-2/power/control')).toBe('on\n');
    expect(read('/etc/group')).toContain('audio:x:29:pulse,alice');
    expect(read('/boot/grub/grub.cfg')).toContain('quiet threadirqs preempt=full');
    const j = journalOf(m.root);
    const threadIdx = j.steps.findIndex((s) => s.kind === 'thread');
    const applyIdx = j.steps.findIndex((s) => s.kind === 'command' && s.argv.includes('--apply'));
    expect(threadIdx).toBeGreaterThan(-1);
    expect(threadIdx).toBeLessThan(applyIdx);
    expect(j.steps.filter((s) => s.kind === 'thread').map((s) => s.kind === 'thread' && [s.pid, s.before, s.planned, s.controller, s.performed])).toEqual([
      [252, { policy: 'FIFO', priority: 50 }, 90, '0000:00:1b.0', true],
      [217, { policy: 'FIFO', priority: 85 }, 80, '0000:00:1d.7', true],
    ]);
    // The four group files were backed up before gpasswd ran.
    const groupSteps = j.steps.filter((s) => s.kind === 'file' && s.path.startsWith('/etc/g'));
    expect(groupSteps.map((s) => s.kind === 'file' && s.path)).toEqual(['/etc/group', '/etc/gshadow', '/etc/group-', '/etc/gshadow-']);

    m.log.length = 0;
    const rv = liveRevert(m);
    expect(rv.problems).toEqual([]);
    expect(fingerprint(m.root)).toEqual(before);
    expect(m.thread(252)).toEqual({ policy: 'FIFO', priority: 50 });
    expect(m.thread(217)).toEqual({ policy: 'FIFO', priority: 85 });
    expect(m.active.has('rtirq.service')).toBe(true);
    const log = short(m.log);
    expect(log.slice(0, 2)).toEqual(['systemctl stop studio-setup-irq-resume.service studio-setup-irq.service', 'studio-setup-irq --apply --quiet']);
    expect(log.slice(-3)).toEqual(['systemctl daemon-reload', 'udevadm control --reload', 'systemctl start rtirq.service']);
  });

  it('a thread the applier did not set fails verification: rolled back, byte-identical, exit 5', () => {
    const m = fakeMachine();
    const before = fingerprint(m.root);
    m.stubborn.add(217);
    const r = liveApply(m, fullPlan());
    expect(r.code).toBe(5);
    expect(r).toMatchObject({ error: expect.stringMatching(/thread 217 is FIFO 85 after the applier ran, not FIFO 80/) });
    expect(fingerprint(m.root)).toEqual(before);
    expect(m.thread(252)).toEqual({ policy: 'FIFO', priority: 50 });
    expect(m.active.has('rtirq.service')).toBe(true);
  });

  it.each(['update-grub', 'gpasswd', 'sysctl -p', 'studio-setup-irq --list', 'studio-setup-irq --apply'])('%s failing: rolled back, byte-identical, exit 5', (what) => {
    const m = fakeMachine();
    const before = fingerprint(m.root);
    m.failing.add(what);
    const r = liveApply(m, fullPlan());
    expect(r.code).toBe(5);
    expect(fingerprint(m.root)).toEqual(before);
  });

  it('a rollback that cannot finish (daemon-reload keeps failing) is exit 6 with the journal kept; revert finishes it', () => {
    const m = fakeMachine();
    const before = fingerprint(m.root);
    m.failing.add('daemon-reload');
    const r = liveApply(m, fullPlan());
    expect(r.code).toBe(6);
    expect(r).toMatchObject({ problems: [expect.stringMatching(/daemon-reload failed/)] });
    expect(journalOf(m.root).state).toBe('failed');
    m.failing.clear();
    expect(liveRevert(m).problems).toEqual([]);
    expect(fingerprint(m.root)).toEqual(before);
  });

  it('shared files changed since apply are taken back, not overwritten: the group edit and a regenerated grub.cfg', () => {
    const m = fakeMachine();
    expect(liveApply(m, fullPlan()).code).toBe(0);
    const host = (p: string) => path.join(m.root, p);
    // The admin adds bob to alice's group; a kernel update regenerates grub.cfg.
    fs.writeFileSync(host('/etc/group'), fs.readFileSync(host('/etc/group'), 'utf8').replace('alice:x:1000:', 'alice:x:1000:bob'));
    fs.writeFileSync(host('/boot/grub/grub.cfg'), fs.readFileSync(host('/boot/grub/grub.cfg'), 'utf8').replace('6.1.0-56', '6.1.0-57'));
    m.log.length = 0;
    expect(liveRevert(m).problems).toEqual([]);
    const group = fs.readFileSync(host('/etc/group'), 'utf8');
    expect(group).toContain('audio:x:29:pulse\n');
    expect(group).toContain('alice:x:1000:bob\n');
    expect(short(m.log)).toContain('gpasswd -d alice audio');
    expect(short(m.log)).toContain('update-grub');
    expect(fs.readFileSync(host('/boot/grub/grub.cfg'), 'utf8')).not.toContain('threadirqs');
    expect(fs.existsSync(host('/etc/default/grub.d/studio-setup.cfg'))).toBe(false);
  });

  it('after a reboot, threads are found again by controller + action (new pid) and restored', () => {
    const m = fakeMachine();
    expect(liveApply(m, fullPlan()).code).toBe(0);
    fs.writeFileSync(path.join(m.root, '/proc/sys/kernel/random/boot_id'), '6f1c1f1e-0000-4000-8000-000000000002\n');
    // The boot applier set the HDA thread, now pid 301; the old pids are gone.
    m.removeThread(252);
    m.removeThread(217);
    m.setThread({ pid: 301, comm: 'irq/33-snd_hda_intel:card1', irq: 33, action: 'snd_hda_intel:card1', policy: 'FIFO', priority: 90 });
    m.log.length = 0;
    expect(liveRevert(m).problems).toEqual([]);
    expect(short(m.log)).toContain('chrt -f -p 50 301');
    expect(m.thread(301)).toEqual({ policy: 'FIFO', priority: 50 });
  });

  it('the real applier (build/linux/studio-setup-irq --list) reads the irq.conf the helper writes and lists what the helper recorded', () => {
    const m = fakeMachine();
    const plan = fullPlan({ targets: [fullPlan().targets[0] as ReturnType<typeof fullPlan>['targets'][number]], fixes: [{ action: 'cpu-governor', governor: 'performance' }] });
    expect(helper(['apply', b64(plan), '--root', m.root]).code).toBe(0);
    const applier = path.resolve(import.meta.dirname, '../../../../build/linux/studio-setup-irq');
    const listed = parseList(execFileSync('/bin/sh', [applier, '--root', m.root, '--list'], { encoding: 'utf8' }));
    expect(listed).toEqual([{ pid: 252, irq: 33, action: 'snd_hda_intel:card1', planned: 90 }]);
    const threads = journalOf(m.root).steps.flatMap((s) => (s.kind === 'thread' ? [[s.pid, s.irq, s.action, s.planned]] : []));
    expect(threads).toEqual(listed.map((l) => [l.pid, l.irq, l.action, l.planned]));
  });
});
