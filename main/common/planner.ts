// The planner: from a snapshot, the user's audio chain and chosen fixes, a plan.
// rtirq's ladder (highest first, step down, floor; 90/5/51 by default), kept
// above the audio server's own realtime priority.
import type { Finding, Fix } from './findings.js';
import { fixKey, MAX_PRIORITY, MIN_PRIORITY, PLAN_FORMAT, type IrqTarget, type Plan, type Role } from './plan.js';
import type { Snapshot, SoundCard, TaskInfo } from './types.js';

/** A device of the audio chain as the user picks it. */
export type ChainDevice = { kind: 'pci'; controller: string } | { kind: 'usb'; id: string; serial?: string };

/** What the user chose. */
export interface PlanChoices {
  /** The audio interface: ALSA card index or id; null for none (only the other devices and the fixes: a machine without a sound card). */
  interface: number | string | null;
  disk?: ChainDevice[];
  midi?: ChainDevice[];
  /** Finding ids whose fixes to include. */
  fixes?: string[];
  user?: string;
  ladder?: { high?: number; step?: number; low?: number };
}

/** The planner's answer. */
export type PlanResult = { ok: true; plan: Plan; notes: string[] } | { ok: false; error: string };

/** Audio servers whose realtime threads the audio path must outrank. */
export const AUDIO_SERVERS = ['pipewire', 'pipewire-pulse', 'jackd', 'jackdbus', 'pulseaudio'] as const;

/** The highest realtime priority an audio server's threads run at now (null: none runs realtime). */
export function audioServerPriority(tasks: readonly TaskInfo[]): { priority: number; comm: string } | null {
  // A thread's process is the task whose tid is its pid (PipeWire's realtime thread is `data-loop.0`).
  const process = new Map(tasks.filter((t) => t.tid === t.pid).map((t) => [t.pid, t.comm]));
  let best: { priority: number; comm: string } | null = null;
  for (const t of tasks) {
    const name = process.get(t.pid) ?? t.comm;
    if (t.kernelThread === true || (t.policy !== 'FIFO' && t.policy !== 'RR')) continue;
    if (!(AUDIO_SERVERS as readonly string[]).includes(name)) continue;
    if (!best || t.priority > best.priority) best = { priority: t.priority, comm: name };
  }
  return best;
}

function findCard(s: Snapshot, which: number | string): SoundCard | undefined {
  return (s.sound ?? []).find((c) => (typeof which === 'number' ? c.index === which : c.id === which || String(c.index) === which));
}

function interfaceTarget(s: Snapshot, card: SoundCard, priority: number, above: string): { target: IrqTarget; note?: string } | { error: string } {
  const what = `${card.shortName} (card ${card.index})`;
  if (card.bus === 'usb') {
    const dev = (s.usb?.devices ?? []).find(
      (d) => d.bus === card.usb?.bus && (d.portPath === card.usb?.portPath || (card.usb?.device != null && d.device === card.usb.device)),
    );
    const id = card.usb?.id ?? dev?.id;
    if (id && /^[0-9a-f]{4}:[0-9a-f]{4}$/.test(id)) {
      const serial = dev?.serial && /^[A-Za-z0-9._-]{1,64}$/.test(dev.serial) ? dev.serial : undefined;
      return {
        target: {
          kind: 'usb',
          id,
          ...(serial ? { serial } : {}),
          role: 'interface',
          priority,
          reason: `${what}, USB ${id}: the audio interface's controller gets the highest priority${above}; it follows the interface to whichever port it is plugged into`,
        },
      };
    }
    const controller = card.usb?.controller ?? card.pciAddress;
    if (!controller) return { error: `cannot tell which USB controller ${what} is on` };
    return {
      target: { kind: 'pci', controller, role: 'interface', priority, reason: `${what} on USB controller ${controller}${above}` },
      note: `the USB id of ${what} is unknown: the plan tunes controller ${controller}; if you move the interface to another port, plan again`,
    };
  }
  if (!card.pciAddress) return { error: `cannot tell which PCI device ${what} is` };
  return {
    target: { kind: 'pci', controller: card.pciAddress, role: 'interface', priority, reason: `${what} at ${card.pciAddress}: the audio interface gets the highest priority${above}` },
  };
}

function chainTarget(d: ChainDevice, role: Role, priority: number): IrqTarget {
  const what = role === 'disk' ? 'the recording disk' : 'a MIDI controller';
  return d.kind === 'pci'
    ? { kind: 'pci', controller: d.controller, role, priority, reason: `${what}'s controller ${d.controller}` }
    : { kind: 'usb', id: d.id, ...(d.serial ? { serial: d.serial } : {}), role, priority, reason: `${what}, USB ${d.id}` };
}

/** Build a plan. */
export function makePlan(s: Snapshot, findings: readonly Finding[], choices: PlanChoices, now = new Date()): PlanResult {
  const notes: string[] = [];
  const step = choices.ladder?.step ?? 5;
  const low = Math.max(MIN_PRIORITY, choices.ladder?.low ?? MIN_PRIORITY);
  let high = Math.min(MAX_PRIORITY, choices.ladder?.high ?? 90);
  if (step < 1 || step > 10) return { ok: false, error: 'the step must be 1-10' };
  const server = audioServerPriority(s.threads?.tasks ?? []);
  let above = '';
  if (server) {
    if (server.priority >= high) high = Math.min(MAX_PRIORITY, server.priority + 2);
    if (server.priority >= MAX_PRIORITY) notes.push(`${server.comm} runs at priority ${server.priority}: the audio path cannot be put above it`);
    above = `, above ${server.comm} (${server.priority})`;
  }
  const targets: IrqTarget[] = [];
  if (choices.interface !== null) {
    const card = findCard(s, choices.interface);
    if (!card) return { ok: false, error: `no sound card ${JSON.stringify(choices.interface)} (see scan's soundCards)` };
    const iface = interfaceTarget(s, card, high, above);
    if ('error' in iface) return { ok: false, error: iface.error };
    if (iface.note) notes.push(iface.note);
    targets.push(iface.target);
  }
  const ladder = (role: Role, devices: ChainDevice[] | undefined, start: number): void => {
    (devices ?? []).forEach((d, i) => targets.push(chainTarget(d, role, Math.max(low, start - i))));
  };
  ladder('disk', choices.disk, high - step);
  ladder('midi', choices.midi, high - 2 * step);

  const fixes: Fix[] = [];
  for (const id of choices.fixes ?? []) {
    const f = findings.find((x) => x.id === id);
    if (!f) return { ok: false, error: `no finding ${id}` };
    if (!f.fix) return { ok: false, error: `finding ${id} has no automatic fix${f.manual?.length ? `: ${f.manual.join('; ')}` : ''}` };
    // A copy: merging below must not change the finding's own fix.
    const fix: Fix = f.fix.action === 'kernel-params' ? { ...f.fix, add: [...f.fix.add] } : f.fix;
    const same = fixes.find((x) => fixKey(x) === fixKey(fix));
    // Two findings may both want kernel parameters (threadirqs, preempt=full): one fix adds them all.
    if (!same) fixes.push(fix);
    else if (same.action === 'kernel-params' && fix.action === 'kernel-params') same.add = [...new Set([...same.add, ...fix.add])];
  }
  const plan: Plan = {
    format: PLAN_FORMAT,
    version: 1,
    createdAt: now.toISOString(),
    ...(choices.user ? { user: choices.user } : {}),
    targets,
    fixes,
  };
  return { ok: true, plan, notes };
}
