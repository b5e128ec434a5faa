import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DirSource, MemorySource, loadBundleData, type BundleData } from '../../../../main/probe/source.js';
import {
  classifyUsbEntry,
  controllerOf,
  parseSysfsDecimal,
  parseSysfsDevpath,
  parseSysfsHexByte,
  parseSysfsHexId,
  parseSysfsSpeed,
  parseSysfsString,
  readUsbSysfs,
  usbDeviceName,
} from '../../../../main/probe/usb-sysfs.js';
import { FUZZ_RUNS } from '../../helpers/fuzz.js';
import { buildSysfs, deviceAttrs, studioMachine } from './usb-sysfs-fake.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');
const temps: string[] = [];
const temp = (dir: string): string => (temps.push(dir), dir);
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('attribute parsers (one per sysfs format)', () => {
  it('decimal, hex ids, hex bytes', () => {
    expect(parseSysfsDecimal('5\n')).toBe(5);
    expect(parseSysfsDecimal('010\n')).toBe(10);
    expect(parseSysfsDecimal('-1\n')).toBeNull();
    expect(parseSysfsDecimal('')).toBeNull();
    expect(parseSysfsHexId('1D6B\n')).toBe('1d6b');
    expect(parseSysfsHexId('1d6b2\n')).toBeNull();
    expect(parseSysfsHexByte('0a\n')).toBe('0a');
    expect(parseSysfsHexByte('9\n')).toBe('09');
    expect(parseSysfsHexByte('100\n')).toBeNull();
  });

  it('devpath: "0" is a root hub, port chains as written', () => {
    expect(parseSysfsDevpath('0\n')).toBe('');
    expect(parseSysfsDevpath('1.2.4\n')).toBe('1.2.4');
    expect(parseSysfsDevpath('1..2\n')).toBeNull();
    expect(parseSysfsDevpath('\n')).toBeNull();
  });

  it('speed and strings', () => {
    expect(['1.5', '12', '480', '5000', '10000', '20000', 'unknown'].map((s) => parseSysfsSpeed(`${s}\n`))).toEqual([
      '1.5',
      '12',
      '480',
      '5000',
      '10000',
      '20000',
      'unknown',
    ]);
    expect(parseSysfsSpeed('fast\n')).toBeNull();
    expect(parseSysfsString('Focusrite \n')).toBe('Focusrite');
    expect(parseSysfsString('USB  Live camera\n')).toBe('USB  Live camera');
    expect(parseSysfsString('\n')).toBeNull();
  });

  it('a device name from its descriptor strings, never the kernel version of a root hub', () => {
    expect(usbDeviceName('Focusrite', 'Scarlett 2i2 USB')).toBe('Focusrite Scarlett 2i2 USB');
    expect(usbDeviceName('QEMU', 'QEMU USB Tablet')).toBe('QEMU USB Tablet');
    expect(usbDeviceName('Linux 6.1.0-56-rt-amd64 xhci-hcd', 'xHCI Host Controller', true)).toBe('xHCI Host Controller');
    expect(usbDeviceName('Behringer', undefined)).toBe('Behringer');
    expect(usbDeviceName(undefined, '  ')).toBeNull();
    expect(usbDeviceName('Linux 6.1.0 ehci_hcd', undefined, true)).toBeNull();
  });

  it('entry names', () => {
    expect(classifyUsbEntry('usb3')).toEqual({ kind: 'root', bus: 3 });
    expect(classifyUsbEntry('1-1.2')).toEqual({ kind: 'device', bus: 1, portPath: '1.2' });
    expect(classifyUsbEntry('1-1.2:1.10')).toEqual({ kind: 'interface', device: '1-1.2', config: 1, ifnum: 10 });
    expect(classifyUsbEntry('2-0:1.0')).toEqual({ kind: 'interface', device: '2-0', config: 1, ifnum: 0 });
    expect(classifyUsbEntry('usb1-port1')).toEqual({ kind: 'other' });
  });

  it('controller: the component before usbN, behind bridges too; never a guess for platform devices', () => {
    expect(controllerOf('/sys/devices/pci0000:00/0000:00:14.0/usb1').controller).toBe('0000:00:14.0');
    expect(controllerOf('/sys/devices/pci0000:00/0000:00:08.3/0000:66:00.4/usb7/7-2').controller).toBe('0000:66:00.4');
    expect(controllerOf('/sys/devices/platform/soc/3f980000.usb/usb1')).toEqual({ controller: null, hostDevice: '3f980000.usb' });
    expect(controllerOf('/sys/devices/nowhere/1-1')).toEqual({ controller: null, hostDevice: null });
  });
});

