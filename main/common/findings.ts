// Findings: what the checks say about a machine, each tied to a fix the app can
// apply (the plan's system fixes) or to exact manual steps.

/** Outcome of one check. */
export const FINDING_STATUSES = ['ok', 'warn', 'fail', 'unknown', 'info'] as const;
/** A finding's status. */
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** How much a finding matters for low-latency audio. */
export const SEVERITIES = ['required', 'recommended', 'optional'] as const;
/** A finding's severity. */
export type Severity = (typeof SEVERITIES)[number];

/** Kernel parameters the app may add through the boot loader. */
export const KERNEL_PARAMS = ['threadirqs', 'preempt=full'] as const;
/** A kernel parameter the app may add. */
export type KernelParam = (typeof KERNEL_PARAMS)[number];

/** sysctls the app may set (in /etc/sysctl.d/). */
export const SYSCTL_KEYS = ['vm.swappiness', 'fs.inotify.max_user_watches'] as const;
/** A sysctl the app may set. */
export type SysctlKey = (typeof SYSCTL_KEYS)[number];

/** Services the app may disable (with a backup of their state) because they would fight the plan. */
export const CONFLICTING_UNITS = ['rtirq.service', 'rtirq-resume.service', 'irqbalance.service'] as const;
/** A unit the app may disable. */
export type ConflictingUnit = (typeof CONFLICTING_UNITS)[number];

/** A system change the app can apply (and revert) for a finding. Every field is a closed value. */
export type Fix =
  | { action: 'kernel-params'; add: KernelParam[] }
  | { action: 'rt-limits'; group: 'audio'; rtprio: number; memlock: 'unlimited' }
  | { action: 'audio-group'; group: 'audio' }
  | { action: 'cpu-governor'; governor: 'performance' }
  | { action: 'sysctl'; key: SysctlKey; value: number }
  | { action: 'usb-autosuspend'; id: string }
  | { action: 'cpu-dma-latency'; group: 'audio' }
  | { action: 'disable-service'; unit: ConflictingUnit };

/** Every fix action name. */
export const FIX_ACTIONS = [
  'kernel-params',
  'rt-limits',
  'audio-group',
  'cpu-governor',
  'sysctl',
  'usb-autosuspend',
  'cpu-dma-latency',
  'disable-service',
] as const satisfies readonly Fix['action'][];

/** What was read to reach a finding, with the value found. */
export interface Evidence {
  /** File or command (`/proc/cmdline`, `uname -v`, `cmd/id.txt`). */
  source: string;
  value: string;
}

/** One check's result. */
export interface Finding {
  /** Stable id (`kernel.preemption`, `limits.rtprio`). */
  id: string;
  title: string;
  status: FindingStatus;
  severity: Severity;
  evidence: Evidence[];
  /** Why it matters, in one plain sentence. */
  explanation: string;
  /** What to do (or "nothing to do"). */
  advice: string;
  /** The change the app can make for this finding. */
  fix?: Fix;
  /** Exact steps when the app cannot make the change itself. */
  manual?: string[];
  /** What the check measured (`kernel.preemption` → "rt"; `vm.swappiness` → 60). */
  value?: string | number | boolean | null;
  /** Applying the fix takes effect only after this. */
  needs?: 'reboot' | 'relogin';
}

/** The one-line conclusion over all findings (LatencyMon's spirit). */
export interface Verdict {
  level: 'ready' | 'almost' | 'not-ready' | 'unknown';
  text: string;
}

/** Fail before warn, then required, recommended, optional; otherwise in check order (a stable sort). */
export function byUrgency<F extends Pick<Finding, 'status' | 'severity'>>(findings: readonly F[]): F[] {
  const status = (f: F): number => (f.status === 'fail' ? 0 : f.status === 'warn' ? 1 : 2);
  return [...findings].sort((a, b) => status(a) - status(b) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}
