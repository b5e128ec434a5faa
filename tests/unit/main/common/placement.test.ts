import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { placementOf, usbChanges } from '../../../../main/common/placement.js';
import { buildScan } from '../../../../main/common/scan.js';
import { readSnapshot } from '../../../../main/probe/snapshot.js';
import { DirSource } from '../../../../main/probe/source.js';

const lab = buildScan(readSnapshot(new DirSource(path.resolve(import.meta.dirname, '../../../fixtures/bundles/lab-rt-6.1'))));

describe('placementOf (the lab machine)', () => {
  it('the xHCI is MSI and unshared, but the tablet shares the controller: fair', () => {
    const p = placementOf(lab, 5, '1');
    expect(p).toMatchObject({ controller: '0000:00:04.0', irqs: ['29', '30', '31'], sharedWith: [], grade: 'fair' });
    expect(p.neighbours).toEqual(['Adomax Technology Co., Ltd QEMU Tablet']);
    expect(p.text).toBe('bus 5, controller 0000:00:04.0, IRQ 29/30/31: the line is its own, but Adomax Technology Co., Ltd QEMU Tablet is on the same controller');
  });

  it('UHCI #1 shares its INTx line with the SMBus: poor, with the advice', () => {
    const p = placementOf(lab, 2, '2');
    expect(p.grade).toBe('poor');
    expect(p.text).toBe('bus 2, controller 0000:00:1d.0, IRQ 16: its interrupt line is shared with i801_smbus — try a port on another controller');
  });

  it('a quiet controller with nothing else on it: good', () => {
    const p = placementOf(lab, 3, '1');
    expect(p.grade).toBe('good');
    expect(p.text).toMatch(/nothing else on it — good$/);
  });

  it('an unknown bus is unknown, not guessed', () => {
    expect(placementOf(lab, 42, '1').grade).toBe('unknown');
  });
});

describe('usbChanges', () => {
  it('reports the device that was plugged in and where it landed', () => {
    const after = structuredClone(lab);
    const xhci = after.usbControllers.find((c) => c.controller === '0000:00:04.0')!;
    xhci.devices.push({ bus: 6, device: 2, portPath: '2', id: '1235:8210', name: 'Scarlett 2i2', classes: ['Audio'], drivers: ['snd-usb-audio'], isHub: false, audio: true });
    const changes = usbChanges(lab, after);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'added', device: { id: '1235:8210' }, placement: { controller: '0000:00:04.0', grade: 'fair' } });
    expect(usbChanges(after, lab)[0]?.kind).toBe('removed');
    expect(usbChanges(lab, lab)).toEqual([]);
  });
});
