// Plain data shared by every layer: what the probes read and what the analysis
// derives. Environment-free (no Node, no DOM): the renderer imports it too.
import type { MachineInfo } from './machine.js';
import type { SystemInfo } from './system.js';

/** Something that could not be read or understood, with the file it came from. */
export interface Warning {
  file: string;
  message: string;
}

/** One row of /proc/interrupts, in file order. */
export interface InterruptRow {
  /** The row label: a number ("16") or an arch counter ("NMI", "LOC", "IPI0", "Err"). */
  irq: string;
  /** Handler names split on ", " exactly as printed (may repeat: `cx88[0], cx88[0]`). */
  actions: string[];
  /** Per-CPU counts as printed; may be fewer than the CPU columns (ERR, MIS). */
  counts: number[];
  total: number;
  /** Interrupt chip (`IO-APIC`, `IR-PCI-MSI`, `GICv2`, `BRCM STB PCIe MSI`, fused `IO-APIC-fasteoi`). */
  chip?: string;
  /** Hardware IRQ number within the chip's domain, as printed. */
  hwirq?: string;
  /** Trigger / flow handler (`edge`, `fasteoi`, `Level`, `Edge`). */
  trigger?: string;
  /** For arch rows, the text after the counts ("Non-maskable interrupts"). */
  description?: string;
}

/** The parsed /proc/interrupts table. */
export interface InterruptsTable {
  cpuCount: number;
  /** Header labels ("CPU0", "CPU2", ...): offline CPUs are absent. */
  cpus: string[];
  rows: InterruptRow[];
}

/** /sys/kernel/irq/N (Documentation/ABI/testing/sysfs-kernel-irq). */
export interface KernelIrq {
  irq: number;
  actions: string[];
  chipName?: string;
  hwirq?: string;
  /** Flow handler name (`edge`, `fasteoi`). */
  name?: string;
  type?: string;
  wakeup?: string;
  perCpuCount?: number[];
}

/** A PCI function under /sys/bus/pci/devices. */
export interface PciDevice {
  /** Domain:bus:device.function, e.g. `0000:00:14.0`. */
  address: string;
  /** Canonical sysfs path, `/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0`. */
  sysPath: string;
  /** Upstream bridges from the root complex down (PCI addresses), excluding this device. */
  bridges: string[];
  /** `0x0c0330` (class, subclass, prog-if). */
  classCode?: string;
  vendor?: string;
  device?: string;
  driver?: string;
  /** The `irq` file: the legacy INTx line, or the first MSI vector when plain MSI is on. */
  irq?: number;
  /** Every allocated MSI/MSI-X vector (file names of msi_irqs/), numerically sorted. */
  msiIrqs: number[];
  msiKind?: 'msi' | 'msix';
}

/** One interface of a USB device. */
export interface UsbInterface {
  number: number;
  /** Two hex digits ("01" = audio) when known from sysfs. */
  classCode?: string;
  /** Human class name ("Audio", "Human Interface Device") when known. */
  className?: string;
  driver?: string;
}

/** A USB device (root hubs included), from sysfs or from lsusb / lsusb -t. */
export interface UsbDevice {
  bus: number;
  device: number | null;
  /** Port chain below the root hub ("1.2" = root port 1, hub port 2); "" for a root hub; null when unknown. */
  portPath: string | null;
  /** `vvvv:pppp` (lower-case hex). */
  id?: string;
  name?: string;
  manufacturer?: string;
  product?: string;
  serial?: string;
  /** Link speed in Mbit/s as the kernel reports it ("480", "12", "1.5", "5000", "20000"). */
  speed?: string;
  isHub: boolean;
  isRootHub: boolean;
  interfaces: UsbInterface[];
  /** Canonical sysfs path of the device when read from sysfs. */
  sysPath?: string;
  /** PCI address of the host controller (known from sysfs, or from an ALSA longname). */
  controller?: string | null;
  /** Number of downstream ports (hubs). */
  maxChild?: number;
  /** Driver bound to the device itself (`usb` for most; sysfs `driver` link). */
  driver?: string;
  /** Root hubs: the host controller's driver (`xhci_hcd`, `ehci-pci`, `dwc_otg`). */
  hostDriver?: string;
  /** power/control: `auto` lets the kernel autosuspend the device. */
  powerControl?: string;
  removable?: string;
  source: 'sysfs' | 'lsusb';
}

