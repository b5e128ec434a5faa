// Each audio path as a chain of boxes, as the report draws it: device → USB
// port → hubs → controller → IRQ → thread, with who else is on the line.
import type { AudioPath, UsbDeviceEntry } from '../analysis/index.js';
import type { ReportInput, Sched } from './types.js';
import { busName, count, sched, usbSpeed } from './words.js';

/** How a box is coloured: fine, worth a look, a problem, unknown, or neutral. */
export type Tone = 'ok' | 'warn' | 'bad' | 'unknown' | 'plain';

/** One box of a chain. */
export interface ChainNode {
  kind: 'device' | 'port' | 'hub' | 'controller' | 'irq' | 'thread';
  title: string;
  lines: string[];
  tone: Tone;
}

/** An audio path, ready to draw. */
export interface PathView {
  card: number;
  name: string;
  cardId: string;
  bus: string;
  nodes: ChainNode[];
  /** Other handlers on the path's line(s); empty when alone; null when unknown. */
  sharers: string[] | null;
  /** Vectors the controller has but this path does not use now. */
  idle: string[];
  /** What could not be determined. */
  unknown: string[];
  /** The path in one line (Markdown, alt text). */
  line: string;
}

/** What the plan wants for a thread, and whether it is in force (null: planned, not applied). */
export interface SchedChange {
  planned: Sched;
  inForce: boolean | null;
}

/** The plan's (or, once applied, the helper's) view of each thread, by PID. */
export type SchedChanges = Map<number, SchedChange>;

/** Applied threads from the helper's status, else the plan's preview. */
export function schedChanges(input: ReportInput): SchedChanges {
  const applied = input.applied?.applied ? input.applied.threads : null;
  if (applied) return new Map(applied.map((t) => [t.pid, { planned: { policy: 'FIFO', priority: t.planned }, inForce: t.ok }]));
  return new Map((input.preview?.rows ?? []).filter((r) => r.change).map((r) => [r.pid, { planned: r.planned, inForce: null }]));
}

/** A thread's scheduling now, with the plan's when it says something. */
export function schedText(now: Sched, change: SchedChange | undefined): string {
  if (!change) return sched(now);
  if (change.inForce === true) return `${sched(now)} (applied)`;
  if (change.inForce === false) return `${sched(now)}, plan ${sched(change.planned)} not in force`;
  return `${sched(now)} → ${sched(change.planned)} (planned)`;
}

function usbNodes(p: AudioPath, devices: UsbDeviceEntry[]): ChainNode[] {
  const bus = p.usbBus ?? null;
  const port = p.usbPortPath ?? null;
  if (port === null) return [{ kind: 'port', title: 'unknown', lines: [bus === null ? 'bus unknown' : `bus ${bus}`], tone: 'unknown' }];
  const at = (pp: string): UsbDeviceEntry | undefined => (bus === null ? undefined : devices.find((d) => d.bus === bus && d.portPath === pp));
  const me = at(port);
  const nodes: ChainNode[] = [
    { kind: 'port', title: `USB port ${bus ?? '?'}-${port}`, lines: [usbSpeed(me?.speed) || (bus === null ? 'bus number unknown' : '')].filter(Boolean), tone: 'plain' },
  ];
  const parts = port.split('.');
  for (let i = parts.length - 1; i >= 1; i--) {
    const hubPort = parts.slice(0, i).join('.');
    const hub = at(hubPort);
    nodes.push({ kind: 'hub', title: hub?.name ?? 'USB hub', lines: [`at ${bus ?? '?'}-${hubPort}`, usbSpeed(hub?.speed)].filter(Boolean), tone: 'plain' });
  }
  return nodes;
}

function threadNode(p: AudioPath, threadsKnown: boolean, changes: SchedChanges): ChainNode {
  const active = p.irqs.filter((i) => i.active);
  const threads = (active.length ? active : p.irqs).flatMap((i) => i.threads);
  if (threads.length === 0) {
    return threadsKnown
      ? { kind: 'thread', title: 'no IRQ thread', lines: ['the handler runs unthreaded'], tone: 'warn' }
      : { kind: 'thread', title: 'unknown', lines: ['threads not captured'], tone: 'unknown' };
  }
  const lines = threads.map((t) => {
    const s = schedText(t, changes.get(t.pid));
    return threads.length > 1 ? `${t.comm}: ${s}` : s;
  });
  return { kind: 'thread', title: threads.length === 1 ? (threads[0] as { comm: string }).comm : `${threads.length} threads`, lines, tone: 'plain' };
}

/** The chain of one audio path. */
export function pathView(p: AudioPath, input: ReportInput, changes: SchedChanges = schedChanges(input)): PathView {
  const scan = input.scan;
  const nodes: ChainNode[] = [
    { kind: 'device', title: p.name, lines: [`card ${p.card} · ${p.cardId}`, busName(p.bus)], tone: 'plain' },
  ];
  if (p.bus === 'usb') nodes.push(...usbNodes(p, scan.usbDevices));
  const ctl = p.controller;
  nodes.push({
    kind: 'controller',
    title: ctl ?? 'unknown',
    lines: [p.controllerDriver ?? '', p.bridges.length ? `behind ${p.bridges.join(' → ')}` : ''].filter(Boolean),
    tone: ctl ? 'plain' : 'unknown',
  });
  const active = p.irqs.filter((i) => i.active);
  const shown = active.length ? active : p.irqs;
  const idle = p.irqs.filter((i) => !shown.includes(i)).map((i) => i.irq);
  const interruptsKnown = scan.interrupts.length > 0 || scan.irqTable.some((r) => r.actions.length > 0);
  const sharers = shown.length === 0 || !interruptsKnown ? null : p.sharedWith;
  if (shown.length === 0) nodes.push({ kind: 'irq', title: 'unknown', lines: [], tone: 'unknown' });
  else {
    const kinds = [...new Set(shown.map((i) => (i.msi === true ? 'MSI' : i.msi === false ? 'legacy line' : '')))].filter(Boolean);
    const events = shown.map((i) => i.total).reduce<number | null>((a, b) => (a === null || b === null ? null : a + b), 0);
    nodes.push({
      kind: 'irq',
      title: `IRQ ${shown.map((i) => i.irq).join(', ')}`,
      lines: [kinds.join(', '), events === null ? '' : `${count(events)} events`].filter(Boolean),
      tone: sharers === null ? 'unknown' : sharers.length > 0 ? 'bad' : 'ok',
    });
  }
  nodes.push(threadNode(p, scan.from.threads !== null, changes));
  const words = { device: 'device', port: 'USB port', hub: 'hub', controller: 'controller', irq: 'IRQ', thread: 'IRQ thread' } as const;
  const line =
    nodes.map((n) => (n.tone === 'unknown' ? `${words[n.kind]} unknown` : n.kind === 'device' ? `${n.title} (card ${p.card})` : n.title)).join(' → ') +
    (sharers === null ? '' : sharers.length ? ` — shared with ${sharers.join(', ')}` : ' — alone on its line');
  return { card: p.card, name: p.name, cardId: p.cardId, bus: busName(p.bus), nodes, sharers, idle, unknown: p.unknown, line };
}

/** Every audio path of the report. */
export function pathViews(input: ReportInput): PathView[] {
  const changes = schedChanges(input);
  return input.scan.audioPaths.map((p) => pathView(p, input, changes));
}
