// Reading the tree the helper works on: files never through a final symlink,
// sysfs attributes through their links but confined to the --root tree.
import fs from 'node:fs';
import { DirSource } from '../../probe/source.js';
import { lstatOrNull, readNoFollow } from './fsops.js';
import type { Root } from './paths.js';

/** Reads under a root. */
export class TreeReader {
  constructor(readonly root: Root) {}

  /** Text of a regular file under the root (never through a final symlink); null when absent. */
  read(p: string): string | null {
    try {
      return readNoFollow(this.root.host(p))?.toString('utf8') ?? null;
    } catch {
      return null;
    }
  }

  /** Does something exist at `p` (not following a final symlink)? */
  exists(p: string): boolean {
    return lstatOrNull(this.root.host(p)) !== null;
  }

  /** Target of the symlink at `p`, or null. */
  readLink(p: string): string | null {
    try {
      return fs.readlinkSync(this.root.host(p));
    } catch {
      return null;
    }
  }

  /** Text of a sysfs/procfs attribute, following links (confined to the root under --root); null when absent. */
  readThroughLinks(p: string): string | null {
    if (this.root.isLive) {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return null;
      }
    }
    return new DirSource(this.root.dir).read(p);
  }

  /** Entries of a directory under the root (sorted), or null. */
  list(p: string): string[] | null {
    try {
      const st = lstatOrNull(this.root.host(p));
      return st?.isDirectory() ? fs.readdirSync(this.root.host(p)).sort() : null;
    } catch {
      return null;
    }
  }
}
