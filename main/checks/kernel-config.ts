// Kernel build options and boot choices that shape latency: configuration
// found, high-resolution timers, tick, HZ, mitigations (a security trade-off),
// nohz_full, ktimers threads, realtime throttling.
import type { Finding } from '../common/findings.js';
import type { Snapshot } from '../common/types.js';
import { cmdlineWords, ev, finding, FROM, unknown, type CheckHead } from './finding.js';
import { configComplete } from './preemption.js';

const CONFIG: CheckHead = { id: 'kernel.config', title: 'Kernel configuration readable', severity: 'optional' };
const HRT: CheckHead = { id: 'kernel.high-res-timers', title: 'High-resolution timers', severity: 'recommended' };
const TICKLESS: CheckHead = { id: 'kernel.tickless', title: 'Timer tick', severity: 'optional' };
const HZ: CheckHead = { id: 'kernel.hz', title: 'Timer frequency (HZ)', severity: 'optional' };
const MITIGATIONS: CheckHead = { id: 'kernel.mitigations', title: 'CPU vulnerability mitigations', severity: 'optional' };
const NOHZ_FULL: CheckHead = { id: 'kernel.nohz_full', title: 'Tickless CPUs (nohz_full)', severity: 'optional' };
const KTIMERS: CheckHead = { id: 'kernel.ktimers', title: 'Timer softirq threads (ktimers)', severity: 'optional' };
const THROTTLING: CheckHead = { id: 'kernel.rt-throttling', title: 'Realtime throttling', severity: 'optional' };

/** A config option: its value, 'n' when a whole configuration lacks it, null when unknown. */
function option(s: Snapshot, key: string): string | null {
  const v = s.kernel.config?.[key];
  if (v !== undefined) return v;
  return configComplete(s.kernel) ? 'n' : null;
}

function configEvidence(s: Snapshot, keys: string[]): ReturnType<typeof ev> {
  const shown = keys.map((k) => `${k}=${option(s, k) ?? '?'}`).join(' ');
  return ev(`${FROM.config} (${s.kernel.configSource ?? 'none'})`, s.kernel.config ? shown : null);
}

/** kernel.config: the configuration the other kernel checks read. */
export function checkConfig(s: Snapshot): Finding {
  const k = s.kernel;
  const n = Object.keys(k.config ?? {}).length;
  if (!k.config) {
    if (s.source.kind !== 'live') return unknown(CONFIG, 'the bundle has no kernel configuration', [ev(FROM.config, null)]);
    return finding(CONFIG, {
      status: 'warn',
      value: null,
      evidence: [ev('/proc/config.gz, /boot/config-<release>', 'not found')],
      explanation: 'Without the kernel configuration the timer and preemption options below cannot be checked.',
      advice: 'Nothing to fix for audio; install your kernel\'s config file (usually shipped in /boot) if you want those checks.',
    });
  }
  return finding(CONFIG, {
    status: 'ok',
    value: true,
    evidence: [ev(k.configSource ?? FROM.config, `${n} options${configComplete(k) ? '' : ' (a subset: options it lacks are unknown)'}`)],
    explanation: 'The kernel configuration tells how the kernel was built: preemption, timers, threading.',
    advice: 'Nothing to do.',
  });
}

/** kernel.high-res-timers: CONFIG_HIGH_RES_TIMERS. */
export function checkHighResTimers(s: Snapshot): Finding {
  const v = option(s, 'CONFIG_HIGH_RES_TIMERS');
  const evidence = [configEvidence(s, ['CONFIG_HIGH_RES_TIMERS'])];
  if (v === null) return unknown(HRT, 'the kernel configuration does not say', evidence);
  const on = v === 'y';
  return finding(HRT, {
    status: on ? 'ok' : 'warn',
    value: on,
    evidence,
    explanation: 'High-resolution timers let audio and MIDI programs sleep for exactly as long as they ask, instead of to the next timer tick.',
    advice: on ? 'Nothing to do.' : 'Use a kernel built with CONFIG_HIGH_RES_TIMERS=y (every distribution kernel is).',
    ...(on ? {} : { manual: ["Install and boot your distribution's standard, low-latency or real-time kernel."] }),
  });
}

