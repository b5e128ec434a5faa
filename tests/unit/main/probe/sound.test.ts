import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  busFromLongname,
  parseAsoundCards,
  parseUsbBus,
  parseUsbId,
  parseUsbLongname,
  readSound,
  usbPortPath,
} from '../../../../main/probe/sound.js';
import { DirSource, MemorySource, loadBundleData } from '../../../../main/probe/source.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';
import { makeTree, rel, removeTrees } from '../../helpers/sysfs-tree.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures');
const BUNDLES = path.join(FIXTURES, 'bundles');
const LAB = path.join(FIXTURES, 'lab');
const bundleCards = (id: string): string => fs.readFileSync(path.join(BUNDLES, id, 'proc/asound/cards'), 'utf8');
const labCards = (id: string): string => fs.readFileSync(path.join(LAB, id, 'asound-cards.txt'), 'utf8');
const BUNDLE_IDS = fs.readdirSync(BUNDLES).filter((id) => fs.existsSync(path.join(BUNDLES, id, 'proc/asound/cards')));
const LAB_IDS = fs.readdirSync(LAB).filter((id) => fs.existsSync(path.join(LAB, id, 'asound-cards.txt')));
const SEEDS = [...BUNDLE_IDS.map(bundleCards), ...LAB_IDS.map(labCards)];

/** The two lines sound/core/init.c prints for one card. */
const cardLines = (i: number, id: string, driver: string, short: string, long: string): string =>
  `${String(i).padStart(2)} [${id.padEnd(15)}]: ${driver} - ${short}\n${' '.repeat(22)}${long}\n`;

afterAll(removeTrees);

describe('parseAsoundCards on every real capture', () => {
  it('finds the fixtures', () => {
    expect(BUNDLE_IDS).toEqual(
      expect.arrayContaining([
        'desktop-ati-hdmi-scarlett6i6-dotfiles',
        'desktop-intel-nvidia-scarlett8i6-gen1',
        'desktop-intel-scarlett18i20-hdmi-pch',
        'lab-rt-6.1',
        'lab-std-threadirqs-6.1',
      ]),
    );
    expect(LAB_IDS.sort()).toEqual(['6.1.0-56-amd64-threadirqs', '6.1.0-56-rt-amd64']);
  });

  it.each(SEEDS.map((text, i) => [i, text] as const))('seed %i: every card has its longname', (_i, text) => {
    const cards = parseAsoundCards(text);
    expect(cards.length).toBeGreaterThan(0);
    cards.forEach((c, i) => {
      expect(c.index).toBe(i);
      expect(c.longName).not.toBe('');
      expect(c.id).not.toMatch(/\s$/);
    });
  });

  it('Scarlett 18i20: card 2 on USB controller 0000:00:14.0, port path 1.4; split HDMI/PCH HDA on IRQ 73/74', () => {
    const cards = parseAsoundCards(bundleCards('desktop-intel-scarlett18i20-hdmi-pch'));
    expect(cards.map((c) => c.id)).toEqual(['HDMI', 'PCH', 'USB']);
    expect(cards[0]).toMatchObject({ driver: 'HDA-Intel', shortName: 'HDA Intel HDMI', irq: 73, bus: 'pci' });
    expect(cards[1]).toMatchObject({ irq: 74, longName: 'HDA Intel PCH at 0xa0914000 irq 74' });
    expect(cards[2]).toEqual({
      index: 2,
      id: 'USB',
      driver: 'USB-Audio',
      shortName: 'Scarlett 18i20 USB',
      longName: 'Focusrite Scarlett 18i20 USB at usb-0000:00:14.0-1.4, high speed',
      bus: 'usb',
      irq: null,
      usb: { bus: null, device: null, portPath: '1.4', controller: '0000:00:14.0' },
      pciAddress: '0000:00:14.0',
    });
  });

  it('Scarlett 8i6 gen 1 behind an EHCI hub; legacy NVidia HDA IRQ 17 next to MSI PCH IRQ 35', () => {
    const cards = parseAsoundCards(bundleCards('desktop-intel-nvidia-scarlett8i6-gen1'));
    expect(cards.map((c) => [c.id, c.irq])).toEqual([
      ['PCH', 35],
      ['NVidia', 17],
      ['USB', null],
    ]);
    expect(cards[2]?.usb).toMatchObject({ controller: '0000:00:1a.0', portPath: '1.2' });
  });

  it('Scarlett 6i6 on a two-digit root port', () => {
    const cards = parseAsoundCards(bundleCards('desktop-ati-hdmi-scarlett6i6-dotfiles'));
    expect(cards).toHaveLength(2);
    expect(cards[0]).toMatchObject({ id: 'HDMI', shortName: 'HDA ATI HDMI', irq: 31 });
    expect(cards[1]?.usb).toMatchObject({ controller: '0000:00:14.0', portPath: '10' });
  });

  it.each(LAB_IDS)('lab %s (raw capture with its "$ cmd" and "[exit 0]" lines): ENS1370 card0 IRQ 22, two QEMU USB cards', (id) => {
    const cards = parseAsoundCards(labCards(id));
    expect(cards).toHaveLength(4);
    expect(cards[0]).toMatchObject({ id: 'AudioPCI', driver: 'ENS1370', irq: 22, bus: 'unknown' });
    expect(cards[0]?.longName).toBe('Ensoniq AudioPCI ENS1370 at 0xc000, irq 22');
    expect(cards[1]).toMatchObject({ id: 'Intel', irq: 33 });
    expect(cards[2]).toMatchObject({ id: 'Audio', pciAddress: '0000:00:1d.0', usb: { portPath: '2' } });
    expect(cards[3]).toMatchObject({ id: 'Audio_1', pciAddress: '0000:00:04.0', usb: { portPath: '1' } });
  });
});

