// The USB probe: sysfs when the source has it (exact, and it names the host
// controller), else the command outputs. A bundle may hold sysfs only in part
// (the lab's holds the /sys/bus/usb/devices links but no attribute files): then
// the devices come from sysfs and what sysfs could not tell is taken from
// lsusb / lsusb -t, matched on bus and port path, never guessed.
import type { UsbDevice, UsbInterface, Warning } from '../common/types.js';
import { parseLsusb, parseLsusbTree, type LsusbDevice, type LsusbTreeDevice } from './lsusb.js';
import type { Source } from './source.js';
import { readUsbSysfs, type UsbResult } from './usb-sysfs.js';

/** Where readUsb's devices came from (null: nowhere, the source has no USB data). */
export type UsbOrigin = 'sysfs' | 'lsusb' | null;

/** readUsb's answer. */
export interface UsbProbe extends UsbResult {
  from: UsbOrigin;
}

/** Labels for warnings: command names on a live machine, bundle files otherwise. */
export interface CommandFiles {
  lsusb: string;
  tree: string;
}

const LIVE_FILES: CommandFiles = { lsusb: 'lsusb', tree: 'lsusb -t' };
const BUNDLE_FILES: CommandFiles = { lsusb: 'cmd/lsusb.txt', tree: 'cmd/lsusb-t.txt' };

function fromTree(d: UsbDevice, t: LsusbTreeDevice): void {
  d.portPath = t.portPath;
  d.isHub = t.isHub;
  d.isRootHub = t.isRootHub;
  d.interfaces = t.interfaces.map((i) => ({ ...i }));
  if (t.speed !== undefined) d.speed = t.speed;
  if (t.maxChild !== undefined) d.maxChild = t.maxChild;
  if (t.driver !== undefined) d.hostDriver = t.driver;
}

/** Join `lsusb` and `lsusb -t` outputs on (bus, device); a missing output leaves its fields absent or null. */
export function usbFromCommands(lsusbText: string | null, treeText: string | null, files: CommandFiles = LIVE_FILES): UsbResult {
  const flat = lsusbText === null ? null : parseLsusb(lsusbText, files.lsusb);
  const tree = treeText === null ? null : parseLsusbTree(treeText, files.tree);
  const warnings: Warning[] = [...(flat?.warnings ?? []), ...(tree?.warnings ?? [])];
  const flatBy = new Map<string, LsusbDevice>(flat?.devices.map((d) => [`${d.bus}:${d.device}`, d]));
  const treeBy = new Map<string, LsusbTreeDevice>(tree?.devices.map((d) => [`${d.bus}:${d.device}`, d]));
  const keys = [...new Set([...flatBy.keys(), ...treeBy.keys()])];
  const devices: UsbDevice[] = [];
  for (const key of keys) {
    const l = flatBy.get(key);
    const t = treeBy.get(key);
    const { bus, device } = (l ?? t) as { bus: number; device: number };
    // Without the tree only the root hub's place is certain: hcd.c
    // register_root_hub() always gives it address 1.
    const rootByAddress = tree === null && device === 1;
    const d: UsbDevice = {
      bus,
      device,
      portPath: rootByAddress ? '' : null,
      isHub: rootByAddress,
      isRootHub: rootByAddress,
      interfaces: [],
      source: 'lsusb',
    };
    if (t) fromTree(d, t);
    const id = l?.id ?? t?.id;
    if (id !== undefined) d.id = id;
    const name = l?.name ?? t?.name;
    if (name !== undefined && name !== null) d.name = name;
    if (l && t?.id !== undefined && t.id !== l.id) {
      warnings.push({ file: files.tree, message: `bus ${bus} Dev ${device}: ID ${t.id} differs from lsusb's ${l.id}; lsusb kept` });
    }
    if (flat && tree && (!l || !t)) {
      const [here, there] = l ? [files.lsusb, files.tree] : [files.tree, files.lsusb];
      warnings.push({ file: here, message: `bus ${bus} device ${device} is not in ${there} (outputs taken at different times?)` });
    }
    devices.push(d);
  }
  devices.sort((a, b) => a.bus - b.bus || (a.device ?? 0) - (b.device ?? 0));
  return { devices, warnings };
}

