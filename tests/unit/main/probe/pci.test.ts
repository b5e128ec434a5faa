import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  isPciAddress,
  owningPciFunction,
  parseSysfsInt,
  pciChain,
  readPci,
  sortNumeric,
  splitPciPath,
  usbRootOf,
} from '../../../../main/probe/pci.js';
import { DirSource, MemorySource } from '../../../../main/probe/source.js';
import { FUZZ_RUNS } from '../../helpers/fuzz.js';
import { makeTree, rel, removeTrees } from '../../helpers/sysfs-tree.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');

afterAll(removeTrees);

describe('path helpers', () => {
  it('splits a device behind bridges, from the root down', () => {
    expect(splitPciPath('/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0')).toEqual({
      address: '0000:02:00.0',
      bridges: ['0000:00:1c.0'],
    });
    expect(splitPciPath('/sys/devices/pci0000:00/0000:00:1f.3')).toEqual({ address: '0000:00:1f.3', bridges: [] });
    // Intel VMD: a second root with a five-digit domain below the first.
    expect(splitPciPath('/sys/devices/pci0000:00/0000:00:0e.0/pci10000:e0/10000:e0:1d.0/10000:e1:00.0')).toEqual({
      address: '10000:e1:00.0',
      bridges: ['0000:00:0e.0', '10000:e0:1d.0'],
    });
    expect(splitPciPath('/sys/devices/platform/soc/3f980000.usb')).toEqual({ address: null, bridges: [] });
  });

  it('owning PCI function and USB root of a USB interface behind a bridge', () => {
    const p = '/sys/devices/pci0000:00/0000:00:08.3/0000:66:00.4/usb7/7-2/7-2:1.0';
    expect(pciChain(p)).toEqual(['0000:00:08.3', '0000:66:00.4']);
    expect(owningPciFunction(p)).toBe('0000:66:00.4');
    expect(usbRootOf(p)).toEqual({ bus: 7, controller: '0000:66:00.4' });
    expect(usbRootOf('/sys/devices/platform/soc/3f980000.usb/usb1/1-1')).toEqual({ bus: 1, controller: '3f980000.usb' });
    expect(usbRootOf('/sys/devices/pci0000:00/0000:00:1f.3')).toBeNull();
  });

  it('sorts vectors numerically where a string sort would not', () => {
    expect(['100', '49', '50'].sort()).toEqual(['100', '49', '50']);
    expect(sortNumeric(['100', '49', '50'])).toEqual([49, 50, 100]);
    expect(sortNumeric(['x', '7', ''])).toEqual([7]);
  });

  it('reads sysfs numbers strictly', () => {
    expect(parseSysfsInt('16\n')).toBe(16);
    expect(parseSysfsInt('0x10')).toBeNull();
    expect(parseSysfsInt(null)).toBeNull();
    expect(isPciAddress('0000:00:14.0')).toBe(true);
    expect(isPciAddress('0000:00:14.8')).toBe(false);
  });
});

const ROOT_PORT = '/sys/devices/pci0000:00/0000:00:1c.0';
const XHCI = `${ROOT_PORT}/0000:03:00.0`;
const HDA = '/sys/devices/pci0000:00/0000:00:1f.3';
const HOST = '/sys/devices/pci0000:00/0000:00:00.0';
const OLD = '/sys/devices/pci0000:00/0000:00:1d.0';
function pciTree(): string {
  const bus = (addr: string, dev: string): Record<string, string> => ({
    [`/sys/bus/pci/devices/${addr}`]: rel(`/sys/bus/pci/devices/${addr}`, dev),
  });
  const driver = (dev: string, name: string): Record<string, string> => ({
    [`${dev}/driver`]: rel(`${dev}/driver`, `/sys/bus/pci/drivers/${name}`),
  });
  return makeTree({
    files: {
      [`${XHCI}/class`]: '0x0c0330\n',
      [`${XHCI}/vendor`]: '0x1b21\n',
      [`${XHCI}/device`]: '0x2142\n',
      // MSI-X: `irq` still shows the INTx line.
      [`${XHCI}/irq`]: '16\n',
      [`${XHCI}/msi_irqs/100`]: 'msix\n',
      [`${XHCI}/msi_irqs/49`]: 'msix\n',
      [`${XHCI}/msi_irqs/50`]: 'msix\n',
      [`${HDA}/class`]: '0x040300\n',
      // Plain MSI: `irq` shows the first vector.
      [`${HDA}/irq`]: '135\n',
      [`${HDA}/msi_irqs/135`]: 'msi\n',
      [`${HOST}/irq`]: '0\n',
      [`${ROOT_PORT}/irq`]: '122\n',
      [`${ROOT_PORT}/msi_irqs/122`]: 'msi\n',
      // Before 3.14 every vector was a directory with a `mode` file.
      [`${OLD}/irq`]: '23\n',
      [`${OLD}/msi_irqs/9/mode`]: 'msix\n',
      [`${OLD}/msi_irqs/10/mode`]: 'msix\n',
    },
    links: {
      ...bus('0000:03:00.0', XHCI),
      ...bus('0000:00:1f.3', HDA),
      ...bus('0000:00:00.0', HOST),
      ...bus('0000:00:1c.0', ROOT_PORT),
      ...bus('0000:00:1d.0', OLD),
      ...driver(XHCI, 'xhci_hcd'),
      ...driver(HDA, 'snd_hda_intel'),
      ...driver(ROOT_PORT, 'pcieport'),
      '/sys/bus/pci/devices/not-a-device': '../../../devices/platform',
    },
    dirs: ['/sys/bus/pci/drivers/xhci_hcd', '/sys/bus/pci/drivers/snd_hda_intel', '/sys/bus/pci/drivers/pcieport', '/sys/devices/platform'],
  });
}

