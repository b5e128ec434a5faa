// The allow-list (docs/privileged.md "Allow-list") and confinement to --root:
// every path the helper creates, changes or removes is named here, and is
// checked with lstat, component by component, before anything is written.
import fs from 'node:fs';
import path from 'node:path';
import { treeOwner } from './fsops.js';

/** A refusal before anything was changed (exit code 2). */
export class Refused extends Error {}

/** Suffix of the temporary file an atomic write renames into place. */
export const TMP_SUFFIX = '.studio-setup.tmp';

/** The helper's own state directories (removed whole by a complete revert). */
export const STATE_DIR = '/var/lib/studio-setup';
/** Runtime directory: progress for a UI that cannot stream, the applier's irq.state. */
export const RUN_DIR = '/run/studio-setup';
/** The applier's configuration directory. */
export const CONF_DIR = '/etc/studio-setup';
/** Where the applier is installed. */
export const LIB_DIR = '/usr/local/lib/studio-setup';

/** Targets that get a suspend-side wants symlink to the resume unit. */
export const SLEEP_TARGETS = ['suspend', 'hibernate', 'hybrid-sleep', 'suspend-then-hibernate'] as const;

// Directories the helper may create (and remove again when it created them).
const DIRS = new Set<string>([
  CONF_DIR,
  STATE_DIR,
  `${STATE_DIR}/backup`,
  RUN_DIR,
  LIB_DIR,
  '/etc/udev/rules.d',
  '/etc/security/limits.d',
  '/etc/sysctl.d',
  '/etc/default/grub.d',
  '/etc/kernel',
  ...['multi-user', ...SLEEP_TARGETS].map((t) => `/etc/systemd/system/${t}.target.wants`),
]);

const FILES = new Set<string>([
  `${CONF_DIR}/irq.conf`,
  `${STATE_DIR}/journal.json`,
  `${STATE_DIR}/lock`,
  `${RUN_DIR}/progress.json`,
  `${RUN_DIR}/irq.state`,
  `${LIB_DIR}/studio-setup-irq`,
  '/etc/systemd/system/studio-setup-irq.service',
  '/etc/systemd/system/studio-setup-irq-resume.service',
  '/etc/udev/rules.d/60-studio-setup-irq.rules',
  '/etc/udev/rules.d/61-studio-setup-usb-power.rules',
  '/etc/udev/rules.d/62-studio-setup-cpu-dma-latency.rules',
  '/etc/security/limits.d/95-studio-setup-audio.conf',
  '/etc/sysctl.d/60-studio-setup.conf',
  '/etc/default/grub.d/studio-setup.cfg',
  '/etc/default/grub',
  '/boot/grub/grub.cfg',
  '/boot/grub2/grub.cfg',
  '/boot/grub2/grubenv',
  '/etc/kernel/cmdline',
  '/etc/kernelstub/configuration',
  '/etc/group',
  '/etc/gshadow',
  '/etc/group-',
  '/etc/gshadow-',
  '/etc/default/rtirq',
]);
const FILE_PATTERNS = [/^\/boot\/loader\/entries\/[A-Za-z0-9._+-]{1,200}\.conf$/, /^\/var\/lib\/studio-setup\/backup\/\d{1,5}$/];

const SYMLINKS = new Set<string>([
  '/etc/systemd/system/multi-user.target.wants/studio-setup-irq.service',
  ...SLEEP_TARGETS.map((t) => `/etc/systemd/system/${t}.target.wants/studio-setup-irq-resume.service`),
  // Masks (→ /dev/null); a local unit file there is backed up first.
  '/etc/systemd/system/rtirq.service',
  '/etc/systemd/system/rtirq-resume.service',
  '/etc/systemd/system/irqbalance.service',
]);

// Live-only writes (never under --root): sysfs/procfs values and one device node's group/mode.
const LIVE_PATTERNS = [
  /^\/sys\/devices\/system\/cpu\/cpu\d{1,5}\/cpufreq\/scaling_governor$/,
  /^\/sys\/bus\/usb\/devices\/\d{1,3}-[0-9.]{1,40}\/power\/control$/,
  /^\/proc\/sys\/vm\/swappiness$/,
  /^\/proc\/sys\/fs\/inotify\/max_user_watches$/,
  /^\/dev\/cpu_dma_latency$/,
];

