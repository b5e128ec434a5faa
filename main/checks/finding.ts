// Small helpers shared by the checks: evidence lines, the kernel command line
// split into words, and the names of what was read.
import type { Evidence, Finding, Severity } from '../common/findings.js';
import type { LimitValue } from '../common/system.js';

/** Where each fact comes from, as evidence names it (a file, or the command a bundle stores under cmd/). */
export const FROM = {
  cmdline: '/proc/cmdline',
  unameV: 'uname -v',
  config: 'kernel config',
  realtime: '/sys/kernel/realtime',
  id: 'id',
  getent: 'getent group (audio, realtime, pipewire)',
  selfLimits: '/proc/self/limits',
  chrt: 'chrt -f <prio> true',
  cpu: '/sys/devices/system/cpu',
  swappiness: '/proc/sys/vm/swappiness',
  swaps: '/proc/swaps',
  inotify: '/proc/sys/fs/inotify/max_user_watches',
  rtRuntime: '/proc/sys/kernel/sched_rt_runtime_us',
  meminfo: '/proc/meminfo',
  mounts: '/proc/mounts (FUSE, network, 9p)',
  dma: 'stat /dev/cpu_dma_latency',
  interrupts: '/proc/interrupts',
  threads: 'IRQ threads (/proc or ps)',
  tasks: 'processes (/proc or ps)',
  tools: 'tool files',
  units: 'systemctl',
} as const;

/** An evidence line; absent values read "not available". */
export function ev(source: string, value: string | number | boolean | null | undefined): Evidence {
  return { source, value: value === null || value === undefined ? 'not available' : String(value) };
}

/** Title, severity and id of a check: what stays the same whatever it finds. */
export type CheckHead = Pick<Finding, 'id' | 'title' | 'severity'>;

/** A finding from its fixed head and what this run found. */
export function finding(head: CheckHead, rest: Omit<Finding, 'id' | 'title' | 'severity'> & { severity?: Severity }): Finding {
  return { id: head.id, title: head.title, severity: head.severity, ...rest };
}

/** A finding for a fact the source does not hold: unknown, never a guess. */
export function unknown(head: CheckHead, missing: string, evidence: Evidence[] = [], explanation = ''): Finding {
  return finding(head, {
    status: 'unknown',
    value: null,
    evidence,
    explanation: explanation || `This could not be checked: ${missing}.`,
    advice: 'Scan the machine itself (or capture a new bundle with `studio-setup capture`) to check this.',
  });
}

/** The words of a kernel command line (quotes kept together), up to the `--` that starts init's arguments. */
export function cmdlineWords(cmdline: string): string[] {
  // Documentation/admin-guide/kernel-parameters.rst: parameters are separated by
  // spaces, double quotes protect spaces in a value, everything after "--" goes to init.
  const words: string[] = [];
  for (const m of cmdline.matchAll(/(?:[^\s"]+|"[^"]*"?)+/g)) {
    if (m[0] === '--') break;
    words.push(m[0]);
  }
  return words;
}

/** A limit value for people: `unlimited`, a priority, or a size in KiB/MiB/GiB. */
export function showLimit(v: LimitValue | null | undefined, bytes = false): string {
  if (v === null || v === undefined) return 'not available';
  if (v === 'unlimited') return 'unlimited';
  if (!bytes) return String(v);
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = v;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${Number.isInteger(n) ? n : n.toFixed(1)} ${units[u]}`;
}

/** Is limit `v` at least `need`? */
export function atLeast(v: LimitValue, need: number): boolean {
  return v === 'unlimited' || v >= need;
}

/** "1 thing" / "3 things". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