describe('readPci', () => {
  it('reads every function through its /sys/bus/pci/devices link', () => {
    const { devices, warnings } = readPci(new DirSource(pciTree()));
    expect(warnings).toEqual([{ file: '/sys/bus/pci/devices/not-a-device', message: 'not a PCI address; ignored' }]);
    const by = Object.fromEntries(devices.map((d) => [d.address, d]));
    expect(Object.keys(by).sort()).toEqual(['0000:00:00.0', '0000:00:1c.0', '0000:00:1d.0', '0000:00:1f.3', '0000:03:00.0']);
    expect(by['0000:03:00.0']).toEqual({
      address: '0000:03:00.0',
      sysPath: XHCI,
      bridges: ['0000:00:1c.0'],
      classCode: '0x0c0330',
      vendor: '0x1b21',
      device: '0x2142',
      driver: 'xhci_hcd',
      irq: 16,
      msiIrqs: [49, 50, 100],
      msiKind: 'msix',
    });
    expect(by['0000:00:1f.3']).toMatchObject({ irq: 135, msiIrqs: [135], msiKind: 'msi', driver: 'snd_hda_intel', bridges: [] });
    expect(by['0000:00:00.0']?.irq).toBeUndefined();
    expect(by['0000:00:00.0']?.msiIrqs).toEqual([]);
    expect(by['0000:00:1d.0']).toMatchObject({ irq: 23, msiIrqs: [9, 10], msiKind: 'msix' });
  });

  it('lab bundle: xHCI with three MSI-X vectors, HDA on plain MSI, ES1370 on INTx 22', () => {
    const { devices, warnings } = readPci(new DirSource(path.join(BUNDLES, 'lab-rt-6.1')));
    expect(warnings).toEqual([]);
    const by = Object.fromEntries(devices.map((d) => [d.address, d]));
    expect(devices).toHaveLength(14);
    expect(by['0000:00:04.0']).toMatchObject({ driver: 'xhci_hcd', irq: 20, msiIrqs: [29, 30, 31], sysPath: '/sys/devices/pci0000:00/0000:00:04.0' });
    expect(by['0000:00:1b.0']).toMatchObject({ driver: 'snd_hda_intel', irq: 33, msiIrqs: [33] });
    expect(by['0000:00:06.0']).toMatchObject({ driver: 'snd_ens1370', irq: 22, msiIrqs: [] });
    expect(by['0000:00:1f.0']?.irq).toBeUndefined();
  });

  it('warns instead of throwing', () => {
    expect(readPci(new MemorySource({ files: {}, links: {} }))).toEqual({
      devices: [],
      warnings: [{ file: '/sys/bus/pci/devices', message: 'absent or unreadable' }],
    });
    const odd = new MemorySource({
      files: { '/sys/devices/pci0000:00/0000:00:02.0/irq': 'many\n', '/sys/devices/pci0000:00/0000:00:02.0/msi_irqs/5': 'msz\n' },
      links: { '/sys/bus/pci/devices/0000:00:02.0': '../../../devices/pci0000:00/0000:00:02.0' },
    });
    const r = readPci(odd);
    expect(r.devices[0]).toMatchObject({ address: '0000:00:02.0', msiIrqs: [5] });
    expect(r.warnings.map((w) => w.message)).toEqual(['not a number', 'unknown MSI mode "msz"']);
  });
});

describe('fuzz', () => {
  const pathLike = fc
    .array(fc.oneof(fc.constantFrom('sys', 'devices', 'pci0000:00', '0000:00:14.0', 'usb3', '3-2', '3-2:1.0', '..', ''), fc.string({ maxLength: 12 })), {
      maxLength: 12,
    })
    .map((parts) => '/' + parts.join('/'));
  it('path helpers never throw', () => {
    fc.assert(
      fc.property(pathLike, fc.string({ unit: 'grapheme', maxLength: 60 }), (p, s) => {
        for (const x of [p, s]) {
          splitPciPath(x);
          owningPciFunction(x);
          usbRootOf(x);
          parseSysfsInt(x);
        }
        const sorted = sortNumeric(p.split('/'));
        expect([...sorted].sort((a, b) => a - b)).toEqual(sorted);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('readPci over random file contents never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (irq, name) => {
        const dev = '/sys/devices/pci0000:00/0000:00:02.0';
        readPci(
          new MemorySource({
            files: { [`${dev}/irq`]: irq, [`${dev}/msi_irqs/${name.replace(/\//g, '') || '1'}`]: irq, [`${dev}/class`]: name },
            links: { '/sys/bus/pci/devices/0000:00:02.0': name.startsWith('/') ? name : `../../../devices/pci0000:00/0000:00:02.0`, [`${dev}/driver`]: name },
          }),
        );
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 3) },
    );
  });
});
