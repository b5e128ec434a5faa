import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classCodeOf, parseLsusb, parseLsusbTree, type LsusbTreeDevice, type LsusbTreeParse } from '../../../../main/probe/lsusb.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');
const file = (id: string, name: string): string => path.join(BUNDLES, id, 'cmd', name);
const read = (id: string, name: string): string => fs.readFileSync(file(id, name), 'utf8');
const WITH = (name: string): string[] => fs.readdirSync(BUNDLES).filter((id) => fs.existsSync(file(id, name))).sort();
const FLAT = WITH('lsusb.txt');
const TREES = WITH('lsusb-t.txt');

function tree(id: string): LsusbTreeParse {
  return parseLsusbTree(read(id, 'lsusb-t.txt'));
}
function node(id: string, bus: number, device: number): LsusbTreeDevice {
  const d = tree(id).devices.find((x) => x.bus === bus && x.device === device);
  if (!d) throw new Error(`no bus ${bus} Dev ${device} in ${id}`);
  return d;
}
const audio = (n: number) => ({ number: n, classCode: '01', className: 'Audio', driver: 'snd-usb-audio' });
const hid = (n: number, driver = 'usbhid') => ({ number: n, classCode: '03', className: 'Human Interface Device', driver });

describe('every real capture', () => {
  it('covers the fixtures and the lab', () => {
    expect(FLAT).toEqual(
      expect.arrayContaining([
      'desktop-exi-asrock-uc40m',
      'desktop-minipc-duo-zoom-p4',
      'lab-rt-6.1',
      'lab-std-threadirqs-6.1',
      'laptop-dell-latitude-7490',
      'server-fuji-homelab',
      'server-hp-dl360p-gen8',
      'server-suprox-proxmox-webcams',
      ]),
    );
    expect(TREES).toEqual(expect.arrayContaining(['arm-rpi4-alpine-5.15-usbnet', ...FLAT]));
  });

  it.each(FLAT)('%s: lsusb parses every line without warnings', (id) => {
    const text = read(id, 'lsusb.txt');
    const { devices, warnings } = parseLsusb(text);
    expect(warnings).toEqual([]);
    expect(devices).toHaveLength(text.trim().split('\n').length);
  });

  it.each(TREES)('%s: lsusb -t parses without warnings into a consistent tree', (id) => {
    const { devices, warnings } = tree(id);
    expect(warnings).toEqual([]);
    for (const d of devices) {
      expect(d.isRootHub).toBe(d.portPath === '');
      if (!d.isRootHub) {
        const parentPath = d.portPath.split('.').slice(0, -1).join('.');
        const parent = devices.find((p) => p.bus === d.bus && p.portPath === parentPath);
        expect(parent?.isHub).toBe(true);
      }
    }
  });
});

describe('plain lsusb', () => {
  it('names as printed: trailing space trimmed, double spaces kept, unsorted buses kept in order', () => {
    const hp = parseLsusb(read('server-hp-dl360p-gen8', 'lsusb.txt')).devices;
    expect(hp.map((d) => d.bus)).toEqual([2, 2, 2, 2, 2, 3, 1, 1]);
    expect(hp[0]).toEqual({ bus: 2, device: 4, id: '0781:5583', name: 'SanDisk Corp.' });
    expect(hp[1]?.name).toBe('Standard Microsystems Corp.');
    const suprox = parseLsusb(read('server-suprox-proxmox-webcams', 'lsusb.txt')).devices;
    expect(suprox[1]).toEqual({ bus: 1, device: 5, id: '0c45:636b', name: 'Microdia USB  Live camera' });
    const duo = parseLsusb(read('desktop-minipc-duo-zoom-p4', 'lsusb.txt')).devices;
    expect(duo.find((d) => d.device === 10 && d.bus === 1)).toEqual({ bus: 1, device: 10, id: '1686:0575', name: 'ZOOM Corporation ZOOM P4 Audio' });
    expect(duo.find((d) => d.device === 4)?.name).toBe('Usb KeyBoard Usb KeyBoard');
    const lab = parseLsusb(read('lab-rt-6.1', 'lsusb.txt')).devices;
    expect(lab[0]).toEqual({ bus: 1, device: 4, id: '0627:0001', name: 'Adomax Technology Co., Ltd QEMU Tablet' });
  });

  it('bad lines, duplicates, CRLF, a missing name', () => {
    const r = parseLsusb('Bus 001 Device 002: ID 1D6B:0002\r\n$ lsusb\r\nBus 001 Device 002: ID 1d6b:0003 x\r\n\r\n');
    expect(r.devices).toEqual([{ bus: 1, device: 2, id: '1d6b:0002', name: null }]);
    expect(r.warnings.map((w) => w.message)).toEqual(['line 2: not an lsusb line, skipped: $ lsusb', 'line 3: bus 1 device 2 listed twice, second skipped']);
    expect(r.warnings[0]?.file).toBe('lsusb');
  });
});