describe('readUsbSysfs on a synthetic sysfs (real symlinks, relative targets)', () => {
  const root = temp(studioMachine());
  const result = readUsbSysfs(new DirSource(root));
  const dev = (bus: number, portPath: string) => {
    const d = result?.devices.find((x) => x.bus === bus && x.portPath === portPath);
    if (!d) throw new Error(`no device ${bus} "${portPath}"`);
    return d;
  };

  it('reads every device, sorted by bus and port path', () => {
    expect(result?.devices.map((d) => `${d.bus}:${d.portPath}`)).toEqual(['1:', '1:1', '1:1.2', '7:', '7:2', '8:', '9:', '9:1']);
  });

  it('an audio interface behind a hub on EHCI', () => {
    expect(dev(1, '1.2')).toEqual({
      bus: 1,
      device: 5,
      portPath: '1.2',
      id: '1235:8210',
      manufacturer: 'Focusrite',
      name: 'Focusrite Scarlett 2i2 USB',
      product: 'Scarlett 2i2 USB',
      serial: 'Y8ABCDEF012345',
      speed: '480',
      isHub: false,
      isRootHub: false,
      maxChild: 0,
      driver: 'usb',
      powerControl: 'on',
      removable: 'removable',
      sysPath: '/sys/devices/pci0000:00/0000:00:1d.7/usb1/1-1/1-1.2',
      controller: '0000:00:1d.7',
      source: 'sysfs',
      interfaces: [
        { number: 0, classCode: '01', className: 'Audio', driver: 'snd-usb-audio' },
        { number: 1, classCode: '01', className: 'Audio', driver: 'snd-usb-audio' },
        { number: 2, classCode: '01', className: 'Audio', driver: 'snd-usb-audio' },
        { number: 3, classCode: 'fe', className: 'Application Specific Interface' },
      ],
    });
  });

  it('root hubs: devpath "0" → "", host controller driver, hub interface', () => {
    expect(dev(1, '')).toMatchObject({
      device: 1,
      isRootHub: true,
      isHub: true,
      maxChild: 6,
      hostDriver: 'ehci-pci',
      controller: '0000:00:1d.7',
      interfaces: [{ number: 0, classCode: '09', className: 'Hub', driver: 'hub' }],
    });
    expect(dev(1, '1')).toMatchObject({ isHub: true, maxChild: 6, removable: 'fixed' });
  });

  it('both root hubs of an xHCI behind a PCIe bridge map to the same controller', () => {
    expect(dev(7, '')).toMatchObject({ controller: '0000:66:00.4', hostDriver: 'xhci_hcd', speed: '480' });
    expect(dev(8, '')).toMatchObject({ controller: '0000:66:00.4', hostDriver: 'xhci_hcd', speed: '10000' });
    expect(dev(7, '2')).toMatchObject({ id: '1686:0575', device: 3, speed: '12', controller: '0000:66:00.4' });
  });

  it('bInterfaceNumber is hex: 0a is interface 10', () => {
    expect(dev(7, '2').interfaces.map((i) => i.number)).toEqual([0, 1, 2, 10]);
    expect(dev(7, '2').interfaces[3]).toEqual({ number: 10, classCode: 'ff', className: 'Vendor Specific Class' });
  });

  it('a platform controller: controller null with a warning, driver still known', () => {
    expect(dev(9, '')).toMatchObject({ controller: null, hostDriver: 'dwc_otg' });
    expect(dev(9, '1').controller).toBeNull();
    expect(result?.warnings).toEqual([
      { file: '/sys/bus/usb/devices/usb9', message: 'host controller of bus 9 is "3f980000.usb", not a PCI function: controller left unknown' },
    ]);
  });

  it('the same answer from the bundle loaded into memory (a report)', () => {
    expect(readUsbSysfs(new MemorySource(loadBundleData(root)))).toEqual(result);
  });
});

