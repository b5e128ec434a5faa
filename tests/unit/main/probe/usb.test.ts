import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { UsbDevice } from '../../../../main/common/types.js';
import type { CommandName } from '../../../../main/probe/commands.js';
import { DirSource, MemorySource, type Source } from '../../../../main/probe/source.js';
import { completeFromCommands, readUsb, usbFromCommands } from '../../../../main/probe/usb.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';
import { studioMachine } from './usb-sysfs-fake.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');
const cmd = (id: string, name: string): string | null => {
  const f = path.join(BUNDLES, id, 'cmd', name);
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : null;
};
const BOTH = fs.readdirSync(BUNDLES).filter((id) => cmd(id, 'lsusb.txt') !== null && cmd(id, 'lsusb-t.txt') !== null);
const find = (devices: UsbDevice[], bus: number, device: number): UsbDevice => {
  const d = devices.find((x) => x.bus === bus && x.device === device);
  if (!d) throw new Error(`no ${bus}:${device}`);
  return d;
};
const temps: string[] = [];
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Counts command calls, to see whether readUsb needed them. */
function counting(src: Source): Source & { calls: CommandName[] } {
  const calls: CommandName[] = [];
  return Object.assign(Object.create(src) as Source, {
    calls,
    command: (name: CommandName) => (calls.push(name), src.command(name)),
  });
}

describe('usbFromCommands', () => {
  it.each(BOTH)('%s: every device joined, no warnings', (id) => {
    const { devices, warnings } = usbFromCommands(cmd(id, 'lsusb.txt'), cmd(id, 'lsusb-t.txt'));
    expect(warnings).toEqual([]);
    expect(devices).toHaveLength((cmd(id, 'lsusb.txt') as string).trim().split('\n').length);
    for (const d of devices) {
      expect(d.portPath).not.toBeNull();
      expect(d.id).toMatch(/^[0-9a-f]{4}:[0-9a-f]{4}$/);
      expect(d.source).toBe('lsusb');
    }
  });

  it('the ZOOM P4: id and name from lsusb, place and interfaces from the tree', () => {
    const { devices } = usbFromCommands(cmd('desktop-minipc-duo-zoom-p4', 'lsusb.txt'), cmd('desktop-minipc-duo-zoom-p4', 'lsusb-t.txt'));
    expect(find(devices, 1, 10)).toEqual({
      bus: 1,
      device: 10,
      portPath: '8.2',
      id: '1686:0575',
      name: 'ZOOM Corporation ZOOM P4 Audio',
      speed: '12',
      isHub: false,
      isRootHub: false,
      interfaces: [0, 1, 2].map((number) => ({ number, classCode: '01', className: 'Audio', driver: 'snd-usb-audio' })),
      source: 'lsusb',
    });
    expect(find(devices, 1, 1)).toMatchObject({ isRootHub: true, portPath: '', hostDriver: 'xhci_hcd', maxChild: 16 });
    expect(devices.map((d) => `${d.bus}:${d.device}`).slice(0, 3)).toEqual(['1:1', '1:2', '1:3']);
  });

  it('the lab: QEMU USB Audio at bus 5 port 1 and bus 2 port 2', () => {
    const { devices } = usbFromCommands(cmd('lab-rt-6.1', 'lsusb.txt'), cmd('lab-rt-6.1', 'lsusb-t.txt'));
    expect(find(devices, 5, 2)).toMatchObject({ portPath: '1', id: '46f4:0002', name: 'QEMU QEMU USB Audio', speed: '12' });
    expect(find(devices, 2, 2)).toMatchObject({ portPath: '2', id: '46f4:0002', speed: '12' });
  });

  it('lsusb name wins over the -v name; the -v id is used when lsusb is missing', () => {
    const dell = (flat: boolean) => usbFromCommands(flat ? cmd('laptop-dell-latitude-7490', 'lsusb.txt') : null, cmd('laptop-dell-latitude-7490', 'lsusb-t.txt'));
    expect(find(dell(true).devices, 1, 2).name).toBe('Realtek Semiconductor Corp. Integrated_Webcam_HD');
    expect(find(dell(false).devices, 1, 2)).toMatchObject({ id: '0bda:58ca', name: 'Realtek Semiconductor Corp.', portPath: '5' });
  });

  it('lsusb alone: no place, no interfaces, no speed; only the root hub (address 1) is placed', () => {
    const { devices, warnings } = usbFromCommands(cmd('server-hp-dl360p-gen8', 'lsusb.txt'), null);
    expect(warnings).toEqual([]);
    expect(find(devices, 2, 4)).toEqual({ bus: 2, device: 4, portPath: null, id: '0781:5583', name: 'SanDisk Corp.', isHub: false, isRootHub: false, interfaces: [], source: 'lsusb' });
    expect(find(devices, 3, 1)).toMatchObject({ portPath: '', isRootHub: true, isHub: true });
    expect(find(devices, 3, 1).speed).toBeUndefined();
  });

  it('the tree alone (rpi4, truncated in source): no ids, no names', () => {
    const { devices, warnings } = usbFromCommands(null, cmd('arm-rpi4-alpine-5.15-usbnet', 'lsusb-t.txt'));
    expect(warnings).toEqual([]);
    expect(devices.map((d) => `${d.bus}:${d.device}@${d.portPath}`)).toEqual(['1:1@', '2:1@', '2:2@2']);
    expect(devices.every((d) => d.id === undefined && d.name === undefined)).toBe(true);
    expect(usbFromCommands(null, null)).toEqual({ devices: [], warnings: [] });
  });

  it('outputs that disagree: warnings, lsusb kept', () => {
    const r = usbFromCommands(
      'Bus 001 Device 001: ID 1d6b:0002 root\nBus 001 Device 003: ID 1111:2222 Late Arrival\n',
      '/:  Bus 01.Port 1: Dev 1, Class=root_hub, Driver=xhci_hcd/4p, 480M\n    ID 1d6b:0003 root\n    |__ Port 2: Dev 2, If 0, Class=Audio, Driver=snd-usb-audio, 12M\n',
      { lsusb: 'cmd/lsusb.txt', tree: 'cmd/lsusb-t.txt' },
    );
    expect(find(r.devices, 1, 1).id).toBe('1d6b:0002');
    expect(r.warnings).toEqual([
      { file: 'cmd/lsusb-t.txt', message: "bus 1 Dev 1: ID 1d6b:0003 differs from lsusb's 1d6b:0002; lsusb kept" },
      { file: 'cmd/lsusb.txt', message: 'bus 1 device 3 is not in cmd/lsusb-t.txt (outputs taken at different times?)' },
      { file: 'cmd/lsusb-t.txt', message: 'bus 1 device 2 is not in cmd/lsusb.txt (outputs taken at different times?)' },
    ]);
  });
});

