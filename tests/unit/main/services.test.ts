import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StudioEvent } from '../../../main/common/contract.js';
import { runHelper } from '../../../main/privileged/helper/main.js';
import { DirSource, LiveSource } from '../../../main/probe/source.js';
import { createServices, type ServiceOptions } from '../../../main/services.js';
import type { HelperProcess } from '../../../main/services/rehearsal.js';
import { findDemo } from '../../../main/services/sources.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../fixtures/bundles');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-services-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The helper in-process (the app runs the built helper.js as a child; the same code). */
const inProcess: HelperProcess = async (args, onLine) => runHelper(args, { out: { json: (o) => onLine(o as never), text: () => undefined, err: () => undefined }, env: {} });
const env = (name: string): NodeJS.ProcessEnv => ({ XDG_CONFIG_HOME: path.join(tmp, name, 'config'), XDG_STATE_HOME: path.join(tmp, name, 'state'), PATH: process.env.PATH });
const opts = (name: string, over: ServiceOptions = {}): ServiceOptions => ({ helper: inProcess, env: env(name), ...over });

describe('createServices', () => {
  it('scans its source', async () => {
    const s = createServices(new DirSource(path.join(BUNDLES, 'lab-rt-6.1')));
    expect(await s.sourceInfo()).toMatchObject({ kind: 'bundle', apply: 'rehearsal', demo: null, openedReport: null, asksPassword: false, canMeasure: true });
    expect((await s.scan()).audioPaths).toHaveLength(4);
  });

  it('on the live machine, a hotplug event rescans and tells subscribers what changed', async () => {
    const script = 'sleep 0.2; echo "UDEV  [2.0] add      /devices/pci0000:00/0000:00:14.0/usb3/3-2 (usb)"; sleep 5';
    const s = createServices(new LiveSource(), { hotplug: { monitor: ['sh', '-c', script], debounceMs: 20 } });
    const events: StudioEvent[] = [];
    const unsubscribe = s.subscribe((e) => events.push(e));
    const t0 = Date.now();
    while (events.length === 0 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
    unsubscribe();
    s.close();
    const e = events[0];
    if (e?.type !== 'usb-change') throw new Error(`expected a usb-change event, got ${e?.type}`);
    // Nothing was really plugged into this machine: a rescan, no changes.
    expect(e.changes).toEqual([]);
    // Apply here is the system's; the password prompt is skipped only for root (the client runs the helper directly).
    expect(await s.sourceInfo()).toMatchObject({ kind: 'live', apply: 'system', asksPassword: process.getuid?.() !== 0 });
    expect(e.scan.interrupts.length).toBeGreaterThan(0);
  });

  it('offers the chain devices with their pictures and plans for the choices', async () => {
    const s = createServices(path.join(BUNDLES, 'lab-rt-6.1'), opts('plan'));
    const devices = await s.chainDevices();
    expect(devices.interfaces.map((d) => d.key)).toEqual(['card:0', 'card:1', 'card:2', 'card:3']);
    expect(devices.interfaces[2]?.path.line).toBe('QEMU USB Audio (card 2) → USB port 2-2 → 0000:00:1d.0 → IRQ 16 → irq/16-uhci_hcd:usb2 — shared with i801_smbus');
    expect(devices.disks.map((d) => d.key)).toEqual(['pci:0000:00:1f.2', 'usb:1-1']);
    const plan = await s.plan({ interface: 2, disk: [{ kind: 'usb', id: '46f4:0001' }], midi: [], fixes: [] });
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.preview.rows.map((r) => [r.comm, r.now.priority, r.planned.priority])).toEqual([
      ['irq/16-uhci_hcd:usb2', 50, 90],
      ['irq/19-ehci_hcd:usb1', 50, 85],
    ]);
    expect(await s.plan({ interface: 9, disk: [], midi: [], fixes: [] })).toMatchObject({ ok: false });
    // Two findings wanting kernel parameters: one fix adding both.
    const std = createServices(path.join(BUNDLES, 'derived-std-nothreadirqs-6.1'), opts('std'));
    const both = await std.plan({ interface: 2, disk: [], midi: [], fixes: ['kernel.preemption', 'kernel.threaded-irqs'] });
    expect(both.ok && both.plan.fixes).toEqual([{ action: 'kernel-params', add: ['preempt=full', 'threadirqs'] }]);
    expect(both.ok && both.preview.needs).toEqual(['reboot']);
    // No sound card: a plan of the other devices and the fixes alone.
    const none = await createServices(path.join(BUNDLES, 'vm-kvm-virtio-msix-1cpu'), opts('none')).plan({ interface: null, disk: [], midi: [], fixes: [] });
    expect(none).toMatchObject({ ok: true, plan: { targets: [], fixes: [] } });
  });

  it('demo: apply rehearses in a throw-away folder with progress, status tells, revert restores; re-plug is simulated and said so', async () => {
    const demo = findDemo();
    if (!demo) throw new Error('demo/ is missing');
    const s = createServices(undefined, opts('demo', { demo }));
    const events: StudioEvent[] = [];
    s.subscribe((e) => events.push(e));
    expect(await s.sourceInfo()).toMatchObject({ kind: 'bundle', apply: 'rehearsal', demo: { replugged: false } });
    expect((await s.status()).applied).toBe(false);
    const plan = await s.plan({ interface: 1, disk: [], midi: [], fixes: [] });
    if (!plan.ok) throw new Error(plan.error);
    const applied = await s.apply(plan.plan);
    expect(applied.ok).toBe(true);
    expect(applied.message).toMatch(/Nothing on this computer changed/);
    expect(applied.steps.length).toBeGreaterThan(2);
    expect(events.filter((e) => e.type === 'progress')).toHaveLength(applied.steps.length);
    const folder = applied.status.folder as string;
    expect(folder.startsWith(os.tmpdir())).toBe(true);
    expect(fs.readFileSync(path.join(folder, 'etc/studio-setup/irq.conf'), 'utf8')).toMatch(/^usb 46f4:0002 90$/m);
    expect(applied.status).toMatchObject({ target: 'rehearsal', applied: true, threadsChanged: false });
    expect(applied.status.threads?.map((t) => [t.comm, t.planned])).toEqual([['irq/16-uhci_hcd:usb2', 90]]);
    const reverted = await s.revert();
    expect(reverted.ok).toBe(true);
    expect(reverted.status.applied).toBe(false);
    expect(fs.existsSync(path.join(folder, 'etc/studio-setup'))).toBe(false);

    expect(await s.simulateReplug()).toMatchObject({ demo: { replugged: true } });
    const change = events.findLast((e) => e.type === 'usb-change');
    if (change?.type !== 'usb-change') throw new Error('no usb-change event');
    expect(change.simulated).toBe(true);
    expect(change.changes.map((c) => [c.kind, c.placement.text])).toEqual([
      ['added', 'bus 5, controller 0000:00:04.0, IRQ 31/32/33: the line is its own, but QEMU USB Tablet is on the same controller'],
      ['removed', 'bus 2, controller 0000:00:1d.0, IRQ 16: its interrupt line is shared with i801_smbus — try a port on another controller'],
    ]);
    // A socket named in one state of the demo keeps its name in the other.
    await s.setPortLabel('0000:00:04.0', '1', 'rear left');
    await s.simulateReplug();
    expect(await s.portLabels()).toEqual([{ controller: '0000:00:04.0', port: '1', label: 'rear left' }]);
    await s.simulateReplug();
    // The plan follows the interface (by USB id) to the xHCI.
    const again = await s.plan({ interface: 1, disk: [], midi: [], fixes: [] });
    expect(again.ok && again.preview.rows.map((r) => r.comm)).toEqual(['irq/31-xhci_hcd', 'irq/32-xhci_hcd', 'irq/33-xhci_hcd']);
    s.close();
    expect(fs.existsSync(folder)).toBe(false);
  });

  it('keeps socket labels per machine in the config directory', async () => {
    const s = createServices(path.join(BUNDLES, 'lab-rt-6.1'), opts('ports'));
    expect(await s.setPortLabel('0000:00:04.0', '1', '  rear   left ')).toEqual([{ controller: '0000:00:04.0', port: '1', label: 'rear left' }]);
    const again = createServices(path.join(BUNDLES, 'lab-rt-6.1'), opts('ports'));
    expect(await again.portLabels()).toEqual([{ controller: '0000:00:04.0', port: '1', label: 'rear left' }]);
    expect(await createServices(path.join(BUNDLES, 'lab-std-threadirqs-6.1'), opts('ports')).portLabels()).toEqual([]);
    expect(await s.setPortLabel('0000:00:04.0', '1', '')).toEqual([]);
    const file = JSON.parse(fs.readFileSync(path.join(tmp, 'ports', 'config', 'studio-setup', 'ports.json'), 'utf8')) as { format: string };
    expect(file.format).toBe('studio-setup-ports');
  });

  it('opens a report read-only, with what it measured, and goes back', async () => {
    const s = createServices(path.join(BUNDLES, 'lab-rt-6.1'), opts('report'));
    const json = await s.report('json', {});
    const opened = await s.openReport('someone.json', json.data);
    expect(opened).toMatchObject({ kind: 'report', apply: 'none', canMeasure: false, openedReport: { name: 'someone.json', redacted: true } });
    expect((await s.scan()).audioPaths).toHaveLength(4);
    await expect(s.apply({ format: 'studio-setup-plan', version: 1, createdAt: 'x', targets: [], fixes: [] })).rejects.toThrow(/read-only/);
    expect(await s.latencyRun({ seconds: 1, load: 'none', label: 'before' })).toMatchObject({ ok: false, reason: 'read-only' });
    await expect(s.openReport('x.json', '{"format":"nope"}')).rejects.toThrow(/not a Studio Setup report/);
    expect(await s.closeReport()).toMatchObject({ kind: 'bundle', openedReport: null });
  });

  it('latency: a missing cyclictest says which package, never a number', async () => {
    const s = createServices(path.join(BUNDLES, 'lab-rt-6.1'), opts('latency', { env: { ...env('latency'), PATH: '/nonexistent' }, access: () => ({ direct: true }) }));
    const r = await s.latencyRun({ seconds: 1, load: 'none', label: 'before' });
    expect(r).toMatchObject({ ok: false, reason: 'missing-tool' });
    expect(!r.ok && r.install.length).toBeGreaterThan(0);
    expect(await s.latencyList()).toEqual([]);
  });
});
