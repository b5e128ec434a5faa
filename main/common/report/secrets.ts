// Where a bundle names its machine's people and hardware: the user (`id`,
// home paths, the audio groups' members), the host (/etc/hostname,
// /proc/sys/kernel/hostname, uname's nodename), serial numbers (USB `serial`
// files, `iSerial` in lsusb -v, a Raspberry Pi's cpuinfo, FireWire longnames)
// and MAC addresses. redact.ts replaces them.
import type { ReportBundle } from './types.js';

/** What identifies a machine or its owner, found in a bundle. */
export interface Secrets {
  /** The user who ran the probe first, then other users the bundle names. */
  users: string[];
  hosts: string[];
  serials: string[];
  /** Lower-case, colon-separated. */
  macs: string[];
}

/** Anything shaped like a MAC (or longer link-layer) address: six or more hex pairs joined by `:` or `-`. */
export const MAC_RE = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[:-]){5,}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-])/g;
/** `N(name)` in `id` output. */
export const ID_NAME_RE = /(\d{1,10}\()([^()\s]{1,64})(\))/g;
/** A home directory in a path (`/home/NAME`, also `/var/home/NAME`). */
export const HOME_RE = /(\/home\/)([^/\s:'"<>]{1,64})/g;
/** `iSerial   3 VALUE` in `lsusb -v`. */
export const ISERIAL_RE = /^(\s*iSerial\s+\d+\s+)(\S[^\n]*?)[ \t]*$/gm;
/** `Serial : VALUE` in /proc/cpuinfo (Raspberry Pi). */
export const CPU_SERIAL_RE = /^(Serial\s*:\s*)(\S+)/gm;
/** `serial 12345` / `serial: X` / `GUID 0x...` in free text (FireWire and some USB longnames). */
export const TEXT_SERIAL_RE = /(\b(?:serial(?:[ _-]?(?:number|no))?|GUID)[ \t]*[:=#]?[ \t]*)((?:0x)?(?=[A-Za-z0-9._-]*\d)[A-Za-z0-9][A-Za-z0-9._-]{0,63})/gi;

// Attribute files that hold a serial or a machine-unique id (USB devices, DMI).
const SERIAL_FILES = new Set(['serial', 'product_serial', 'board_serial', 'chassis_serial', 'product_uuid', 'serial_number']);
const HOST_FILES = ['/etc/hostname', '/proc/sys/kernel/hostname'];
// The USB vendor id of root hubs (the Linux Foundation): their "serial" is the controller's bus id.
const ROOT_HUB_VENDOR = '1d6b';

/** Bundle path without a leading slash issue: always `/a/b`. */
export function slashed(p: string): string {
  return p.startsWith('/') ? p : `/${p}`;
}

function isRootHubDir(dir: string): boolean {
  return /^usb\d+$/.test(dir.split('/').pop() ?? '');
}

/** A serial worth hiding: not empty, not all zeros, not a root hub's bus id (`0000:00:14.0`, `3f980000.usb`). */
export function isSerial(v: string): boolean {
  const t = v.trim();
  if (t === '' || /^[0.:-]+$/.test(t)) return false;
  return !/^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i.test(t) && !/^[0-9a-f]+\.[a-z_]+$/i.test(t);
}

function addTo(list: string[], v: string | undefined): void {
  const t = v?.trim();
  if (t && !list.includes(t)) list.push(t);
}

/** The `iSerial` values of lsusb -v output, root hubs excepted. */
export function lsusbSerials(text: string): string[] {
  const out: string[] = [];
  let vendor = '';
  for (const line of text.split('\n')) {
    const dev = /^Bus \d+ Device \d+: ID ([0-9a-f]{4}):/i.exec(line);
    if (dev) vendor = (dev[1] as string).toLowerCase();
    const s = /^\s*iSerial\s+\d+\s+(\S.*?)\s*$/.exec(line);
    if (s && vendor !== ROOT_HUB_VENDOR && isSerial(s[1] as string)) addTo(out, s[1]);
  }
  return out;
}

function fromText(path: string, text: string, s: Secrets): void {
  for (const m of text.matchAll(HOME_RE)) addTo(s.users, m[2]);
  for (const m of text.matchAll(MAC_RE)) addTo(s.macs, m[0].toLowerCase().replace(/-/g, ':'));
  if (path.startsWith('/cmd/')) for (const v of lsusbSerials(text)) addTo(s.serials, v);
  if (path === '/proc/cpuinfo') for (const m of text.matchAll(CPU_SERIAL_RE)) if (isSerial(m[2] as string)) addTo(s.serials, m[2]);
  for (const m of text.matchAll(TEXT_SERIAL_RE)) if (isSerial(m[2] as string)) addTo(s.serials, m[2]);
}

/** Find the user and host names, serial numbers and MAC addresses a bundle holds. */
export function findSecrets(bundle: ReportBundle): Secrets {
  const s: Secrets = { users: [], hosts: [], serials: [], macs: [] };
  const files = Object.entries(bundle.files)
    .map(([p, t]) => [slashed(p), t] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const file = (p: string): string | undefined => files.find(([q]) => q === p)?.[1];
  // The user who probed comes first: `<user>`.
  addTo(s.users, /uid=\d+\(([^()\s]+)\)/.exec(file('/cmd/id.txt') ?? '')?.[1]);
  for (const p of HOST_FILES) addTo(s.hosts, file(p)?.split('\n')[0]);
  for (const line of (file('/cmd/uname-a.txt') ?? '').split('\n')) addTo(s.hosts, /^(\S+)\s+(\S+)\s+\d/.exec(line.trim())?.[2]);
  for (const line of (file('/cmd/getent-audio.txt') ?? '').split('\n')) {
    const members = line.trim().split(':')[3];
    for (const m of members?.split(',') ?? []) addTo(s.users, m);
  }
  for (const [p, text] of files) {
    const base = p.split('/').pop() ?? '';
    if (p.startsWith('/sys/') && SERIAL_FILES.has(base) && !isRootHubDir(p.slice(0, p.lastIndexOf('/'))) && isSerial(text)) addTo(s.serials, text);
  }
  for (const [p, text] of files) fromText(p, text, s);
  for (const p of [...files.map(([q]) => q), ...Object.keys(bundle.links).map(slashed), ...Object.values(bundle.links), ...(bundle.dirs ?? [])]) {
    fromText('', p, s);
  }
  // A fully qualified host name hides its short name too.
  for (const h of [...s.hosts]) if (h.includes('.')) addTo(s.hosts, h.split('.')[0]);
  s.hosts = s.hosts.filter((h) => h !== '(none)' && h !== 'localhost');
  return s;
}
