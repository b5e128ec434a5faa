// USB buses grouped by host controller: what hangs on each and which IRQ lines
// it raises, so the user can pick a quiet port for the audio interface.
import type { Snapshot, UsbDevice } from '../types.js';
import { distinct, hcdBus, irqLines, type IrqLine } from './irq-lines.js';

/** A USB device as listed under its controller. */
export interface UsbDeviceSummary {
  bus: number;
  device: number | null;
  portPath: string | null;
  id?: string;
  name?: string;
  speed?: string;
  classes: string[];
  drivers: string[];
  isHub: boolean;
  audio: boolean;
}

/** One IRQ line of a USB host controller. */
export interface ControllerIrq {
  irq: string;
  actions: string[];
  total: number | null;
  /** Handlers on the line that are not this controller's. */
  sharedWith: string[];
}

/** A USB host controller: one PCI function, one or more root hubs (an xHCI has a USB 2 and a USB 3 bus). */
export interface UsbController {
  /** PCI address, or null when only the bus number is known. */
  controller: string | null;
  driver?: string;
  buses: number[];
  irqs: ControllerIrq[];
  devices: UsbDeviceSummary[];
  /** Nothing but this controller on its lines (MSI, or an unshared INTx). */
  quiet: boolean | null;
}

/** One USB audio device (a device with an Audio-class interface). */
export interface UsbAudio {
  bus: number;
  device: number | null;
  portPath: string | null;
  driver: string | null;
  id?: string;
  name?: string;
  controller: string | null;
}

function isAudio(d: UsbDevice): boolean {
  return d.interfaces.some((i) => i.classCode === '01' || /^audio$/i.test(i.className ?? ''));
}

function summary(d: UsbDevice): UsbDeviceSummary {
  return {
    bus: d.bus,
    device: d.device,
    portPath: d.portPath,
    ...(d.id ? { id: d.id } : {}),
    ...(d.name ? { name: d.name } : {}),
    ...(d.speed ? { speed: d.speed } : {}),
    classes: distinct(d.interfaces.map((i) => i.className ?? i.classCode ?? '').filter(Boolean)),
    drivers: distinct(d.interfaces.map((i) => i.driver ?? '').filter(Boolean)),
    isHub: d.isHub,
    audio: isAudio(d),
  };
}

/** USB audio devices, one entry per device. */
export function usbAudio(s: Snapshot): UsbAudio[] {
  return (s.usb?.devices ?? []).filter(isAudio).map((d) => ({
    bus: d.bus,
    device: d.device,
    portPath: d.portPath,
    driver: d.interfaces.find((i) => i.classCode === '01' || /^audio$/i.test(i.className ?? ''))?.driver ?? null,
    ...(d.id ? { id: d.id } : {}),
    ...(d.name ? { name: d.name } : {}),
    controller: d.controller ?? s.usb?.devices.find((r) => r.isRootHub && r.bus === d.bus)?.controller ?? null,
  }));
}

function controllerIrqs(vectors: number[], buses: number[], lines: Map<number, IrqLine>): ControllerIrq[] {
  return vectors.map((irq) => {
    const line = lines.get(irq);
    const actions = line?.actions ?? [];
    const mine = (a: string): boolean => {
      const hcd = hcdBus(a);
      return hcd !== null && (hcd.bus === null || buses.includes(hcd.bus));
    };
    return { irq: String(irq), actions, total: line?.total ?? null, sharedWith: distinct(actions.filter((a) => !mine(a))) };
  });
}

/** Host controllers with their buses, IRQ lines and devices. */
export function usbControllers(s: Snapshot): UsbController[] {
  const devices = s.usb?.devices ?? [];
  const lines = irqLines(s);
  const byKey = new Map<string, UsbController>();
  for (const root of devices.filter((d) => d.isRootHub)) {
    const key = root.controller ?? `bus${root.bus}`;
    let c = byKey.get(key);
    if (!c) {
      c = { controller: root.controller ?? null, buses: [], irqs: [], devices: [], quiet: null };
      byKey.set(key, c);
    }
    c.buses.push(root.bus);
  }
  for (const c of byKey.values()) {
    c.buses.sort((a, b) => a - b);
    c.devices = devices.filter((d) => !d.isRootHub && c.buses.includes(d.bus)).map(summary);
    const pci = c.controller ? s.pci?.find((p) => p.address === c.controller) : undefined;
    if (pci?.driver) c.driver = pci.driver;
    const vectors = pci
      ? pci.msiIrqs.length > 0
        ? pci.msiIrqs
        : pci.irq
          ? [pci.irq]
          : []
      : [...lines.values()].filter((l) => l.actions.some((a) => c.buses.includes(hcdBus(a)?.bus ?? -1))).map((l) => l.irq);
    c.irqs = controllerIrqs(vectors, c.buses, lines);
    const known = c.irqs.filter((i) => lines.has(Number(i.irq)));
    c.quiet = known.length === 0 ? null : known.every((i) => i.sharedWith.length === 0);
  }
  return [...byKey.values()].sort((a, b) => (a.buses[0] ?? 0) - (b.buses[0] ?? 0));
}
