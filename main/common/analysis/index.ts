// The analysis of one snapshot: pure, environment-free, the same for the live
// machine, a bundle and a report.
import type { InterruptRow, SoundBus, Snapshot } from '../types.js';
import { audioPaths, type AudioPath } from './audio-paths.js';
import { distinct, irqLines, isSoundAction, threadRef, type ThreadRef } from './irq-lines.js';
import { usbAudio, usbControllers, type UsbAudio, type UsbController } from './usb.js';

export type { AudioPath, AudioPathIrq } from './audio-paths.js';
export type { ThreadRef, IrqLine } from './irq-lines.js';
export type { UsbAudio, UsbController, UsbDeviceSummary, ControllerIrq } from './usb.js';

/** A sound card as the scan lists it. */
export interface SoundCardEntry {
  index: number;
  id: string;
  name: string;
  longName: string;
  driver: string;
  bus: SoundBus;
  /** The IRQ the card's interrupts arrive on (the active vector of its path), null when unknown. */
  irq: number | null;
  usb?: { bus: number | null; device?: number | null; portPath?: string | null };
}

/** A USB device as the scan lists it. */
export interface UsbDeviceEntry {
  bus: number;
  device: number | null;
  id: string | null;
  name: string | null;
  portPath: string | null;
  speed: string | null;
  isHub: boolean;
  isRootHub: boolean;
}

/** One row of the IRQ table (tuna's view: line, thread, policy/priority, events, users). */
export interface IrqTableRow {
  irq: string;
  actions: string[];
  total: number | null;
  chip: string | null;
  msi: boolean | null;
  /** Two or more handlers on the line (sharedIrqs counts distinct names only). */
  shared: boolean;
  sound: boolean;
  threads: (ThreadRef & { action: string | null })[];
}

/** Everything derived from a snapshot. */
export interface Analysis {
  cpuCount: number | null;
  interrupts: InterruptRow[];
  sharedIrqs: string[];
  soundIrqs: string[];
  soundCards: SoundCardEntry[];
  usbDevices: UsbDeviceEntry[];
  usbAudio: UsbAudio[];
  usbControllers: UsbController[];
  audioPaths: AudioPath[];
  irqTable: IrqTableRow[];
}

const byNumber = (a: string, b: string): number => Number(a) - Number(b);

/** Analyse a snapshot. */
export function analyze(s: Snapshot): Analysis {
  const lines = irqLines(s);
  const paths = audioPaths(s);
  const activeOf = (card: number): number | null => {
    const irq = paths.find((p) => p.card === card)?.irqs.find((i) => i.active)?.irq;
    return irq === undefined ? null : Number(irq);
  };
  const sharedIrqs = [...lines.values()].filter((l) => distinct(l.actions).length >= 2).map((l) => String(l.irq));
  const soundSet = new Set<string>();
  for (const l of lines.values()) if (l.actions.some(isSoundAction)) soundSet.add(String(l.irq));
  for (const p of paths) for (const i of p.irqs) if (i.active) soundSet.add(i.irq);
  const soundIrqs = [...soundSet].sort(byNumber);

  const soundCards: SoundCardEntry[] = (s.sound ?? []).map((c) => ({
    index: c.index,
    id: c.id,
    name: c.shortName,
    longName: c.longName,
    driver: c.driver,
    bus: c.bus,
    irq: activeOf(c.index) ?? c.irq,
    ...(c.usb ? { usb: { bus: c.usb.bus, device: c.usb.device ?? null, portPath: c.usb.portPath ?? null } } : {}),
  }));

  const usbDevices: UsbDeviceEntry[] = (s.usb?.devices ?? []).map((d) => ({
    bus: d.bus,
    device: d.device,
    id: d.id ?? null,
    name: d.name ?? null,
    portPath: d.portPath,
    speed: d.speed ?? null,
    isHub: d.isHub,
    isRootHub: d.isRootHub,
  }));

  const irqTable: IrqTableRow[] = [...lines.values()]
    .sort((a, b) => a.irq - b.irq)
    .map((l) => ({
      irq: String(l.irq),
      actions: l.actions,
      total: l.total,
      chip: l.chip ?? null,
      msi: l.msi,
      // Two handlers of the same name are two devices too (`cx88[0], cx88[0]`, `ohci_hcd, ohci_hcd`).
      shared: l.actions.length >= 2,
      sound: soundSet.has(String(l.irq)),
      threads: l.threads.map((t) => ({ ...threadRef(t), action: t.action })),
    }));

  return {
    cpuCount: s.interrupts?.cpuCount ?? null,
    interrupts: s.interrupts?.rows ?? [],
    sharedIrqs,
    soundIrqs,
    soundCards,
    usbDevices,
    usbAudio: usbAudio(s),
    usbControllers: usbControllers(s),
    audioPaths: paths,
    irqTable,
  };
}
