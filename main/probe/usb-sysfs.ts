// /sys/bus/usb/devices holds one link per USB device and per interface, into the
// device tree under its host controller (drivers/usb/core/usb.c names them): `usbN`
// for the root hub of bus N, `<bus>-<port>[.<port>...]` below it, and interfaces
// `<device>:<config>.<ifnum>` (a root hub's are `<bus>-0:1.0`). The path component
// right before `usbN` is the host controller: a PCI function, possibly behind PCIe
// bridges (`.../0000:00:08.3/0000:66:00.4/usb7`), or a platform device on SoCs. An
// xHCI registers two root hubs (USB 2 and USB 3 buses) under the same function.
import path from 'node:path';
import type { UsbDevice, UsbInterface, Warning } from '../common/types.js';
import { USB_CLASS_NAMES } from './lsusb.js';
import { realpath, type Source } from './source.js';
import { compareUsb } from '../common/usb-order.js';

/** USB devices read from one source, with what could not be read. */
export interface UsbResult {
  devices: UsbDevice[];
  warnings: Warning[];
}

/** What a /sys/bus/usb/devices entry name denotes. */
export type UsbEntry =
  | { kind: 'root'; bus: number }
  | { kind: 'device'; bus: number; portPath: string }
  | { kind: 'interface'; device: string; config: number; ifnum: number }
  | { kind: 'other' };

const DEVICES = '/sys/bus/usb/devices';
const PORTS = '\\d{1,3}(?:\\.\\d{1,3}){0,15}';
const ROOT_NAME = /^usb(\d{1,5})$/;
const DEVICE_NAME = new RegExp(`^(\\d{1,5})-(${PORTS})$`);
const INTERFACE_NAME = new RegExp(`^(\\d{1,5}-(?:0|${PORTS})):(\\d{1,3})\\.(\\d{1,3})$`);
const PCI_ADDRESS = /^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;
// Attributes every device or interface has; their absence is worth one warning each.
const REQUIRED = ['busnum', 'devnum', 'devpath', 'idVendor', 'idProduct', 'bDeviceClass', 'speed'] as const;

/** Classify an entry name of /sys/bus/usb/devices (names from drivers/usb/core/usb.c and message.c). */
export function classifyUsbEntry(name: string): UsbEntry {
  let m = ROOT_NAME.exec(name);
  if (m) return { kind: 'root', bus: Number(m[1]) };
  m = DEVICE_NAME.exec(name);
  if (m) return { kind: 'device', bus: Number(m[1]), portPath: m[2] as string };
  m = INTERFACE_NAME.exec(name);
  if (m) return { kind: 'interface', device: m[1] as string, config: Number(m[2]), ifnum: Number(m[3]) };
  return { kind: 'other' };
}

/** busnum, devnum, maxchild: decimal (Documentation/ABI/stable/sysfs-bus-usb, testing/sysfs-bus-usb). */
export function parseSysfsDecimal(text: string): number | null {
  const m = /^\s*(\d{1,9})\s*$/.exec(text);
  return m ? Number(m[1]) : null;
}

/** idVendor, idProduct: `%04x` (Documentation/ABI/testing/sysfs-bus-usb); lower-cased. */
export function parseSysfsHexId(text: string): string | null {
  const m = /^\s*([0-9a-fA-F]{4})\s*$/.exec(text);
  return m ? (m[1] as string).toLowerCase() : null;
}

/** bDeviceClass, bInterfaceClass, bInterfaceNumber: `%02x` (Documentation/ABI/testing/sysfs-bus-usb). */
export function parseSysfsHexByte(text: string): string | null {
  const m = /^\s*([0-9a-fA-F]{1,2})\s*$/.exec(text);
  return m ? (m[1] as string).toLowerCase().padStart(2, '0') : null;
}

/** devpath: the port chain, "0" for a root hub (Documentation/ABI/testing/sysfs-bus-usb); root → "". */
export function parseSysfsDevpath(text: string): string | null {
  const t = text.trim();
  if (t === '0') return '';
  return new RegExp(`^${PORTS}$`).test(t) ? t : null;
}

/** speed: Mbit/s, `1.5` to `20000`, or `unknown` (Documentation/ABI/stable/sysfs-bus-usb). */
export function parseSysfsSpeed(text: string): string | null {
  const t = text.trim();
  return /^(?:[0-9][0-9.]{0,9}|[Uu]nknown)$/.test(t) ? t : null;
}

