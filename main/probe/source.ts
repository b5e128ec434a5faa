// Every probe reads through a Source: the live machine, a capture bundle on disk
// (a directory mirroring the paths read, plus command outputs under cmd/), or a
// bundle embedded in a report (files and links in memory). See docs/bundle.md.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { COMMANDS, type CommandName } from './commands.js';

/** Where a snapshot comes from. */
export type SourceKind = 'live' | 'bundle' | 'report';

/** Read-only view of a machine: absolute paths (`/proc/interrupts`) and named command outputs. */
export interface Source {
  readonly kind: SourceKind;
  readonly label: string;
  /** File content, or null when absent or unreadable. */
  read(p: string): string | null;
  /** Raw target of a symbolic link (links in the parent path are followed), or null when `p` is not a link. */
  readLink(p: string): string | null;
  /** Sorted entry names of a directory, or null when it is not one. */
  list(p: string): string[] | null;
  /** Output of a known command (`cmd/<name>.txt` in a bundle), or null when unavailable. */
  command(name: CommandName): string | null;
}

/** Bundle files and links as plain data (what a report embeds). */
export interface BundleData {
  files: Record<string, string>;
  links: Record<string, string>;
  /** Directories that must exist even when empty (an empty msi_irqs/, say). */
  dirs?: string[];
}

const MAX_FILE = 8 * 1024 * 1024;
const MAX_LINK_HOPS = 40;

/** Normalise an absolute path lexically (`/a/./b/../c` → `/a/c`); never climbs above `/`. */
export function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** Something that can read a link whose parent directories are already resolved. */
export interface LinkReader {
  readLink(p: string): string | null;
}

/** Resolve every symbolic link in `p` through `src` (like realpath, confined to the source). */
export function realpath(src: LinkReader, p: string): string | null {
  let pending = normalize(p).split('/').filter(Boolean);
  const done: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    const candidate = '/' + [...done, part].join('/');
    const target = src.readLink(candidate);
    if (target === null) {
      done.push(part);
      continue;
    }
    if (++hops > MAX_LINK_HOPS) return null;
    const base = target.startsWith('/') ? '/' : '/' + done.join('/');
    const resolved = normalize(path.posix.join(base, target)).split('/').filter(Boolean);
    done.length = 0;
    pending = [...resolved, ...pending];
  }
  return '/' + done.join('/');
}

/** The target of the link `p` names, its parent directory resolved first (so a link is asked at its real path), or null. */
export function readLinkIn(raw: LinkReader, p: string): string | null {
  const n = normalize(p);
  if (n === '/') return null;
  const parent = realpath(raw, path.posix.dirname(n));
  return parent === null ? null : raw.readLink(path.posix.join(parent, path.posix.basename(n)));
}

/**
 * A link reader that asks `inner` once per path: resolving every path component
 * by component (realpath) asks for the same prefixes over and over (/sys,
 * /sys/bus, /sys/bus/usb, ...). For what does not change while it is read: a
 * bundle, or the machine during one capture.
 */
export class CachedLinks implements LinkReader {
  private readonly known = new Map<string, string | null>();
  constructor(private readonly inner: LinkReader) {}
  readLink(p: string): string | null {
    const hit = this.known.get(p);
    if (hit !== undefined) return hit;
    const target = this.inner.readLink(p);
    this.known.set(p, target);
    return target;
  }
}

// Failing calls are the costly ones: Node builds an Error with a stack trace for
// each (under emulation, a capture spent most of its time there: readlink on every
// path component that is not a link). lstat/stat without throwIfNoEntry answer
// "absent" or "not a link" without an exception; only what is there is opened.

/** The raw target of the link at `host` (its parents already resolved by the OS), or null. */
function hostReadLink(host: string): string | null {
  try {
    if (fs.lstatSync(host, { throwIfNoEntry: false })?.isSymbolicLink() !== true) return null;
    return fs.readlinkSync(host);
  } catch {
    return null;
  }
}