/** kernel.tickless: idle (NO_HZ_IDLE), full (NO_HZ_FULL) or periodic. */
export function checkTickless(s: Snapshot): Finding {
  const keys = ['CONFIG_NO_HZ_FULL', 'CONFIG_NO_HZ_IDLE', 'CONFIG_NO_HZ', 'CONFIG_HZ_PERIODIC'];
  const evidence = [configEvidence(s, keys)];
  // kernel/time/Kconfig: HZ_PERIODIC, NO_HZ_IDLE, NO_HZ_FULL (choice); NO_HZ is the old name.
  const cfg = s.kernel.config ?? {};
  const mode = cfg.CONFIG_NO_HZ_FULL === 'y' ? 'full' : cfg.CONFIG_NO_HZ_IDLE === 'y' || cfg.CONFIG_NO_HZ === 'y' ? 'idle' : cfg.CONFIG_HZ_PERIODIC === 'y' ? 'periodic' : null;
  if (mode === null) return unknown(TICKLESS, 'the kernel configuration does not say', evidence);
  return finding(TICKLESS, {
    status: mode === 'periodic' ? 'info' : 'ok',
    value: mode,
    evidence,
    explanation:
      mode === 'periodic'
        ? 'The timer ticks on every CPU all the time: a little more power and heat, no harm to audio latency.'
        : 'Idle CPUs stop their timer tick, which saves power and does not hurt audio.',
    advice: 'Nothing to do.',
  });
}

/** kernel.hz: CONFIG_HZ, which matters little once high-resolution timers are on. */
export function checkHz(s: Snapshot): Finding {
  const hz = option(s, 'CONFIG_HZ');
  const hrt = option(s, 'CONFIG_HIGH_RES_TIMERS');
  const evidence = [configEvidence(s, ['CONFIG_HZ', 'CONFIG_HIGH_RES_TIMERS'])];
  const n = hz !== null && /^\d+$/.test(hz) ? Number(hz) : null;
  if (n === null) return unknown(HZ, 'the kernel configuration does not say', evidence);
  const fine = n >= 1000 || hrt === 'y';
  return finding(HZ, {
    status: fine ? 'ok' : 'warn',
    value: n,
    evidence,
    explanation:
      n >= 1000
        ? `The scheduler tick runs ${n} times a second, the finest setting.`
        : `The scheduler tick runs ${n} times a second${hrt === 'y' ? '; with high-resolution timers, sleeps do not wait for the tick, so this matters little for audio' : ' and without high-resolution timers every sleep is rounded up to a tick'}.`,
    advice: fine ? 'Nothing to do.' : 'Use a kernel with high-resolution timers or CONFIG_HZ=1000 (low-latency and real-time kernels have both).',
  });
}

/** kernel.mitigations: info only; turning them off is a security trade-off, not a fix. */
export function checkMitigations(s: Snapshot): Finding {
  if (s.kernel.cmdline === undefined) return unknown(MITIGATIONS, 'the bundle has no /proc/cmdline', [ev(FROM.cmdline, null)]);
  const words = cmdlineWords(s.kernel.cmdline);
  // Documentation/admin-guide/kernel-parameters.txt: mitigations=off|auto|auto,nosmt
  // and the per-issue switches (nopti, pti=off, nospectre_v1/v2, spectre_v2=off, mds=off, ...).
  const m = words.filter((w) => w.startsWith('mitigations=')).pop();
  const single = words.filter((w) => /^(nopti|pti=off|nospectre_v[12]|spectre_v2=off|spec_store_bypass_disable=off|mds=off|tsx_async_abort=off|l1tf=off|retbleed=off|srbds=off|mmio_stale_data=off|nospec_store_bypass_disable)$/.test(w));
  const value = m ? m.slice('mitigations='.length) : 'auto (default)';
  const off = value === 'off';
  return finding(MITIGATIONS, {
    status: 'info',
    value,
    evidence: [ev(FROM.cmdline, [m ?? 'no mitigations=', ...single].join(' '))],
    explanation: off
      ? 'Protections against CPU side-channel attacks (Spectre, Meltdown and kin) are off, which makes system calls and context switches a few percent faster (more on older Intel CPUs) but lets any program you run — web pages included — read other programs\' memory.'
      : `Protections against CPU side-channel attacks are on${single.length ? ` (except ${single.join(', ')})` : ''}; turning them off (mitigations=off) buys a few percent on older CPUs at a real security cost.`,
    advice: off
      ? 'Your choice; keep them off only on a machine that does not browse the web or run untrusted code.'
      : 'Nothing to do; we do not recommend turning them off on a machine that browses the web.',
    manual: off
      ? ['To turn them back on: remove mitigations=off from GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, run `sudo update-grub`, reboot.']
      : ['Only if you accept the risk: add mitigations=off to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, run `sudo update-grub`, reboot.'],
  });
}

