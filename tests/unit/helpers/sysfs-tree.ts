// Synthetic /proc and /sys trees on disk, with real relative symbolic links, so
// probes run through DirSource exactly as on a capture bundle.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Files (path → content), links (path → target, relative as sysfs writes them) and empty directories. */
export interface TreeSpec {
  files?: Record<string, string>;
  links?: Record<string, string>;
  dirs?: string[];
}

const roots: string[] = [];

/** Build the tree in a fresh temporary directory and return its root. */
export function makeTree(spec: TreeSpec): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-tree-'));
  roots.push(root);
  const host = (p: string): string => path.join(root, p);
  for (const d of spec.dirs ?? []) fs.mkdirSync(host(d), { recursive: true });
  for (const [p, text] of Object.entries(spec.files ?? {})) {
    fs.mkdirSync(path.dirname(host(p)), { recursive: true });
    fs.writeFileSync(host(p), text);
  }
  for (const [p, target] of Object.entries(spec.links ?? {})) {
    fs.mkdirSync(path.dirname(host(p)), { recursive: true });
    fs.symlinkSync(target, host(p));
  }
  return root;
}

/** Relative link target from the directory holding `from` to `to` (both absolute in the tree). */
export function rel(from: string, to: string): string {
  return path.posix.relative(path.posix.dirname(from), to);
}

/** Remove every tree built so far. */
export function removeTrees(): void {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
}
