// Resolving a plan's stable targets to the IRQ threads that serve them, against
// a snapshot. The boot applier (build/linux/studio-setup-irq, POSIX sh) applies
// the same rule on the live machine at boot, resume and hotplug; tests/vm checks
// that both agree.
//
// The rule: a thread `irq/<N>-<name>` (or `irq/<N>-s-<name>`) serves controller X
// when it is a kernel thread, N is one of X's vectors (msi_irqs/, else its INTx
// `irq`), and <name> is X's own handler: for a USB host controller any
// host-controller handler whose `:usbB` suffix, if any, names one of X's root
// buses; otherwise X's driver name, alone, with a `:cardC` suffix naming one of
// X's sound cards, or as libata names it (`ahci[0000:00:1f.2]`); for NVMe, its
// queues (`nvme0q1`). On a line shared with other devices the others' threads
// are never touched.
import { hcdBus } from './analysis/irq-lines.js';
import type { IrqTarget } from './plan.js';
import type { IrqThread, PciDevice, Snapshot } from './types.js';

/** A controller with what identifies its threads. */
export interface ControllerIdentity {
  address: string;
  irqs: number[];
  driver: string | null;
  usbBuses: number[];
  cards: number[];
}

/** What a target resolved to. */
export interface ResolvedTarget {
  target: IrqTarget;
  controller: ControllerIdentity | null;
  threads: IrqThread[];
  /** Why the target resolved to nothing (device absent, no threads, ...). */
  problems: string[];
}

/** The vectors of a PCI function: every MSI/MSI-X vector, else its INTx line. */
export function vectorsOf(pci: PciDevice): number[] {
  if (pci.msiIrqs.length > 0) return pci.msiIrqs;
  return pci.irq !== undefined && pci.irq > 0 ? [pci.irq] : [];
}

/** Does `name` (an action from a thread name) belong to controller `c`? */
export function nameBelongs(name: string, c: ControllerIdentity): boolean {
  if (c.usbBuses.length > 0) {
    const hcd = hcdBus(name);
    return hcd !== null && (hcd.bus === null || c.usbBuses.includes(hcd.bus));
  }
  if (!c.driver) return false;
  if (name === c.driver) return true;
  // drivers/ata/libahci.c ahci_host_activate (and libata-core.c): "%s[%s]", driver and device.
  if (name === `${c.driver}[${c.address}]`) return true;
  // drivers/nvme/host/pci.c queue_request_irq: "nvme%dq%d", one per queue vector.
  if (c.driver === 'nvme' && /^nvme\d+q\d+$/.test(name)) return true;
  const m = /^(.*):card(\d+)$/.exec(name);
  return m !== null && m[1] === c.driver && c.cards.includes(Number(m[2]));
}

// Host-controller handler names as drivers/usb/core/hcd.c (`<description>:usbN`)
// and xhci's own MSI code (`xhci_hcd`) request them.
const HCD_NAMES = ['ehci_hcd', 'ohci_hcd', 'uhci_hcd', 'xhci-hcd', 'xhci_hcd'];

/** Every full handler name controller `c` can have (to match 15-character truncated thread names). */
export function candidateNames(c: ControllerIdentity): string[] {
  if (c.usbBuses.length > 0) return ['xhci_hcd', ...c.usbBuses.flatMap((b) => HCD_NAMES.map((h) => `${h}:usb${b}`))];
  if (!c.driver) return [];
  return [c.driver, `${c.driver}[${c.address}]`, ...c.cards.map((k) => `${c.driver}:card${k}`)];
}

/** Does kernel thread `t` serve controller `c`? */
export function threadServes(t: IrqThread, c: ControllerIdentity): boolean {
  if (t.kernelThread === false || t.irq === null || !c.irqs.includes(t.irq)) return false;
  if (t.action === null) return true;
  if (nameBelongs(t.action, c)) return true;
  // A comm cut to 15 characters (older kernels): the name is a prefix of the real one.
  const prefix = t.action;
  return t.truncated && candidateNames(c).some((full) => full.startsWith(prefix));
}

/** Identify the controller at `address` in a snapshot. */
export function controllerIdentity(s: Snapshot, address: string): ControllerIdentity | null {
  const pci = s.pci?.find((p) => p.address === address);
  if (!pci) return null;
  return {
    address,
    irqs: vectorsOf(pci),
    driver: pci.driver ?? null,
    usbBuses: (s.usb?.devices ?? []).filter((d) => d.isRootHub && d.controller === address).map((d) => d.bus),
    cards: (s.sound ?? []).filter((c) => c.bus === 'pci' && c.pciAddress === address).map((c) => c.index),
  };
}

/** The PCI address of the controller a USB device (by id, and serial when given) hangs on now. */
export function usbController(s: Snapshot, id: string, serial?: string): string | null {
  const dev = (s.usb?.devices ?? []).find((d) => d.id === id && (serial === undefined || d.serial === serial));
  if (!dev) return null;
  return dev.controller ?? (s.usb?.devices ?? []).find((r) => r.isRootHub && r.bus === dev.bus)?.controller ?? null;
}

/** Resolve one target against a snapshot. */
export function resolveTarget(target: IrqTarget, s: Snapshot): ResolvedTarget {
  const problems: string[] = [];
  const address: string | null = target.kind === 'pci' ? target.controller : usbController(s, target.id, target.serial);
  if (address === null) {
    problems.push(target.kind === 'usb' ? `USB device ${target.id} is not plugged in (or its controller is unknown)` : 'controller unknown');
    return { target, controller: null, threads: [], problems };
  }
  const controller = controllerIdentity(s, address);
  if (!controller) {
    problems.push(`no PCI data for ${address}`);
    return { target, controller: null, threads: [], problems };
  }
  if (s.threads === null) problems.push('IRQ threads were not captured');
  const threads = (s.threads?.irq ?? []).filter((t) => threadServes(t, controller));
  if (s.threads !== null && threads.length === 0) {
    problems.push(`no IRQ thread serves ${address} (are interrupts threaded on this kernel?)`);
  }
  return { target, controller, threads, problems };
}
