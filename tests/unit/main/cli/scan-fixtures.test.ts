// `scan` on every real capture bundle, against answers checked by hand in the
// raw files (tests/fixtures/bundles/<id>/, provenance in each SOURCE.md).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildScan } from '../../../../main/common/scan.js';
import { readSnapshot } from '../../../../main/probe/snapshot.js';
import { DirSource } from '../../../../main/probe/source.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');
const scan = (id: string) => buildScan(readSnapshot(new DirSource(path.join(BUNDLES, id))));

interface Expected {
  cpuCount: number | null;
  sharedIrqs: string[];
  soundIrqs: string[];
  /** [index, id, bus, irq, usb port path] */
  cards?: [number, string, string, number | null, string | null][];
  /** [bus, port path, vendor:product] */
  usbAudio?: [number, string, string][];
  /** [card, controller, usb port path] of each audio path */
  paths?: [number, string | null, string | null][];
  usbDevices?: number;
}

const EXPECTED: Record<string, Expected> = {
  // All USB (and the LAN9514 NIC) on one dwc_otg line.
  'arm-rpi3-dwc-otg-fiq': { cpuCount: 4, sharedIrqs: ['62'], soundIrqs: [] },
  'arm-rpi3bplus-lan78xx-vc4': { cpuCount: 4, sharedIrqs: ['74'], soundIrqs: [] },
  // `mmc1, mmc0`; the single xHCI MSI; lsusb -t truncated in the source (3 devices left).
  'arm-rpi4-alpine-5.15-usbnet': { cpuCount: 4, sharedIrqs: ['32'], soundIrqs: [], usbDevices: 3 },
  'arm-sep4020-embedded-2.6': { cpuCount: 1, sharedIrqs: [], soundIrqs: [] },
  // Only an rtirq status table: no /proc/interrupts.
  'desktop-64studio-rtirq-irq-dash-2.6': { cpuCount: null, sharedIrqs: [], soundIrqs: [] },
  // PCH HDA and Radeon HDMI HDA, both MSI.
  'desktop-8cpu-fglrx-2hda-ubuntu': { cpuCount: 8, sharedIrqs: [], soundIrqs: ['45', '46'] },
  // `ehci_hcd:usb1, nvidia`; GPU HDMI audio on INTx 17, PCH HDA on MSI 45.
  'desktop-8cpu-nvidia-ehci-shared-lpic-slides': { cpuCount: 8, sharedIrqs: ['16'], soundIrqs: ['17', '45'] },
  'desktop-ati-hdmi-scarlett6i6-dotfiles': {
    cpuCount: null,
    sharedIrqs: [],
    soundIrqs: [],
    cards: [
      [0, 'HDMI', 'pci', 31, null],
      [1, 'USB', 'usb', null, '10'],
    ],
    paths: [
      [0, null, null],
      [1, '0000:00:14.0', '10'],
    ],
  },
  // Logitech UC40M webcam mic three hubs down.
  'desktop-exi-asrock-uc40m': { cpuCount: null, sharedIrqs: [], soundIrqs: [], usbAudio: [[1, '2.4.2', '1bcf:0b16']], usbDevices: 13 },
  'desktop-intel-nvidia-scarlett8i6-gen1': {
    cpuCount: null,
    sharedIrqs: [],
    soundIrqs: [],
    cards: [
      [0, 'PCH', 'pci', 35, null],
      [1, 'NVidia', 'pci', 17, null],
      [2, 'USB', 'usb', null, '1.2'],
    ],
    paths: [
      [0, null, null],
      [1, null, null],
      [2, '0000:00:1a.0', '1.2'],
    ],
  },
  'desktop-intel-scarlett18i20-hdmi-pch': {
    cpuCount: null,
    sharedIrqs: [],
    soundIrqs: [],
    cards: [
      [0, 'HDMI', 'pci', 73, null],
      [1, 'PCH', 'pci', 74, null],
      [2, 'USB', 'usb', null, '1.4'],
    ],
    paths: [
      [0, null, null],
      [1, null, null],
      [2, '0000:00:14.0', '1.4'],
    ],
  },
  // ZOOM P4 behind a hub at full speed; the EMEET webcam's mic on the 5000M bus.
  'desktop-minipc-duo-zoom-p4': {
    cpuCount: null,
    sharedIrqs: [],
    soundIrqs: [],
    usbAudio: [
      [1, '8.2', '1686:0575'],
      [2, '6', '328f:009b'],
    ],
    usbDevices: 11,
  },
  // `ehci_hcd:usb1, uhci_hcd:usb4, sata_via`, `uhci_hcd:usb5, eth0`, `aerdrv, PCIe PME, pciehp`; MPU-401 and HDA.
  'desktop-via-cx88-mythtv-2cpu': { cpuCount: 2, sharedIrqs: ['21', '23', '64'], soundIrqs: ['5', '25'] },
  'laptop-ali5451-rt-preempt-2.6.10-2004': { cpuCount: 1, sharedIrqs: [], soundIrqs: ['5'] },
  // HDA shares 16 with the SD reader; USB shares 17 and 18 with mmc1 and rtlwifi; PCIe port services on 44/45.
  'laptop-amd-apu-fglrx-ubuntu3.2': { cpuCount: 2, sharedIrqs: ['16', '17', '18', '44', '45'], soundIrqs: ['16', '48'] },
  'laptop-dell-latitude-7490': { cpuCount: null, sharedIrqs: [], soundIrqs: [], usbAudio: [], usbDevices: 5 },
  'rig-amd-rocm-6gpu-miner': { cpuCount: 2, sharedIrqs: ['122', '123', '124', '125', '126', '127', '128', '129'], soundIrqs: [] },
  'server-fuji-homelab': { cpuCount: null, sharedIrqs: [], soundIrqs: [], usbAudio: [], usbDevices: 3 },
  'server-hp-dl360p-gen8': { cpuCount: null, sharedIrqs: [], soundIrqs: [], usbAudio: [], usbDevices: 8 },
  // Two webcams with microphones, interfaces listed out of order.
  'server-suprox-proxmox-webcams': {
    cpuCount: null,
    sharedIrqs: [],
    soundIrqs: [],
    usbAudio: [
      [1, '2', '1bcf:28c4'],
      [1, '8', '0c45:636b'],
    ],
    usbDevices: 8,
  },
  'server-xeon-8cpu-ipmi-intersched': { cpuCount: 8, sharedIrqs: [], soundIrqs: [] },
  'vm-hyperv-rhcos-4.18': { cpuCount: 2, sharedIrqs: [], soundIrqs: [] },
  'vm-kvm-virtio-msix-1cpu': { cpuCount: 1, sharedIrqs: ['11'], soundIrqs: [] },
  'lab-rt-6.1': {
    cpuCount: 2,
    sharedIrqs: ['16', '22'],
    soundIrqs: ['16', '22', '29', '33'],
    cards: [
      [0, 'AudioPCI', 'pci', 22, null],
      [1, 'Intel', 'pci', 33, null],
      [2, 'Audio', 'usb', 16, '2'],
      [3, 'Audio_1', 'usb', 29, '1'],
    ],
    paths: [
      [0, '0000:00:06.0', null],
      [1, '0000:00:1b.0', null],
      [2, '0000:00:1d.0', '2'],
      [3, '0000:00:04.0', '1'],
    ],
    usbAudio: [
      [2, '2', '46f4:0002'],
      [5, '1', '46f4:0002'],
    ],
    usbDevices: 11,
  },
};

