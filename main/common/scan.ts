// The scan: one snapshot's analysis plus what it was read from. This is what
// `studio-setup scan --json` prints and what the renderer shows.
import { analyze, type Analysis } from './analysis/index.js';
import type { Finding, Verdict } from './findings.js';
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
  /** The system checks (main/checks), in the order the wizard shows them. */
  findings: Finding[];
  /** One line over the findings. */
  verdict: Verdict;
  warnings: Warning[];
}

/** Computes the findings of a snapshot (main/checks' checkSnapshot; common cannot import it). */
export type Checker = (s: Snapshot, a: Analysis) => { findings: Finding[]; verdict: Verdict };

/** Build the scan of a snapshot; without a checker the findings are empty and the verdict unknown. */
export function buildScan(s: Snapshot, check?: Checker): ScanResult {
  const analysis = analyze(s);
  const checked = check ? check(s, analysis) : { findings: [], verdict: { level: 'unknown' as const, text: 'checks not run' } };
  return {
    schema: SCAN_SCHEMA,
    takenAt: s.takenAt,
    source: s.source,
    kernel: s.kernel,
    from: { usb: s.usb?.from ?? null, threads: s.threads?.from ?? null },
    ...analysis,
    tasks: s.threads?.tasks ?? [],
    ...checked,
    warnings: s.warnings,
  };
}
