// For each sound card, the path to its interrupt: card → device → (USB port →
// hub →) controller → IRQ vector(s) in use → thread(s), and who else is on the line.
import type { PciDevice, SoundBus, SoundCard, Snapshot } from '../types.js';
import { distinct, hcdBus, irqLines, isSoundAction, threadRef, threadServes, type IrqLine, type ThreadRef } from './irq-lines.js';

/** One IRQ line on an audio path. */
export interface AudioPathIrq {
  irq: string;
  /** The vector really in use (it has the path's handler and counted interrupts, or it is the only one). */
  active: boolean;
  /** Every handler on the line, as printed. */
  actions: string[];
  /** The handler that serves this path, when it could be told. */
  action: string | null;
  msi: boolean | null;
  total: number | null;
  /** The threads that serve this path (one per handler on shared lines). */
  threads: ThreadRef[];
}

/** Where a sound card's interrupts come from. */
export interface AudioPath {
  card: number;
  cardId: string;
  name: string;
  bus: SoundBus;
  /** sysfs path of the card's device, or the PCI address, or the ALSA bus path. */
  device: string;
  usbBus?: number | null;
  usbPortPath?: string | null;
  /** PCI address of the controller that raises the interrupts (the card itself, or the USB host controller). */
  controller: string | null;
  controllerDriver?: string;
  /** PCI bridges above the controller, from the root down. */
  bridges: string[];
  irqs: AudioPathIrq[];
  /** Every other handler on the path's lines. */
  sharedWith: string[];
  /** What could not be determined, and why. */
  unknown: string[];
}

function controllerOf(card: SoundCard, s: Snapshot): string | null {
  if (card.bus === 'usb') {
    if (card.usb?.controller) return card.usb.controller;
    const root = s.usb?.devices.find((d) => d.isRootHub && d.bus === card.usb?.bus && d.controller);
    if (root?.controller) return root.controller;
  }
  return card.pciAddress ?? null;
}

/** Candidate vectors: the controller's MSI vectors, else its INTx line, else what the card or the handler names say. */
function candidates(card: SoundCard, pci: PciDevice | undefined, lines: Map<number, IrqLine>, why: string[]): number[] {
  if (pci) {
    if (pci.msiIrqs.length > 0) return pci.msiIrqs;
    if (pci.irq !== undefined && pci.irq > 0) return [pci.irq];
    why.push(`controller ${pci.address} has no IRQ assigned`);
    return [];
  }
  if (card.bus === 'usb' && card.usb?.bus != null) {
    const bus = card.usb.bus;
    const found = [...lines.values()].filter((l) => l.actions.some((a) => hcdBus(a)?.bus === bus)).map((l) => l.irq);
    if (found.length > 0) return found;
    why.push(`no sysfs PCI data, and no handler names USB bus ${bus}: the controller's IRQ is unknown`);
    return [];
  }
  if (card.irq !== null) return [card.irq];
  why.push('no sysfs PCI data and no IRQ in /proc/asound/cards: the IRQ is unknown');
  return [];
}

/** The handler on `line` that serves this card. */
function pathAction(card: SoundCard, pci: PciDevice | undefined, line: IrqLine): string | null {
  const acts = distinct(line.actions);
  if (card.bus === 'usb') {
    const bus = card.usb?.bus ?? null;
    const exact = acts.find((a) => bus !== null && hcdBus(a)?.bus === bus);
    if (exact) return exact;
    const bare = acts.filter((a) => hcdBus(a)?.bus === null);
    if (bare.length === 1 && (pci !== undefined || acts.length === 1)) return bare[0] as string;
    return null;
  }
  const drv = pci?.driver;
  const byDriver = drv ? acts.filter((a) => a === drv || a.startsWith(`${drv}:`)) : [];
  if (byDriver.length === 1) return byDriver[0] as string;
  const mine = byDriver.find((a) => a.endsWith(`:card${card.index}`));
  if (mine) return mine;
  const sound = acts.filter(isSoundAction);
  if (sound.length === 1) return sound[0] as string;
  return acts.length === 1 ? (acts[0] as string) : null;
}

function devicePathOf(card: SoundCard): string {
  if (card.devicePath) return card.devicePath;
  if (card.pciAddress) return card.pciAddress;
  const bus = / at (usb-\S+?)(?:,|$)/.exec(card.longName);
  return bus ? (bus[1] as string) : `card${card.index}`;
}

/** The audio path of one card. */
export function audioPath(card: SoundCard, s: Snapshot, lines = irqLines(s)): AudioPath {
  const unknown: string[] = [];
  const controller = controllerOf(card, s);
  if (controller === null) unknown.push(card.bus === 'usb' ? 'USB host controller unknown (no sysfs data)' : 'PCI address unknown (no sysfs data)');
  const pci = controller ? s.pci?.find((p) => p.address === controller) : undefined;
  if (controller && !pci) unknown.push(`no sysfs PCI data for ${controller}: bridges and MSI vectors unknown`);
  const vectors = candidates(card, pci, lines, unknown);
  if (s.interrupts === null && s.kernelIrqs === null) unknown.push('no /proc/interrupts: handlers, sharing and activity unknown');
  if (s.threads === null) unknown.push('IRQ threads were not captured');

  const irqs: AudioPathIrq[] = vectors.map((irq) => {
    const line = lines.get(irq);
    const action = line ? pathAction(card, pci, line) : null;
    if (line && action === null && line.actions.length > 0) {
      unknown.push(`which handler on IRQ ${irq} serves card ${card.index} could not be told`);
    }
    const threads = line && action ? line.threads.filter((t) => threadServes(t, action)).map(threadRef) : [];
    return {
      irq: String(irq),
      active: false,
      actions: line?.actions ?? [],
      action,
      msi: line?.msi ?? (pci ? pci.msiIrqs.includes(irq) : null),
      total: line?.total ?? null,
      threads,
    };
  });
  // The vector in use has the path's handler; with several, the one whose count rose.
  const requested = irqs.filter((i) => i.action !== null);
  if (requested.length === 1) (requested[0] as AudioPathIrq).active = true;
  else if (requested.length > 1) {
    for (const i of requested) i.active = (i.total ?? 0) > 0;
    if (!requested.some((i) => i.active)) {
      unknown.push(`no interrupts counted yet on IRQs ${requested.map((i) => i.irq).join(', ')}: play audio and scan again to see which is in use`);
    }
  }
  const own = new Set(irqs.map((i) => i.action).filter((a): a is string => a !== null));
  const onPath = irqs.some((i) => i.active) ? irqs.filter((i) => i.active) : requested;
  const sharedWith = distinct(onPath.flatMap((i) => i.actions)).filter((a) => !own.has(a));

  return {
    card: card.index,
    cardId: card.id,
    name: card.shortName,
    bus: card.bus,
    device: devicePathOf(card),
    ...(card.bus === 'usb' ? { usbBus: card.usb?.bus ?? null, usbPortPath: card.usb?.portPath ?? null } : {}),
    controller,
    ...(pci?.driver ? { controllerDriver: pci.driver } : {}),
    bridges: pci?.bridges ?? [],
    irqs,
    sharedWith,
    unknown,
  };
}

/** Audio paths of every card in the snapshot. */
export function audioPaths(s: Snapshot): AudioPath[] {
  const lines = irqLines(s);
  return (s.sound ?? []).map((c) => audioPath(c, s, lines));
}