function mergeInterfaces(sys: UsbInterface[], cmd: UsbInterface[]): UsbInterface[] {
  if (sys.length === 0) return cmd.map((i) => ({ ...i }));
  return sys.map((i) => {
    const c = cmd.find((x) => x.number === i.number);
    return c ? { ...c, ...i } : i;
  });
}

/** Fill what sysfs could not tell from the command view of the same devices (matched on bus and port path). */
export function completeFromCommands(sys: UsbDevice[], cmd: UsbDevice[], file = 'lsusb'): UsbResult {
  const warnings: Warning[] = [];
  const used = new Set<UsbDevice>();
  const devices = sys.map((s) => {
    const byPath = cmd.find((c) => c.bus === s.bus && c.portPath !== null && c.portPath === s.portPath);
    const byAddress = s.device === null ? undefined : cmd.find((c) => c.bus === s.bus && c.device === s.device);
    const c = byPath ?? (byAddress?.portPath === null ? byAddress : undefined);
    if (!c) return s;
    used.add(c);
    if (s.device !== null && c.device !== s.device) {
      warnings.push({ file, message: `bus ${s.bus} port "${s.portPath}": device ${c.device} there, ${s.device} in sysfs; not merged` });
      return s;
    }
    if (s.id !== undefined && c.id !== undefined && s.id !== c.id) {
      warnings.push({ file, message: `bus ${s.bus} device ${s.device}: ID ${c.id} there, ${s.id} in sysfs; not merged` });
      return s;
    }
    const d: UsbDevice = { ...c, ...s, device: s.device ?? c.device, isHub: s.isHub || c.isHub };
    d.interfaces = mergeInterfaces(s.interfaces, c.interfaces);
    return d;
  });
  for (const c of cmd) {
    if (!used.has(c)) warnings.push({ file, message: `bus ${c.bus} device ${c.device} is not in sysfs (taken at a different time?)` });
  }
  return { devices, warnings };
}

function complete(d: UsbDevice): boolean {
  return d.device !== null && d.id !== undefined && d.speed !== undefined && d.interfaces.every((i) => i.classCode !== undefined);
}

/** Read the USB devices of a source: sysfs first, completed or replaced by lsusb / lsusb -t. */
export function readUsb(src: Source): UsbProbe {
  const sys = readUsbSysfs(src);
  const sysWarnings = sys?.warnings ?? [];
  if (sys && sys.devices.length > 0 && sys.devices.every(complete)) return { ...sys, from: 'sysfs' };
  const lsusb = src.command('lsusb');
  const tree = src.command('lsusb-t');
  const files = src.kind === 'live' ? LIVE_FILES : BUNDLE_FILES;
  const cmd = lsusb === null && tree === null ? null : usbFromCommands(lsusb, tree, files);
  if (sys && sys.devices.length > 0) {
    if (!cmd) return { ...sys, from: 'sysfs' };
    const merged = completeFromCommands(sys.devices, cmd.devices, tree !== null ? files.tree : files.lsusb);
    return { devices: merged.devices, warnings: [...sysWarnings, ...cmd.warnings, ...merged.warnings], from: 'sysfs' };
  }
  if (cmd) return { devices: cmd.devices, warnings: [...sysWarnings, ...cmd.warnings], from: 'lsusb' };
  const why = sys ? 'lists no device' : 'is absent';
  return {
    devices: [],
    warnings: [...sysWarnings, { file: '/sys/bus/usb/devices', message: `${why} and there is no lsusb output: USB devices unknown` }],
    from: null,
  };
}
