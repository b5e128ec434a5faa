import { describe, expect, it } from 'vitest';
import { isNetwork, quietControllers } from '../../../../main/checks/irq.js';
import { analyze } from '../../../../main/common/analysis/index.js';
import { bundleData, check, machine } from './machine.js';

const STD = 'lab-std-threadirqs-6.1';
const interrupts = (): string => bundleData(STD).files['/proc/interrupts'] as string;
const CARDS = (bundleData(STD).files['/proc/asound/cards'] as string).split('\n');
const cards = (...idx: number[]): string => idx.map((i) => `${CARDS[2 * i]}\n${CARDS[2 * i + 1]}\n`).join('');
const UNSHARED = { '/proc/interrupts': interrupts().replace('snd_ens1370, enp0s2', 'snd_ens1370').replace('i801_smbus, uhci_hcd:usb1', 'uhci_hcd:usb1') };

describe('irq.sound-shared (lab: ES1370 shares INTx 22 with the e1000)', () => {
  it('warn, naming the NIC and how to take it off during sessions', () => {
    const f = check('irq.sound-shared');
    expect(f).toMatchObject({ status: 'warn', value: 'card 0: IRQ 22' });
    expect(f.explanation).toMatch(/Ensoniq AudioPCI \(card 0\) shares its interrupt line with enp0s2/);
    expect(f.advice).toMatch(/network card off during sessions/);
    expect(f.manual?.[0]).toMatch(/nmcli device disconnect enp0s2/);
    expect(f.evidence).toContainEqual({ source: '/proc/interrupts (card 0 Ensoniq AudioPCI)', value: 'IRQ 22: snd_ens1370, enp0s2' });
  });

  it('ok when every PCI card is alone; info without PCI cards; unknown without /proc/asound/cards', () => {
    expect(check('irq.sound-shared', UNSHARED)).toMatchObject({ status: 'ok', value: 'none' });
    expect(check('irq.sound-shared', { '/proc/asound/cards': cards(2, 3) })).toMatchObject({ status: 'info' });
    expect(check('irq.sound-shared', { '/proc/asound/cards': null }).status).toBe('unknown');
  });

  it('no IRQ data at all: unknown, not "alone"', () => {
    expect(check('irq.sound-shared', { '/proc/interrupts': null, '/cmd/ps-threads.txt': null }).status).toBe('unknown');
  });
});

describe('irq.usb-audio-shared (lab: USB audio on UHCI 00:1d.0, INTx 16 shared with i801_smbus)', () => {
  it('warn, with the quiet controllers a 12 Mbit/s device can use, xHCI first, never the EHCI', () => {
    const f = check('irq.usb-audio-shared');
    expect(f).toMatchObject({ status: 'warn', value: 'card 2: IRQ 16' });
    expect(f.advice).toBe(
      'Plug the interface into a port on controller 0000:00:04.0 (xhci_hcd), USB bus 5 and 6, or on controller 0000:00:1d.1 (uhci_hcd), USB bus 3: each has an interrupt line of its own.',
    );
    expect(f.advice).not.toMatch(/1d\.7/);
    expect(f.manual?.[0]).toMatch(/^Unplug the interface and plug it into a port served by controller 0000:00:04\.0/);
  });

  it('ok when unshared; info without a USB card; unknown with no data', () => {
    expect(check('irq.usb-audio-shared', UNSHARED)).toMatchObject({ status: 'ok' });
    expect(check('irq.usb-audio-shared', { '/proc/asound/cards': cards(0, 1) })).toMatchObject({ status: 'info', value: 'no USB audio card' });
    expect(check('irq.usb-audio-shared', {}, null).status).toBe('unknown');
  });

  it('quietControllers: high-speed devices skip USB 1.1 controllers', () => {
    const a = analyze(machine());
    expect(quietControllers(a.usbControllers, '0000:00:1d.0', 480).map((c) => c.controller)).toEqual(['0000:00:04.0', '0000:00:1d.7']);
    expect(quietControllers(a.usbControllers, '0000:00:1d.0', 12).map((c) => c.controller)).toEqual(['0000:00:04.0', '0000:00:1d.1', '0000:00:1d.2']);
  });

  it('isNetwork: NIC drivers and interface names, not sound or USB', () => {
    for (const a of ['enp0s2', 'eth0', 'wlp2s0', 'e1000', 'r8169', 'iwlwifi', 'eno1-TxRx-0']) expect(isNetwork(a), a).toBe(true);
    for (const a of ['snd_hda_intel:card0', 'xhci_hcd', 'i801_smbus', 'ehci_hcd:usb1', 'mmc0', 'nvme0q1']) expect(isNetwork(a), a).toBe(false);
  });
});