/** Bus a sound card sits on. */
export type SoundBus = 'pci' | 'usb' | 'firewire' | 'other' | 'unknown';

/** An ALSA card from /proc/asound/cards, completed from sysfs when available. */
export interface SoundCard {
  index: number;
  id: string;
  driver: string;
  shortName: string;
  longName: string;
  bus: SoundBus;
  /** The IRQ the longname prints (`irq 33`), else null. */
  irq: number | null;
  usb?: {
    bus: number | null;
    device?: number | null;
    portPath?: string | null;
    controller?: string | null;
    id?: string;
  };
  /** sysfs device of the card (`/sys/class/sound/cardN/device` resolved). */
  devicePath?: string;
  /** PCI function that owns the card (the card itself, or the USB host controller). */
  pciAddress?: string;
}

/** Scheduling policies as reported in /proc/PID/stat (include/uapi/linux/sched.h). */
export const POLICIES = ['OTHER', 'FIFO', 'RR', 'BATCH', 'ISO', 'IDLE', 'DEADLINE', 'unknown'] as const;
/** A scheduling policy name. */
export type Policy = (typeof POLICIES)[number];

/** A kernel IRQ thread (`irq/N-name`, `irq/N-s-name`, old `IRQ-N` / `IRQ N`). */
export interface IrqThread {
  pid: number;
  comm: string;
  irq: number | null;
  /** The action name from the thread name; null for `IRQ-N` styles. */
  action: string | null;
  /** `irq/N-s-name`: the secondary thread of a forced-threaded handler. */
  secondary: boolean;
  /** The name looks cut to 15 characters (TASK_COMM_LEN) and the action may be longer. */
  truncated: boolean;
  policy: Policy;
  priority: number;
  /** True when known to be a kernel thread (child of kthreadd or PF_KTHREAD); null when unknown. */
  kernelThread: boolean | null;
  style: 'irq/N-name' | 'IRQ-N' | 'IRQ N';
}

/** Other scheduling-relevant threads (ksoftirqd, ktimers, audio servers) for checks. */
export interface TaskInfo {
  pid: number;
  tid: number;
  comm: string;
  policy: Policy;
  priority: number;
  kernelThread: boolean | null;
}

/** Kernel identity. */
export interface KernelInfo {
  /** `uname -a` as printed. */
  uname?: string;
  release?: string;
  /** `uname -v` (`#1 SMP PREEMPT_RT Debian ...`). */
  version?: string;
  machine?: string;
  hostname?: string;
  cmdline?: string;
  /** Kernel config entries (`CONFIG_PREEMPT_RT` → `y`); absent when no config was found. */
  config?: Record<string, string>;
  configSource?: string;
  /** /sys/kernel/realtime exists (old out-of-tree PREEMPT_RT patch only). */
  realtimeFile?: boolean;
}

/** Everything one probe of a machine (or bundle) produced; null = not available in this source. */
export interface Snapshot {
  schema: 1;
  /** ISO time of the probe (bundle capture time when known). */
  takenAt: string | null;
  source: { kind: 'live' | 'bundle' | 'report'; label: string };
  kernel: KernelInfo;
  interrupts: InterruptsTable | null;
  kernelIrqs: KernelIrq[] | null;
  pci: PciDevice[] | null;
  usb: { devices: UsbDevice[]; from: 'sysfs' | 'lsusb' } | null;
  sound: SoundCard[] | null;
  threads: { irq: IrqThread[]; tasks: TaskInfo[]; from: 'proc' | 'ps' } | null;
  /** User, limits, CPU, sysctls, conflicting tools, audio server settings (for the checks); absent in older reports. */
  system?: SystemInfo;
  /** Distribution and CPU (os-release, /proc/cpuinfo) for the report; absent in older reports. */
  machine?: MachineInfo;
  warnings: Warning[];
}