describe('longname details', () => {
  const tail = ' at usb-0000:00:14.0-1.4, high speed';
  it('a longname cut inside the device path keeps the controller, drops the port path', () => {
    const long = ('V'.repeat(56) + tail).slice(0, 79);
    expect(long.endsWith('-1.')).toBe(true);
    expect(parseUsbLongname(long)).toEqual({ controller: '0000:00:14.0', portPath: null });
  });
  it('a longname cut inside the speed ("full s") is whole up to the comma', () => {
    const long = ('V'.repeat(49) + ' at usb-0000:00:1d.0-2, full speed').slice(0, 79);
    expect(long.endsWith(', full s')).toBe(true);
    expect(parseUsbLongname(long)).toEqual({ controller: '0000:00:1d.0', portPath: '2' });
  });
  it('a longname cut inside the controller gives neither', () => {
    const long = ('V'.repeat(66) + tail).slice(0, 79);
    expect(parseUsbLongname(long)).toEqual({ controller: null, portPath: null });
  });
  it('platform host controllers keep their bus name and have no PCI address', () => {
    const [card] = parseAsoundCards(cardLines(0, 'Device', 'USB-Audio', 'USB Audio Device', 'C-Media USB Audio Device at usb-3f980000.usb-1.3, full speed'));
    expect(card?.usb).toMatchObject({ controller: '3f980000.usb', portPath: '1.3' });
    expect(card?.pciAddress).toBeUndefined();
    expect(parseUsbLongname('X at usb-xhci-hcd.0.auto-1.2, super speed')).toEqual({ controller: 'xhci-hcd.0.auto', portPath: '1.2' });
  });
  it('FireWire cards, two-digit indexes, full-width ids, quirk longnames without a path', () => {
    const text =
      cardLines(9, 'Fireface400', 'Fireface', 'Fireface400', 'RME Fireface400, GUID 000a350012345678 at fw1.0, S400') +
      cardLines(10, 'ABCDEFGHIJKLMNO', 'USB-Audio', 'Edirol UA-25', 'EDIROL UA-25') +
      '--- ignored trailer ---\n';
    const cards = parseAsoundCards(text);
    expect(cards.map((c) => [c.index, c.id, c.bus])).toEqual([
      [9, 'Fireface400', 'firewire'],
      [10, 'ABCDEFGHIJKLMNO', 'usb'],
    ]);
    expect(cards[1]?.usb).toEqual({ bus: null, device: null, portPath: null, controller: null });
  });
  it('bus from the longname, then the driver', () => {
    expect(busFromLongname('HDA Intel at 0xa0910000 irq 73', 'HDA-Intel')).toBe('pci');
    expect(busFromLongname('Ensoniq AudioPCI ENS1370 at 0xc000, irq 22', 'ENS1370')).toBe('unknown');
    expect(busFromLongname('X at usb-0000:00:14.0-1, high speed', 'snd-usb-caiaq')).toBe('usb');
  });
  it('no cards', () => {
    expect(parseAsoundCards('--- no soundcards ---\n')).toEqual([]);
  });
  it('small helpers', () => {
    expect(parseUsbBus('001/004\n')).toEqual({ bus: 1, device: 4 });
    expect(parseUsbBus('1/x')).toBeNull();
    expect(parseUsbId('1235:8210\n')).toBe('1235:8210');
    expect(parseUsbId('ABCD:00eF')).toBe('abcd:00ef');
    expect(parseUsbId('12345:1')).toBeNull();
    expect(usbPortPath('/sys/devices/pci0000:00/0000:00:14.0/usb3/3-2/3-2.4/3-2.4:1.0')).toEqual({
      bus: 3,
      portPath: '2.4',
      devicePath: '/sys/devices/pci0000:00/0000:00:14.0/usb3/3-2/3-2.4',
    });
    expect(usbPortPath('/sys/devices/pci0000:00/0000:00:1f.3')).toBeNull();
  });
});

