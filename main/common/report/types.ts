// What a report is made of: the scan, the bundle it was read from, and what
// the user planned, applied and measured. Environment-free plain data; the
// renderers (markdown.ts, html/, json.ts) turn it into the formats people share.
import type { LatencyResult } from '../latency/result.js';
import type { MachineInfo } from '../machine.js';
import type { Plan } from '../plan.js';
import type { Preview } from '../preview.js';
import type { ScanResult } from '../scan.js';
import type { Policy } from '../types.js';

/** Identifies a report document (JSON `format`). */
export const REPORT_FORMAT = 'studio-setup-report';
/** The report JSON layout this code writes (and the newest it reads). */
export const REPORT_VERSION = 1;

/** The formats a report is exported in. */
export const REPORT_FORMATS = ['html', 'md', 'json', 'pdf'] as const;
/** A report format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Bundle files and links as plain data, paths from the bundle root (main/probe/source.ts BundleData). */
export interface ReportBundle {
  files: Record<string, string>;
  links: Record<string, string>;
  /** Directories that exist though empty. */
  dirs?: string[];
}

/** The scan a report shows: the analysis with the checks' findings and verdict (empty when a checker did not run). */
export type ReportScan = ScanResult;

/** A thread's scheduling (a Policy name, or what the helper's status reports). */
export interface Sched {
  policy: Policy | (string & {});
  priority: number;
}

/** What is applied, as the privileged helper's `status` reports it (main/privileged/helper/status.ts StatusReport). */
export interface AppliedStatus {
  /** The journal says "applied". */
  applied: boolean;
  /** The journal's state (applying, applied, failed, reverting); null when nothing was ever applied. */
  state: string | null;
  /** When the plan was applied (ISO time). */
  createdAt: string | null;
  plan: Plan | null;
  /** Every file and link written, and whether it still holds what was written. */
  files: { path: string; state: 'ok' | 'changed' | 'missing' }[];
  /** The plan's threads now: their scheduling, the planned priority, and whether it is in force. */
  threads: { pid: number; comm: string; controller: string; now: { policy: string; priority: number }; planned: number; ok: boolean }[] | null;
  /** Targets that resolve to no thread now, with why. */
  unresolved: string[];
  /** Kernel parameters planned but not yet on the running kernel's command line. */
  rebootPending: string[];
  notes: string[];
}

/** Latency measurements to include, oldest first: the first is "before", the last "after" (main/common/latency). */
export interface ReportLatency {
  results: LatencyResult[];
}

/** How many distinct values of each kind redaction replaced. */
export interface RedactionCounts {
  users: number;
  hosts: number;
  serials: number;
  macs: number;
}

/** Everything a report is built from. Only the scan and the bundle are required. */
export interface ReportInput {
  /** The analysis of `bundle` (after redaction, when redacted). */
  scan: ReportScan;
  /** Exactly what the scan read. */
  bundle: ReportBundle;
  machine?: MachineInfo | null;
  plan?: Plan;
  /** The plan resolved against this scan's snapshot (threads now → planned). */
  preview?: Preview;
  applied?: AppliedStatus;
  latency?: ReportLatency;
  /** When the report was made (ISO time). */
  createdAt: string;
  /** How many user and host names, serial numbers and MAC addresses were replaced; null = not redacted. */
  redaction: RedactionCounts | null;
  /** "Studio Setup 0.1.0". */
  generator?: string;
}
