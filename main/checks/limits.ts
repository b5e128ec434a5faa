// Realtime limits: the hard rtprio limit must reach the audio server's
// priority, memlock should not cap audio programs, and SCHED_FIFO must really
// be granted (tried with chrt, as rtcqs does).
import type { Evidence, Finding, Fix } from '../common/findings.js';
import type { LimitItem, LimitValue } from '../common/system.js';
import type { Snapshot } from '../common/types.js';
import { atLeast, ev, finding, FROM, showLimit, unknown, type CheckHead } from './finding.js';
import { loginLimit, showRule, type LoginLimit } from './pam-limits.js';
import { rtNeed } from './servers.js';

const RTPRIO: CheckHead = { id: 'limits.rtprio', title: 'Realtime priority limit (rtprio)', severity: 'required' };
const MEMLOCK: CheckHead = { id: 'limits.memlock', title: 'Locked memory limit (memlock)', severity: 'recommended' };
const CAN_RT: CheckHead = { id: 'limits.can-rt', title: 'Realtime scheduling works', severity: 'required' };

// The limits file Studio Setup writes: Debian's jackd2 audio.conf and Studio
// Controls use rtprio 95 for @audio, above PipeWire's 88 and JACK's 70-80.
const FIX_RTPRIO = 95;

/** The rt-limits fix, with a priority that covers `need`. */
export function rtLimitsFix(need: number): Fix {
  return { action: 'rt-limits', group: 'audio', rtprio: Math.min(99, Math.max(FIX_RTPRIO, need)), memlock: 'unlimited' };
}

interface LimitView {
  session: LimitValue | null;
  login: LoginLimit | null;
  evidence: Evidence[];
}

/** This session's hard limit and what a fresh login would get, with their evidence. */
export function limitView(s: Snapshot, item: LimitItem): LimitView {
  const sys = s.system;
  const bytes = item === 'memlock';
  const session = sys?.limits.session?.[item].hard ?? null;
  const evidence = [ev(FROM.selfLimits, sys?.limits.session ? `hard ${showLimit(session, bytes)} (soft ${showLimit(sys.limits.session[item].soft, bytes)})` : null)];
  let login: LoginLimit | null = null;
  if (sys?.user && sys.limits.rules !== null) {
    login = loginLimit(sys.limits.rules, item, sys.user, sys.groups);
    evidence.push(ev(sys.limits.files.join(', ') || '/etc/security/limits.conf', login.hardRule ? showRule(login.hardRule) : `no ${item} rule for ${sys.user.name ?? 'this user'}`));
  } else evidence.push(ev('/etc/security/limits.conf, limits.d', null));
  return { session, login, evidence };
}

/** limits.rtprio: the hard RLIMIT_RTPRIO against the audio server's need. */
export function checkRtprio(s: Snapshot): Finding {
  const need = rtNeed(s);
  const { session, login, evidence } = limitView(s, 'rtprio');
  if (s.system?.user?.uid === 0) return unknown(RTPRIO, 'the scan ran as root, which is not bound by these limits', evidence);
  const next = login ? (login.hard ?? 0) : null;
  const value = session ?? next;
  if (value === null) return unknown(RTPRIO, 'neither this session\'s limits nor limits.conf are in the source', evidence);
  const fix = rtLimitsFix(need.priority);
  const caps = 'The rtprio limit caps the realtime priority your programs may use';
  const relogin = session !== null && next !== null && !atLeast(session, need.priority) && atLeast(next, need.priority);
  if (relogin) {
    return finding(RTPRIO, {
      status: 'warn',
      value: session,
      evidence,
      explanation: `${caps}; limits.conf already allows ${showLimit(next)}, but this session started with ${showLimit(session)}.`,
      advice: 'Log out completely and back in (or reboot) so the new limit applies.',
      manual: ['Log out of every session (or reboot), then log in again.'],
      needs: 'relogin',
    });
  }
  if (atLeast(value, need.priority)) {
    return finding(RTPRIO, {
      status: 'ok',
      value,
      evidence,
      explanation: `${caps}, and yours (${showLimit(value)}) covers ${need.who}.`,
      advice: 'Nothing to do.',
    });
  }
  return finding(RTPRIO, {
    status: value === 0 ? 'fail' : 'warn',
    value,
    evidence,
    explanation: value === 0 ? `${caps}, and yours is 0, so none of them may run realtime — not even ${need.who}.` : `${caps}, and yours (${showLimit(value)}) is below ${need.who}.`,
    advice: `Raise the audio group's rtprio limit to ${fix.action === 'rt-limits' ? fix.rtprio : need.priority} (Studio Setup can write /etc/security/limits.d), then log out and back in.`,
    fix,
    needs: 'relogin',
  });
}

