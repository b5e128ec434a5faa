// Copy a committed bundle to a working tree, with the empty directories its
// bundle.json lists (git keeps none).
import fs from 'node:fs';
import path from 'node:path';
import { manifestDirs } from '../../../main/probe/source.js';

/** Copy bundle `from` to `to` (links kept as links) and create its listed empty directories. */
export function copyBundle(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  for (const d of manifestDirs(from)) fs.mkdirSync(path.join(to, d), { recursive: true });
}
