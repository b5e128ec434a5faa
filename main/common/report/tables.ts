// The IRQ table (line, thread, scheduling before and after, events, handlers,
// sharing) and the USB tree of each controller, as the renderers lay them out.
import type { UsbController } from '../analysis/index.js';
import type { SchedChanges } from './chain.js';
import type { ReportInput } from './types.js';
import { count, sched, usbSpeed } from './words.js';
import { compareUsb } from '../usb-order.js';

/** One thread row of the IRQ table (a line without threads has one row with `thread: null`). */
export interface IrqRowView {
  irq: string;
  /** First row of its line (the line's own cells are filled only there). */
  first: boolean;
  thread: string | null;
  now: string | null;
  /** The plan's scheduling for this thread; null when the plan does not change it. */
  after: string | null;
  /** planned (not applied yet), applied (in force), off (applied, not in force now). */
  afterKind: 'planned' | 'applied' | 'off' | null;
  events: number | null;
  actions: string[];
  kind: 'MSI' | 'legacy' | '';
  shared: boolean;
  sound: boolean;
  /** On an audio path (the vector in use). */
  audio: boolean;
}

/** Is there a plan column to show? */
export function hasAfter(input: ReportInput): boolean {
  return (input.preview?.rows.length ?? 0) > 0 || (input.applied?.threads?.length ?? 0) > 0;
}

/** Rows of the IRQ table, one per thread. */
export function irqRows(input: ReportInput, changes: SchedChanges): IrqRowView[] {
  const audio = new Set(input.scan.audioPaths.flatMap((p) => p.irqs.filter((i) => i.active).map((i) => i.irq)));
  return input.scan.irqTable.flatMap((r) => {
    const threads = r.threads.length ? r.threads : [null];
    return threads.map((t, k) => {
      const change = t ? changes.get(t.pid) : undefined;
      const after = change ? sched(change.planned) : null;
      const afterKind: IrqRowView['afterKind'] = change ? (change.inForce === null ? 'planned' : change.inForce ? 'applied' : 'off') : null;
      return {
        irq: r.irq,
        first: k === 0,
        thread: t ? t.comm : null,
        now: t ? sched(t) : null,
        after,
        afterKind,
        events: r.total,
        actions: r.actions,
        kind: r.msi === true ? 'MSI' : r.msi === false ? 'legacy' : '',
        shared: r.shared,
        sound: r.sound,
        audio: audio.has(r.irq),
      } satisfies IrqRowView;
    });
  });
}

/** A row of a USB tree: one device, indented under its hub. */
export interface UsbTreeRow {
  depth: number;
  /** `2-1.4` */
  port: string;
  label: string;
  detail: string;
  hub: boolean;
  audio: boolean;
}

/** One host controller with its buses' devices as a tree. */
export interface UsbTreeView {
  title: string;
  detail: string;
  quiet: boolean | null;
  sharers: string[];
  buses: { bus: number; speed: string; rows: UsbTreeRow[] }[];
}


/** The USB tree of a controller: each bus, its devices in port order, indented by hub depth. */
export function usbTree(c: UsbController, input: ReportInput): UsbTreeView {
  const sharers = [...new Set(c.irqs.flatMap((i) => i.sharedWith))];
  const irqs = c.irqs.map((i) => `${i.irq} (${count(i.total)} events)`).join(', ');
  const buses = c.buses.map((bus) => {
    const root = input.scan.usbDevices.find((d) => d.isRootHub && d.bus === bus);
    const rows = c.devices
      .filter((d) => d.bus === bus)
      .sort(compareUsb)
      .map((d) => ({
        depth: d.portPath === null ? 0 : d.portPath.split('.').length - 1,
        port: `${d.bus}-${d.portPath ?? '?'}`,
        label: d.name ?? d.id ?? '(no name)',
        detail: [d.id, d.speed ? `${d.speed}M` : '', d.classes.join('/'), d.drivers.join(', ')].filter(Boolean).join(' · '),
        hub: d.isHub,
        audio: d.audio,
      }));
    return { bus, speed: usbSpeed(root?.speed), rows };
  });
  return {
    title: c.controller ?? `bus ${c.buses.join(' + ')} (controller unknown)`,
    detail: [c.driver, `bus ${c.buses.join(' + ')}`, irqs ? `IRQ ${irqs}` : 'IRQ unknown'].filter(Boolean).join(' · '),
    quiet: c.quiet,
    sharers,
    buses,
  };
}
