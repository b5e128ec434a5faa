// Redaction for sharing: user and host names, serial numbers and MAC addresses
// become stable placeholders (`<user>`, `<host>`, `<serial-1>`, `<mac-1>`) in
// every file, path and link of a bundle and in any other data of the report.
// The same value always gets the same placeholder, so the analysis of a
// redacted bundle is the analysis of the original (a USB serial in sysfs and in
// a plan still match). Pure: the report's node side calls it before rendering.
import {
  CPU_SERIAL_RE,
  HOME_RE,
  ID_NAME_RE,
  ISERIAL_RE,
  MAC_RE,
  TEXT_SERIAL_RE,
  findSecrets,
  isSerial,
  slashed,
  type Secrets,
} from './secrets.js';
import type { ReportBundle } from './types.js';

/** A redactor built over the secrets of one bundle. */
export interface Redactor {
  /** Redact one string (a file's content when `path` names the bundle file). */
  text(s: string, path?: string): string;
  /** Redact a bundle: contents, paths, link targets, directories. */
  bundle(b: ReportBundle): ReportBundle;
  /** Redact every string and key of plain data (a plan, a status, a scan). */
  deep<T>(v: T): T;
  /** How many distinct values of each kind were replaced (for the report's note; no values). */
  counts(): { users: number; hosts: number; serials: number; macs: number };
}

// Names so common that hiding them in free text would ruin it (Debian's default
// host name is "debian") and reveal nothing: only their structural places
// (id, getent, /home/NAME, hostname files, uname's nodename) are replaced.
const GENERIC = new Set(
  'root user users admin pi debian ubuntu fedora arch archlinux alpine linux localhost raspberrypi raspberry audio music studio live kali mint manjaro nixos host computer desktop laptop server home guest test'.split(' '),
);
const MIN_FREE_TEXT = { name: 3, serial: 4 } as const;
const HOST_FILES = new Set(['/etc/hostname', '/proc/sys/kernel/hostname']);
const SERIAL_FILE = /^\/sys\/.*\/(?:serial|product_serial|board_serial|chassis_serial|product_uuid|serial_number)$/;
// While a text is worked on, placeholders are private-use sentinels, so no later
// rule matches inside an earlier one's placeholder (a user called "host").
const OPEN = '\uE000';
const CLOSE = '\uE001';
const SENTINELS = /[\uE000\uE001]/g;
const TOKEN = /\uE000(\d+)\uE001/g;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const key = (s: string): string => s.trim().toLowerCase();
const macKey = (s: string): string => s.toLowerCase().replace(/-/g, ':');