describe('lsusb -t', () => {
  it('ZOOM P4 behind a hub: port path 8.2, three audio interfaces at 12M (new zero-padded format)', () => {
    expect(node('desktop-minipc-duo-zoom-p4', 1, 10)).toEqual({
      bus: 1,
      device: 10,
      portPath: '8.2',
      isRootHub: false,
      isHub: false,
      speed: '12',
      interfaces: [audio(0), audio(1), audio(2)],
    });
    expect(node('desktop-minipc-duo-zoom-p4', 1, 2)).toMatchObject({ portPath: '8', isHub: true, maxChild: 5, speed: '480' });
    expect(node('desktop-minipc-duo-zoom-p4', 1, 4)).toMatchObject({ portPath: '8.1', speed: '1.5' });
    expect(node('desktop-minipc-duo-zoom-p4', 1, 1)).toMatchObject({ portPath: '', isRootHub: true, driver: 'xhci_hcd', maxChild: 16, speed: '480' });
    expect(node('desktop-minipc-duo-zoom-p4', 2, 3).interfaces.map((i) => i.className)).toEqual([
      'Video',
      'Video',
      'Audio',
      'Audio',
      'Human Interface Device',
      'Communications',
      'CDC Data',
    ]);
  });

  it('three hubs deep, usbfs, 20000M/x2 (exi)', () => {
    const paths = Object.fromEntries(tree('desktop-exi-asrock-uc40m').devices.filter((d) => d.bus === 1).map((d) => [d.device, d.portPath]));
    expect(paths).toEqual({ 1: '', 2: '2', 4: '2.4', 6: '2.4.2', 8: '2.4.4', 10: '2.4.4.1', 12: '2.4.4.4', 3: '4', 5: '5', 9: '11', 11: '14' });
    expect(node('desktop-exi-asrock-uc40m', 1, 3)).toMatchObject({ speed: '1.5', interfaces: [hid(0, 'usbfs')] });
    expect(node('desktop-exi-asrock-uc40m', 1, 6).interfaces.map((i) => i.classCode)).toEqual(['0e', '0e', '01', '01']);
    expect(node('desktop-exi-asrock-uc40m', 2, 1)).toMatchObject({ speed: '20000', lanes: 'x2', maxChild: 10, driver: 'xhci_hcd' });
    expect(node('desktop-exi-asrock-uc40m', 2, 2)).toMatchObject({ portPath: '3', isHub: true, maxChild: 4, speed: '5000' });
  });

  it('-v ID lines give id and name, vendor-only names too (dell)', () => {
    expect(node('laptop-dell-latitude-7490', 1, 1)).toMatchObject({ id: '1d6b:0002', name: 'Linux Foundation 2.0 root hub', maxChild: 12 });
    expect(node('laptop-dell-latitude-7490', 1, 2)).toMatchObject({ portPath: '5', id: '0bda:58ca', name: 'Realtek Semiconductor Corp.' });
    expect(node('laptop-dell-latitude-7490', 1, 2).interfaces).toHaveLength(4);
    expect(node('laptop-dell-latitude-7490', 1, 4)).toMatchObject({ portPath: '9', id: '046d:c52b', speed: '12' });
    expect(node('laptop-dell-latitude-7490', 2, 1)).toMatchObject({ id: '1d6b:0003', maxChild: 6, speed: '5000' });
  });

  it('old format: ehci-pci with a dash, nested hubs (hp), uhci root at 12M', () => {
    const paths = tree('server-hp-dl360p-gen8').devices.map((d) => `${d.bus}/${d.device}@${d.portPath}`);
    expect(paths).toEqual(['3/1@', '2/1@', '2/2@1', '2/3@1.3', '2/5@1.3.1', '2/4@1.4', '1/1@', '1/2@1']);
    expect(node('server-hp-dl360p-gen8', 2, 1)).toMatchObject({ driver: 'ehci-pci', maxChild: 2, speed: '480' });
    expect(node('server-hp-dl360p-gen8', 3, 1)).toMatchObject({ driver: 'uhci_hcd', maxChild: 2, speed: '12' });
    expect(node('server-hp-dl360p-gen8', 2, 3)).toMatchObject({ isHub: true, maxChild: 2 });
  });

  it('interfaces out of order are sorted; port 14 → hub → port 1 (suprox)', () => {
    expect(node('server-suprox-proxmox-webcams', 1, 3).interfaces.map((i) => `${i.number}:${i.className}`)).toEqual([
      '0:Video',
      '1:Video',
      '2:Audio',
      '3:Audio',
    ]);
    expect(node('server-suprox-proxmox-webcams', 1, 7)).toMatchObject({ portPath: '14.1', speed: '1.5' });
    expect(node('server-suprox-proxmox-webcams', 2, 1)).toMatchObject({ speed: '10000', maxChild: 6 });
    expect(node('server-fuji-homelab', 1, 2)).toMatchObject({ portPath: '7', interfaces: [hid(0, 'usbfs')] });
  });

  it('empty class (rpi4): no class name, driver kept', () => {
    expect(node('arm-rpi4-alpine-5.15-usbnet', 2, 2)).toEqual({
      bus: 2,
      device: 2,
      portPath: '2',
      isRootHub: false,
      isHub: false,
      speed: '5000',
      interfaces: [{ number: 0, driver: 'ax88179_178a' }],
    });
  });

  it('the lab: QEMU USB Audio on bus 5 port 1 and bus 2 port 2', () => {
    expect(node('lab-rt-6.1', 5, 2)).toMatchObject({ portPath: '1', speed: '12', interfaces: [audio(0), audio(1)] });
    expect(node('lab-rt-6.1', 2, 2)).toMatchObject({ portPath: '2', speed: '12', interfaces: [audio(0), audio(1)] });
    expect(node('lab-rt-6.1', 1, 1)).toMatchObject({ driver: 'ehci-pci', maxChild: 6 });
    expect(node('lab-std-threadirqs-6.1', 1, 2)).toMatchObject({ portPath: '2', interfaces: [audio(0), audio(1)] });
  });

  it('newer usbutils details: [none], [unknown], no-interface devices, Tx/Rx lanes, -vv and -vvv lines', () => {
    const r = parseLsusbTree(
      [
        '/:  Bus 003.Port 001: Dev 001, Class=root_hub, Driver=xhci_hcd/2p, 10000M/Tx1+Rx2',
        '    ID 1d6b:0003 Linux Foundation 3.0 root hub',
        '    /sys/bus/usb/devices/usb3  /dev/bus/usb/003/001',
        '    |__ Port 001: Dev 004, If 0, Class=[unknown], Driver=[none], 12M',
        '        ID 1234:abcd ',
        '        /sys/bus/usb/devices/3-1  /dev/bus/usb/003/004',
        '        Manufacturer=ACME Product=Box Serial=1',
        '    |__ Port 002: Dev 005, 480M',
        '    |__ Port 002: Dev 005, If 1, Class=audio, Driver=snd-usb-audio, 480M',
      ].join('\n'),
    );
    expect(r.warnings).toEqual([]);
    expect(r.devices[0]).toMatchObject({ speed: '10000', lanes: 'Tx1+Rx2', id: '1d6b:0003' });
    expect(r.devices[1]).toEqual({ bus: 3, device: 4, portPath: '1', isRootHub: false, isHub: false, speed: '12', id: '1234:abcd', interfaces: [{ number: 0 }] });
    expect(r.devices[2]).toMatchObject({ portPath: '2', interfaces: [{ number: 1, className: 'audio', classCode: '01' }] });
    expect(classCodeOf('stor.')).toBe('08');
    expect(classCodeOf('Wireless')).toBe('e0');
    expect(classCodeOf('Whatever')).toBeUndefined();
  });

  it('inconsistent input gives warnings, not exceptions', () => {
    const r = parseLsusbTree(
      [
        '    |__ Port 1: Dev 2, If 0, Class=Hub, Driver=hub/4p, 480M',
        '/:  Bus 01.Port 1: Dev 1, Class=root_hub, Driver=ehci-pci/2p, 480M',
        '    |__ Port 1: Dev 2, If 0, Class=Hub, Driver=hub/4p, 480M',
        '        |__ Port 3: Dev 3, If 0, Class=Audio, Driver=snd-usb-audio, 12M',
        '        /sys/bus/usb/devices/1-2.3  /dev/bus/usb/001/003',
        '    |__ Port 2: Dev 3, If 1, Class=Audio, Driver=snd-usb-audio, 12M',
        '    |__ Port 1: Dev 4, If 0, Class=HID, Driver=usbhid, 12M',
        '    |__ Port 1: Dev 2, If 0, Class=Hub, Driver=hub/4p, 480M',
        '    |__ Port 5: Dev 6, If 0, Class=Audio, Driver=snd-usb-audio, fast',
        '...',
        '/:  Bus 01.Port 1: Dev 1, Class=root_hub, Driver=ehci-pci/2p, 480M',
      ].join('\n'),
    );
    expect(r.warnings.map((w) => w.message)).toEqual([
      'line 1: device line before any "/:  Bus" line, skipped',
      'line 5: sysfs name 1-2.3 disagrees with the indentation (1-1.3)',
      'line 6: bus 1 Dev 3 already seen at port path "1.3", line skipped',
      'line 7: bus 1 port path "1" already holds Dev 2, line skipped',
      'line 8: bus 1 Dev 2 If 0 listed twice, second skipped',
      'line 9: fields not recognised: |__ Port 5: Dev 6, If 0, Class=Audio, Driver=snd-usb-audio, fast',
      'line 10: not an lsusb -t line, skipped: ...',
      'line 11: bus 1 listed twice, later lines attached to the first',
    ]);
    expect(r.devices.map((d) => `${d.device}@${d.portPath}`)).toEqual(['1@', '2@1', '3@1.3', '6@5']);
  });
});

