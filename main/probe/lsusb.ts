// usbutils' two listings. `lsusb` (lsusb.c) prints `Bus %03u Device %03u: ID
// %04x:%04x %s %s` per device, in libusb's order (buses not always sorted), with
// hwdb vendor and product names or the device's own strings: an unknown product
// leaves a trailing space. `lsusb -t` (lsusb-t.c) walks /sys/bus/usb/devices and
// prints per bus `/:  Bus %02u.Port 1: Dev %u, Class=root_hub, Driver=<hcd>/%up,
// %sM`, then per interface `|__ Port %u: Dev %u, If %u, Class=%s, Driver=%s[/%up],
// %sM`, indented 4 more columns per hub level; Port is the port on the parent.
// usbutils 014 appends USB 3.2 lanes (`20000M/x2`); 016 (Oct 2023) zero-pads
// (`Bus 001.Port 001: Dev 001`), prints `Driver=[none]` and devices without
// interfaces (`Port 003: Dev 005, 480M`). `-v` (011) adds `ID vvvv:pppp vendor
// product` under each line, `-vv` the sysfs name and /dev node, `-vvv` strings.
import type { UsbInterface, Warning } from '../common/types.js';

/** USB class codes and the names usb.ids gives them (what lsusb -t prints). */
export const USB_CLASS_NAMES = {
  '01': 'Audio',
  '02': 'Communications',
  '03': 'Human Interface Device',
  '05': 'Physical Interface Device',
  '06': 'Imaging',
  '07': 'Printer',
  '08': 'Mass Storage',
  '09': 'Hub',
  '0a': 'CDC Data',
  '0b': 'Chip/SmartCard',
  '0d': 'Content Security',
  '0e': 'Video',
  '58': 'Xbox',
  dc: 'Diagnostic',
  e0: 'Wireless',
  ef: 'Miscellaneous Device',
  fe: 'Application Specific Interface',
  ff: 'Vendor Specific Class',
} as const satisfies Record<string, string>;

// usbutils before the hwdb lookup printed fixed abbreviations (lsusb-t.c
// bInterfaceClass_to_str): `Class=audio`, `Class=stor.`, `Class=hub`.
const OLD_CLASS_NAMES: Readonly<Record<string, string>> = {
  audio: '01', 'comm.': '02', HID: '03', PID: '05', still: '06', print: '07', 'stor.': '08',
  hub: '09', data: '0a', scard: '0b', 'c-sec': '0d', 'app.': 'fe', 'vend.': 'ff',
};

const CODE_BY_NAME = new Map<string, string>([
  ...Object.entries(USB_CLASS_NAMES).map(([code, name]) => [name, code] as [string, string]),
  ...Object.entries(OLD_CLASS_NAMES),
]);

/** Class code ("01") of a class name lsusb -t prints, or undefined for names usbutils does not print. */
export function classCodeOf(className: string): string | undefined {
  return CODE_BY_NAME.get(className);
}

/** One line of plain `lsusb`. */
export interface LsusbDevice {
  bus: number;
  device: number;
  /** `vvvv:pppp`, lower-case. */
  id: string;
  /** Vendor and product as printed, ends trimmed; null when the line has none. */
  name: string | null;
}

/** Devices parsed from a listing, with what could not be understood. */
export interface Parsed<T> {
  devices: T[];
  warnings: Warning[];
}

/** Result of parsing plain `lsusb`. */
export type LsusbParse = Parsed<LsusbDevice>;

/** One device of the `lsusb -t` tree, root hubs included. */
export interface LsusbTreeDevice {
  bus: number;
  device: number;
  /** Ports from the root hub down ("8.2"); "" for the root hub itself. */
  portPath: string;
  isRootHub: boolean;
  isHub: boolean;
  /** Mbit/s as printed, without the `M` ("1.5", "480", "20000"). */
  speed?: string;
  /** USB 3.2 lane suffix as printed ("x2", "Tx1+Rx2"). */
  lanes?: string;
  /** Root hubs only: the host controller's driver. */
  driver?: string;
  /** Downstream ports of a root hub or hub (the `/Np` suffix). */
  maxChild?: number;
  /** One per `If N` line, sorted by number. */
  interfaces: UsbInterface[];
  /** From `-v` lines. */
  id?: string;
  name?: string;
}

/** Result of parsing `lsusb -t`. */
export type LsusbTreeParse = Parsed<LsusbTreeDevice>;