describe('readUsb', () => {
  it('complete sysfs: sysfs only, commands never run', () => {
    const root = studioMachine();
    temps.push(root);
    const src = counting(new DirSource(root));
    const r = readUsb(src);
    expect(r.from).toBe('sysfs');
    expect(src.calls).toEqual([]);
    expect(r.devices.find((d) => d.id === '1686:0575')).toMatchObject({ bus: 7, controller: '0000:66:00.4', source: 'sysfs' });
  });

  it('the lab bundle: sysfs links give the controller, lsusb / lsusb -t the rest', () => {
    const r = readUsb(new DirSource(path.join(BUNDLES, 'lab-rt-6.1')));
    expect(r.from).toBe('sysfs');
    const audio = r.devices.filter((d) => d.id === '46f4:0002');
    expect(audio.map((d) => [d.bus, d.device, d.portPath, d.controller])).toEqual([
      [2, 2, '2', '0000:00:1d.0'],
      [5, 2, '1', '0000:00:04.0'],
    ]);
    expect(audio[1]).toMatchObject({ name: 'QEMU QEMU USB Audio', speed: '12', source: 'sysfs', interfaces: [{ number: 0, className: 'Audio' }, { number: 1, className: 'Audio' }] });
    const roots = r.devices.filter((d) => d.isRootHub);
    expect(roots.map((d) => [d.bus, d.hostDriver, d.controller, d.id])).toEqual([
      [1, 'ehci-pci', '0000:00:1d.7', '1d6b:0002'],
      [2, 'uhci_hcd', '0000:00:1d.0', '1d6b:0001'],
      [3, 'uhci_hcd', '0000:00:1d.1', '1d6b:0001'],
      [4, 'uhci_hcd', '0000:00:1d.2', '1d6b:0001'],
      [5, 'xhci_hcd', '0000:00:04.0', '1d6b:0002'],
      [6, 'xhci_hcd', '0000:00:04.0', '1d6b:0003'],
    ]);
    expect(r.devices.every((d) => d.device !== null && d.id !== undefined)).toBe(true);
  });

  it('a bundle with commands only: from lsusb, warnings name the bundle files', () => {
    const src = new MemorySource({ files: { '/cmd/lsusb.txt': 'Bus 001 Device 001: ID 1d6b:0002 x\n[exit 0]\n' }, links: {} }, 'b', 'bundle');
    const r = readUsb(src);
    expect(r.from).toBe('lsusb');
    expect(r.devices).toHaveLength(1);
    expect(r.warnings).toEqual([{ file: 'cmd/lsusb.txt', message: 'line 2: not an lsusb line, skipped: [exit 0]' }]);
    expect(readUsb(new DirSource(path.join(BUNDLES, 'desktop-minipc-duo-zoom-p4'))).from).toBe('lsusb');
  });

  it('nothing at all: from null and one warning', () => {
    const r = readUsb(new MemorySource({ files: {}, links: {} }));
    expect(r).toEqual({ devices: [], warnings: [{ file: '/sys/bus/usb/devices', message: 'is absent and there is no lsusb output: USB devices unknown' }], from: null });
  });
});

