// The helper in-process against throw-away roots: apply then revert is
// byte-identical; apply twice is apply once; revert is idempotent; status; dry-run.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Journal } from '../../../../main/privileged/helper/journal.js';
import { b64, fingerprint, fullPlan, helper, makeRoot, noRunner, removeRoots } from './fixtures.js';

afterAll(removeRoots);

const read = (root: string, p: string) => fs.readFileSync(path.join(root, p), 'utf8');
const journal = (root: string) => JSON.parse(read(root, '/var/lib/studio-setup/journal.json')) as Journal;

describe('helper apply/revert under --root', () => {
  it('applies every fix, then revert leaves the tree byte-identical (content, mode, owner, links, directories)', () => {
    const root = makeRoot();
    const before = fingerprint(root);
    const r = helper(['apply', b64(fullPlan()), '--root', root, '--user', 'alice'], { runner: noRunner });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.result).toMatchObject({ ok: true, needs: ['relogin', 'reboot'] });
    expect(read(root, '/etc/studio-setup/irq.conf')).toBe(
      '# written by studio-setup; do not edit (studio-setup revert removes it)\n# kind identity priority [serial]\npci 0000:00:1b.0 90\nusb 46f4:0001 80\ngovernor performance\n',
    );
    expect(read(root, '/etc/group')).toContain('audio:x:29:pulse,alice\n');
    expect(read(root, '/etc/gshadow')).toContain('audio:*::pulse,alice\n');
    expect(fs.statSync(path.join(root, '/etc/gshadow')).gid).toBe(42);
    expect(read(root, '/etc/security/limits.d/95-studio-setup-audio.conf')).toContain('@audio - rtprio 95\n@audio - memlock unlimited\n');
    expect(read(root, '/etc/sysctl.d/60-studio-setup.conf')).toContain('vm.swappiness = 10\nfs.inotify.max_user_watches = 524288\n');
    expect(read(root, '/etc/default/grub.d/studio-setup.cfg')).toContain('GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT threadirqs preempt=full"');
    expect(read(root, '/etc/udev/rules.d/61-studio-setup-usb-power.rules')).toContain(
      'ATTR{idVendor}=="46f4", ATTR{idProduct}=="0002", TEST=="power/control", ATTR{power/control}="on"',
    );
    expect(read(root, '/etc/udev/rules.d/62-studio-setup-cpu-dma-latency.rules')).toContain('KERNEL=="cpu_dma_latency", GROUP="audio", MODE="0660"');
    expect(fs.statSync(path.join(root, '/usr/local/lib/studio-setup/studio-setup-irq')).mode & 0o777).toBe(0o755);
    for (const unit of ['rtirq.service', 'rtirq-resume.service', 'irqbalance.service']) {
      expect(fs.readlinkSync(path.join(root, '/etc/systemd/system', unit))).toBe('/dev/null');
    }
    expect(fs.readlinkSync(path.join(root, '/etc/systemd/system/multi-user.target.wants/studio-setup-irq.service'))).toBe(
      '/etc/systemd/system/studio-setup-irq.service',
    );
    expect(fs.readlinkSync(path.join(root, '/etc/systemd/system/suspend-then-hibernate.target.wants/studio-setup-irq-resume.service'))).toBe(
      '/etc/systemd/system/studio-setup-irq-resume.service',
    );
    // Live state is recorded, not performed: the sysfs values are untouched.
    expect(read(root, '/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor')).toBe('schedutil\n');
    expect(read(root, '/proc/sys/vm/swappiness')).toBe('60\n');
    expect(read(root, '/boot/grub/grub.cfg')).not.toContain('threadirqs');
    const j = journal(root);
    expect(j.state).toBe('applied');
    expect(j.live).toBe(false);
    const kinds = j.steps.map((s) => s.kind);
    for (const k of ['file', 'dir', 'symlink', 'thread', 'sysfs', 'command', 'service']) expect(kinds).toContain(k);
    // The tree has update-grub but no systemctl or udevadm: recorded by name.
    expect(j.steps.filter((s) => s.kind === 'command').map((s) => s.kind === 'command' && [s.argv, s.performed])).toEqual([
      [['/usr/sbin/update-grub'], false],
      [['systemctl', 'daemon-reload'], false],
      [['udevadm', 'control', '--reload'], false],
    ]);
    const threads = j.steps.filter((s) => s.kind === 'thread');
    expect(threads.map((t) => t.kind === 'thread' && [t.comm, t.controller, t.before, t.planned, t.performed])).toEqual([
      ['irq/33-snd_hda_intel:card1', '0000:00:1b.0', { policy: 'FIFO', priority: 50 }, 90, false],
      ['irq/19-ehci_hcd:usb2', '0000:00:1d.7', { policy: 'FIFO', priority: 85 }, 80, false],
    ]);
    const sysfs = j.steps.filter((s) => s.kind === 'sysfs').map((s) => s.kind === 'sysfs' && [s.path, s.before, s.value]);
    expect(sysfs).toEqual([
      ['/proc/sys/vm/swappiness', '60', '10'],
      ['/sys/bus/usb/devices/1-2/power/control', 'auto', 'on'],
      ['/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor', 'schedutil', 'performance'],
      ['/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor', 'schedutil', 'performance'],
    ]);

    const st = helper(['status', '--root', root, '--json']);
    expect(st.code).toBe(0);
    expect(st.result).toMatchObject({ applied: true, state: 'applied' });
    const files = (st.result?.files as { path: string; state: string }[]) ?? [];
    expect(files.length).toBeGreaterThan(15);
    expect(files.every((f) => f.state === 'ok')).toBe(true);
    expect((st.result?.threads as unknown[]).length).toBe(2);
    // The lab kernel already runs with threadirqs.
    expect(st.result?.rebootPending).toEqual(['preempt=full']);

    const rv = helper(['revert', '--root', root], { runner: noRunner });
    expect(rv.code).toBe(0);
    expect(fingerprint(root)).toEqual(before);
    // Idempotent: nothing left to revert, nothing changes.
    const again = helper(['revert', '--root', root], { runner: noRunner });
    expect(again.code).toBe(0);
    expect(again.result).toMatchObject({ ok: true, nothing: true });
    expect(fingerprint(root)).toEqual(before);
    expect(helper(['status', '--root', root]).text).toBe('Nothing is applied.\n');
  });

  it('apply twice = apply once (same tree, same journal); a changed file makes the second apply repair it', () => {
    const root = makeRoot();
    const before = fingerprint(root);
    const plan = b64(fullPlan());
    expect(helper(['apply', plan, '--root', root, '--user', 'alice']).code).toBe(0);
    const once = fingerprint(root);
    const second = helper(['apply', plan, '--root', root, '--user', 'alice']);
    expect(second.code).toBe(0);
    expect(second.result).toMatchObject({ already: true });
    expect(fingerprint(root)).toEqual(once);
    // Someone deletes the limits file: status says so, apply puts it back.
    fs.rmSync(path.join(root, '/etc/security/limits.d/95-studio-setup-audio.conf'));
    const st = helper(['status', '--root', root, '--json']);
    expect((st.result?.files as { path: string; state: string }[]).find((f) => f.path.endsWith('95-studio-setup-audio.conf'))?.state).toBe('missing');
    const repair = helper(['apply', plan, '--root', root, '--user', 'alice']);
    expect(repair.code).toBe(0);
    expect(repair.result?.notes).toContain('the plan applied before was reverted first');
    const keep = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).filter(([p]) => !p.startsWith('/var/lib/studio-setup') && !p.startsWith('/run/')));
    expect(keep(fingerprint(root))).toEqual(keep(once));
    expect(helper(['revert', '--root', root]).code).toBe(0);
    expect(fingerprint(root)).toEqual(before);
  });

  it('a different plan replaces the applied one; revert still restores the original tree', () => {
    const root = makeRoot();
    const before = fingerprint(root);
    expect(helper(['apply', b64(fullPlan()), '--root', root, '--user', 'alice']).code).toBe(0);
    const small = fullPlan({ fixes: [{ action: 'sysctl', key: 'vm.swappiness', value: 20 }], targets: [] });
    const r = helper(['apply', b64(small), '--root', root]);
    expect(r.code).toBe(0);
    expect(read(root, '/etc/sysctl.d/60-studio-setup.conf')).toContain('vm.swappiness = 20');
    expect(fs.existsSync(path.join(root, '/etc/studio-setup'))).toBe(false);
    expect(read(root, '/etc/group')).toContain('audio:x:29:pulse\n');
    expect(helper(['revert', '--root', root]).code).toBe(0);
    expect(fingerprint(root)).toEqual(before);
  });

  it('--dry-run lists the steps and changes nothing', () => {
    const root = makeRoot();
    const before = fingerprint(root);
    const r = helper(['apply', b64(fullPlan()), '--root', root, '--user', 'alice', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.result?.dryRun).toBe(true);
    const described = r.result?.described as string[];
    expect(described).toContain('create /etc/studio-setup/irq.conf');
    expect(described).toContain('record (not run under --root): /usr/sbin/update-grub');
    expect(described).toContain('link /etc/systemd/system/rtirq.service → /dev/null');
    expect(fingerprint(root)).toEqual(before);
  });

  it('a local unit file where a mask goes is backed up and restored; a plan without fixes touches only the IRQ part', () => {
    const root = makeRoot({ '/etc/systemd/system/irqbalance.service': '[Service]\nExecStart=/usr/sbin/irqbalance --foreground\n' });
    const before = fingerprint(root);
    const r = helper(['apply', b64(fullPlan({ fixes: [{ action: 'disable-service', unit: 'irqbalance.service' }] })), '--root', root]);
    expect(r.code).toBe(0);
    expect(fs.readlinkSync(path.join(root, '/etc/systemd/system/irqbalance.service'))).toBe('/dev/null');
    expect(helper(['revert', '--root', root]).code).toBe(0);
    expect(fingerprint(root)).toEqual(before);
  });

  it('the user comes from SUDO_UID/PKEXEC_UID and must agree with the plan', () => {
    const root = makeRoot();
    const before = fingerprint(root);
    const plan = b64(fullPlan({ fixes: [{ action: 'audio-group', group: 'audio' }], targets: [] }));
    const wrong = helper(['apply', plan, '--root', root], { env: { PKEXEC_UID: '110' } });
    expect(wrong.code).toBe(2);
    expect(wrong.result?.error).toBe('the plan is for user alice, but pulse asked to apply it');
    expect(fingerprint(root)).toEqual(before);
    const none = helper(['apply', b64(fullPlan({ user: undefined, fixes: [{ action: 'audio-group', group: 'audio' }], targets: [] })), '--root', root]);
    expect(none.code).toBe(2);
    expect(none.result?.error).toMatch(/needs the user/);
    expect(fingerprint(root)).toEqual(before);
    const ok = helper(['apply', plan, '--root', root], { env: { SUDO_UID: '1000' } });
    expect(ok.code).toBe(0);
    expect(journal(root).user).toBe('alice');
    expect(helper(['revert', '--root', root]).code).toBe(0);
    expect(fingerprint(root)).toEqual(before);
  });

  it('refuses to run unless root (exit 3) — a normal user only with --root DIR, never on / — and usage errors are exit 2', () => {
    const root = makeRoot();
    expect(helper(['status'], { uid: 1000 }).code).toBe(3);
    expect(helper(['status', '--root', '/'], { uid: 1000 }).code).toBe(3);
    expect(helper(['status', '--root', root], { uid: 1000 }).code).toBe(0);
    expect(helper([]).code).toBe(2);
    expect(helper(['apply']).code).toBe(2);
    expect(helper(['apply', 'x', 'y']).code).toBe(2);
    expect(helper(['revert', '--dry-run']).code).toBe(2);
    expect(helper(['status', '--root', '/nonexistent/root']).code).toBe(2);
    expect(helper(['apply', b64(fullPlan()), '--bogus']).code).toBe(2);
  });
});
