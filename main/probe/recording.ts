// A Source that remembers everything read through it, so a capture bundle holds
// exactly what the probes and checks used: files at their real paths, every
// symbolic link crossed on the way, and command outputs.
import path from 'node:path';
import { CachedLinks, readLinkIn, realpath, type BundleData, type LinkReader, type Source } from './source.js';
import type { CommandName } from './commands.js';

const MAX_ENTRY = 64 * 1024;

/** Wraps a source and records its answers. */
export class RecordingSource implements Source {
  readonly kind;
  readonly label;
  readonly files = new Map<string, string>();
  readonly links = new Map<string, string>();
  readonly dirs = new Set<string>();
  readonly commands = new Map<CommandName, string | null>();
  constructor(private readonly inner: Source) {
    this.kind = inner.kind;
    this.label = inner.label;
  }
  read(p: string): string | null {
    const real = realpath(this.raw, p);
    if (real === null) return null;
    const text = this.inner.read(real);
    if (text !== null) this.files.set(real, text);
    return text;
  }
  readLink(p: string): string | null {
    // Recorded at the real path (the parent resolved), so the bundle never has a
    // directory where the machine has a link.
    return readLinkIn(this.raw, p);
  }
  // Each path is asked once (every read resolves its whole path, component by
  // component): a capture is one view of the machine.
  private readonly raw: LinkReader = new CachedLinks({
    readLink: (p) => {
      const target = this.inner.readLink(p);
      if (target !== null) this.links.set(p, target);
      return target;
    },
  });
  list(p: string): string[] | null {
    const real = realpath(this.raw, p);
    if (real === null) return null;
    const names = this.inner.list(real);
    if (names === null) return null;
    this.dirs.add(real);
    // A listing is data too (msi_irqs/ names the vectors): record every entry,
    // so the bundle lists the same names. /proc's pid directories are the
    // threads probe's business (and private), not the listing's.
    if (real !== '/proc') for (const name of names) this.recordEntry(path.posix.join(real, name));
    return names;
  }
  private recordEntry(p: string): void {
    if (this.files.has(p) || this.links.has(p) || this.dirs.has(p)) return;
    if (this.raw.readLink(p) !== null) return;
    if (this.inner.list(p) !== null) {
      this.dirs.add(p);
      return;
    }
    const text = this.inner.read(p);
    if (text !== null && text.length <= MAX_ENTRY) this.files.set(p, text);
  }
  command(name: CommandName): string | null {
    const out = this.inner.command(name);
    this.commands.set(name, out);
    return out;
  }
  /** The recorded data as a bundle (paths relative to the bundle root), minus what `keep` rejects. */
  toBundle(keep: (path: string) => boolean = () => true): BundleData & { dirs: string[] } {
    const files: Record<string, string> = {};
    const links: Record<string, string> = {};
    for (const [p, t] of this.files) if (keep(p)) files[p] = t;
    for (const [p, t] of this.links) if (keep(p)) links[p] = t;
    for (const [name, out] of this.commands) if (out !== null) files[`/cmd/${name}.txt`] = out;
    const dirs = [...this.dirs].filter(keep).sort();
    return { files, links, dirs };
  }
}
