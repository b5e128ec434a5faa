// Tools installed or running that would fight or duplicate Studio Setup's
// settings: rtirq (Debian: /etc/init.d/rtirq + /etc/default/rtirq, no binary),
// rtcirqus and udev-rtirq (udev rules), tuned, irqbalance.
import type { Analysis } from '../common/analysis/index.js';
import type { Evidence, Finding } from '../common/findings.js';
import type { Snapshot } from '../common/types.js';
import { ev, finding, FROM, unknown, type CheckHead } from './finding.js';

const RTIRQ: CheckHead = { id: 'conflict.rtirq', title: 'rtirq', severity: 'recommended' };
const RTCIRQUS: CheckHead = { id: 'conflict.rtcirqus', title: 'rtcirqus', severity: 'recommended' };
const UDEV_RTIRQ: CheckHead = { id: 'conflict.udev-rtirq', title: 'udev-rtirq', severity: 'recommended' };
const TUNED: CheckHead = { id: 'conflict.tuned', title: 'tuned', severity: 'optional' };
const IRQBALANCE: CheckHead = { id: 'conflict.irqbalance', title: 'irqbalance', severity: 'optional' };

interface ToolState {
  files: string[];
  unitState: string | null;
  active: boolean | null;
  running: boolean;
  evidence: Evidence[];
  known: boolean;
}

function toolState(s: Snapshot, match: (path: string) => boolean, unit: string | null, process: string | null): ToolState {
  const sys = s.system;
  const tools = sys?.tools ?? null;
  const files = tools ? [...tools.paths, ...tools.udevRules].filter(match) : [];
  const unitFile = unit ? (sys?.units.files?.find((u) => u.unit === unit) ?? null) : null;
  const unitActive = unit ? (sys?.units.active?.find((u) => u.unit === unit) ?? null) : null;
  const running = process !== null && (s.threads?.tasks ?? []).some((t) => t.comm === process && t.tid === t.pid && t.kernelThread !== true);
  const active = unitActive ? unitActive.active === 'active' : sys?.units.active ? false : null;
  const evidence = [ev(FROM.tools, tools === null ? null : files.join(', ') || 'none')];
  if (unit) evidence.push(ev(`${FROM.units} ${unit}`, unitFile || unitActive ? `${unitFile?.state ?? '?'}, ${unitActive ? `${unitActive.active} (${unitActive.sub})` : 'not loaded'}` : sys?.units.files || sys?.units.active ? 'no such unit' : null));
  if (process) evidence.push(ev(FROM.tasks, s.threads === null ? null : running ? `${process} running` : `no ${process} process`));
  const known = tools !== null || (unit !== null && (sys?.units.files != null || sys?.units.active != null)) || (process !== null && s.threads !== null);
  return { files, unitState: unitFile?.state ?? null, active, running, evidence, known };
}

/** A tool that is not running: installed or not, when the source can tell. */
function presence(s: Snapshot, t: ToolState): string {
  if (t.files.length > 0 || (t.unitState !== null && t.unitState !== 'not-found')) return 'installed, not running';
  return s.system?.tools ? 'not installed' : 'not running';
}

/** conflict.rtirq: rtirq re-sets IRQ thread priorities by name at boot and resume (and misses late sound drivers). */
export function checkRtirq(s: Snapshot, a: Analysis): Finding {
  const t = toolState(s, (p) => /\/rtirq(\.conf|\.service)?$/.test(p) || p.endsWith('/default/rtirq') || p.endsWith('/sysconfig/rtirq'), 'rtirq.service', null);
  if (!t.known) return unknown(RTIRQ, 'the bundle has no tool list and no systemd state', t.evidence);
  const installed = t.files.length > 0 || (t.unitState !== null && t.unitState !== 'not-found');
  if (!installed) return finding(RTIRQ, { status: 'ok', value: 'not installed', evidence: t.evidence, explanation: 'rtirq is not installed, so nothing else sets IRQ thread priorities at boot.', advice: 'Nothing to do.' });
  const cfg = s.system?.rtirqConfig ?? null;
  const names = cfg?.values.RTIRQ_NAME_LIST ?? null;
  if (cfg) t.evidence.push(ev(cfg.file, `RTIRQ_NAME_LIST="${names ?? ''}" RTIRQ_PRIO_HIGH=${cfg.values.RTIRQ_PRIO_HIGH ?? '?'}`));
  // Sound threads still at the default FIFO 50 while rtirq is active: it ran
  // before the sound and USB drivers had loaded (seen in the lab) or its
  // name list does not match them.
  const missed = a.audioPaths.flatMap((p) => p.irqs.filter((i) => i.active).flatMap((i) => i.threads.filter((th) => th.policy === 'FIFO' && th.priority === 50).map((th) => `card ${p.card}: ${th.comm}`)));
  const coversSound = names === null ? null : /(^|\s)(snd|snd-usb|usb)(\s|$)/.test(names);
  const enabled = t.active === true || t.unitState === 'enabled' || t.unitState === 'generated';
  if (t.active === false && t.unitState !== null && !enabled) {
    return finding(RTIRQ, { status: 'info', value: 'installed, not active', evidence: t.evidence, explanation: 'rtirq is installed but neither enabled nor running, so it does not interfere.', advice: 'Nothing to do; uninstalling it avoids surprises if it gets enabled again.' });
  }
  if (t.active === true && missed.length) t.evidence.push(ev(FROM.threads, missed.join('; ') + ' at FIFO 50'));
  return finding(RTIRQ, {
    status: 'warn',
    value: t.active === true ? 'active' : enabled ? 'enabled' : 'installed',
    evidence: t.evidence,
    explanation: `rtirq sets IRQ thread priorities by driver name at boot and on resume, so it would overwrite Studio Setup's per-device priorities${
      t.active === true && missed.length
        ? `; here it ran but left ${missed.join(', ')} at the default priority 50 (it runs before the sound drivers have loaded)`
        : ''
    }${coversSound === false ? `; its name list (${names}) does not even include the sound cards` : ''}.`,
    advice: 'Disable rtirq and let Studio Setup handle IRQ priorities per device (Studio Setup can; revert restores it).',
    fix: { action: 'disable-service', unit: 'rtirq.service' },
    manual: ['Also disable rtirq-resume.service if it exists: `sudo systemctl disable rtirq-resume.service`.'],
  });
}