/** String attributes (manufacturer, product, serial, removable, power/control): one `%s\n` line. */
export function parseSysfsString(text: string): string | null {
  const t = text.replace(/\n$/, '').trim();
  return t === '' ? null : t;
}

/** The host controller in a resolved device path: the component before the last `usbN`. */
export function controllerOf(sysPath: string): { controller: string | null; hostDevice: string | null } {
  const parts = sysPath.split('/');
  for (let i = parts.length - 1; i > 0; i--) {
    if (!ROOT_NAME.test(parts[i] as string)) continue;
    const host = parts[i - 1] as string;
    return { controller: PCI_ADDRESS.test(host) ? host : null, hostDevice: host === '' ? null : host };
  }
  return { controller: null, hostDevice: null };
}

function linkName(src: Source, p: string): string | undefined {
  const target = src.readLink(p);
  return target === null || target === '' ? undefined : path.posix.basename(target);
}


/** Reads one entry's attribute files, counting the required ones that are missing. */
class Reader {
  readonly missing = new Map<string, string[]>();
  constructor(
    private readonly src: Source,
    private readonly warnings: Warning[],
  ) {}
  get<T>(dir: string, entry: string, attr: string, parse: (t: string) => T | null): T | null {
    const text = this.src.read(`${dir}/${attr}`);
    if (text === null) {
      if ((REQUIRED as readonly string[]).includes(attr) || attr.startsWith('bInterface')) {
        const list = this.missing.get(attr) ?? [];
        list.push(entry);
        this.missing.set(attr, list);
      }
      return null;
    }
    const value = parse(text);
    if (value === null) {
      this.warnings.push({ file: `${DEVICES}/${entry}/${attr}`, message: `unexpected content: ${JSON.stringify(text.slice(0, 40))}` });
    }
    return value;
  }
}

function readInterfaces(src: Source, r: Reader, real: string, prefix: string, listed: Set<string>): UsbInterface[] {
  const names = new Set<string>();
  for (const child of src.list(real) ?? []) if (child.startsWith(prefix) && INTERFACE_NAME.test(child)) names.add(child);
  for (const name of listed) if (name.startsWith(prefix)) names.add(name);
  const out: UsbInterface[] = [];
  for (const name of names) {
    const entry = classifyUsbEntry(name);
    if (entry.kind !== 'interface') continue;
    // Resolved first: a report's MemorySource reads links only at resolved paths.
    const dir = realpath(src, listed.has(name) ? `${DEVICES}/${name}` : `${real}/${name}`);
    if (dir === null) continue;
    const hexNumber = r.get(dir, name, 'bInterfaceNumber', parseSysfsHexByte);
    const iface: UsbInterface = { number: hexNumber === null ? entry.ifnum : parseInt(hexNumber, 16) };
    const code = r.get(dir, name, 'bInterfaceClass', parseSysfsHexByte);
    if (code !== null) {
      iface.classCode = code;
      const className = (USB_CLASS_NAMES as Record<string, string>)[code];
      if (className !== undefined) iface.className = className;
    }
    const driver = linkName(src, `${dir}/driver`);
    if (driver !== undefined) iface.driver = driver;
    out.push(iface);
  }
  return out.sort((a, b) => a.number - b.number);
}

