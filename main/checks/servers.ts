// Audio servers seen running (PipeWire, JACK, PulseAudio) with their realtime
// threads, and the realtime priority the user's limits must allow for them.
import type { PipewireSetting } from '../common/system.js';
import type { Snapshot, TaskInfo } from '../common/types.js';

/** Audio server process names. */
export const SERVER_NAMES = ['pipewire', 'pipewire-pulse', 'wireplumber', 'jackd', 'jackdbus', 'pulseaudio'] as const;
/** An audio server process name. */
export type ServerName = (typeof SERVER_NAMES)[number];

/** A running audio server process and its highest realtime thread. */
export interface RunningServer {
  name: ServerName;
  pid: number;
  rt: { policy: 'FIFO' | 'RR'; priority: number; thread: string } | null;
}

// PipeWire module-rt: rt.prio defaults to 88 (docs.pipewire.org/page_module_rt.html).
const PIPEWIRE_DEFAULT_PRIO = 88;
// JACK is commonly started at 70-80 (QjackCtl, Cadence, Studio Controls presets).
const JACK_PRIO = 80;

/** The audio server processes among `tasks` (a process is the task whose tid is its pid). */
export function runningServers(tasks: readonly TaskInfo[]): RunningServer[] {
  const names = new Set<string>(SERVER_NAMES);
  const out = new Map<number, RunningServer>();
  for (const t of tasks) if (t.tid === t.pid && t.kernelThread !== true && names.has(t.comm)) out.set(t.pid, { name: t.comm as ServerName, pid: t.pid, rt: null });
  for (const t of tasks) {
    const server = out.get(t.pid);
    if (!server || (t.policy !== 'FIFO' && t.policy !== 'RR')) continue;
    if (!server.rt || t.priority > server.rt.priority) server.rt = { policy: t.policy, priority: t.priority, thread: t.comm };
  }
  return [...out.values()].sort((a, b) => a.pid - b.pid);
}

/** A PipeWire setting: the running server's first set `runtimeKeys` (0 = unset), else the last value the configuration gives `key`. */
export function pipewireSetting(s: Snapshot, key: string, ...runtimeKeys: string[]): PipewireSetting | null {
  const pw = s.system?.pipewire;
  if (!pw) return null;
  for (const k of runtimeKeys) {
    const live = (pw.runtime ?? []).find((x) => x.key === k && x.value !== '0');
    if (live) return live;
  }
  return [...pw.config].reverse().find((x) => x.key === key) ?? null;
}

/** The realtime priority the user's hard limit must allow, and whose need it is (a phrase for the explanation). */
export function rtNeed(s: Snapshot): { priority: number; who: string } {
  const servers = runningServers(s.threads?.tasks ?? []);
  const prio = pipewireSetting(s, 'rt.prio');
  const configured = prio && /^\d{1,2}$/.test(prio.value) ? Number(prio.value) : null;
  if (servers.some((x) => x.name === 'pipewire') || configured !== null) {
    const p = configured ?? PIPEWIRE_DEFAULT_PRIO;
    const where = configured !== null ? `rt.prio in ${prio?.source}` : 'its default rt.prio';
    return { priority: p, who: `PipeWire's data thread, which asks for ${p} (${where}) and falls back to rtkit's priority 20 below that` };
  }
  const jack = servers.filter((x) => x.name === 'jackd' || x.name === 'jackdbus');
  if (jack.length > 0) {
    const seen = Math.max(0, ...jack.map((j) => j.rt?.priority ?? 0));
    return { priority: Math.max(JACK_PRIO, seen), who: `JACK${seen ? ` (running at ${seen})` : ''}, which setups commonly run at 70-80` };
  }
  return { priority: PIPEWIRE_DEFAULT_PRIO, who: `PipeWire's default of ${PIPEWIRE_DEFAULT_PRIO} (no audio server was running; JACK setups commonly use 70-80)` };
}