function udevTool(s: Snapshot, head: CheckHead, pattern: RegExp, what: string): Finding {
  const t = toolState(s, (p) => pattern.test(p), null, null);
  if (!t.known) return unknown(head, 'the bundle has no tool list', t.evidence);
  if (t.files.length === 0) return finding(head, { status: 'ok', value: 'not installed', evidence: t.evidence, explanation: `${head.title} is not installed.`, advice: 'Nothing to do.' });
  const rules = t.files.filter((f) => f.endsWith('.rules'));
  return finding(head, {
    status: 'warn',
    value: rules.length ? 'active (udev rule)' : 'installed',
    evidence: t.evidence,
    explanation: `${head.title} ${what} when a sound card appears${rules.length ? '' : ' (no udev rule found, so it may not run)'}, which would overwrite Studio Setup's priorities on every hotplug.`,
    advice: `Remove ${head.title}'s udev rule so only one tool sets IRQ priorities.`,
    manual: [
      ...rules.map((r) => `\`sudo rm ${r}\` (or \`sudo mv\` it somewhere safe)`),
      'Then reload udev: `sudo udevadm control --reload-rules`.',
    ],
  });
}

/** conflict.rtcirqus: a udev-driven script that sets FIFO 90, 85, ... on sound card IRQ threads. */
export function checkRtcirqus(s: Snapshot): Finding {
  return udevTool(s, RTCIRQUS, /rtcirqus/, 'sets the IRQ threads of every sound card to FIFO 90, 85, ...');
}

/** conflict.udev-rtirq: a udev-driven script that sets FIFO 95 on the sound card's controller IRQ. */
export function checkUdevRtirq(s: Snapshot): Finding {
  return udevTool(s, UDEV_RTIRQ, /udev-rtirq/, "sets the IRQ thread of the sound card's root PCI device to FIFO 95 (the wrong one behind a bridge)");
}

/** conflict.tuned: a tuning daemon whose profiles set the governor, and realtime profiles that set IRQ thread priorities. */
export function checkTuned(s: Snapshot): Finding {
  const t = toolState(s, (p) => /\/tuned$/.test(p), 'tuned.service', 'tuned');
  if (!t.known) return unknown(TUNED, 'the bundle has no tool list, systemd state or process list', t.evidence);
  const profile = s.system?.tunedProfile ?? null;
  t.evidence.push(ev('/etc/tuned/active_profile', profile));
  const active = t.active === true || t.running;
  if (!active) {
    return finding(TUNED, { status: 'ok', value: presence(s, t), evidence: t.evidence, explanation: 'tuned is not running, so it does not re-apply its own CPU settings.', advice: 'Nothing to do.' });
  }
  const realtime = profile !== null && /realtime/.test(profile);
  const agrees = profile !== null && /^(latency-performance|throughput-performance|network-latency)$/.test(profile);
  return finding(TUNED, {
    status: agrees ? 'info' : 'warn',
    value: profile ?? 'running',
    evidence: t.evidence,
    explanation: realtime
      ? `tuned runs the "${profile}" profile, whose scheduler and kthread plugins set IRQ thread priorities and CPU isolation themselves: it and Studio Setup would overwrite each other.`
      : agrees
        ? `tuned runs the "${profile}" profile, which also asks for the performance governor: it agrees with Studio Setup's CPU settings.`
        : `tuned runs the "${profile ?? 'unknown'}" profile and keeps re-applying its CPU governor and power settings, which would undo Studio Setup's performance governor.`,
    advice: agrees ? 'Nothing to do.' : 'Switch tuned to latency-performance, or stop it.',
    ...(agrees ? {} : { manual: ['`sudo tuned-adm profile latency-performance`', 'or stop it: `sudo systemctl disable --now tuned`'] }),
  });
}

/** conflict.irqbalance: moves interrupts between CPUs every few seconds. */
export function checkIrqbalance(s: Snapshot): Finding {
  const t = toolState(s, (p) => /\/irqbalance$/.test(p), 'irqbalance.service', 'irqbalance');
  if (!t.known) return unknown(IRQBALANCE, 'the bundle has no tool list, systemd state or process list', t.evidence);
  const active = t.active === true || t.running;
  if (!active) {
    return finding(IRQBALANCE, { status: 'ok', value: presence(s, t), evidence: t.evidence, explanation: 'irqbalance is not running, so interrupts stay on the CPUs they were given.', advice: 'Nothing to do.' });
  }
  return finding(IRQBALANCE, {
    status: 'warn',
    value: 'running',
    evidence: t.evidence,
    explanation: "irqbalance moves interrupts between CPUs every 10 seconds; the audio interface's interrupt can land on a busy core, and each move costs a little latency.",
    advice: 'Stop irqbalance during audio work (Studio Setup can disable it; revert turns it back on).',
    fix: { action: 'disable-service', unit: 'irqbalance.service' },
  });
}

/** The conflicting-tool checks. */
export function conflictChecks(s: Snapshot, a: Analysis): Finding[] {
  return [checkRtirq(s, a), checkRtcirqus(s), checkUdevRtirq(s), checkTuned(s), checkIrqbalance(s)];
}
