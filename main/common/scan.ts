// The scan: one snapshot's analysis plus what it was read from. This is what
// `studio-setup scan --json` prints and what the renderer shows.
import { analyze, type Analysis } from './analysis/index.js';
import type { KernelInfo, Snapshot, TaskInfo, Warning } from './types.js';

/** Version of the scan JSON layout. */
export const SCAN_SCHEMA = 1;

/** A scan of one machine or bundle. */
export interface ScanResult extends Analysis {
  schema: typeof SCAN_SCHEMA;
  takenAt: string | null;
  source: Snapshot['source'];
  kernel: KernelInfo;
  /** Where USB devices and threads were read from (sysfs/proc first, command output as fallback). */
  from: { usb: 'sysfs' | 'lsusb' | null; threads: 'proc' | 'ps' | null };
  /** Scheduling of the other relevant tasks (ksoftirqd, ktimers, audio servers). */
  tasks: TaskInfo[];
  warnings: Warning[];
}

/** Build the scan of a snapshot. */
export function buildScan(s: Snapshot): ScanResult {
  return {
    schema: SCAN_SCHEMA,
    takenAt: s.takenAt,
    source: s.source,
    kernel: s.kernel,
    from: { usb: s.usb?.from ?? null, threads: s.threads?.from ?? null },
    ...analyze(s),
    tasks: s.threads?.tasks ?? [],
    warnings: s.warnings,
  };
}