/** What a path is expected to be. */
export type PathKind = 'file' | 'symlink' | 'dir' | 'live';

const CLEAN = /^(\/[A-Za-z0-9._+:@-]{1,255}){1,32}$/;

/** Is `p` a clean absolute path (no `.`, `..`, empty components, or odd characters)? */
export function isClean(p: string): boolean {
  return CLEAN.test(p) && !p.split('/').some((c) => c === '.' || c === '..');
}

/** Is `p` on the allow-list as `kind` (a file's temporary twin counts as the file)? */
export function allowed(p: string, kind: PathKind): boolean {
  if (!isClean(p)) return false;
  if (kind === 'dir') return DIRS.has(p);
  if (kind === 'symlink') return SYMLINKS.has(p) || (p.endsWith(TMP_SUFFIX) && SYMLINKS.has(p.slice(0, -TMP_SUFFIX.length)));
  if (kind === 'live') return LIVE_PATTERNS.some((r) => r.test(p));
  const base = p.endsWith(TMP_SUFFIX) ? p.slice(0, -TMP_SUFFIX.length) : p;
  return FILES.has(base) || FILE_PATTERNS.some((r) => r.test(base));
}

/** The tree the helper works on: `/` live, or a --root directory (tests). */
export class Root {
  /** Host directory (resolved once: a symlinked --root itself is fine, links inside it are not). */
  readonly dir: string;
  constructor(dir: string) {
    this.dir = fs.realpathSync(dir);
  }
  /** Is this the real machine? */
  get isLive(): boolean {
    return this.dir === '/';
  }
  /** Host path of logical path `p` (must be clean). */
  host(p: string): string {
    if (!isClean(p)) throw new Refused(`refusing path ${JSON.stringify(p)}: not a clean absolute path`);
    return this.dir === '/' ? p : path.join(this.dir, p);
  }
}

function lstat(host: string): fs.Stats | null {
  try {
    return fs.lstatSync(host);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Check `p` before writing it as `kind`: on the allow-list; every existing parent
 * component a real directory (not a symlink) owned by root and writable by root
 * only (under a normal user's --root: by that user, see fsops treeOwner); the path itself, when present, of the expected type (unless `final` is
 * false: undo replaces whatever is there by rename). Throws Refused.
 */
export function checkPath(root: Root, p: string, kind: Exclude<PathKind, 'live'>, final = true): void {
  if (!allowed(p, kind)) throw new Refused(`refusing ${p}: not on the helper's allow-list`);
  const parts = p.split('/').filter(Boolean);
  let logical = '';
  for (const part of parts.slice(0, -1)) {
    logical += `/${part}`;
    const st = lstat(root.host(logical));
    if (st === null) return;
    if (st.isSymbolicLink()) throw new Refused(`refusing ${p}: ${logical} is a symbolic link`);
    if (!st.isDirectory()) throw new Refused(`refusing ${p}: ${logical} is not a directory`);
    if (st.uid !== treeOwner() || (st.mode & 0o022) !== 0) {
      throw new Refused(`refusing ${p}: ${logical} is writable by someone other than ${treeOwner() === 0 ? 'root' : 'you'}`);
    }
  }
  const st = final ? lstat(root.host(p)) : null;
  if (st === null) return;
  if (kind === 'dir' && (st.isSymbolicLink() || !st.isDirectory())) throw new Refused(`refusing ${p}: expected a directory, found something else`);
  if (kind === 'file' && !st.isFile()) throw new Refused(`refusing ${p}: ${st.isSymbolicLink() ? 'it is a symbolic link' : 'not a regular file'}`);
  if (kind === 'symlink' && !st.isSymbolicLink() && !st.isFile()) throw new Refused(`refusing ${p}: neither a symbolic link nor a file`);
}

/** Check a live-only path (sysfs, procfs, /dev node): pattern only, never under --root. */
export function checkLive(p: string): void {
  if (!allowed(p, 'live')) throw new Refused(`refusing live write to ${p}: not on the helper's allow-list`);
}