function readDevice(src: Source, r: Reader, name: string, entry: UsbEntry, listed: Set<string>, warnings: Warning[]): UsbDevice | null {
  if (entry.kind !== 'root' && entry.kind !== 'device') return null;
  const file = `${DEVICES}/${name}`;
  const real = realpath(src, file);
  if (real === null) {
    warnings.push({ file, message: 'link could not be resolved (loop or too many hops), skipped' });
    return null;
  }
  const isRootHub = entry.kind === 'root';
  const nameBus = entry.bus;
  const namePath = entry.kind === 'root' ? '' : entry.portPath;
  const busnum = r.get(real, name, 'busnum', parseSysfsDecimal);
  const devpath = r.get(real, name, 'devpath', parseSysfsDevpath);
  if (busnum !== null && busnum !== nameBus) warnings.push({ file: `${file}/busnum`, message: `busnum ${busnum} disagrees with the name; using busnum` });
  if (devpath !== null && devpath !== namePath) warnings.push({ file: `${file}/devpath`, message: `devpath "${devpath}" disagrees with the name; using devpath` });
  const prefix = isRootHub ? `${nameBus}-0:` : `${name}:`;
  const interfaces = readInterfaces(src, r, real, prefix, listed);
  const classCode = r.get(real, name, 'bDeviceClass', parseSysfsHexByte);
  const dev: UsbDevice = {
    bus: busnum ?? nameBus,
    device: r.get(real, name, 'devnum', parseSysfsDecimal),
    portPath: devpath ?? namePath,
    isHub: isRootHub || classCode === '09' || interfaces.some((i) => i.classCode === '09'),
    isRootHub,
    interfaces,
    sysPath: real,
    source: 'sysfs',
  };
  const vendor = r.get(real, name, 'idVendor', parseSysfsHexId);
  const product = r.get(real, name, 'idProduct', parseSysfsHexId);
  if (vendor !== null && product !== null) dev.id = `${vendor}:${product}`;
  const strings = { manufacturer: 'manufacturer', product: 'product', serial: 'serial', removable: 'removable', powerControl: 'power/control' } as const;
  for (const [key, attr] of Object.entries(strings) as [keyof typeof strings, string][]) {
    const value = r.get(real, name, attr, parseSysfsString);
    if (value !== null) dev[key] = value;
  }
  const label = usbDeviceName(dev.manufacturer, dev.product, isRootHub);
  if (label !== null) dev.name = label;
  const speed = r.get(real, name, 'speed', parseSysfsSpeed);
  if (speed !== null) dev.speed = speed;
  const maxChild = r.get(real, name, 'maxchild', parseSysfsDecimal);
  if (maxChild !== null) dev.maxChild = maxChild;
  const driver = linkName(src, `${real}/driver`);
  if (driver !== undefined) dev.driver = driver;
  const host = controllerOf(real);
  dev.controller = host.controller;
  if (isRootHub) {
    const hostDriver = linkName(src, `${path.posix.dirname(real)}/driver`);
    if (hostDriver !== undefined) dev.hostDriver = hostDriver;
    if (host.controller === null) {
      const what = host.hostDevice === null ? 'no parent device' : `"${host.hostDevice}", not a PCI function`;
      warnings.push({ file, message: `host controller of bus ${dev.bus} is ${what}: controller left unknown` });
    }
  } else if (host.hostDevice === null) {
    warnings.push({ file, message: `resolved path ${real} has no usbN component: controller unknown` });
  }
  return dev;
}

/**
 * A device's name from its descriptor strings, as people know it: the product, after the
 * manufacturer unless the product already starts with it (`QEMU` + `QEMU USB Tablet`);
 * a root hub by its product alone (its manufacturer string is the kernel's version).
 */
export function usbDeviceName(manufacturer: string | undefined, product: string | undefined, isRootHub = false): string | null {
  const p = product?.trim() ?? '';
  const m = manufacturer?.trim() ?? '';
  if (p === '') return m === '' || isRootHub ? null : m;
  if (isRootHub || m === '' || p.toLowerCase().startsWith(m.toLowerCase())) return p;
  return `${m} ${p}`;
}

/** Read every USB device under /sys/bus/usb/devices; null when the source has no such directory. */
export function readUsbSysfs(src: Source): UsbResult | null {
  const entries = src.list(DEVICES);
  if (entries === null) return null;
  const warnings: Warning[] = [];
  const r = new Reader(src, warnings);
  const listed = new Set<string>();
  const devices: UsbDevice[] = [];
  const deviceNames = new Set<string>();
  for (const name of entries) {
    const entry = classifyUsbEntry(name);
    if (entry.kind === 'interface') listed.add(name);
    else if (entry.kind === 'other') warnings.push({ file: `${DEVICES}/${name}`, message: 'unexpected entry name, ignored' });
    else deviceNames.add(entry.kind === 'root' ? `${entry.bus}-0` : name);
  }
  for (const name of entries) {
    const dev = readDevice(src, r, name, classifyUsbEntry(name), listed, warnings);
    if (dev) devices.push(dev);
  }
  for (const name of listed) {
    const owner = name.slice(0, name.indexOf(':'));
    if (!deviceNames.has(owner)) warnings.push({ file: `${DEVICES}/${name}`, message: `interface of ${owner}, which is not listed` });
  }
  for (const [attr, names] of r.missing) {
    const shown = names.slice(0, 6).join(', ') + (names.length > 6 ? ', ...' : '');
    warnings.push({ file: `${DEVICES}/*/${attr}`, message: `not readable for ${names.length} entries (${shown})` });
  }
  return { devices: devices.sort(compareUsb), warnings };
}
