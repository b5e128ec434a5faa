// Every system check over one snapshot and its analysis, and the one-line
// verdict in LatencyMon's spirit. Environment-free: the same for the live
// machine, a bundle and a report.
import { analyze, type Analysis } from '../common/analysis/index.js';
import type { Finding, Verdict } from '../common/findings.js';
import type { Snapshot } from '../common/types.js';
import { audioChecks } from './audio.js';
import { conflictChecks } from './conflicts.js';
import { cpuChecks } from './cpu.js';
import { plural } from './finding.js';
import { irqChecks } from './irq.js';
import { kernelConfigChecks } from './kernel-config.js';
import { kernelChecks } from './kernel.js';
import { limitChecks } from './limits.js';
import { usbChecks } from './usb.js';
import { userChecks } from './user.js';
import { vmChecks } from './vm.js';

/** Run every check, in the order the wizard shows them. */
export function runChecks(s: Snapshot, a: Analysis = analyze(s)): Finding[] {
  return [
    ...userChecks(s),
    ...limitChecks(s),
    ...kernelChecks(s, a),
    ...kernelConfigChecks(s),
    ...cpuChecks(s),
    ...vmChecks(s),
    ...irqChecks(s, a),
    ...usbChecks(s, a),
    ...audioChecks(s),
    ...conflictChecks(s, a),
  ];
}

// What to do about each finding, as the verdict names it.
const TODO: Record<string, string> = {
  'user.not-root': 'scan as your normal user, not root',
  'user.audio-group': 'join the audio group',
  'limits.rtprio': 'raise the realtime priority limit',
  'limits.memlock': 'raise the locked-memory limit',
  'limits.can-rt': 'make realtime scheduling work',
  'kernel.preemption': 'use a fully preemptible kernel',
  'kernel.threaded-irqs': 'turn on threaded interrupts',
  'kernel.high-res-timers': 'use a kernel with high-resolution timers',
  'kernel.hz': 'use a kernel with high-resolution timers',
  'kernel.rt-throttling': 'restore realtime throttling to 95 %',
  'kernel.config': 'install the kernel configuration',
  'cpu.governor': 'set the CPU governor to performance',
  'vm.swappiness': 'lower swappiness',
  'fs.inotify-watches': 'raise the file watch limit',
  'fs.types': 'keep sessions off network and FUSE disks',
  'pm.cpu-dma-latency': 'let the audio group control CPU DMA latency',
  'irq.sound-shared': "free the sound card's interrupt line",
  'irq.usb-audio-shared': 'move the USB interface to a quiet controller',
  'usb.autosuspend': 'keep the USB interface from autosuspending',
  'audio.server': 'fix the audio server',
  'audio.rt-source': 'give the audio server realtime priority from the limits, not rtkit',
  'conflict.rtirq': 'disable rtirq',
  'conflict.rtcirqus': "remove rtcirqus' udev rule",
  'conflict.udev-rtirq': "remove udev-rtirq's udev rule",
  'conflict.tuned': 'switch tuned to latency-performance',
  'conflict.irqbalance': 'stop irqbalance',
};

const todo = (f: Finding): string => TODO[f.id] ?? f.title;
const list = (fs: Finding[]): string => [...new Set(fs.map(todo))].join('; ');

/** One line over all findings: ready, almost (fix these first), not ready, or cannot tell. */
export function verdict(findings: readonly Finding[]): Verdict {
  const blocking = findings.filter((f) => f.status === 'fail' && f.severity === 'required');
  const toFix = findings.filter((f) => (f.status === 'fail' || f.status === 'warn') && f.severity !== 'optional' && !blocking.includes(f));
  const optional = findings.filter((f) => (f.status === 'fail' || f.status === 'warn') && f.severity === 'optional');
  const blind = findings.filter((f) => f.status === 'unknown' && f.severity === 'required');
  if (findings.length === 0) return { level: 'unknown', text: 'no checks ran' };
  if (blocking.length > 0) {
    const more = new Set(toFix.map(todo)).size;
    return { level: 'not-ready', text: `not ready: ${list(blocking)}${more ? ` (then ${plural(more, 'more thing')} to fix)` : ''}` };
  }
  const unchecked = blind.length ? ` (${plural(blind.length, 'required check')} could not be made from this source)` : '';
  if (toFix.length > 0) {
    const n = new Set(toFix.map(todo)).size;
    return { level: 'almost', text: `works, with ${n === 1 ? 'one thing' : `these ${n} things`} to fix first: ${list(toFix)}${unchecked}` };
  }
  if (blind.length > 0) return { level: 'unknown', text: `cannot tell yet: ${blind.map((f) => f.title).join(', ')} could not be checked from this source` };
  return { level: 'ready', text: `ready for low-latency audio${optional.length ? ` (${plural(optional.length, 'optional tweak')} below)` : ''}` };
}

/** Findings and verdict of a snapshot (what buildScan takes to fill the scan's `findings` and `verdict`). */
export function checkSnapshot(s: Snapshot, a: Analysis = analyze(s)): { findings: Finding[]; verdict: Verdict } {
  const findings = runChecks(s, a);
  return { findings, verdict: verdict(findings) };
}
