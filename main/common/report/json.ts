// The JSON report: versioned, complete (the scan, what was planned, applied and
// measured, and the whole capture bundle the scan was read from), so
// `studio-setup scan --from REPORT.json` and the app's "Open report" reproduce
// the same analysis. main/probe/open.ts validates it on the way back in.
import type { MachineInfo } from '../machine.js';
import type { Plan } from '../plan.js';
import type { Preview } from '../preview.js';
import {
  REPORT_FORMAT,
  REPORT_VERSION,
  type AppliedStatus,
  type RedactionCounts,
  type ReportBundle,
  type ReportInput,
  type ReportLatency,
  type ReportScan,
} from './types.js';

/** The report document, version 1. */
export interface ReportDocument {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  createdAt: string;
  generator: string;
  /** Placeholders replaced user and host names, serials and MACs (in the scan and in the bundle alike). */
  redacted: boolean;
  redaction?: RedactionCounts;
  machine: MachineInfo | null;
  scan: ReportScan;
  plan?: Plan;
  preview?: Preview;
  applied?: AppliedStatus;
  latency?: ReportLatency;
  /** The capture bundle: what the scan read, path → content (files) or target (links). */
  bundle: ReportBundle;
}

/** The document of a report. */
export function reportDocument(input: ReportInput): ReportDocument {
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    createdAt: input.createdAt,
    generator: input.generator ?? 'Studio Setup',
    redacted: input.redaction !== null,
    ...(input.redaction ? { redaction: input.redaction } : {}),
    machine: input.machine ?? null,
    scan: input.scan,
    ...(input.plan ? { plan: input.plan } : {}),
    ...(input.preview ? { preview: input.preview } : {}),
    ...(input.applied ? { applied: input.applied } : {}),
    ...(input.latency ? { latency: input.latency } : {}),
    bundle: {
      files: input.bundle.files,
      links: input.bundle.links,
      dirs: input.bundle.dirs ?? [],
    },
  };
}

/** The report as JSON text (two-space indented, newline-terminated). */
export function renderJson(input: ReportInput): string {
  return JSON.stringify(reportDocument(input), null, 2) + '\n';
}
