// Throw-away root trees for the helper's tests: a lab capture (/proc, /sys) plus
// realistic Debian /etc files, a full-tree fingerprint (content, mode, owner,
// link target, every directory), plans, and a runner for the helper in-process.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Plan } from '../../../../main/common/plan.js';
import { runHelper, type ExitCode } from '../../../../main/privileged/helper/main.js';
import type { Runner } from '../../../../main/privileged/helper/system.js';
import { copyBundle } from '../../helpers/bundle.js';

/** The lab capture every tree starts from. */
export const LAB = path.resolve(import.meta.dirname, '../../../fixtures/bundles/lab-std-threadirqs-6.1');

const roots: string[] = [];
// tmpfs where there is one: fsync is free there, and the kill tests make thousands.
const TMP = (() => {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
})();

/** Files of a realistic Debian system the fixes touch or sit next to. */
export const ETC: Record<string, { text: string; mode?: number; gid?: number }> = {
  '/etc/passwd': { text: 'root:x:0:0:root:/root:/bin/bash\npulse:x:110:118::/run/pulse:/usr/sbin/nologin\nalice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n' },
  '/etc/group': { text: 'root:x:0:\nshadow:x:42:\naudio:x:29:pulse\nalice:x:1000:\n' },
  '/etc/group-': { text: 'root:x:0:\nshadow:x:42:\naudio:x:29:\nalice:x:1000:\n' },
  '/etc/gshadow': { text: 'root:*::\nshadow:*::\naudio:*::pulse\nalice:!::\n', mode: 0o640, gid: 42 },
  '/etc/gshadow-': { text: 'root:*::\nshadow:*::\naudio:*::\nalice:!::\n', mode: 0o640, gid: 42 },
  '/etc/default/grub': { text: 'GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX=""\n' },
  '/etc/default/rtirq': { text: 'RTIRQ_NAME_LIST="snd usb i8042"\nRTIRQ_PRIO_HIGH=90\nRTIRQ_PRIO_DECR=5\nRTIRQ_PRIO_LOW=51\n' },
  '/boot/grub/grub.cfg': { text: "### BEGIN /etc/grub.d/10_linux ###\nmenuentry 'Debian GNU/Linux' {\n\tlinux\t/boot/vmlinuz-6.1.0-56-amd64 root=UUID=1234 ro quiet\n\tinitrd\t/boot/initrd.img-6.1.0-56-amd64\n}\n", mode: 0o444 },
  '/etc/security/limits.conf': { text: '# /etc/security/limits.conf\n#<domain> <type> <item> <value>\n' },
  '/etc/security/limits.d/audio.conf': { text: '@audio   -  rtprio     95\n@audio   -  memlock    unlimited\n' },
  '/etc/sysctl.conf': { text: '#kernel.domainname = example.com\n' },
  '/usr/sbin/update-grub': { text: '#!/bin/sh\nset -e\nexec grub-mkconfig -o /boot/grub/grub.cfg "$@"\n', mode: 0o755 },
  '/lib/systemd/system/cron.service': { text: '[Unit]\nDescription=cron\n' },
  '/proc/sys/vm/swappiness': { text: '60\n' },
  '/proc/sys/kernel/random/boot_id': { text: '6f1c1f1e-0000-4000-8000-000000000001\n' },
  '/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor': { text: 'schedutil\n' },
  '/sys/devices/system/cpu/cpu0/cpufreq/scaling_available_governors': { text: 'performance powersave schedutil\n' },
  '/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor': { text: 'schedutil\n' },
  '/sys/devices/system/cpu/cpu1/cpufreq/scaling_available_governors': { text: 'performance powersave schedutil\n' },
  '/sys/devices/pci0000:00/0000:00:1d.0/usb1/1-2/idVendor': { text: '46f4\n' },
  '/sys/devices/pci0000:00/0000:00:1d.0/usb1/1-2/idProduct': { text: '0002\n' },
  '/sys/devices/pci0000:00/0000:00:1d.0/usb1/1-2/power/control': { text: 'auto\n' },
};

const LINKS: Record<string, string> = {
  '/etc/sysctl.d/99-sysctl.conf': '../sysctl.conf',
  '/etc/systemd/system/multi-user.target.wants/cron.service': '/lib/systemd/system/cron.service',
};

const DIRS = ['/etc/udev/rules.d', '/usr/local/lib', '/var/lib', '/run', '/dev'];