/** The sorted names in directory `host` (links followed), or null. */
function hostList(host: string): string[] | null {
  try {
    if (fs.statSync(host, { throwIfNoEntry: false })?.isDirectory() !== true) return null;
    return fs.readdirSync(host).sort();
  } catch {
    return null;
  }
}

/** Make normalized path `n` an entry of its parent in `dirs` (directory → names), and so on up to the root. */
function addToParents(dirs: Map<string, Set<string>>, n: string): void {
  let child = n;
  while (child !== '/') {
    const parent = path.posix.dirname(child);
    let set = dirs.get(parent);
    if (!set) dirs.set(parent, (set = new Set()));
    set.add(path.posix.basename(child));
    child = parent;
  }
}

/** The machine this process runs on. */
export class LiveSource implements Source {
  readonly kind = 'live' as const;
  readonly label = 'this machine';
  read(p: string): string | null {
    // Probes ask for many files that may not exist (optional attributes): no exception for those.
    if (!fs.existsSync(p)) return null;
    try {
      const fd = fs.openSync(p, 'r');
      try {
        // /proc and /sys files report size 0: read in chunks until EOF.
        const chunks: Buffer[] = [];
        const buf = Buffer.alloc(65536);
        let total = 0;
        for (;;) {
          const n = fs.readSync(fd, buf, 0, buf.length, null);
          if (n <= 0) break;
          chunks.push(Buffer.from(buf.subarray(0, n)));
          total += n;
          if (total > MAX_FILE) break;
        }
        return Buffer.concat(chunks).toString('utf8');
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return null;
    }
  }
  readLink(p: string): string | null {
    return hostReadLink(p);
  }
  list(p: string): string[] | null {
    return hostList(p);
  }
  command(name: CommandName): string | null {
    const argv = COMMANDS[name];
    const r = spawnSync(argv[0], argv.slice(1), {
      encoding: 'utf8',
      timeout: 10_000,
      maxBuffer: MAX_FILE,
      env: { ...process.env, LC_ALL: 'C' },
    });
    if (r.error || r.status !== 0 || typeof r.stdout !== 'string') return null;
    return r.stdout;
  }
}

/**
 * A capture bundle directory. Every path is resolved inside the bundle, link by
 * link, so a hostile bundle cannot make us read files outside it.
 */
export class DirSource implements Source {
  readonly kind = 'bundle' as const;
  readonly label: string;
  readonly root: string;
  // Git keeps no empty directories: bundle.json lists the ones that must exist.
  private readonly manifestDirs = new Map<string, Set<string>>();
  constructor(root: string) {
    this.root = path.resolve(root);
    this.label = `bundle ${this.root}`;
    for (const d of manifestDirs(this.root)) {
      if (!this.manifestDirs.has(d)) this.manifestDirs.set(d, new Set());
      addToParents(this.manifestDirs, d);
    }
  }
  private host(p: string): string {
    return path.join(this.root, normalize(p));
  }
  // Reads a link whose parent is already resolved: no component of the host
  // path is a link, so the OS never follows one out of the bundle. A bundle does
  // not change while it is read: each path is asked once.
  private readonly raw: LinkReader = new CachedLinks({ readLink: (p) => hostReadLink(this.host(p)) });
  private resolved(p: string): string | null {
    const real = realpath(this.raw, p);
    return real === null ? null : this.host(real);
  }
  read(p: string): string | null {
    const h = this.resolved(p);
    if (h === null) return null;
    try {
      const st = fs.lstatSync(h, { throwIfNoEntry: false });
      if (!st?.isFile() || st.size > MAX_FILE) return null;
      return fs.readFileSync(h, 'utf8');
    } catch {
      return null;
    }
  }
  readLink(p: string): string | null {
    return readLinkIn(this.raw, p);
  }
  list(p: string): string[] | null {
    const real = realpath(this.raw, p);
    if (real === null) return null;
    const listed = this.manifestDirs.get(real);
    let names: string[] | null = null;
    try {
      names = fs.readdirSync(this.host(real));
    } catch {
      // Absent on disk: only the manifest can say it exists.
    }
    if (names === null && listed === undefined) return null;
    return [...new Set([...(names ?? []), ...(listed ?? [])])].sort();
  }
  command(name: CommandName): string | null {
    return this.read(`/cmd/${name}.txt`);
  }
}

/** The empty directories a bundle's bundle.json lists (git cannot keep them), normalised; [] when none or unreadable. */
export function manifestDirs(root: string): string[] {
  try {
    const file = path.join(root, 'bundle.json');
    if (!fs.lstatSync(file).isFile() || fs.statSync(file).size > MAX_FILE) return [];
    const dirs = (JSON.parse(fs.readFileSync(file, 'utf8')) as { dirs?: unknown }).dirs;
    if (!Array.isArray(dirs)) return [];
    return dirs.filter((d): d is string => typeof d === 'string' && d.startsWith('/') && !d.includes('\0')).map(normalize);
  } catch {
    return [];
  }
}

/** The directories of `data` that hold nothing (what bundle.json must list for git). */
export function emptyDirs(data: BundleData): string[] {
  const used = [...Object.keys(data.files), ...Object.keys(data.links), ...(data.dirs ?? [])].map(normalize);
  return [...new Set((data.dirs ?? []).map(normalize))].filter((d) => !used.some((u) => u.startsWith(d === '/' ? '/' : d + '/'))).sort();
}

/** A bundle held in memory (from a report's JSON). */
export class MemorySource implements Source {
  readonly kind: SourceKind;
  readonly label: string;
  private readonly files = new Map<string, string>();
  private readonly links = new Map<string, string>();
  private readonly dirs = new Map<string, Set<string>>();
  constructor(data: BundleData, label = 'report', kind: SourceKind = 'report') {
    this.kind = kind;
    this.label = label;
    for (const [p, text] of Object.entries(data.files)) this.add(this.files, p, text);
    for (const [p, target] of Object.entries(data.links)) this.add(this.links, p, target);
    for (const d of data.dirs ?? []) {
      const n = normalize(d);
      if (!this.dirs.has(n)) this.dirs.set(n, new Set());
      addToParents(this.dirs, n);
    }
  }
  private add(map: Map<string, string>, p: string, value: string): void {
    const n = normalize(p);
    map.set(n, value);
    addToParents(this.dirs, n);
  }
  private readonly raw: LinkReader = { readLink: (p) => this.links.get(normalize(p)) ?? null };
  read(p: string): string | null {
    const real = realpath(this.raw, p);
    return real === null ? null : (this.files.get(real) ?? null);
  }
  readLink(p: string): string | null {
    return readLinkIn(this.raw, p);
  }
  list(p: string): string[] | null {
    const real = realpath(this.raw, p);
    const set = real === null ? undefined : this.dirs.get(real);
    return set ? [...set].sort() : null;
  }
  command(name: CommandName): string | null {
    return this.read(`/cmd/${name}.txt`);
  }
}

/** Read a bundle directory into plain data (files as UTF-8 text, links as targets). */
export function loadBundleData(root: string): BundleData {
  const files: Record<string, string> = {};
  const links: Record<string, string> = {};
  const dirs: string[] = [];
  const walk = (rel: string): void => {
    const host = path.join(root, rel);
    const entries = fs.readdirSync(host, { withFileTypes: true });
    if (entries.length === 0) dirs.push(rel);
    for (const entry of entries) {
      const r = path.posix.join(rel, entry.name);
      if (entry.isSymbolicLink()) links[r] = fs.readlinkSync(path.join(root, r));
      else if (entry.isDirectory()) walk(r);
      else if (entry.isFile()) files[r] = fs.readFileSync(path.join(root, r), 'utf8');
    }
  };
  walk('/');
  return { files, links, dirs };
}