describe('completeFromCommands', () => {
  const sys = (over: Partial<UsbDevice>): UsbDevice => ({ bus: 1, device: null, portPath: '2', isHub: false, isRootHub: false, interfaces: [], source: 'sysfs', ...over });
  const lsusb = (over: Partial<UsbDevice>): UsbDevice => ({ bus: 1, device: 4, portPath: '2', id: '1111:2222', name: 'Box', isHub: false, isRootHub: false, interfaces: [{ number: 0, className: 'Audio', classCode: '01', driver: 'snd-usb-audio' }], source: 'lsusb', ...over });

  it('fills only what sysfs lacks; interfaces merged per number', () => {
    const r = completeFromCommands([sys({ controller: '0000:00:14.0', interfaces: [{ number: 0 }] })], [lsusb({})]);
    expect(r.warnings).toEqual([]);
    expect(r.devices[0]).toMatchObject({ device: 4, id: '1111:2222', name: 'Box', controller: '0000:00:14.0', source: 'sysfs', interfaces: [{ number: 0, classCode: '01', driver: 'snd-usb-audio' }] });
  });

  it('a different device on the same port is not merged', () => {
    const r = completeFromCommands([sys({ device: 7 })], [lsusb({})], 'cmd/lsusb-t.txt');
    expect(r.devices[0]?.id).toBeUndefined();
    expect(r.warnings.map((w) => w.message)).toEqual(['bus 1 port "2": device 4 there, 7 in sysfs; not merged']);
    const other = completeFromCommands([sys({ device: 4, id: 'aaaa:bbbb' })], [lsusb({})]);
    expect(other.devices[0]?.name).toBeUndefined();
    expect(completeFromCommands([], [lsusb({})]).warnings).toHaveLength(1);
  });
});

describe('fuzzing', () => {
  const flat = BOTH.map((id) => cmd(id, 'lsusb.txt') as string);
  const tree = BOTH.map((id) => cmd(id, 'lsusb-t.txt') as string);
  it(`usbFromCommands and readUsb: ${FUZZ_RUNS} mutated pairs, never throw`, () => {
    fc.assert(
      fc.property(fc.option(fuzzText(flat)), fc.option(fuzzText(tree)), (a, b) => {
        const r = usbFromCommands(a, b);
        const files: Record<string, string> = {};
        if (a !== null) files['/cmd/lsusb.txt'] = a;
        if (b !== null) files['/cmd/lsusb-t.txt'] = b;
        const p = readUsb(new MemorySource({ files, links: {} }));
        return (
          Array.isArray(r.devices) &&
          Array.isArray(r.warnings) &&
          Array.isArray(p.devices) &&
          r.devices.every((d) => Array.isArray(d.interfaces) && (d.portPath === null || typeof d.portPath === 'string'))
        );
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