/** A redactor for the secrets found in (or given for) a bundle. */
export function createRedactor(secrets: Secrets): Redactor {
  const placeholders: string[] = [];
  const token = (ph: string): string => {
    let i = placeholders.indexOf(ph);
    if (i < 0) i = placeholders.push(ph) - 1;
    return `${OPEN}${i}${CLOSE}`;
  };
  const users = new Map<string, string>();
  secrets.users.forEach((u) => users.has(key(u)) || users.set(key(u), users.size === 0 ? '<user>' : `<user-${users.size + 1}>`));
  const hosts = new Map<string, string>();
  for (const h of secrets.hosts) {
    if (hosts.has(key(h))) continue;
    // A short name takes the placeholder of its fully qualified name.
    const fqdn = [...hosts.keys()].find((k) => k.split('.')[0] === key(h));
    hosts.set(key(h), fqdn ? (hosts.get(fqdn) as string) : hosts.size === 0 ? '<host>' : `<host-${hosts.size + 1}>`);
  }
  const serials = new Map<string, string>();
  const serial = (v: string): string => {
    if (!serials.has(key(v))) serials.set(key(v), `<serial-${serials.size + 1}>`);
    return token(serials.get(key(v)) as string);
  };
  secrets.serials.forEach(serial);
  const macs = new Map<string, string>();
  const mac = (m: string): string => {
    if (!macs.has(macKey(m))) macs.set(macKey(m), `<mac-${macs.size + 1}>`);
    return token(macs.get(macKey(m)) as string);
  };
  secrets.macs.forEach(mac);

  const free = new Map<string, string>();
  for (const [k, ph] of [...users, ...hosts]) if (k.length >= MIN_FREE_TEXT.name && !GENERIC.has(k)) free.set(k, ph);
  for (const [k, ph] of serials) if (k.length >= MIN_FREE_TEXT.serial) free.set(k, ph);
  const names = [...free.keys()].sort((a, b) => b.length - a.length).map(escapeRe);
  const freeRe = names.length ? new RegExp(`(?<![A-Za-z0-9])(?:${names.join('|')})(?![A-Za-z0-9])`, 'gi') : null;

  const user = (name: string): string | null => (users.has(key(name)) ? token(users.get(key(name)) as string) : null);
  const host = (name: string): string => token(hosts.get(key(name)) ?? '<host>');

  function structural(t: string, path: string): string {
    if (HOST_FILES.has(path)) return t.replace(/^[^\n]+/, (h) => host(h.trim()));
    if (SERIAL_FILE.test(path) && !/\/usb\d+\/[^/]+$/.test(path) && isSerial(t)) return t.replace(/^(\s*)(.*?)(\s*)$/s, (_, a: string, v: string, z: string) => a + serial(v) + z);
    if (path === '/cmd/uname-a.txt') return t.replace(/^(\s*\S+\s+)(\S+)(?=\s+\d)/gm, (_, pre: string, h: string) => pre + host(h));
    if (path === '/cmd/id.txt') return t.replace(ID_NAME_RE, (all, pre: string, n: string, post: string) => (user(n) ? pre + user(n) + post : all));
    if (path === '/cmd/getent-audio.txt') {
      return t.replace(/^([^:\n]*:[^:\n]*:[^:\n]*:)([^\n]*)$/gm, (_, pre: string, list: string) => pre + list.split(',').map((m) => user(m) ?? m).join(','));
    }
    return t;
  }

  function text(s: string, path = ''): string {
    let t = structural(s.replace(SENTINELS, '\uFFFD'), path === '' ? '' : slashed(path));
    t = t.replace(MAC_RE, mac);
    t = t.replace(HOME_RE, (all, pre: string, n: string) => (user(n) ? pre + user(n) : all));
    t = t.replace(ISERIAL_RE, (all, pre: string, v: string) => (isSerial(v) && serials.has(key(v)) ? pre + serial(v) : all));
    t = t.replace(CPU_SERIAL_RE, (all, pre: string, v: string) => (isSerial(v) ? pre + serial(v) : all));
    t = t.replace(TEXT_SERIAL_RE, (all, pre: string, v: string) => (isSerial(v) ? pre + serial(v) : all));
    if (freeRe) t = t.replace(freeRe, (m) => token(free.get(key(m)) as string));
    return t.replace(TOKEN, (_, i: string) => placeholders[Number(i)] as string);
  }

  function deep<T>(v: T): T {
    if (typeof v === 'string') return text(v) as T;
    if (Array.isArray(v)) return v.map((x: unknown) => deep(x)) as T;
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [text(k), deep(x)])) as T;
    }
    return v;
  }

  return {
    text,
    deep,
    bundle: (b) => ({
      files: Object.fromEntries(Object.entries(b.files).map(([p, c]) => [text(p), text(c, p)])),
      links: Object.fromEntries(Object.entries(b.links).map(([p, target]) => [text(p), text(target)])),
      ...(b.dirs ? { dirs: b.dirs.map((d) => text(d)) } : {}),
    }),
    counts: () => ({ users: new Set(users.values()).size, hosts: new Set(hosts.values()).size, serials: serials.size, macs: macs.size }),
  };
}

/** Redact a bundle with the secrets it holds; the redactor is returned for the rest of the report. */
export function redactBundle(b: ReportBundle): { bundle: ReportBundle; redactor: Redactor } {
  const redactor = createRedactor(findSecrets(b));
  return { bundle: redactor.bundle(b), redactor };
}