/** kernel.nohz_full: CPUs kept free of the tick (an advanced isolation choice). */
export function checkNohzFull(s: Snapshot): Finding {
  if (s.kernel.cmdline === undefined) return unknown(NOHZ_FULL, 'the bundle has no /proc/cmdline', [ev(FROM.cmdline, null)]);
  const w = cmdlineWords(s.kernel.cmdline).filter((x) => x.startsWith('nohz_full=')).pop();
  const cpus = w ? w.slice('nohz_full='.length) : null;
  return finding(NOHZ_FULL, {
    status: 'info',
    value: cpus ?? 'not set',
    evidence: [ev(FROM.cmdline, w ?? 'no nohz_full='), ev(FROM.config, s.kernel.config ? `CONFIG_NO_HZ_FULL=${option(s, 'CONFIG_NO_HZ_FULL') ?? '?'}` : null)],
    explanation: cpus
      ? `CPUs ${cpus} run without the timer tick while they have one task, which helps only if your audio threads are pinned there and nothing else runs on them.`
      : 'No CPU is isolated from the timer tick; that is the normal setup and fine for audio.',
    advice: 'Nothing to do.',
  });
}

/** kernel.ktimers: per-CPU threads running timer softirqs (threaded-IRQ kernels), at FIFO 1. */
export function checkKtimers(s: Snapshot): Finding {
  if (s.threads === null) return unknown(KTIMERS, 'the bundle has no thread list', [ev(FROM.tasks, null)]);
  const kt = s.threads.tasks.filter((t) => /^(ktimers|ktimersoftd)\/\d+$/.test(t.comm));
  const first = kt[0];
  return finding(KTIMERS, {
    status: 'info',
    value: kt.length,
    evidence: [ev(FROM.tasks, kt.length ? `${kt.length} threads, e.g. ${first?.comm} ${first?.policy} ${first?.priority}` : 'none')],
    explanation: kt.length
      ? 'Timer softirqs run in ktimers/N threads (kernel/softirq.c, FIFO 1 by default), so timers are not starved by other realtime threads.'
      : 'No ktimers threads were seen: timer softirqs run in ksoftirqd or at interrupt exit, as usual on kernels without forced threading (or older ones).',
    advice: 'Nothing to do.',
  });
}

/** kernel.rt-throttling: sched_rt_runtime_us (default 950000 of 1000000: 5 % kept for non-realtime tasks). */
export function checkRtThrottling(s: Snapshot): Finding {
  const rt = s.system?.sysctl.rtRuntimeUs ?? null;
  const period = s.system?.sysctl.rtPeriodUs ?? null;
  const evidence = [ev(FROM.rtRuntime, rt), ev('/proc/sys/kernel/sched_rt_period_us', period)];
  if (rt === null) return unknown(THROTTLING, 'the bundle has no /proc/sys/kernel/sched_rt_runtime_us', evidence);
  const share = period ? rt / period : rt / 1_000_000;
  if (rt === -1) {
    return finding(THROTTLING, {
      status: 'info',
      value: rt,
      evidence,
      explanation: 'Realtime throttling is off: realtime threads may take every CPU cycle, so a runaway realtime program can freeze the desktop (that safety net is the trade-off).',
      advice: 'Nothing to do for audio; the default (950000) keeps 5 % of each second for everything else.',
    });
  }
  const ok = share >= 0.95;
  return finding(THROTTLING, {
    status: ok ? 'ok' : 'warn',
    value: rt,
    evidence,
    explanation: ok
      ? `Realtime threads may use ${Math.round(share * 100)} % of each CPU second; the rest keeps the desktop alive if one runs away (the kernel default).`
      : `Realtime threads may use only ${Math.round(share * 100)} % of each CPU second: a heavy DSP load gets throttled and drops out.`,
    advice: ok ? 'Nothing to do.' : 'Set kernel.sched_rt_runtime_us back to 950000.',
    ...(ok ? {} : { manual: ['`echo kernel.sched_rt_runtime_us=950000 | sudo tee /etc/sysctl.d/60-rt-runtime.conf && sudo sysctl --system`'] }),
  });
}

/** The kernel configuration and boot checks. */
export function kernelConfigChecks(s: Snapshot): Finding[] {
  return [checkConfig(s), checkHighResTimers(s), checkTickless(s), checkHz(s), checkMitigations(s), checkNohzFull(s), checkKtimers(s), checkRtThrottling(s)];
}
