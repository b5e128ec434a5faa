// `capture`: probe the live machine through a recording source and write what
// was read as a bundle (docs/bundle.md). As the normal user; nothing is changed.
import fs from 'node:fs';
import path from 'node:path';
import type { Warning } from '../common/types.js';
import { COMMAND_NAMES } from './commands.js';
import { RecordingSource } from './recording.js';
import { readSnapshot } from './snapshot.js';
import { LiveSource, normalize, type BundleData, type Source } from './source.js';

/** Identifies a bundle directory (bundle.json). */
export const BUNDLE_FORMAT = 'studio-setup-bundle';

/** What a capture wrote. */
export interface CaptureResult {
  files: number;
  links: number;
  commands: number;
  warnings: Warning[];
}

/** Write bundle data under `dir` (files, relative links, empty directories). */
export function writeBundle(dir: string, data: BundleData): void {
  const host = (p: string): string => path.join(dir, normalize(p));
  for (const d of data.dirs ?? []) fs.mkdirSync(host(d), { recursive: true });
  for (const [p, text] of Object.entries(data.files)) {
    fs.mkdirSync(path.dirname(host(p)), { recursive: true });
    fs.writeFileSync(host(p), text);
  }
  for (const [p, target] of Object.entries(data.links)) {
    fs.mkdirSync(path.dirname(host(p)), { recursive: true });
    fs.rmSync(host(p), { force: true });
    fs.symlinkSync(target, host(p));
  }
}

/** Every probe a bundle must answer: the snapshot now, the checks' extra reads once they exist. */
export function probeAll(src: Source): { pids: Set<number>; warnings: Warning[] } {
  const snap = readSnapshot(src);
  for (const name of COMMAND_NAMES) src.command(name);
  const pids = new Set<number>();
  for (const t of snap.threads?.irq ?? []) pids.add(t.pid);
  for (const t of snap.threads?.tasks ?? []) pids.add(t.pid);
  return { pids, warnings: snap.warnings };
}

/** Capture `src` (the live machine by default) into the directory `dir` (created; must be empty if it exists). */
export function captureBundle(dir: string, src: Source = new LiveSource()): CaptureResult {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error('the directory is not empty');
  const rec = new RecordingSource(src);
  const { pids, warnings } = probeAll(rec);
  // Privacy: of the processes, keep only the kernel threads and audio tasks the probes kept.
  const keep = (p: string): boolean => {
    const m = /^\/proc\/(\d+)(?:\/|$)/.exec(p);
    return !m || pids.has(Number(m[1]));
  };
  const data = rec.toBundle(keep);
  fs.mkdirSync(dir, { recursive: true });
  writeBundle(dir, data);
  const manifest = {
    format: BUNDLE_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    commands: Object.fromEntries([...rec.commands].map(([name, out]) => [name, out === null ? 'unavailable' : 'ok'])),
  };
  fs.writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify(manifest, null, 2) + '\n');
  return {
    files: Object.keys(data.files).length,
    links: Object.keys(data.links).length,
    commands: [...rec.commands.values()].filter((o) => o !== null).length,
    warnings,
  };
}
