// IRQ lines joined from /proc/interrupts, /sys/kernel/irq and the IRQ threads.
import type { IrqThread, Snapshot } from '../types.js';

/** A numbered interrupt line with its handlers and threads. */
export interface IrqLine {
  irq: number;
  /** Handler names as printed (duplicates kept). */
  actions: string[];
  /** Sum of the per-CPU counts, null when only /sys/kernel/irq said the line exists. */
  total: number | null;
  chip?: string;
  /** True for MSI/MSI-X vectors (never shared), false for legacy lines, null when unknown. */
  msi: boolean | null;
  threads: IrqThread[];
}

/** Thread as shown in paths and tables. */
export interface ThreadRef {
  pid: number;
  comm: string;
  policy: IrqThread['policy'];
  priority: number;
}

/** Short form of a thread. */
export function threadRef(t: IrqThread): ThreadRef {
  return { pid: t.pid, comm: t.comm, policy: t.policy, priority: t.priority };
}

function chipIsMsi(chip: string | undefined): boolean | null {
  if (!chip) return null;
  if (/MSI/i.test(chip)) return true;
  if (/IO-APIC|XT-PIC|GIC|ARMCTRL|LAPIC/i.test(chip)) return false;
  return null;
}

/** Every numbered IRQ line of a snapshot, keyed by number. */
export function irqLines(s: Snapshot): Map<number, IrqLine> {
  const lines = new Map<number, IrqLine>();
  for (const row of s.interrupts?.rows ?? []) {
    if (!/^\d+$/.test(row.irq)) continue;
    const irq = Number(row.irq);
    lines.set(irq, { irq, actions: row.actions, total: row.total, chip: row.chip, msi: chipIsMsi(row.chip), threads: [] });
  }
  for (const k of s.kernelIrqs ?? []) {
    const line = lines.get(k.irq);
    if (line) {
      line.msi ??= chipIsMsi(k.chipName);
      continue;
    }
    if (k.actions.length === 0) continue;
    const total = k.perCpuCount ? k.perCpuCount.reduce((a, b) => a + b, 0) : null;
    lines.set(k.irq, { irq: k.irq, actions: k.actions, total, chip: k.chipName, msi: chipIsMsi(k.chipName), threads: [] });
  }
  for (const t of s.threads?.irq ?? []) {
    if (t.irq === null) continue;
    const line = lines.get(t.irq);
    if (line) line.threads.push(t);
    else lines.set(t.irq, { irq: t.irq, actions: [], total: null, msi: null, threads: [t] });
  }
  return lines;
}

/** Does thread `t` serve handler `action`? (exact, or a 15-character truncated prefix; old `IRQ-N` threads serve the whole line) */
export function threadServes(t: IrqThread, action: string): boolean {
  if (t.action === null) return true;
  if (t.action === action) return true;
  return t.truncated && action.startsWith(t.action);
}

/** Distinct handler names of a line. */
export function distinct(actions: readonly string[]): string[] {
  return [...new Set(actions)];
}

// Sound drivers request their IRQ under their module name (KBUILD_MODNAME:
// snd_hda_intel, snd_ens1370); 2.6-era drivers used the card name instead.
const LEGACY_SOUND = new Set(['ALI 5451', 'HDA Intel', 'Intel ICH', 'MPU401 UART', 'EMU10K1', 'Ensoniq AudioPCI', 'VIA82xx']);

/** Is this handler name a sound driver's? */
export function isSoundAction(action: string): boolean {
  return /^snd[_-]/i.test(action) || action === 'audiodsp' || LEGACY_SOUND.has(action);
}

// USB host controller drivers: ehci/ohci/uhci name their handler `<drv>:usbN`
// (drivers/usb/core/hcd.c usb_hcd_request_irqs), xhci just `xhci_hcd`.
const HCD = /^(?:[eoux]hci[_-]hcd|ehci|ohci|uhci|xhci|dwc_otg(?:_hcd)?|dwc2(?:_hsotg)?|musb[-_]hdrc)(?::usb(\d+))?$/i;

/** If `action` is a USB host controller's handler: its bus number (null when it does not say). */
export function hcdBus(action: string): { bus: number | null } | null {
  const m = HCD.exec(action);
  if (!m) return null;
  return { bus: m[1] === undefined ? null : Number(m[1]) };
}
