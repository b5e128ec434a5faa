// The analysis on the QEMU lab's captures, whose hardware is known
// (../shared/lab/README.md): every answer below is fixed by the emulated machine.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../../main/common/analysis/index.js';
import { readSnapshot } from '../../../../../main/probe/snapshot.js';
import { DirSource } from '../../../../../main/probe/source.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../../../fixtures/bundles');
const scan = (id: string) => analyze(readSnapshot(new DirSource(path.join(BUNDLES, id))));

describe.each(['lab-rt-6.1', 'lab-std-threadirqs-6.1'])('%s', (id) => {
  const a = scan(id);
  const byName = (re: RegExp) => {
    const p = a.audioPaths.find((x) => re.test(x.name));
    if (!p) throw new Error(`no path ${re}`);
    return p;
  };

  it('finds the four cards with their buses', () => {
    expect(a.soundCards.map((c) => [c.index, c.bus])).toEqual([
      [0, 'pci'],
      [1, 'pci'],
      [2, 'usb'],
      [3, 'usb'],
    ]);
  });

  it('the ES1370 shares its INTx line with the NIC, and only its own thread serves it', () => {
    const p = byName(/AudioPCI/);
    expect(p.controller).toBe('0000:00:06.0');
    expect(p.irqs).toHaveLength(1);
    const [irq] = p.irqs;
    expect(irq).toMatchObject({ irq: '22', active: true, action: 'snd_ens1370', msi: false });
    expect(irq?.threads.map((t) => t.comm)).toEqual(['irq/22-snd_ens1370']);
    expect(p.sharedWith).toEqual(['enp0s2']);
    expect(a.sharedIrqs).toContain('22');
  });

  it('the HDA card is alone on an MSI vector', () => {
    const p = byName(/HDA Intel/);
    expect(p.controller).toBe('0000:00:1b.0');
    expect(p.irqs.map((i) => [i.active, i.msi, i.action])).toEqual([[true, true, expect.stringMatching(/^snd_hda_intel:card1$/)]]);
    expect(p.irqs[0]?.threads[0]).toMatchObject({ policy: 'FIFO', priority: 50 });
    expect(p.sharedWith).toEqual([]);
  });

  it('the xHCI owns three MSI-X vectors; the one with counts is the one in use', () => {
    const p = a.audioPaths.find((x) => x.controller === '0000:00:04.0');
    expect(p?.usbPortPath).toBe('1');
    expect(p?.irqs).toHaveLength(3);
    expect(p?.irqs.filter((i) => i.active).map((i) => i.total! > 0)).toEqual([true]);
    expect(p?.irqs.every((i) => i.action === 'xhci_hcd' && i.msi === true)).toBe(true);
    expect(p?.sharedWith).toEqual([]);
    const xhci = a.usbControllers.find((c) => c.controller === '0000:00:04.0');
    expect(xhci?.buses).toHaveLength(2);
    expect(xhci?.quiet).toBe(true);
  });

  it('the full-speed USB audio on EHCI port 2 is served by UHCI #1, on a line shared with i801_smbus', () => {
    const p = a.audioPaths.find((x) => x.controller === '0000:00:1d.0');
    expect(p?.bus).toBe('usb');
    expect(p?.usbPortPath).toBe('2');
    const active = p?.irqs.filter((i) => i.active) ?? [];
    expect(active).toHaveLength(1);
    expect(active[0]?.action).toMatch(/^uhci_hcd:usb\d$/);
    expect(active[0]?.threads.map((t) => t.comm)).toEqual([`irq/${active[0]?.irq}-${active[0]?.action}`]);
    expect(p?.sharedWith).toEqual(['i801_smbus']);
  });

  it('sound IRQs: the two PCI cards and the two USB controllers in use', () => {
    expect(a.soundIrqs.length).toBe(4);
  });

  it('lists both USB audio devices with their port paths', () => {
    expect(a.usbAudio.map((u) => u.portPath).sort()).toEqual(['1', '2']);
    expect(a.usbAudio.every((u) => u.driver === 'snd-usb-audio')).toBe(true);
  });
});