/** A fresh tree; `extra` adds or replaces files (null removes), `links` adds symlinks. */
export function makeRoot(extra: Record<string, string | null> = {}, links: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(TMP, 'studio-root-'));
  roots.push(root);
  copyBundle(LAB, root);
  for (const d of DIRS) fs.mkdirSync(path.join(root, d), { recursive: true });
  for (const [p, f] of Object.entries(ETC)) {
    if (p in extra) continue;
    const host = path.join(root, p);
    fs.mkdirSync(path.dirname(host), { recursive: true });
    fs.writeFileSync(host, f.text);
    fs.chmodSync(host, f.mode ?? 0o644);
    if (f.gid !== undefined) fs.chownSync(host, 0, f.gid);
  }
  for (const [p, text] of Object.entries(extra)) {
    if (text === null) continue;
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text);
  }
  for (const [p, target] of Object.entries({ ...LINKS, ...links })) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.rmSync(path.join(root, p), { recursive: true, force: true });
    fs.symlinkSync(target, path.join(root, p));
  }
  return root;
}

/** Remove every tree made so far. */
export function removeRoots(): void {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
}

/** Every entry of a tree: type, mode, owner, content hash or link target (directories included). */
export function fingerprint(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    const host = path.join(root, rel);
    const st = fs.lstatSync(host);
    const own = `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
    if (st.isSymbolicLink()) out[rel] = `link → ${fs.readlinkSync(host)} ${st.uid}:${st.gid}`;
    else if (st.isDirectory()) {
      out[rel || '/'] = `dir ${own}`;
      for (const name of fs.readdirSync(host).sort()) walk(`${rel}/${name}`);
    } else if (st.isFile()) out[rel] = `file ${own} ${crypto.createHash('sha256').update(fs.readFileSync(host)).digest('hex')}`;
    else out[rel] = `other ${own}`;
  };
  walk('');
  return out;
}

/** A plan with every fix and two targets (the HDA card; a USB device on EHCI). */
export function fullPlan(over: Partial<Plan> = {}): Plan {
  return {
    format: 'studio-setup-plan',
    version: 1,
    createdAt: '2026-11-22T00:00:00.000Z',
    user: 'alice',
    targets: [
      { kind: 'pci', controller: '0000:00:1b.0', role: 'interface', priority: 90, reason: 'HDA Intel (card 1)' },
      { kind: 'usb', id: '46f4:0001', role: 'midi', priority: 80, reason: 'a MIDI controller, USB 46f4:0001' },
    ],
    fixes: [
      { action: 'rt-limits', group: 'audio', rtprio: 95, memlock: 'unlimited' },
      { action: 'audio-group', group: 'audio' },
      { action: 'sysctl', key: 'vm.swappiness', value: 10 },
      { action: 'sysctl', key: 'fs.inotify.max_user_watches', value: 524288 },
      { action: 'kernel-params', add: ['threadirqs', 'preempt=full'] },
      { action: 'usb-autosuspend', id: '46f4:0002' },
      { action: 'cpu-dma-latency', group: 'audio' },
      { action: 'cpu-governor', governor: 'performance' },
      { action: 'disable-service', unit: 'rtirq.service' },
      { action: 'disable-service', unit: 'irqbalance.service' },
    ],
    ...over,
  };
}

/** The plan as the helper's argument. */
export function b64(plan: unknown): string {
  return Buffer.from(typeof plan === 'string' ? plan : JSON.stringify(plan), 'utf8').toString('base64url');
}

/** What an in-process helper run printed. */
export interface HelperRun {
  code: ExitCode;
  lines: Record<string, unknown>[];
  result: Record<string, unknown> | undefined;
  stderr: string;
  text: string;
}

/** Run the helper in-process (as root: these tests run as root). */
export function helper(argv: string[], opts: { env?: NodeJS.ProcessEnv; runner?: Runner; uid?: number } = {}): HelperRun {
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  let text = '';
  const code = runHelper(argv, {
    out: { json: (o) => lines.push(JSON.parse(JSON.stringify(o)) as Record<string, unknown>), text: (t) => (text += t), err: (t) => (stderr += t + '\n') },
    env: opts.env ?? {},
    ...(opts.runner ? { runner: opts.runner } : {}),
    ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
  });
  const result = lines.map((l) => l.result as Record<string, unknown> | undefined).find((r) => r !== undefined);
  return { code, lines, result, stderr, text };
}

/** A runner that fails the test if anything is run (--root never runs commands). */
export const noRunner: Runner = (argv) => {
  throw new Error(`unexpected command under --root: ${argv.join(' ')}`);
};
