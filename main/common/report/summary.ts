// The top of a report: the verdict (the checks' own, or a plain account of the
// audio paths when the checks did not run) and the machine in a few lines.
import type { Finding, Verdict } from '../findings.js';
import type { ReportInput, ReportScan } from './types.js';
import { plural, when } from './words.js';

/** The verdict shown first, and whether the checks made it. */
export interface ReportVerdict extends Verdict {
  fromChecks: boolean;
}

/** One line of the machine summary. */
export interface SummaryRow {
  label: string;
  value: string;
  /** Show as code (a command line, a kernel version string). */
  code?: boolean;
}

function finding(scan: ReportScan, id: string): Finding | undefined {
  return scan.findings.find((f) => f.id === id);
}

/** Did the system checks run for this scan? (A scan without a checker has no findings.) */
export function checksRan(scan: ReportScan): boolean {
  return scan.findings.length > 0;
}

/** The checks' verdict, else what the audio paths alone say (level `unknown`: the checks did not run). */
export function reportVerdict(scan: ReportScan): ReportVerdict {
  if (checksRan(scan)) return { ...scan.verdict, fromChecks: true };
  const paths = scan.audioPaths;
  if (paths.length === 0) {
    return { level: 'unknown', text: 'no sound card in this capture, so no audio path to judge (the system checks did not run)', fromChecks: false };
  }
  const shared = paths.filter((p) => p.sharedWith.length > 0);
  const alone = paths.filter((p) => p.sharedWith.length === 0 && p.irqs.some((i) => i.active));
  const parts = [`${plural(alone.length, 'audio path')} of ${paths.length} alone on ${alone.length === 1 ? 'its' : 'their'} interrupt line`];
  for (const p of shared) parts.push(`card ${p.card} (${p.name}) shares its line with ${p.sharedWith.join(', ')}`);
  return { level: 'unknown', text: `system checks not run on this capture; ${parts.join('; ')}`, fromChecks: false };
}

// uname -v flags (init/Makefile, 5.18+): PREEMPT_RT, PREEMPT_DYNAMIC, PREEMPT.
function preemptionFromUname(version: string | undefined): string {
  if (!version) return 'unknown (no uname -v in this capture)';
  if (/\bPREEMPT[_ ]RT\b/.test(version)) return 'PREEMPT_RT (realtime kernel)';
  if (/\bPREEMPT_DYNAMIC\b/.test(version)) return 'dynamic (chosen at boot with preempt=)';
  if (/\bPREEMPT\b/.test(version)) return 'full (preemptible kernel)';
  return 'voluntary or none (uname -v shows no PREEMPT flag)';
}

const PREEMPT_WORDS: Record<string, string> = {
  rt: 'PREEMPT_RT (realtime kernel)',
  full: 'full (preemptible kernel)',
  lazy: 'lazy',
  voluntary: 'voluntary (desktop default)',
  none: 'none (server kernel)',
};

/** A check's value in words, with its advice when it is not fine. */
function findingValue(f: Finding | undefined, words: (v: string) => string): string | null {
  if (!f || f.value === undefined || f.value === null) return null;
  const v = words(String(f.value));
  return f.status === 'ok' || f.status === 'info' ? v : `${v} — ${f.advice}`;
}

/** The machine in a few lines: distribution, kernel, preemption, threaded IRQs, CPU, command line, capture. */
export function machineRows(input: ReportInput): SummaryRow[] {
  const { scan, machine } = input;
  const k = scan.kernel;
  const os = machine?.os;
  const osText = os ? (os.prettyName ?? [os.name ?? os.id, os.versionId].filter(Boolean).join(' ')) : '';
  const cpu = machine?.cpu;
  const cpuCount = cpu?.count ?? scan.cpuCount;
  const cpuText = [
    cpu?.model ?? null,
    cpuCount !== null && cpuCount !== undefined ? plural(cpuCount, 'CPU') : null,
    cpu?.board ? `board: ${cpu.board}` : null,
  ].filter((x): x is string => x !== null);
  const threadCount = scan.irqTable.reduce((n, r) => n + r.threads.length, 0);
  const threaded =
    findingValue(finding(scan, 'kernel.threaded-irqs'), (v) => (v === 'true' ? `yes (${plural(threadCount, 'IRQ thread')})` : v === 'false' ? 'no' : v)) ??
    (scan.from.threads === null
      ? 'unknown (no thread list in this capture)'
      : threadCount > 0
        ? `yes (${plural(threadCount, 'IRQ thread')})`
        : 'no IRQ threads found: interrupts are not threaded');
  const rows: SummaryRow[] = [
    { label: 'Distribution', value: osText || 'unknown (no os-release in this capture)' },
    { label: 'Kernel', value: [k.release ?? 'unknown', k.machine].filter(Boolean).join(' ') },
    ...(k.version ? [{ label: 'Kernel build', value: k.version, code: true }] : []),
    { label: 'Preemption', value: findingValue(finding(scan, 'kernel.preemption'), (v) => PREEMPT_WORDS[v] ?? v) ?? preemptionFromUname(k.version) },
    { label: 'Threaded IRQs', value: threaded },
    { label: 'CPU', value: cpuText.join(', ') || 'unknown (no /proc/cpuinfo in this capture)' },
  ];
  if (k.cmdline !== undefined) rows.push({ label: 'Command line', value: k.cmdline, code: true });
  rows.push({ label: 'Captured', value: when(scan.takenAt) });
  rows.push({ label: 'Read from', value: `${scan.source.label} (USB: ${scan.from.usb ?? 'not captured'}, threads: ${scan.from.threads ?? 'not captured'})` });
  return rows;
}
