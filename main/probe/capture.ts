// `capture`: probe the live machine through a recording source and write what
// was read as a bundle (docs/bundle.md). As the normal user; nothing is changed.
import fs from 'node:fs';
import path from 'node:path';
import type { Snapshot, Warning } from '../common/types.js';
import { RecordingSource } from './recording.js';
import { readSnapshot } from './snapshot.js';
import { emptyDirs, LiveSource, normalize, type BundleData, type Source } from './source.js';

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
  const made = new Set<string>();
  const mkdir = (d: string): void => {
    if (made.has(d)) return;
    fs.mkdirSync(d, { recursive: true });
    made.add(d);
  };
  for (const d of data.dirs ?? []) mkdir(host(d));
  for (const [p, text] of Object.entries(data.files)) {
    mkdir(path.dirname(host(p)));
    fs.writeFileSync(host(p), text);
  }
  for (const [p, target] of Object.entries(data.links)) {
    mkdir(path.dirname(host(p)));
    fs.rmSync(host(p), { force: true });
    fs.symlinkSync(target, host(p));
  }
}

/** Every probe a bundle must answer (only what the probes read is recorded: no process list when /proc is readable). */
export function probeAll(src: Source): { snapshot: Snapshot; pids: Set<number>; warnings: Warning[] } {
  const snap = readSnapshot(src);
  const pids = new Set<number>();
  for (const t of snap.threads?.irq ?? []) pids.add(t.pid);
  for (const t of snap.threads?.tasks ?? []) pids.add(t.pid);
  return { snapshot: snap, pids, warnings: snap.warnings };
}

// The options of a kernel configuration that matter here (the whole file is ~250 KB).
const CONFIG_KEYS = /^CONFIG_(PREEMPT|HZ|NO_HZ|HIGH_RES_TIMERS|IRQ_FORCED_THREADING|IRQ_TIME|RCU_|RT_GROUP_SCHED|SCHED_|CPU_FREQ|CPU_IDLE|SMP|NR_CPUS|MITIGATION|SPECTRE|RETPOLINE|PAGE_TABLE_ISOLATION|LOCKDEP|DEBUG_PREEMPT|PROVE_LOCKING|SND_HDA|SND_USB|USB_XHCI|USB_EHCI|HPET|LOCALVERSION|CC_VERSION_TEXT|IKCONFIG)/;

/** The kernel configuration as a bundle stores it: the relevant options, with where they came from. */
export function configSubset(config: Record<string, string>, from: string): string {
  const lines = Object.entries(config)
    .filter(([k]) => CONFIG_KEYS.test(k))
    .map(([k, v]) => (v === 'n' ? `# ${k} is not set` : `${k}=${v}`));
  return `# options relevant to realtime audio, from ${from}\n${lines.join('\n')}\n`;
}

/** Capture `src` (the live machine by default) into the directory `dir` (created; must be empty if it exists). */
export function captureBundle(dir: string, src: Source = new LiveSource()): CaptureResult {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error('the directory is not empty');
  const rec = new RecordingSource(src);
  const { snapshot, pids, warnings } = probeAll(rec);
  // Privacy: of the processes, keep only the kernel threads and audio tasks the probes kept.
  const keep = (p: string): boolean => {
    const m = /^\/proc\/(\d+)(?:\/|$)/.exec(p);
    return !m || pids.has(Number(m[1]));
  };
  const data = rec.toBundle(keep);
  const { config, configSource } = snapshot.kernel;
  if (config) {
    for (const p of Object.keys(data.files)) if (p.startsWith('/boot/config-')) delete data.files[p];
    data.files['/cmd/kernel-config.txt'] = configSubset(config, configSource ?? 'the kernel');
  }
  fs.mkdirSync(dir, { recursive: true });
  writeBundle(dir, data);
  const manifest = {
    format: BUNDLE_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    commands: Object.fromEntries([...rec.commands].map(([name, out]) => [name, out === null ? 'unavailable' : 'ok'])),
    // Empty directories (an msi_irqs/ with no vector, a card's sound/ dir): git would drop them.
    dirs: emptyDirs(data),
  };
  fs.writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify(manifest, null, 2) + '\n');
  return {
    files: Object.keys(data.files).length,
    links: Object.keys(data.links).length,
    commands: [...rec.commands.values()].filter((o) => o !== null).length,
    warnings,
  };
}
