// Kernel parameters through each boot loader setup, and rtirq: detected from the
// tree, recorded under --root, and reverted byte-for-byte.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../../main/common/plan.js';
import type { Journal } from '../../../../main/privileged/helper/journal.js';
import { b64, fingerprint, fullPlan, helper, makeRoot, noRunner, removeRoots } from './fixtures.js';

afterAll(removeRoots);

const kernelOnly = (): Plan => fullPlan({ targets: [], fixes: [{ action: 'kernel-params', add: ['threadirqs', 'preempt=full'] }] });
const read = (root: string, p: string) => fs.readFileSync(path.join(root, p), 'utf8');
const journal = (root: string) => JSON.parse(read(root, '/var/lib/studio-setup/journal.json')) as Journal;
const commands = (root: string) => journal(root).steps.flatMap((s) => (s.kind === 'command' ? [s.argv] : []));
const files = (root: string) => journal(root).steps.flatMap((s) => (s.kind === 'file' ? [s.path] : []));

// No Debian GRUB in these trees.
const NO_GRUB = { '/etc/default/grub': null, '/boot/grub/grub.cfg': null, '/usr/sbin/update-grub': null };
const ENTRY = 'title Fedora Linux (6.5.6-300.fc39.x86_64)\nversion 6.5.6-300.fc39.x86_64\nlinux /vmlinuz-6.5.6-300.fc39.x86_64\ninitrd /initramfs-6.5.6-300.fc39.x86_64.img\noptions root=UUID=abcd ro rhgb quiet\n';
// LoaderInfo: 4 attribute bytes, then UTF-16LE text.
const loaderInfo = (text: string) => Buffer.concat([Buffer.from([6, 0, 0, 0]), Buffer.from(`${text}\0`, 'utf16le')]).toString('latin1');

function roundTrip(root: string, plan: Plan): void {
  const before = fingerprint(root);
  const r = helper(['apply', b64(plan), '--root', root], { runner: noRunner });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.result?.needs).toEqual(['reboot']);
  expect((r.result?.notes as string[]).some((n) => /take effect after a reboot/.test(n))).toBe(true);
  expect(helper(['revert', '--root', root], { runner: noRunner }).code).toBe(0);
  expect(fingerprint(root)).toEqual(before);
}

