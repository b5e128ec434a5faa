import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudioEvent } from '../../../main/common/contract.js';
import { DirSource, LiveSource } from '../../../main/probe/source.js';
import { createServices } from '../../../main/services.js';

describe('createServices', () => {
  it('scans its source', async () => {
    const s = createServices(new DirSource(path.resolve(import.meta.dirname, '../../fixtures/bundles/lab-rt-6.1')));
    expect(await s.sourceInfo()).toMatchObject({ kind: 'bundle' });
    expect((await s.scan()).audioPaths).toHaveLength(4);
  });

  it('on the live machine, a hotplug event rescans and tells subscribers what changed', async () => {
    const script = 'sleep 0.2; echo "UDEV  [2.0] add      /devices/pci0000:00/0000:00:14.0/usb3/3-2 (usb)"; sleep 5';
    const s = createServices(new LiveSource(), { monitor: ['sh', '-c', script], debounceMs: 20 });
    const events: StudioEvent[] = [];
    const unsubscribe = s.subscribe((e) => events.push(e));
    const t0 = Date.now();
    while (events.length === 0 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
    unsubscribe();
    s.close();
    expect(events[0]?.type).toBe('usb-change');
    // Nothing was really plugged into this machine: a rescan, no changes.
    expect(events[0]?.changes).toEqual([]);
    expect(events[0]?.scan.interrupts.length).toBeGreaterThan(0);
  });
});
