// The audio server: which one runs (PipeWire, JACK, PulseAudio), at what
// realtime priority and quantum, and where its realtime priority comes from —
// rlimits (any priority) or rtkit (capped at 20, round-robin, below every IRQ thread).
import type { Finding } from '../common/findings.js';
import type { Snapshot } from '../common/types.js';
import { atLeast, ev, finding, FROM, unknown, type CheckHead } from './finding.js';
import { rtLimitsFix } from './limits.js';
import { pipewireSetting, rtNeed, runningServers, type RunningServer } from './servers.js';

const SERVER: CheckHead = { id: 'audio.server', title: 'Audio server', severity: 'recommended' };
const RT_SOURCE: CheckHead = { id: 'audio.rt-source', title: "Where the audio server's realtime priority comes from", severity: 'recommended' };

// rtkit-daemon.c: max_realtime_priority = 20, SCHED_RR, 20 % CPU (rttime limit).
const RTKIT_MAX = 20;

function sched(x: RunningServer): string {
  return x.rt ? `${x.rt.thread} ${x.rt.policy} ${x.rt.priority}` : 'no realtime thread';
}

/** Quantum and rate as PipeWire runs them (running settings first, then the configuration). */
function clock(s: Snapshot): { text: string; quantum: number | null } {
  const q = pipewireSetting(s, 'default.clock.quantum', 'clock.force-quantum', 'clock.quantum');
  const r = pipewireSetting(s, 'default.clock.rate', 'clock.force-rate', 'clock.rate');
  const quantum = q && /^\d+$/.test(q.value) ? Number(q.value) : null;
  const rate = r && /^\d+$/.test(r.value) ? Number(r.value) : 48000;
  if (quantum === null) return { text: 'quantum not readable (default 1024)', quantum: null };
  return { text: `quantum ${quantum} at ${rate} Hz = ${((quantum / rate) * 1000).toFixed(1)} ms (${q?.source})`, quantum };
}

/** audio.server: the servers running and their realtime priority. */
export function checkServer(s: Snapshot): Finding {
  if (s.threads === null) return unknown(SERVER, 'the bundle has no process list', [ev(FROM.tasks, null)]);
  const servers = runningServers(s.threads.tasks);
  const evidence = [ev(FROM.tasks, servers.length ? servers.map((x) => `${x.name} (pid ${x.pid}): ${sched(x)}`).join('; ') : 'no audio server running')];
  const has = (n: string): RunningServer | undefined => servers.find((x) => x.name === n);
  const pw = has('pipewire');
  const jack = has('jackd') ?? has('jackdbus');
  const pulse = has('pulseaudio');
  if (pw) {
    const c = clock(s);
    evidence.push(ev('PipeWire clock', c.text));
    const rt = pw.rt !== null;
    const big = c.quantum !== null && c.quantum > 256;
    return finding(SERVER, {
      status: !rt || pulse ? 'warn' : 'ok',
      value: 'pipewire',
      evidence,
      explanation: `PipeWire is running${rt ? ` with its data thread at ${pw.rt?.policy} ${pw.rt?.priority}` : ' without a realtime thread, so any busy program can delay the audio'}${pulse ? ', and PulseAudio runs next to it — the two fight over the sound card' : ''}; ${c.text}.`,
      advice: pulse
        ? 'Stop PulseAudio (`systemctl --user mask --now pulseaudio.service pulseaudio.socket`) and let pipewire-pulse serve its programs.'
        : !rt
          ? 'Give it realtime priority: see the realtime limit checks.'
          : big
            ? 'For recording and live monitoring, lower the quantum to 128 or 256 (`pw-metadata -n settings 0 clock.force-quantum 128`) and raise it again if you hear dropouts.'
            : 'Nothing to do.',
      ...(pulse ? { manual: ['`systemctl --user mask --now pulseaudio.service pulseaudio.socket`'] } : {}),
    });
  }
  if (jack) {
    return finding(SERVER, {
      status: jack.rt ? 'ok' : 'warn',
      value: jack.name,
      evidence,
      explanation: `JACK is running${jack.rt ? ` with its realtime thread at ${jack.rt.policy} ${jack.rt.priority}` : ' without realtime priority, so it will drop out under load'}.`,
      advice: jack.rt ? 'Nothing to do.' : 'Start JACK with realtime on (-R) after fixing the realtime limits.',
    });
  }
  if (pulse) {
    return finding(SERVER, {
      status: 'warn',
      value: 'pulseaudio',
      evidence,
      explanation: 'Only PulseAudio is running; it is built for desktop sound, not low latency, and cannot serve JACK programs.',
      advice: 'Switch to PipeWire (with its JACK and Pulse replacements), the default on current distributions, or run JACK for sessions.',
      manual: ['Debian/Ubuntu: `sudo apt install pipewire-audio pipewire-jack`, then log out and back in.'],
    });
  }
  return finding(SERVER, {
    status: 'info',
    value: 'none',
    evidence,
    explanation: 'No audio server (PipeWire, JACK, PulseAudio) was running when the scan ran; programs would use ALSA directly.',
    advice: 'Nothing to do if that is how you work; scan again while your audio setup is running to check it too.',
  });
}

