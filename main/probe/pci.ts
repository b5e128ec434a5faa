// PCI functions from sysfs, and the pure path helpers that place a device (or a
// sound card, or a USB bus) under the PCI function that owns its interrupts.
import path from 'node:path';
import type { PciDevice, Warning } from '../common/types.js';
import { realpath, type Source } from './source.js';

// Documentation/ABI/testing/sysfs-bus-pci; drivers/pci/probe.c pci_setup_device
// names a function "%04x:%02x:%02x.%d" (domain:bus:slot.func); VMD and Hyper-V
// domains are wider than four digits.
const PCI_ADDRESS_RE = /^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i;
// drivers/pci/probe.c pci_register_host_bridge: the root complex is "pci%04x:%02x".
const PCI_ROOT_RE = /^pci[0-9a-f]{4,8}:[0-9a-f]{2}$/i;
// drivers/usb/core/hcd.c usb_add_hcd → usb_alloc_dev: a root hub is "usb%d".
const USB_ROOT_HUB_RE = /^usb(\d+)$/;

const DEVICES = '/sys/bus/pci/devices';

/** True when `s` is a PCI function address (`0000:00:14.0`). */
export function isPciAddress(s: string): boolean {
  return PCI_ADDRESS_RE.test(s);
}

/** The PCI-address components of a sysfs path below its PCI root, from the root down. */
export function pciChain(sysPath: string): string[] {
  const parts = sysPath.split('/').filter(Boolean);
  const root = parts.findIndex((p) => PCI_ROOT_RE.test(p));
  if (root < 0) return [];
  return parts.slice(root + 1).filter(isPciAddress);
}

/** Address and upstream bridges of the PCI function a sysfs path names (null address when it is not one). */
export function splitPciPath(sysPath: string): { address: string | null; bridges: string[] } {
  const last = sysPath.split('/').filter(Boolean).pop() ?? '';
  const chain = pciChain(sysPath);
  if (!isPciAddress(last) || chain.length === 0) return { address: null, bridges: chain };
  return { address: last, bridges: chain.slice(0, -1) };
}

/** The PCI function that owns a sysfs device: itself, or its nearest PCI ancestor (a USB host controller). */
export function owningPciFunction(sysPath: string): string | null {
  return pciChain(sysPath).pop() ?? null;
}

/** The USB root hub in a sysfs path (`…/0000:00:14.0/usb3/3-2` → bus 3 and controller `0000:00:14.0`). */
export function usbRootOf(sysPath: string): { bus: number; controller: string | null } | null {
  const parts = sysPath.split('/').filter(Boolean);
  for (let i = parts.length - 1; i >= 0; i--) {
    const m = USB_ROOT_HUB_RE.exec(parts[i] ?? '');
    if (!m) continue;
    // The host controller's device name: a PCI address, or a platform name (`3f980000.usb`).
    return { bus: Number(m[1]), controller: i > 0 ? (parts[i - 1] ?? null) : null };
  }
  return null;
}

/** Numeric value of a sysfs number file (`"16\n"`), or null. */
export function parseSysfsInt(text: string | null): number | null {
  const t = text?.trim() ?? '';
  if (!/^\d{1,10}$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

/** Sort numeric names numerically (`100` after `49`, unlike a string sort). */
export function sortNumeric(names: readonly string[]): number[] {
  return names
    .map((n) => parseSysfsInt(n))
    .filter((n): n is number => n !== null)
    .sort((a, b) => a - b);
}

function firstLine(text: string | null): string | undefined {
  const t = text?.split('\n')[0]?.trim();
  return t ? t : undefined;
}

function readMsi(src: Source, dir: string, device: PciDevice, warnings: Warning[]): void {
  // Documentation/ABI/testing/sysfs-bus-pci (msi_irqs): one entry per allocated
  // vector, named after the Linux IRQ number, containing "msi" or "msix"; before
  // 3.14 each entry was a directory holding a `mode` file with the same text.
  const names = src.list(`${dir}/msi_irqs`);
  if (names === null) return;
  device.msiIrqs = sortNumeric(names);
  const odd = names.filter((n) => parseSysfsInt(n) === null);
  if (odd.length > 0) warnings.push({ file: `${dir}/msi_irqs`, message: `ignored non-numeric entries: ${odd.join(', ')}` });
  const first = device.msiIrqs[0];
  if (first === undefined) return;
  const kind = firstLine(src.read(`${dir}/msi_irqs/${first}`) ?? src.read(`${dir}/msi_irqs/${first}/mode`));
  if (kind === 'msi' || kind === 'msix') device.msiKind = kind;
  else if (kind !== undefined) warnings.push({ file: `${dir}/msi_irqs/${first}`, message: `unknown MSI mode "${kind}"` });
}

function readDevice(src: Source, address: string, warnings: Warning[]): PciDevice {
  const dir = `${DEVICES}/${address}`;
  const sysPath = realpath(src, dir) ?? dir;
  const { bridges } = splitPciPath(sysPath);
  const device: PciDevice = { address, sysPath, bridges, msiIrqs: [] };
  // Documentation/ABI/testing/sysfs-bus-pci; drivers/pci/pci-sysfs.c: class
  // "0x%06x", vendor/device "0x%04x".
  const classCode = firstLine(src.read(`${dir}/class`));
  if (classCode) device.classCode = classCode;
  const vendor = firstLine(src.read(`${dir}/vendor`));
  if (vendor) device.vendor = vendor;
  const dev = firstLine(src.read(`${dir}/device`));
  if (dev) device.device = dev;
  // drivers/base/bus.c driver_sysfs_add: `driver` links to the bound driver.
  const driver = src.readLink(`${dir}/driver`);
  if (driver) device.driver = path.posix.basename(driver);
  // drivers/pci/pci-sysfs.c irq_show: the first vector when plain MSI is on,
  // else the INTx line (also with MSI-X). 0 means no line is routed.
  const irqText = src.read(`${dir}/irq`);
  const irq = parseSysfsInt(irqText);
  if (irq !== null && irq > 0) device.irq = irq;
  else if (irqText !== null && irq === null) warnings.push({ file: `${dir}/irq`, message: 'not a number' });
  readMsi(src, dir, device, warnings);
  return device;
}

/** Every PCI function under /sys/bus/pci/devices, with its interrupts and place in the tree. */
export function readPci(src: Source): { devices: PciDevice[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  // Documentation/ABI/testing/sysfs-bus-pci: one link per function into /sys/devices.
  const names = src.list(DEVICES);
  if (names === null) {
    warnings.push({ file: DEVICES, message: 'absent or unreadable' });
    return { devices: [], warnings };
  }
  const devices: PciDevice[] = [];
  for (const name of names) {
    if (!isPciAddress(name)) {
      warnings.push({ file: `${DEVICES}/${name}`, message: 'not a PCI address; ignored' });
      continue;
    }
    devices.push(readDevice(src, name, warnings));
  }
  return { devices, warnings };
}