describe('readUsbSysfs on partial or bad sysfs', () => {
  it('null when the source has no /sys/bus/usb/devices', () => {
    expect(readUsbSysfs(new MemorySource({ files: { '/proc/interrupts': '' }, links: {} }))).toBeNull();
  });

  it('links only (the lab bundle): bus, port path and controller from names and paths, one warning per attribute', () => {
    const r = readUsbSysfs(new DirSource(path.join(BUNDLES, 'lab-rt-6.1')));
    const roots = Object.fromEntries(r!.devices.filter((d) => d.isRootHub).map((d) => [d.bus, d.controller]));
    // From ../shared/lab/captures/6.1.0-56-rt-amd64/usb-readlink.txt.
    expect(roots).toEqual({
      1: '0000:00:1d.7',
      2: '0000:00:1d.0',
      3: '0000:00:1d.1',
      4: '0000:00:1d.2',
      5: '0000:00:04.0',
      6: '0000:00:04.0',
    });
    expect(r!.devices.filter((d) => !d.isRootHub).map((d) => `${d.bus}-${d.portPath}`)).toEqual(['1-1', '1-3', '2-2', '5-1', '5-2']);
    expect(r!.devices.find((d) => d.bus === 5 && d.portPath === '1')).toMatchObject({
      device: null,
      controller: '0000:00:04.0',
      interfaces: [{ number: 0 }, { number: 1 }],
    });
    expect(r!.devices.find((d) => d.bus === 2 && d.isRootHub)?.hostDriver).toBe('uhci_hcd');
    const files = r!.warnings.map((w) => w.file);
    expect(files).toContain('/sys/bus/usb/devices/*/devnum');
    expect(new Set(files).size).toBe(files.length);
  });

  it('the other lab kernel numbers its buses differently', () => {
    const r = readUsbSysfs(new DirSource(path.join(BUNDLES, 'lab-std-threadirqs-6.1')));
    const roots = Object.fromEntries(r!.devices.filter((d) => d.isRootHub).map((d) => [d.bus, d.controller]));
    expect(roots).toMatchObject({ 1: '0000:00:1d.0', 2: '0000:00:1d.7', 5: '0000:00:04.0', 6: '0000:00:04.0' });
  });

  it('bad contents become warnings naming the file; names fill bus and port path', () => {
    const P = '/sys/devices/pci0000:00/0000:00:14.0';
    const root = temp(
      buildSysfs(
        [{ path: P, driver: 'xhci_hcd', bus: 'pci' }],
        [
          {
            name: '3-4',
            parent: `${P}/usb3`,
            attrs: { ...deviceAttrs({ bus: 4, dev: 9, devpath: '4', id: '1234:5678', cls: '00', speed: '12' }), devnum: 'abc\n', idVendor: 'zz\n', speed: 'fast\n' },
            interfaces: [{ name: '3-4:1.0', attrs: { bInterfaceNumber: 'x\n' } }],
          },
        ],
        { '/sys/bus/usb/devices/3-9': '3-9', '/sys/bus/usb/devices/bogus': '.', '/sys/bus/usb/devices/4-1:1.0': '../nowhere' },
      ),
    );
    const r = readUsbSysfs(new DirSource(root))!;
    expect(r.devices).toHaveLength(1);
    expect(r.devices[0]).toMatchObject({ bus: 4, device: null, portPath: '4', controller: '0000:00:14.0', interfaces: [{ number: 0 }] });
    expect(r.devices[0]?.id).toBeUndefined();
    expect(r.devices[0]?.speed).toBeUndefined();
    const text = r.warnings.map((w) => `${w.file}: ${w.message}`).join('\n');
    expect(text).toContain('/sys/bus/usb/devices/3-4/devnum: unexpected content');
    expect(text).toContain('/sys/bus/usb/devices/3-4/idVendor: unexpected content');
    expect(text).toContain('/sys/bus/usb/devices/3-4/speed: unexpected content');
    expect(text).toContain('/sys/bus/usb/devices/3-4/busnum: busnum 4 disagrees with the name');
    expect(text).toContain('/sys/bus/usb/devices/3-4:1.0/bInterfaceNumber: unexpected content');
    expect(text).toContain('/sys/bus/usb/devices/3-9: link could not be resolved');
    expect(text).toContain('/sys/bus/usb/devices/bogus: unexpected entry name');
    expect(text).toContain('/sys/bus/usb/devices/4-1:1.0: interface of 4-1, which is not listed');
    expect(text).toContain('/sys/bus/usb/devices/*/bInterfaceClass: not readable for 1 entries (3-4:1.0)');
  });
});