describe('kernel parameters', () => {
  it('Debian GRUB: a grub.d drop-in, then update-grub with grub.cfg backed up', () => {
    const root = makeRoot();
    const before = fingerprint(root);
    expect(helper(['apply', b64(kernelOnly()), '--root', root]).code).toBe(0);
    expect(read(root, '/etc/default/grub.d/studio-setup.cfg')).toMatch(/GRUB_CMDLINE_LINUX_DEFAULT="\$GRUB_CMDLINE_LINUX_DEFAULT threadirqs preempt=full"\n$/);
    expect(files(root)).toEqual(['/etc/default/grub.d/studio-setup.cfg', '/boot/grub/grub.cfg']);
    expect(commands(root)).toEqual([['/usr/sbin/update-grub']]);
    expect(helper(['revert', '--root', root]).code).toBe(0);
    expect(fingerprint(root)).toEqual(before);
  });

  it('Fedora: grubby --update-kernel=ALL --args=..., every entry and /etc/default/grub backed up first', () => {
    const root = makeRoot({
      ...NO_GRUB,
      '/usr/sbin/grubby': '#!/bin/sh\n',
      '/etc/default/grub': 'GRUB_CMDLINE_LINUX="rhgb quiet"\nGRUB_ENABLE_BLSCFG=true\n',
      '/boot/grub2/grub.cfg': 'blscfg\n',
      '/boot/loader/entries/abcd-6.5.6-300.fc39.x86_64.conf': ENTRY,
      '/boot/loader/entries/abcd-0-rescue.conf': ENTRY.replace(/6\.5\.6-300\.fc39\.x86_64/g, '0-rescue'),
    });
    roundTrip(root, kernelOnly());
    helper(['apply', b64(kernelOnly()), '--root', root]);
    expect(commands(root)).toEqual([['/usr/sbin/grubby', '--update-kernel=ALL', '--args=threadirqs preempt=full']]);
    const cmd = journal(root).steps.find((s) => s.kind === 'command');
    expect(cmd?.kind === 'command' && cmd.undo).toEqual(['/usr/sbin/grubby', '--update-kernel=ALL', '--remove-args=threadirqs preempt=full']);
    expect(files(root)).toEqual(['/boot/loader/entries/abcd-0-rescue.conf', '/boot/loader/entries/abcd-6.5.6-300.fc39.x86_64.conf', '/etc/default/grub']);
  });

  it('systemd-boot (LoaderInfo): /etc/kernel/cmdline and each entry`s options line', () => {
    const root = makeRoot({
      ...NO_GRUB,
      '/sys/firmware/efi/efivars/LoaderInfo-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f': loaderInfo('systemd-boot 254.5'),
      '/etc/kernel/cmdline': 'root=UUID=abcd rw quiet threadirqs\n',
      '/boot/loader/entries/arch.conf': ENTRY,
    });
    const before = fingerprint(root);
    expect(helper(['apply', b64(kernelOnly()), '--root', root]).code).toBe(0);
    expect(read(root, '/etc/kernel/cmdline')).toBe('root=UUID=abcd rw quiet threadirqs preempt=full\n');
    expect(read(root, '/boot/loader/entries/arch.conf')).toContain('\noptions root=UUID=abcd ro rhgb quiet threadirqs preempt=full\n');
    expect(commands(root)).toEqual([]);
    expect(helper(['revert', '--root', root]).code).toBe(0);
    expect(fingerprint(root)).toEqual(before);
  });

  it('kernel-install without /etc/kernel/cmdline: it is created from /proc/cmdline (loader arguments dropped)', () => {
    const root = makeRoot({ ...NO_GRUB, '/boot/loader/loader.conf': 'timeout 3\n', '/proc/cmdline': 'BOOT_IMAGE=/vmlinuz-6.1 root=/dev/vda rw initrd=\\initrd.img quiet\n' });
    const before = fingerprint(root);
    expect(helper(['apply', b64(kernelOnly()), '--root', root]).code).toBe(0);
    expect(read(root, '/etc/kernel/cmdline')).toBe('root=/dev/vda rw quiet threadirqs preempt=full\n');
    expect(helper(['revert', '--root', root]).code).toBe(0);
    expect(fingerprint(root)).toEqual(before);
  });

  it('Pop!_OS: kernelstub -a for each parameter not yet configured (undo: kernelstub -d)', () => {
    const root = makeRoot({
      ...NO_GRUB,
      '/usr/bin/kernelstub': '#!/usr/bin/python3\n',
      '/etc/kernelstub/configuration': '{"user": {"kernel_options": ["quiet", "splash", "threadirqs"]}}\n',
    });
    roundTrip(root, kernelOnly());
    helper(['apply', b64(kernelOnly()), '--root', root]);
    const steps = journal(root).steps.filter((s) => s.kind === 'command');
    expect(steps.map((s) => s.kind === 'command' && [s.argv, s.undo])).toEqual([[['/usr/bin/kernelstub', '-a', 'preempt=full'], ['/usr/bin/kernelstub', '-d', 'preempt=full']]]);
  });

  it('no recognised boot loader: refused with the manual step, nothing changed', () => {
    const root = makeRoot(NO_GRUB);
    const before = fingerprint(root);
    const r = helper(['apply', b64(kernelOnly()), '--root', root]);
    expect(r.code).toBe(2);
    expect(r.result?.error).toMatch(/cannot tell which boot loader.*add threadirqs preempt=full to the kernel command line by hand/);
    expect(fingerprint(root)).toEqual(before);
  });
});

describe('rtirq', () => {
  const RTIRQ = { '/lib/systemd/system/rtirq.service': '[Service]\nType=oneshot\nExecStart=/usr/sbin/rtirq start\n', '/lib/systemd/system/rtirq-resume.service': '[Service]\nExecStart=/usr/sbin/rtirq start\n' };
  const ENABLED = { '/etc/systemd/system/multi-user.target.wants/rtirq.service': '/lib/systemd/system/rtirq.service' };

  it('installed and enabled, and the plan does not disable it: refused (never fight it)', () => {
    const root = makeRoot(RTIRQ, ENABLED);
    const before = fingerprint(root);
    const r = helper(['apply', b64(fullPlan({ fixes: [] })), '--root', root]);
    expect(r.code).toBe(2);
    expect(r.result?.error).toMatch(/rtirq is installed and enabled.*disable-service rtirq\.service/);
    expect(fingerprint(root)).toEqual(before);
  });

  it('disabling either rtirq unit masks both; /etc/default/rtirq is left alone; revert unmasks', () => {
    const root = makeRoot(RTIRQ, ENABLED);
    const before = fingerprint(root);
    const r = helper(['apply', b64(fullPlan({ fixes: [{ action: 'disable-service', unit: 'rtirq-resume.service' }] })), '--root', root]);
    expect(r.code).toBe(0);
    expect(fs.readlinkSync(path.join(root, '/etc/systemd/system/rtirq.service'))).toBe('/dev/null');
    expect(fs.readlinkSync(path.join(root, '/etc/systemd/system/rtirq-resume.service'))).toBe('/dev/null');
    expect(read(root, '/etc/default/rtirq')).toContain('RTIRQ_NAME_LIST');
    expect(helper(['revert', '--root', root]).code).toBe(0);
    expect(fingerprint(root)).toEqual(before);
  });

  it('installed but not enabled: nothing to fight, the IRQ part applies', () => {
    const root = makeRoot(RTIRQ);
    expect(helper(['apply', b64(fullPlan({ fixes: [] })), '--root', root]).code).toBe(0);
  });
});