describe('scan on every fixture bundle', () => {
  it('every bundle has expected answers', () => {
    // derived-* bundles are made from these by scripts/make-demo.mjs and checked in tests/unit/demo.test.ts.
    const ids = fs.readdirSync(BUNDLES).filter((id) => id !== 'lab-std-threadirqs-6.1' && !id.startsWith('derived-'));
    expect(ids.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (id, want) => {
    const s = scan(id);
    expect(s.cpuCount).toBe(want.cpuCount);
    expect(s.sharedIrqs).toEqual(want.sharedIrqs);
    expect(s.soundIrqs).toEqual(want.soundIrqs);
    if (want.cards) expect(s.soundCards.map((c) => [c.index, c.id, c.bus, c.irq, c.usb?.portPath ?? null])).toEqual(want.cards);
    else expect(s.soundCards).toEqual([]);
    if (want.paths) expect(s.audioPaths.map((p) => [p.card, p.controller, p.usbPortPath ?? null])).toEqual(want.paths);
    if (want.usbAudio) expect(s.usbAudio.map((u) => [u.bus, u.portPath, u.id])).toEqual(want.usbAudio);
    if (want.usbDevices !== undefined) expect(s.usbDevices).toHaveLength(want.usbDevices);
    // Partial bundles say what they could not determine instead of guessing.
    for (const p of s.audioPaths) if (p.irqs.length === 0 || p.controller === null) expect(p.unknown.length).toBeGreaterThan(0);
  });
});