/** limits.memlock: audio programs lock their buffers (and samplers their samples) in RAM. */
export function checkMemlock(s: Snapshot): Finding {
  const { session, login, evidence } = limitView(s, 'memlock');
  if (s.system?.user?.uid === 0) return unknown(MEMLOCK, 'the scan ran as root, which is not bound by these limits', evidence);
  const ram = s.system?.memTotal ?? null;
  evidence.push(ev(FROM.meminfo, ram === null ? null : `MemTotal ${showLimit(ram, true)}`));
  const next = login ? login.hard : null;
  const value = session ?? next;
  if (value === null) return unknown(MEMLOCK, "neither this session's limits nor limits.conf are in the source", evidence);
  // Ardour warns below 3/4 of the RAM (ardour_ui_startup.cc check_memory_locking); JACK and rtcqs want unlimited.
  const enough = (v: LimitValue): boolean => v === 'unlimited' || (ram !== null && v >= ram * 0.75);
  const why = 'Audio programs lock their buffers (samplers their whole libraries) in RAM so they are never swapped out mid-buffer';
  if (enough(value)) {
    return finding(MEMLOCK, { status: 'ok', value, evidence, explanation: `${why}, and your limit (${showLimit(value, true)}) allows it.`, advice: 'Nothing to do.' });
  }
  if (session !== null && next !== null && enough(next)) {
    return finding(MEMLOCK, {
      status: 'warn',
      value,
      evidence,
      explanation: `${why}; limits.conf already allows ${showLimit(next, true)}, but this session started with ${showLimit(session, true)}.`,
      advice: 'Log out completely and back in (or reboot) so the new limit applies.',
      manual: ['Log out of every session (or reboot), then log in again.'],
      needs: 'relogin',
    });
  }
  return finding(MEMLOCK, {
    status: 'warn',
    value,
    evidence,
    explanation: `${why}, and your limit of ${showLimit(value, true)} is too small for a large session or sampler (Ardour warns about it).`,
    advice: "Make the audio group's memlock limit unlimited (Studio Setup can write /etc/security/limits.d), then log out and back in.",
    fix: rtLimitsFix(rtNeed(s).priority),
    needs: 'relogin',
  });
}

/** limits.can-rt: `chrt -f` really gets SCHED_FIFO at the server's priority. */
export function checkCanRt(s: Snapshot): Finding {
  const tries = s.system?.rtTries ?? null;
  const evidence = (tries ?? []).map((t) => ev(`chrt -f ${t.priority} true`, t.exit === 0 ? 'allowed' : `exit ${t.exit}${t.message ? `: ${t.message}` : ''}`));
  if (tries === null) return unknown(CAN_RT, 'the bundle has no chrt test', [ev(FROM.chrt, null)]);
  if (s.system?.user?.uid === 0) return unknown(CAN_RT, 'the scan ran as root, for whom chrt always succeeds', evidence);
  if (tries.every((t) => t.exit === 127 || /not found/i.test(t.message))) return unknown(CAN_RT, 'chrt (util-linux) is not installed', evidence);
  const need = rtNeed(s).priority;
  const ok = tries.filter((t) => t.exit === 0).sort((a, b) => b.priority - a.priority);
  const best = ok[0]?.priority ?? null;
  const fifo = 'SCHED_FIFO (the scheduling class audio threads use)';
  if (best !== null && best >= need) {
    return finding(CAN_RT, { status: 'ok', value: best, evidence, explanation: `A test program of yours got ${fifo} at priority ${best}, so realtime scheduling really works.`, advice: 'Nothing to do.' });
  }
  const limit = s.system?.limits.session?.rtprio.hard ?? null;
  const blocked = limit !== null && atLeast(limit, tries[0]?.priority ?? need) && best === null;
  return finding(CAN_RT, {
    status: best === null ? 'fail' : 'warn',
    value: best,
    evidence: [...evidence, ...(blocked ? [ev(FROM.config, `CONFIG_RT_GROUP_SCHED=${s.kernel.config?.CONFIG_RT_GROUP_SCHED ?? '?'}`)] : [])],
    explanation: blocked
      ? `A test program was refused ${fifo} although your rtprio limit allows it, so the session's cgroup has no realtime budget (CONFIG_RT_GROUP_SCHED, common in containers) or a security policy forbids it.`
      : best === null
        ? `A test program of yours was refused ${fifo}, so audio programs will run without realtime priority and drop out under load.`
        : `A test program of yours got ${fifo} at ${best} but not at ${need}, the priority the audio server asks for.`,
    advice: blocked ? 'Run the audio session outside the container, or give its cgroup a realtime budget (cpu.rt_runtime_us).' : 'Raise the realtime limits for the audio group (Studio Setup can), then log out and back in.',
    ...(blocked ? { manual: ['Give the session a realtime budget (e.g. `echo 950000 > /sys/fs/cgroup/cpu/<group>/cpu.rt_runtime_us`) or run outside the container.'] } : { fix: rtLimitsFix(need), needs: 'relogin' as const }),
  });
}

/** The limit checks. */
export function limitChecks(s: Snapshot): Finding[] {
  return [checkRtprio(s), checkMemlock(s), checkCanRt(s)];
}