describe('fuzzing', () => {
  const insertBytes = (seeds: string[]) =>
    fc
      .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 6 })), { maxLength: 6 }))
      .map(([s, ins]) => ins.reduce((t, [at, x]) => t.slice(0, at % (t.length + 1)) + x + t.slice(at % (t.length + 1)), s));
  const flatSeeds = FLAT.map((id) => read(id, 'lsusb.txt'));
  const treeSeeds = TREES.map((id) => read(id, 'lsusb-t.txt'));

  it(`parseLsusb: ${FUZZ_RUNS} mutated captures, never throws, always arrays`, () => {
    fc.assert(
      fc.property(fc.oneof(fuzzText(flatSeeds), insertBytes(flatSeeds)), (text) => {
        const r = parseLsusb(text);
        return Array.isArray(r.devices) && Array.isArray(r.warnings) && r.devices.every((d) => /^[0-9a-f]{4}:[0-9a-f]{4}$/.test(d.id));
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it(`parseLsusbTree: ${FUZZ_RUNS} mutated captures, never throws, a tree every time`, () => {
    fc.assert(
      fc.property(fc.oneof(fuzzText(treeSeeds), insertBytes(treeSeeds)), (text) => {
        const r = parseLsusbTree(text);
        const keys = new Set(r.devices.map((d) => `${d.bus}:${d.device}`));
        return (
          Array.isArray(r.warnings) &&
          keys.size === r.devices.length &&
          r.devices.every(
            (d) =>
              Array.isArray(d.interfaces) &&
              (d.isRootHub ? d.portPath === '' : /^\d+(\.\d+)*$/.test(d.portPath)) &&
              d.interfaces.every((i, n, all) => n === 0 || (all[n - 1] as { number: number }).number < i.number),
          )
        );
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('pathological input finishes quickly', () => {
    const huge = [
      ' '.repeat(200_000) + 'x',
      '/:  Bus 1.Port 1: Dev 1, ' + 'Class=, Driver=, '.repeat(20_000) + '480M',
      ...Array.from({ length: 20_000 }, (_, i) => `${' '.repeat(4 * (i % 50))}|__ Port ${i % 9}: Dev ${i % 999}, If ${i % 99}, Class=Hub, Driver=hub/4p, 480M`),
      'Bus 001 Device 001: ID 1d6b:0002' + ' x'.repeat(100_000),
    ].join('\n');
    const t0 = performance.now();
    parseLsusbTree(huge);
    parseLsusb(huge);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
