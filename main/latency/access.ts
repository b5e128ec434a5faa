// May this process run cyclictest at SCHED_FIFO MEASURE_PRIORITY with its
// memory locked (-m)? Root may (CAP_SYS_NICE, CAP_IPC_LOCK); anyone else needs
// RLIMIT_RTPRIO >= the priority and an unlimited RLIMIT_MEMLOCK (mlockall with
// MCL_FUTURE must also lock each thread's stack), which is what the audio
// group's limits give. Otherwise the measurement goes through the helper.
import fs from 'node:fs';
import { MEASURE_PRIORITY } from '../common/latency/types.js';

/** A soft limit: a number or unlimited; null when unreadable. */
export type Limit = number | 'unlimited' | null;

/** The soft RLIMIT_RTPRIO and RLIMIT_MEMLOCK rows of a /proc/PID/limits text. */
export function parseLimits(text: string): { rtprio: Limit; memlock: Limit } {
  const soft = (name: string): Limit => {
    const m = new RegExp(`^${name}\\s{2,}(\\S+)`, 'm').exec(text);
    if (!m) return null;
    if (m[1] === 'unlimited') return 'unlimited';
    return /^\d{1,20}$/.test(m[1] as string) ? Number(m[1]) : null;
  };
  return { rtprio: soft('Max realtime priority'), memlock: soft('Max locked memory') };
}

/** Whether cyclictest can run here directly, and why not. */
export type Access = { direct: true } | { direct: false; why: string };

/** Decide from the effective uid and the soft limits. */
export function accessFor(uid: number, limits: { rtprio: Limit; memlock: Limit }, priority = MEASURE_PRIORITY): Access {
  if (uid === 0) return { direct: true };
  const { rtprio, memlock } = limits;
  if (rtprio !== 'unlimited' && (rtprio === null || rtprio < priority)) {
    return { direct: false, why: `your realtime priority limit is ${rtprio ?? 'unknown'}; the measurement runs at SCHED_FIFO ${priority}` };
  }
  if (memlock !== 'unlimited') {
    return { direct: false, why: `your locked-memory limit is ${memlock === null ? 'unknown' : `${Math.round(memlock / 1024)} KiB`}; the measurement locks its memory (unlimited needed)` };
  }
  return { direct: true };
}

/** This process's access. */
export function currentAccess(): Access {
  let text = '';
  try {
    text = fs.readFileSync('/proc/self/limits', 'utf8');
  } catch {
    // Unreadable: the limits are unknown and the decision says so.
  }
  return accessFor(process.getuid?.() ?? -1, parseLimits(text));
}