const LSUSB_LINE = /^Bus (\d{1,5}) Device (\d{1,5}): ID ([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(?:\s(.*))?$/;
const BUS_LINE = /^\/:\s+Bus (\d{1,5})\.Port (\d{1,5}): Dev (\d{1,5}), (.*)$/;
const DEV_LINE = /^([ \t]*)\|__ Port (\d{1,5}): Dev (\d{1,5}), (.*)$/;
const ID_LINE = /^[ \t]+ID ([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(?:[ \t](.*))?$/;
const PATH_LINE = /^[ \t]+\/sys\/bus\/usb\/devices\/(\S+)[ \t]+\/dev\/bus\/usb\/\d+\/\d+[ \t]*$/;
const STRINGS_LINE = /^[ \t]+(?:Manufacturer|Product|Serial)=/;
const SPEED = /^([0-9][0-9.]{0,9}|[Uu]nknown)M(?:\/(\S+))?$/;

const lines = (text: string): string[] => text.replace(/\r\n?/g, '\n').split('\n');
const clip = (line: string): string => line.trim().slice(0, 80);

/** Parse plain `lsusb` output; never throws, problems become warnings. */
export function parseLsusb(text: string, file = 'lsusb'): LsusbParse {
  const devices: LsusbDevice[] = [];
  const warnings: Warning[] = [];
  const seen = new Set<string>();
  lines(text).forEach((raw, n) => {
    const line = raw.trimStart();
    if (line.trim() === '') return;
    const m = LSUSB_LINE.exec(line);
    if (!m) {
      warnings.push({ file, message: `line ${n + 1}: not an lsusb line, skipped: ${clip(line)}` });
      return;
    }
    const bus = Number(m[1]);
    const device = Number(m[2]);
    const key = `${bus}:${device}`;
    if (seen.has(key)) {
      warnings.push({ file, message: `line ${n + 1}: bus ${bus} device ${device} listed twice, second skipped` });
      return;
    }
    seen.add(key);
    const name = (m[5] ?? '').trim();
    devices.push({ bus, device, id: `${m[3]}:${m[4]}`.toLowerCase(), name: name === '' ? null : name });
  });
  return { devices, warnings };
}

interface LineFields {
  ifnum?: number;
  className?: string;
  driver?: string;
  ports?: number;
  speed?: string;
  lanes?: string;
  ok: boolean;
}

/** Split the text after `Dev N, ` into interface, class, driver, ports and speed. */
function parseFields(rest: string): LineFields {
  const cut = rest.lastIndexOf(', ');
  const speed = SPEED.exec((cut < 0 ? rest : rest.slice(cut + 2)).trim());
  const out: LineFields = { ok: speed !== null };
  if (speed) {
    out.speed = speed[1];
    if (speed[2] !== undefined) out.lanes = speed[2];
  }
  if (cut < 0) return out;
  let head = rest.slice(0, cut);
  const ifm = /^If (\d{1,3}), /.exec(head);
  if (ifm) {
    out.ifnum = Number(ifm[1]);
    head = head.slice(ifm[0].length);
  }
  const cd = /^Class=(.*), Driver=(.*)$/.exec(head);
  if (!cd) return { ...out, ok: false };
  const className = (cd[1] as string).trim();
  if (className !== '' && className !== '[unknown]') out.className = className;
  let driver = (cd[2] as string).trim();
  const ports = /^(.*)\/(\d{1,3})p$/.exec(driver);
  if (ports) {
    driver = ports[1] as string;
    out.ports = Number(ports[2]);
  }
  if (driver !== '' && driver !== '[none]') out.driver = driver;
  return out;
}

function addInterface(dev: LsusbTreeDevice, f: LineFields, warn: (msg: string) => void): void {
  if (f.ifnum === undefined) return;
  if (dev.interfaces.some((i) => i.number === f.ifnum)) {
    warn(`bus ${dev.bus} Dev ${dev.device} If ${f.ifnum} listed twice, second skipped`);
    return;
  }
  const iface: UsbInterface = { number: f.ifnum };
  if (f.className !== undefined) {
    iface.className = f.className;
    const code = classCodeOf(f.className);
    if (code !== undefined) iface.classCode = code;
  }
  if (f.driver !== undefined) iface.driver = f.driver;
  dev.interfaces.push(iface);
  if (iface.classCode === '09' || f.driver === 'hub') dev.isHub = true;
  if (f.ports !== undefined) dev.maxChild = f.ports;
}

/** Parse `lsusb -t` (old and usbutils ≥ 017 layouts, with or without -v); never throws. */
export function parseLsusbTree(text: string, file = 'lsusb -t'): LsusbTreeParse {
  const devices: LsusbTreeDevice[] = [];
  const warnings: Warning[] = [];
  const byKey = new Map<string, LsusbTreeDevice>();
  const byPort = new Map<string, LsusbTreeDevice>();
  let root: LsusbTreeDevice | null = null;
  let stack: { indent: number; dev: LsusbTreeDevice }[] = [];
  let last: LsusbTreeDevice | null = null;
  const all = lines(text);
  for (let n = 0; n < all.length; n++) {
    const line = all[n] as string;
    const warn = (msg: string): void => void warnings.push({ file, message: `line ${n + 1}: ${msg}` });
    if (line.trim() === '') continue;
    const bus = BUS_LINE.exec(line);
    const dev = bus ? null : DEV_LINE.exec(line);
    if (bus) {
      const f = parseFields(bus[4] as string);
      if (!f.ok) warn(`fields not recognised: ${clip(line)}`);
      const key = `${Number(bus[1])}:${Number(bus[3])}`;
      const seen = byPort.get(`${Number(bus[1])}|`);
      stack = [];
      if (seen) {
        warn(`bus ${seen.bus} listed twice, later lines attached to the first`);
        root = last = seen;
        continue;
      }
      root = last = { bus: Number(bus[1]), device: Number(bus[3]), portPath: '', isRootHub: true, isHub: true, interfaces: [] };
      if (f.speed !== undefined) root.speed = f.speed;
      if (f.lanes !== undefined) root.lanes = f.lanes;
      if (f.driver !== undefined) root.driver = f.driver;
      if (f.ports !== undefined) root.maxChild = f.ports;
      devices.push(root);
      byKey.set(key, root);
      byPort.set(`${root.bus}|`, root);
    } else if (dev) {
      if (!root) {
        warn('device line before any "/:  Bus" line, skipped');
        continue;
      }
      const indent = (dev[1] as string).length;
      while (stack.length > 0 && (stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
      const parent = stack[stack.length - 1]?.dev ?? root;
      const port = Number(dev[2]);
      const devnum = Number(dev[3]);
      const portPath = parent.portPath === '' ? `${port}` : `${parent.portPath}.${port}`;
      const f = parseFields(dev[4] as string);
      if (!f.ok) warn(`fields not recognised: ${clip(line)}`);
      let node = byKey.get(`${root.bus}:${devnum}`);
      const occupant = byPort.get(`${root.bus}|${portPath}`);
      if (node && node.portPath !== portPath) {
        warn(`bus ${root.bus} Dev ${devnum} already seen at port path "${node.portPath}", line skipped`);
        continue;
      }
      if (!node && occupant) {
        warn(`bus ${root.bus} port path "${portPath}" already holds Dev ${occupant.device}, line skipped`);
        continue;
      }
      if (!node) {
        node = { bus: root.bus, device: devnum, portPath, isRootHub: false, isHub: false, interfaces: [] };
        devices.push(node);
        byKey.set(`${root.bus}:${devnum}`, node);
        byPort.set(`${root.bus}|${portPath}`, node);
      }
      if (node.speed === undefined && f.speed !== undefined) node.speed = f.speed;
      else if (f.speed !== undefined && f.speed !== node.speed) warn(`Dev ${devnum} speed ${f.speed}M differs from ${node.speed}M`);
      if (node.lanes === undefined && f.lanes !== undefined) node.lanes = f.lanes;
      addInterface(node, f, warn);
      stack.push({ indent, dev: node });
      last = node;
    } else {
      annotate(line, last, warn);
    }
  }
  for (const d of devices) d.interfaces.sort((a, b) => a.number - b.number);
  return { devices, warnings };
}

/** Apply a -v / -vv / -vvv line to the device of the line above it. */
function annotate(line: string, last: LsusbTreeDevice | null, warn: (msg: string) => void): void {
  const id = ID_LINE.exec(line);
  const sys = id ? null : PATH_LINE.exec(line);
  if (!id && !sys && !STRINGS_LINE.test(line)) {
    warn(`not an lsusb -t line, skipped: ${clip(line)}`);
    return;
  }
  if (!last) {
    warn('detail line before any device, skipped');
    return;
  }
  if (id) {
    const value = `${id[1]}:${id[2]}`.toLowerCase();
    if (last.id !== undefined && last.id !== value) {
      warn(`bus ${last.bus} Dev ${last.device}: ID ${value} differs from ${last.id}, ignored`);
      return;
    }
    last.id = value;
    const name = (id[3] ?? '').trim();
    if (name !== '' && last.name === undefined) last.name = name;
  } else if (sys) {
    // -vv names the sysfs entry (`1-1.6`, `usb1`): a check on the indentation.
    const expected = last.isRootHub ? `usb${last.bus}` : `${last.bus}-${last.portPath}`;
    if (sys[1] !== expected) warn(`sysfs name ${sys[1]} disagrees with the indentation (${expected})`);
  }
}