// A USB interface behind a PCIe bridge (AMD USB4 style), a PCI HDA card, a
// platform card, and a USB card known only from sysfs attributes.
const BEHIND_BRIDGE = '/sys/devices/pci0000:00/0000:00:08.3/0000:66:00.4';
const USB_IF = `${BEHIND_BRIDGE}/usb7/7-2/7-2.4/7-2.4:1.0`;
const HDA = '/sys/devices/pci0000:00/0000:00:1f.3';
const PLATFORM = '/sys/devices/platform/soc/fe00b840.mailbox/bcm2835_audio';
const USB_IF2 = '/sys/devices/pci0000:00/0000:00:14.0/usb3/3-1/3-1:1.0';
function soundTree(): string {
  const classLink = (n: number, parent: string): Record<string, string> => ({
    [`/sys/class/sound/card${n}`]: rel(`/sys/class/sound/card${n}`, `${parent}/sound/card${n}`),
    [`${parent}/sound/card${n}/device`]: rel(`${parent}/sound/card${n}/device`, parent),
  });
  return makeTree({
    files: {
      '/proc/asound/cards':
        cardLines(0, 'PCH', 'HDA-Intel', 'HDA Intel PCH', 'HDA Intel PCH at 0xa0914000 irq 74') +
        cardLines(1, 'USB', 'USB-Audio', 'Scarlett 18i20 USB', 'Focusrite Scarlett 18i20 USB at usb-0000:66:00.4-2.4, high speed') +
        cardLines(2, 'Headphones', 'bcm2835_headpho', 'bcm2835 Headphones', 'bcm2835 Headphones') +
        cardLines(3, 'Mic', 'USB-Audio', 'Blue Yeti', 'Blue Microphones Yeti Stereo Microphone at usb-0000:00:14.0-1, full speed'),
      '/proc/asound/card1/usbbus': '007/005\n',
      '/proc/asound/card1/usbid': '1235:8210\n',
      [`${USB_IF2.replace(/\/3-1:1\.0$/, '')}/devnum`]: '9\n',
      [`${USB_IF2.replace(/\/3-1:1\.0$/, '')}/idVendor`]: 'b58e\n',
      [`${USB_IF2.replace(/\/3-1:1\.0$/, '')}/idProduct`]: '9e84\n',
      [`${HDA}/class`]: '0x040300\n',
    },
    links: {
      ...classLink(0, HDA),
      ...classLink(1, USB_IF),
      ...classLink(2, PLATFORM),
      ...classLink(3, USB_IF2),
      [`${HDA}/subsystem`]: rel(`${HDA}/subsystem`, '/sys/bus/pci'),
      [`${USB_IF}/subsystem`]: rel(`${USB_IF}/subsystem`, '/sys/bus/usb'),
      [`${PLATFORM}/subsystem`]: rel(`${PLATFORM}/subsystem`, '/sys/bus/platform'),
    },
    dirs: ['/sys/bus/pci', '/sys/bus/usb', '/sys/bus/platform'],
  });
}

