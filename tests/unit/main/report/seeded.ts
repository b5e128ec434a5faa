// Bundles for the report tests, built on the lab's RT capture: one seeded with
// a user name, a host name, USB serials and MAC addresses (redaction), one with
// hostile strings in handler and card names (escaping).
import fs from 'node:fs';
import path from 'node:path';
import { parseCyclictest } from '../../../../main/common/latency/parse.js';
import { buildResult, type LatencyResult } from '../../../../main/common/latency/result.js';
import type { Plan } from '../../../../main/common/plan.js';
import { loadBundleData, type BundleData } from '../../../../main/probe/source.js';

/** The fixture bundles. */
export const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');

/** Every secret seeded into seededBundle(), in the forms they must not appear in. */
export const SECRETS = [
  'hildegard',
  'ottokar',
  'zanzibar-studio',
  'zanzibar',
  'SCARLETT-7Q2X9K',
  '7Q2X9K-FW',
  '8817QX42',
  'c0ffee42',
  '52:54:00:ab:cd:ef',
  '52-54-00-ab-cd-ef',
  '52:54:00:12:34:56',
  'DE:AD:BE:EF:00:01',
] as const;

const XHCI = '/sys/devices/pci0000:00/0000:00:04.0';
const UHCI = '/sys/devices/pci0000:00/0000:00:1d.0';

/** The lab's RT bundle with a user, a host, serials and MACs wherever a machine keeps them. */
export function seededBundle(): BundleData {
  const b = loadBundleData(path.join(BUNDLES, 'lab-rt-6.1'));
  const f = b.files;
  f['/cmd/uname-a.txt'] = (f['/cmd/uname-a.txt'] as string).replace(/^Linux lab /, 'Linux zanzibar-studio ');
  f['/cmd/id.txt'] = 'uid=1000(hildegard) gid=1000(hildegard) groups=1000(hildegard),29(audio),27(sudo)\n';
  f['/cmd/getent-audio.txt'] = 'audio:x:29:hildegard,ottokar\nexit=0\n';
  f['/etc/hostname'] = 'zanzibar-studio\n';
  f['/proc/sys/kernel/hostname'] = 'zanzibar-studio.example.org\n';
  f['/etc/os-release'] = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
  f['/proc/cpuinfo'] = [0, 1].map((n) => `processor\t: ${n}\nmodel name\t: QEMU Virtual CPU version 2.5+\n\n`).join('') + 'Serial\t\t: 10000000c0ffee42\n';
  f['/proc/cmdline'] = `${(f['/proc/cmdline'] as string).trim()} BOOTIF=01-52-54-00-ab-cd-ef init=/home/hildegard/bin/init\n`;
  f[`${XHCI}/usb5/serial`] = '0000:00:04.0\n';
  f[`${XHCI}/usb5/5-1/serial`] = 'SCARLETT-7Q2X9K\n';
  f[`${XHCI}/usb5/5-1/product`] = 'QEMU USB Audio\n';
  f[`${XHCI}/usb5/5-2/product`] = 'QEMU Tablet 52:54:00:12:34:56\n';
  f[`${UHCI}/usb2/2-2/serial`] = '7Q2X9K-FW\n';
  f['/proc/asound/cards'] = (f['/proc/asound/cards'] as string).replace('QEMU QEMU USB Audio at usb-0000:00:04.0-1', 'QEMU QEMU USB Audio (serial 8817QX42) at usb-0000:00:04.0-1');
  // Not read by any probe: redaction must still cover them when a bundle holds them.
  f['/proc/version'] = 'Linux version 6.1.0-56-rt-amd64 (hildegard@zanzibar-studio) (gcc 12.2.0) #1 SMP PREEMPT_RT\n';
  f['/home/hildegard/.config/pipewire/pipewire.conf'] = '# owner hildegard, dongle DE:AD:BE:EF:00:01\n';
  b.links['/sys/class/net/wlan0'] = '../../devices/virtual/net/de:ad:be:ef:00:01';
  b.dirs = [...(b.dirs ?? []), '/home/ottokar'];
  return b;
}

/** A handler name and a card name that would run script if a renderer failed to escape them. */
export const HOSTILE = { action: '<img src=x onerror=alert(1)>', card: 'HDA</style><script>alert(2)</script>', pipe: 'a|b`c' } as const;

/** The lab's RT bundle with hostile names: the e1000's handler, card 1's name, a USB product. */
export function hostileBundle(): BundleData {
  const b = loadBundleData(path.join(BUNDLES, 'lab-rt-6.1'));
  const f = b.files;
  f['/proc/interrupts'] = (f['/proc/interrupts'] as string).replace('snd_ens1370, enp0s2', `snd_ens1370, ${HOSTILE.action}`);
  f['/cmd/ps-threads.txt'] = (f['/cmd/ps-threads.txt'] as string).replace('irq/22-enp0s2', 'irq/22-a|b`c');
  f['/proc/asound/cards'] = (f['/proc/asound/cards'] as string).replace('HDA-Intel - HDA Intel', `HDA-Intel - ${HOSTILE.card}`);
  f['/cmd/lsusb.txt'] = (f['/cmd/lsusb.txt'] as string).replace('QEMU QEMU USB HARDDRIVE', `QEMU ${HOSTILE.action} | ${HOSTILE.pipe}`);
  return b;
}

/** A stored latency result from one of the latency fixtures (real cyclictest output). */
export function latencyFixture(file: string, label: string, startedAt: string, seconds = 60): LatencyResult {
  const parsed = parseCyclictest(fs.readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/latency', file), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const settings = { tool: 'cyclictest', toolVersion: null, seconds, load: 'none', priority: 80, intervalUs: 1000, histogramUs: 10_000, pmQos: false, via: 'direct', command: [] } as const;
  return buildResult(parsed.run, { label, startedAt: new Date(startedAt), finishedAt: new Date(startedAt), settings: { ...settings, command: [] }, kernel: '6.1.0-56-rt-amd64', cpus: 2 });
}

/** A plan for the lab bundle: the HDA card's controller first, the USB interface next. */
export function labPlan(): Plan {
  return {
    format: 'studio-setup-plan',
    version: 1,
    createdAt: '2026-11-22T12:00:00Z',
    targets: [
      { kind: 'pci', controller: '0000:00:1b.0', role: 'interface', priority: 90, reason: 'HDA Intel (card 1): the audio interface' },
      { kind: 'usb', id: '46f4:0002', role: 'midi', priority: 85, reason: 'QEMU USB Audio: MIDI' },
    ],
    fixes: [{ action: 'cpu-governor', governor: 'performance' }, { action: 'sysctl', key: 'vm.swappiness', value: 10 }],
  };
}