/** audio.rt-source: rlimits (priority as asked) or rtkit (20, round-robin), and whether it worked. */
export function checkRtSource(s: Snapshot): Finding {
  const tasks = s.threads?.tasks ?? null;
  const servers = tasks ? runningServers(tasks).filter((x) => x.name !== 'wireplumber') : [];
  const rtkit = (tasks ?? []).some((t) => t.comm === 'rtkit-daemon' && t.tid === t.pid) || (s.system?.units.active ?? []).some((u) => u.unit === 'rtkit-daemon.service' && u.active === 'active');
  const need = rtNeed(s);
  const limit = s.system?.user?.uid === 0 ? null : (s.system?.limits.session?.rtprio.hard ?? null);
  const rlimitsOk = limit === null ? null : atLeast(limit, need.priority);
  const main = servers.find((x) => x.name === 'pipewire') ?? servers.find((x) => x.name === 'jackd' || x.name === 'jackdbus') ?? servers[0];
  const evidence = [
    ev(FROM.tasks, tasks === null ? null : main ? `${main.name}: ${sched(main)}` : 'no audio server running'),
    ev('rtkit-daemon', tasks === null && s.system?.units.active == null ? null : rtkit ? 'running' : 'not running'),
    ev(FROM.selfLimits, limit === null ? null : `rtprio hard ${limit}`),
  ];
  const fix = rtLimitsFix(need.priority);
  const rtkitText = `rtkit hands out at most priority ${RTKIT_MAX}, round-robin, with a 20 % CPU budget — below every IRQ thread (50), so the audio path cannot be ordered above the rest`;
  if (main?.rt) {
    const viaRtkit = main.rt.policy === 'RR' && main.rt.priority <= RTKIT_MAX;
    return finding(RT_SOURCE, {
      status: viaRtkit ? 'warn' : 'ok',
      value: viaRtkit ? 'rtkit' : 'rlimits',
      evidence,
      explanation: viaRtkit
        ? `${main.name} got its realtime priority from rtkit (${main.rt.policy} ${main.rt.priority}): ${rtkitText}.`
        : `${main.name} runs at ${main.rt.policy} ${main.rt.priority}, which only the realtime limits (not rtkit) can give.`,
      advice: viaRtkit ? 'Raise the realtime limits for the audio group (Studio Setup can), then log out and back in.' : 'Nothing to do.',
      ...(viaRtkit ? { fix, needs: 'relogin' as const } : {}),
    });
  }
  if (main && !main.rt) {
    return finding(RT_SOURCE, {
      status: 'fail',
      value: 'none',
      evidence,
      explanation: `${main.name} runs without any realtime thread: neither the limits${rtkit ? '' : ' nor rtkit (not running)'} gave it one.`,
      advice: 'Raise the realtime limits for the audio group (Studio Setup can), then log out and back in.',
      fix,
      needs: 'relogin',
    });
  }
  if (rlimitsOk === null) {
    const why = tasks === null ? 'the bundle has neither the process list nor the limits' : s.system?.user?.uid === 0 ? "no audio server was running, and the scan ran as root, whose limits say nothing about yours" : 'no audio server was running and the limits are not in the source';
    return unknown(RT_SOURCE, why, evidence);
  }
  if (rlimitsOk) {
    return finding(RT_SOURCE, { status: 'ok', value: 'rlimits', evidence, explanation: `No audio server was running, but your limits allow priority ${need.priority}, so it will get its realtime priority directly, not from rtkit.`, advice: 'Nothing to do.' });
  }
  return finding(RT_SOURCE, {
    status: rtkit ? 'warn' : 'fail',
    value: rtkit ? 'rtkit' : 'none',
    evidence,
    explanation: rtkit ? `Your limits do not allow priority ${need.priority}, so the audio server will fall back to rtkit: ${rtkitText}.` : `Your limits do not allow realtime priority ${need.priority} and rtkit is not running, so the audio server gets no realtime priority.`,
    advice: 'Raise the realtime limits for the audio group (Studio Setup can), then log out and back in.',
    fix,
    needs: 'relogin',
  });
}

/** The audio server checks. */
export function audioChecks(s: Snapshot): Finding[] {
  return [checkServer(s), checkRtSource(s)];
}