describe('readUsbSysfs fuzzing', () => {
  const names = fc.oneof(
    fc.constantFrom('usb1', 'usb2', '1-1', '1-1.2', '1-1.2:1.0', '1-0:1.0', '2-3', '2-3:1.1', 'usb1-port1', '1-'),
    fc.string({ maxLength: 12 }).filter((s) => s !== '' && !s.includes('/') && s !== '.' && s !== '..'),
  );
  const targets = fc.oneof(
    fc.constantFrom(
      '../../../devices/pci0000:00/0000:00:14.0/usb1',
      '../../../devices/pci0000:00/0000:00:14.0/usb1/1-1',
      '../../../devices/platform/soc/3f980000.usb/usb2',
      '/sys/bus/usb/devices/usb1',
      '../../../../../../../..',
      '.',
    ),
    fc.string({ maxLength: 30 }),
  );
  const attr = fc.constantFrom('busnum', 'devnum', 'devpath', 'idVendor', 'idProduct', 'bDeviceClass', 'speed', 'maxchild', 'bInterfaceClass', 'bInterfaceNumber', 'product', 'power/control');
  const content = fc.oneof(fc.constantFrom('1\n', '0\n', '09\n', '1d6b\n', '480\n', '1.2\n', ''), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));
  const bundle: fc.Arbitrary<BundleData> = fc
    .tuple(fc.array(fc.tuple(names, targets), { maxLength: 8 }), fc.array(fc.tuple(fc.constantFrom('usb1', '1-1', '1-1/1-1.2', '1-1/1-1.2:1.0', '1-1:1.0', 'usb2'), attr, content), { maxLength: 20 }))
    .map(([links, files]) => ({
      links: Object.fromEntries(links.map(([n, t]) => [`/sys/bus/usb/devices/${n}`, t])),
      files: Object.fromEntries(files.map(([d, a, c]) => [`/sys/devices/pci0000:00/0000:00:14.0/usb1/${d}/${a}`, c])),
    }));

  it(`never throws on ${Math.max(500, Math.floor(FUZZ_RUNS / 3))} random sysfs trees`, () => {
    fc.assert(
      fc.property(bundle, (data) => {
        const r = readUsbSysfs(new MemorySource(data));
        if (r === null) return Object.keys(data.links).length === 0;
        return (
          Array.isArray(r.devices) &&
          Array.isArray(r.warnings) &&
          r.devices.every((d) => Number.isInteger(d.bus) && Array.isArray(d.interfaces) && d.source === 'sysfs')
        );
      }),
      { numRuns: Math.max(500, Math.floor(FUZZ_RUNS / 3)) },
    );
  });

  it(`attribute parsers never throw (${FUZZ_RUNS} runs each)`, () => {
    const any = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }));
    const parsers = [parseSysfsDecimal, parseSysfsHexId, parseSysfsHexByte, parseSysfsDevpath, parseSysfsSpeed, parseSysfsString];
    fc.assert(
      fc.property(any, (t) => {
        for (const p of parsers) {
          const v = p(t);
          if (v !== null && typeof v !== 'string' && typeof v !== 'number') return false;
        }
        const e = classifyUsbEntry(t);
        const c = controllerOf(t);
        return typeof e.kind === 'string' && (c.controller === null || typeof c.controller === 'string');
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
