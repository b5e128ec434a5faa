// CPU frequency and SMT: the governor of every CPU, SMT read right (rtcqs
// reports "disabled" whenever the status file exists), turbo/boost.
import type { Finding } from '../common/findings.js';
import type { Snapshot } from '../common/types.js';
import { ev, finding, FROM, unknown, type CheckHead } from './finding.js';

const GOVERNOR: CheckHead = { id: 'cpu.governor', title: 'CPU frequency governor', severity: 'recommended' };
const SMT: CheckHead = { id: 'cpu.smt', title: 'Simultaneous multithreading (SMT)', severity: 'optional' };
const BOOST: CheckHead = { id: 'cpu.boost', title: 'Turbo boost', severity: 'optional' };

/** Group CPU numbers by value: `performance on 0-3, powersave on 4-7`. */
function byValue(rows: { cpu: number; governor: string | null }[]): string {
  const groups = new Map<string, number[]>();
  for (const r of rows) groups.set(r.governor ?? 'no cpufreq', [...(groups.get(r.governor ?? 'no cpufreq') ?? []), r.cpu]);
  const span = (cpus: number[]): string => {
    const parts: string[] = [];
    for (let i = 0; i < cpus.length; i++) {
      let j = i;
      while (j + 1 < cpus.length && (cpus[j + 1] as number) === (cpus[j] as number) + 1) j++;
      parts.push(j > i ? `${cpus[i]}-${cpus[j]}` : String(cpus[i]));
      i = j;
    }
    return parts.join(',');
  };
  return [...groups].map(([g, cpus]) => `${g} on CPU ${span(cpus)}`).join(', ');
}

/** cpu.governor: every CPU on `performance`. */
export function checkGovernor(s: Snapshot): Finding {
  const cpu = s.system?.cpu ?? null;
  if (!cpu) return unknown(GOVERNOR, 'the bundle has no /sys/devices/system/cpu', [ev(FROM.cpu, null)]);
  const evidence = [ev(`${FROM.cpu}/cpu*/cpufreq/scaling_governor`, byValue(cpu.governors)), ev('scaling_driver', cpu.driver)];
  const scaled = cpu.governors.filter((g) => g.governor !== null);
  if (scaled.length === 0) {
    return finding(GOVERNOR, {
      status: 'ok',
      value: 'none',
      evidence,
      explanation: 'The CPUs expose no frequency scaling (a fixed clock, or a virtual machine), so there is nothing to set.',
      advice: 'Nothing to do.',
    });
  }
  const slow = scaled.filter((g) => g.governor !== 'performance');
  const value = [...new Set(scaled.map((g) => g.governor))].join(',');
  if (slow.length === 0) {
    return finding(GOVERNOR, {
      status: 'ok',
      value,
      evidence,
      explanation: 'Every CPU runs the performance governor, so the clock does not have to ramp up when an audio buffer arrives.',
      advice: 'Nothing to do.',
    });
  }
  return finding(GOVERNOR, {
    status: 'warn',
    value,
    evidence,
    explanation: `${slow.length} of ${scaled.length} CPUs scale their clock down when idle (${[...new Set(slow.map((g) => g.governor))].join(', ')}); ramping back up takes time an audio buffer does not have, a classic cause of dropouts at light load.`,
    advice: 'Set the governor to performance (Studio Setup can, and keeps it across reboots); it costs some power and fan noise.',
    fix: { action: 'cpu-governor', governor: 'performance' },
  });
}

/** cpu.smt: sibling hardware threads on or off (a trade-off, reported as info). */
export function checkSmt(s: Snapshot): Finding {
  const cpu = s.system?.cpu ?? null;
  if (!cpu) return unknown(SMT, 'the bundle has no /sys/devices/system/cpu', [ev(FROM.cpu, null)]);
  const evidence = [ev(`${FROM.cpu}/smt/active`, cpu.smtActive), ev(`${FROM.cpu}/smt/control`, cpu.smtControl)];
  // The file's content decides, not its existence: active "1" = siblings online.
  const control = cpu.smtControl;
  const unsupported = control === 'notsupported' || control === 'notimplemented';
  const active = cpu.smtActive === '1' ? true : cpu.smtActive === '0' ? false : null;
  if (active === null && !unsupported) return unknown(SMT, 'no smt/ files (kernels before 4.19 have none)', evidence);
  if (unsupported || active === false) {
    return finding(SMT, {
      status: 'ok',
      value: unsupported ? 'not supported' : control === 'forceoff' ? 'off (forced)' : 'off',
      evidence,
      explanation: unsupported ? 'This CPU has no SMT (hyper-threading) to turn off.' : 'SMT (hyper-threading) is off: each audio thread has a physical core to itself.',
      advice: 'Nothing to do.',
    });
  }
  return finding(SMT, {
    status: 'info',
    value: 'on',
    evidence,
    explanation:
      'SMT (hyper-threading) is on: two hardware threads share each core, which gives more total throughput for plugins but lets a busy sibling slow the audio thread unpredictably (and SMT is itself a side-channel risk).',
    advice: 'Keep it on unless you get dropouts at low load; then try it off (`echo off | sudo tee /sys/devices/system/cpu/smt/control`, or nosmt on the kernel command line).',
    manual: ['Try it for one session: `echo off | sudo tee /sys/devices/system/cpu/smt/control` (until reboot).', 'To keep it: add nosmt to the kernel command line.'],
  });
}

/** cpu.boost: turbo/boost on or off (a trade-off, reported as info). */
export function checkBoost(s: Snapshot): Finding {
  const cpu = s.system?.cpu ?? null;
  if (!cpu) return unknown(BOOST, 'the bundle has no /sys/devices/system/cpu', [ev(FROM.cpu, null)]);
  const evidence = [ev(`${FROM.cpu}/cpufreq/boost`, cpu.boost), ev(`${FROM.cpu}/intel_pstate/no_turbo`, cpu.noTurbo)];
  const on = cpu.noTurbo === '0' || cpu.boost === '1' ? true : cpu.noTurbo === '1' || cpu.boost === '0' ? false : null;
  if (on === null) {
    return finding(BOOST, {
      status: 'info',
      value: 'no control',
      evidence,
      explanation: 'The CPU exposes no boost switch (no cpufreq boost, no intel_pstate), so there is nothing to choose.',
      advice: 'Nothing to do.',
    });
  }
  return finding(BOOST, {
    status: on ? 'info' : 'ok',
    value: on ? 'on' : 'off',
    evidence,
    explanation: on
      ? 'Turbo boost is on: more speed for heavy sessions, but the clock jumps with load and heat, which can add small latency spikes.'
      : 'Turbo boost is off: a steady clock, at the price of peak speed.',
    advice: on ? 'Keep it unless you get dropouts that follow the CPU heating up; then try it off.' : 'Nothing to do.',
    ...(on
      ? { manual: [cpu.noTurbo !== null ? 'Try it off: `echo 1 | sudo tee /sys/devices/system/cpu/intel_pstate/no_turbo`.' : 'Try it off: `echo 0 | sudo tee /sys/devices/system/cpu/cpufreq/boost`.'] }
      : {}),
  });
}

/** The CPU checks. */
export function cpuChecks(s: Snapshot): Finding[] {
  return [checkGovernor(s), checkSmt(s), checkBoost(s)];
}