describe('readSound', () => {
  it('completes cards from /proc/asound/cardN and sysfs (real relative links)', () => {
    const { cards, warnings } = readSound(new DirSource(soundTree()));
    expect(warnings).toEqual([]);
    expect(cards[0]).toMatchObject({ bus: 'pci', devicePath: HDA, pciAddress: '0000:00:1f.3', irq: 74 });
    expect(cards[0]?.usb).toBeUndefined();
    expect(cards[1]).toMatchObject({
      bus: 'usb',
      devicePath: USB_IF,
      pciAddress: '0000:66:00.4',
      usb: { bus: 7, device: 5, portPath: '2.4', controller: '0000:66:00.4', id: '1235:8210' },
    });
    expect(cards[2]).toMatchObject({ bus: 'other', devicePath: PLATFORM, irq: null });
    expect(cards[2]?.pciAddress).toBeUndefined();
    // No usbbus/usbid and no subsystem link: bus, device and id from the USB device's attributes.
    expect(cards[3]).toMatchObject({
      bus: 'usb',
      pciAddress: '0000:00:14.0',
      usb: { bus: 3, device: 9, portPath: '1', controller: '0000:00:14.0', id: 'b58e:9e84' },
    });
  });

  it('gives the same answer from a bundle held in memory', () => {
    const root = soundTree();
    expect(readSound(new MemorySource(loadBundleData(root)))).toEqual(readSound(new DirSource(root)));
  });

  it('lab bundles: card → sysfs parent → controller (UHCI 00:1d.0 on RT, USB bus 2; bus 1 with threadirqs)', () => {
    const rt = readSound(new DirSource(path.join(BUNDLES, 'lab-rt-6.1')));
    expect(rt.warnings).toEqual([]);
    expect(rt.cards.map((c) => [c.bus, c.pciAddress])).toEqual([
      ['pci', '0000:00:06.0'],
      ['pci', '0000:00:1b.0'],
      ['usb', '0000:00:1d.0'],
      ['usb', '0000:00:04.0'],
    ]);
    expect(rt.cards[2]?.usb).toMatchObject({ bus: 2, portPath: '2', controller: '0000:00:1d.0' });
    expect(rt.cards[3]?.usb).toMatchObject({ bus: 5, portPath: '1', controller: '0000:00:04.0' });
    const std = readSound(new DirSource(path.join(BUNDLES, 'lab-std-threadirqs-6.1')));
    expect(std.cards[2]?.usb).toMatchObject({ bus: 1, portPath: '2', controller: '0000:00:1d.0' });
  });

  it('real-capture bundles without sysfs keep what the longname says', () => {
    const { cards, warnings } = readSound(new DirSource(path.join(BUNDLES, 'desktop-intel-scarlett18i20-hdmi-pch')));
    expect(warnings).toEqual([]);
    expect(cards[2]).toMatchObject({ bus: 'usb', pciAddress: '0000:00:14.0', usb: { portPath: '1.4', controller: '0000:00:14.0', bus: null } });
    expect(cards[2]?.devicePath).toBeUndefined();
  });

  it('warns instead of throwing', () => {
    expect(readSound(new MemorySource({ files: {}, links: {} })).warnings).toEqual([
      { file: '/proc/asound/cards', message: 'absent or unreadable' },
    ]);
    expect(readSound(new MemorySource({ files: { '/proc/asound/cards': 'garbage\n' }, links: {} })).warnings).toHaveLength(1);
    expect(readSound(new MemorySource({ files: { '/proc/asound/cards': '--- no soundcards ---\n' }, links: {} })).warnings).toEqual([]);
  });
});

describe('fuzz', () => {
  it('parseAsoundCards never throws and keeps its shape', () => {
    fc.assert(
      fc.property(fuzzText(SEEDS), (text) => {
        for (const c of parseAsoundCards(text)) {
          expect(Number.isInteger(c.index)).toBe(true);
          expect(['pci', 'usb', 'firewire', 'other', 'unknown']).toContain(c.bus);
          expect(c.irq === null || Number.isInteger(c.irq)).toBe(true);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('readSound over mutated inputs never throws', () => {
    fc.assert(
      fc.property(fuzzText(SEEDS), fuzzText(['007/005\n', '1235:8210\n']), (cards, extra) => {
        const src = new MemorySource({
          files: { '/proc/asound/cards': cards, '/proc/asound/card0/usbbus': extra, '/proc/asound/card1/usbid': extra },
          links: { '/sys/class/sound/card0': extra, '/sys/class/sound/card1': '../../devices/pci0000:00/0000:00:14.0/usb3/3-2/3-2:1.0/sound/card1' },
        });
        readSound(src);
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 3) },
    );
  });

  it('the small parsers never throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (s) => {
        parseUsbLongname(s);
        parseUsbLongname(`x at usb-${s}`);
        parseUsbBus(s);
        parseUsbId(s);
        usbPortPath(s);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
