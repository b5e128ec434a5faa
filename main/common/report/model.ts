// The report as the Markdown and HTML renderers lay it out: every section's
// content worked out once, so both formats say the same thing.
import type { Finding } from '../findings.js';
import { compareResults, type Comparison } from '../latency/compare.js';
import type { LatencyResult } from '../latency/result.js';
import type { PreviewRow } from '../preview.js';
import type { Warning } from '../types.js';
import { pathViews, schedChanges, type PathView } from './chain.js';
import { checksRan, machineRows, reportVerdict, type ReportVerdict, type SummaryRow } from './summary.js';
import { hasAfter, irqRows, usbTree, type IrqRowView, type UsbTreeView } from './tables.js';
import type { AppliedStatus, ReportBundle, ReportInput } from './types.js';
import { describeFix, plural, sentence, STATUS_ORDER, when } from './words.js';

/** The plan section. */
export interface PlanView {
  rows: PreviewRow[];
  unresolved: { role: string; reason: string; problems: string[] }[];
  fixes: string[];
  needs: string[];
}

/** Raw files shown as they are (Markdown fences, HTML <pre>). */
export interface RawFile {
  title: string;
  path: string;
  text: string;
}

/** Everything the Markdown and HTML renderers show. */
export interface ReportModel {
  title: string;
  /** When the report was made, as people read it. */
  createdAt: string;
  generator: string;
  redacted: boolean;
  verdict: ReportVerdict;
  machine: SummaryRow[];
  /** Sorted most urgent first; null when the checks did not run. */
  findings: Finding[] | null;
  paths: PathView[];
  irqRows: IrqRowView[];
  /** The IRQ table has a planned/applied column. */
  showAfter: boolean;
  usb: UsbTreeView[];
  plan: PlanView | null;
  applied: AppliedStatus | null;
  /** Latency results oldest first, and the last compared with the first. */
  latency: { results: LatencyResult[]; comparison: Comparison | null } | null;
  raw: RawFile[];
  warnings: Warning[];
  /** Redaction and how to open the report again. */
  notes: string[];
}

/** How to undo what the plan changed (the same words in every format). */
export const REVERT_TEXT =
  'To undo everything Studio Setup changed, run `studio-setup revert` (or press Revert in the app): it restores every file and thread priority recorded before the change, also after a reboot.';

/** A file of the bundle by path (with or without the leading slash). */
export function bundleFile(b: ReportBundle, p: string): string | null {
  return b.files[p] ?? b.files[p.replace(/^\//, '')] ?? null;
}

const RAW = [
  { title: '/proc/interrupts', path: '/proc/interrupts' },
  { title: 'lsusb -t', path: '/cmd/lsusb-t.txt' },
  { title: 'lsusb', path: '/cmd/lsusb.txt' },
] as const;

function sortFindings(fs: Finding[]): Finding[] {
  const sev = ['required', 'recommended', 'optional'];
  return [...fs].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || sev.indexOf(a.severity) - sev.indexOf(b.severity));
}

function notes(input: ReportInput): string[] {
  const r = input.redaction;
  const out: string[] = [];
  if (r) {
    const what = [plural(r.users, 'user name'), plural(r.hosts, 'host name'), plural(r.serials, 'serial number'), plural(r.macs, 'MAC address', 'MAC addresses')];
    out.push(`Redacted for sharing: ${what.join(', ')} replaced by placeholders (<user>, <host>, <serial-1>, <mac-1>); the same value always has the same placeholder.`);
  } else {
    out.push('Not redacted: user and host names, serial numbers and MAC addresses appear as captured.');
  }
  out.push('The JSON export of this report holds the whole capture: open it with `studio-setup scan --from REPORT.json` or "Open report" in the app.');
  return out;
}

function latencyView(input: ReportInput): ReportModel['latency'] {
  const results = input.latency?.results ?? [];
  if (results.length === 0) return null;
  const first = results[0] as LatencyResult;
  const last = results[results.length - 1] as LatencyResult;
  return { results, comparison: results.length > 1 ? compareResults(first, last) : null };
}

/** A headline naming the machine by what is known of it. */
function title(input: ReportInput): string {
  const os = input.machine?.os;
  const k = input.scan.kernel;
  const what = os?.prettyName ?? os?.name ?? (k.release ? `Linux ${k.release}` : null);
  return what ? `Studio Setup report: ${what}` : 'Studio Setup report';
}

/** Work out every section of a report. */
export function buildModel(input: ReportInput): ReportModel {
  const changes = schedChanges(input);
  const preview = input.preview;
  const verdict = reportVerdict(input.scan);
  const plan: PlanView | null = input.plan
    ? {
        rows: preview?.rows ?? [],
        unresolved: preview?.unresolved ?? [],
        fixes: input.plan.fixes.map(describeFix),
        needs: preview?.needs ?? [],
      }
    : null;
  return {
    title: title(input),
    createdAt: when(input.createdAt),
    redacted: input.redaction !== null,
    generator: input.generator ?? 'Studio Setup',
    verdict: { ...verdict, text: sentence(verdict.text) },
    machine: machineRows(input),
    findings: checksRan(input.scan) ? sortFindings(input.scan.findings) : null,
    paths: pathViews(input),
    irqRows: irqRows(input, changes),
    showAfter: hasAfter(input),
    usb: input.scan.usbControllers.map((c) => usbTree(c, input)),
    plan,
    applied: input.applied && input.applied.state !== null ? input.applied : null,
    latency: latencyView(input),
    raw: RAW.flatMap((r) => {
      const text = bundleFile(input.bundle, r.path);
      return text === null ? [] : [{ ...r, text }];
    }),
    warnings: input.scan.warnings,
    notes: notes(input),
  };
}
