// Where a USB device landed, told the way the USB-ports step says it: "bus 3,
// controller 0000:05:00.0, IRQ 42, nothing else on it — good". Pure: from two
// scans, what was plugged or unplugged and what that placement is worth.
import type { UsbController, UsbDeviceSummary } from './analysis/index.js';
import type { ScanResult } from './scan.js';

/** How good a place a controller is for the audio interface. */
export type PlacementGrade = 'good' | 'fair' | 'poor' | 'unknown';

/** A device's place: its controller and what shares it. */
export interface Placement {
  bus: number;
  portPath: string | null;
  controller: string | null;
  irqs: string[];
  /** Other devices on the same controller (hubs excluded). */
  neighbours: string[];
  /** Other drivers on the controller's interrupt lines (not USB). */
  sharedWith: string[];
  grade: PlacementGrade;
  /** One sentence for the user. */
  text: string;
}

/** What changed between two scans' USB devices. */
export interface UsbChange {
  kind: 'added' | 'removed';
  device: UsbDeviceSummary;
  placement: Placement;
}

const key = (d: { bus: number; portPath: string | null; id?: string }): string => `${d.bus}-${d.portPath ?? '?'}-${d.id ?? '?'}`;

function label(d: UsbDeviceSummary): string {
  return d.name ?? d.id ?? `device ${d.bus}-${d.portPath ?? '?'}`;
}

/** The placement of the device at (bus, portPath) in a scan. */
export function placementOf(scan: ScanResult, bus: number, portPath: string | null): Placement {
  const c: UsbController | undefined = scan.usbControllers.find((x) => x.buses.includes(bus));
  const base = { bus, portPath, controller: c?.controller ?? null };
  if (!c) {
    return { ...base, irqs: [], neighbours: [], sharedWith: [], grade: 'unknown', text: `bus ${bus}: its controller is unknown` };
  }
  const irqs = c.irqs.map((i) => i.irq);
  const neighbours = c.devices.filter((d) => !d.isHub && !(d.bus === bus && d.portPath === portPath)).map(label);
  const sharedWith = [...new Set(c.irqs.flatMap((i) => i.sharedWith))];
  const where = `bus ${bus}, controller ${c.controller ?? 'unknown'}, IRQ ${irqs.join('/') || '?'}`;
  let grade: PlacementGrade;
  let verdict: string;
  if (c.quiet === null) {
    grade = 'unknown';
    verdict = 'whether its line is shared is unknown';
  } else if (sharedWith.length > 0) {
    grade = 'poor';
    verdict = `its interrupt line is shared with ${sharedWith.join(', ')} — try a port on another controller`;
  } else if (neighbours.length > 0) {
    grade = 'fair';
    verdict = `the line is its own, but ${neighbours.length === 1 ? `${neighbours[0]} is` : `${neighbours.length} other devices are`} on the same controller`;
  } else {
    grade = 'good';
    verdict = 'nothing else on it — good';
  }
  return { ...base, irqs, neighbours, sharedWith, grade, text: `${where}: ${verdict}` };
}

/** USB devices that appeared or disappeared between two scans (hubs included, root hubs not). */
export function usbChanges(before: ScanResult, after: ScanResult): UsbChange[] {
  const summaries = (s: ScanResult): Map<string, UsbDeviceSummary> =>
    new Map(s.usbControllers.flatMap((c) => c.devices).map((d) => [key(d), d]));
  const a = summaries(before);
  const b = summaries(after);
  const changes: UsbChange[] = [];
  for (const [k, d] of b) if (!a.has(k)) changes.push({ kind: 'added', device: d, placement: placementOf(after, d.bus, d.portPath) });
  for (const [k, d] of a) if (!b.has(k)) changes.push({ kind: 'removed', device: d, placement: placementOf(before, d.bus, d.portPath) });
  return changes;
}
