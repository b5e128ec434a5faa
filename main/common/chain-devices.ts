// The devices that can join the audio chain, grouped by role (the Audio chain
// step): sound cards (the interface), storage controllers and USB disks (the
// recording disk), USB audio/MIDI devices (MIDI controllers) — each with the
// path of its interrupts as boxes: device → USB port → hubs → controller → IRQ
// → thread, and who else is on the line. Pure: from a snapshot and its scan.
import { distinct } from './analysis/irq-lines.js';
import type { ChainDevice } from './planner.js';
import { pathView, type ChainNode, type SchedChanges } from './report/chain.js';
import { busName, count, sched, usbSpeed } from './report/words.js';
import { controllerIdentity, nameBelongs, threadServes, type ControllerIdentity } from './resolve.js';
import type { ScanResult } from './scan.js';
import type { PciDevice, Snapshot, UsbDevice } from './types.js';
import type { ChainCandidate, ChainDevices, ChainPicture } from './wizard.js';

const STORAGE_CLASS = /^0x01/;
// When a capture lacks the class files: the drivers of storage controllers.
const STORAGE_DRIVERS = /^(?:ahci|nvme|ata_piix|pata_\w+|sata_\w+|mpt\d*sas|megaraid_sas|isci|mvsas|virtio_scsi)$/;
const isStorage = (p: PciDevice): boolean => (p.classCode ? STORAGE_CLASS.test(p.classCode) : STORAGE_DRIVERS.test(p.driver ?? ''));
const isMassStorage = (d: UsbDevice): boolean => d.interfaces.some((i) => i.classCode === '08' || /mass storage/i.test(i.className ?? ''));
const isAudio = (d: UsbDevice): boolean => d.interfaces.some((i) => i.classCode === '01' || /^audio$/i.test(i.className ?? ''));

// PCI storage classes (PCI Code and ID Assignment, base class 01).
const STORAGE_NAMES: Record<string, string> = { '01': 'SCSI', '06': 'SATA', '08': 'NVMe', '04': 'RAID', '05': 'ATA', '01a': 'IDE', '07': 'SAS' };

function storageName(p: PciDevice): string {
  const sub = p.classCode?.slice(4, 6) ?? '';
  const kind = STORAGE_NAMES[sub];
  return `${kind ? `${kind} storage` : 'Storage'} controller${p.driver ? ` (${p.driver})` : ''}`;
}

// The picture shows what is on the line: `ahci[0000:00:1f.2]`, the name libata
// gives its handler, is the controller's own too (main/common/resolve.ts does not
// match it yet, so a plan may not resolve it: the Plan step then says so).
function owns(c: ControllerIdentity, action: string): boolean {
  return nameBelongs(action, c) || (c.driver !== null && action === `${c.driver}[${c.address}]`);
}

function usbNodes(s: Snapshot, d: UsbDevice): ChainNode[] {
  if (d.portPath === null) return [{ kind: 'port', title: 'unknown', lines: [`bus ${d.bus}`], tone: 'unknown' }];
  const nodes: ChainNode[] = [{ kind: 'port', title: `USB port ${d.bus}-${d.portPath}`, lines: [usbSpeed(d.speed)].filter(Boolean), tone: 'plain' }];
  const parts = d.portPath.split('.');
  for (let i = parts.length - 1; i >= 1; i--) {
    const at = parts.slice(0, i).join('.');
    const hub = s.usb?.devices.find((x) => x.bus === d.bus && x.portPath === at);
    nodes.push({ kind: 'hub', title: hub?.name ?? 'USB hub', lines: [`at ${d.bus}-${at}`], tone: 'plain' });
  }
  return nodes;
}

/** The boxes from the controller on (the controller at `address`, as the device is plugged now). */
function tail(s: Snapshot, scan: ScanResult, address: string | null): { nodes: ChainNode[]; sharers: string[] | null; unknown: string[] } {
  const c = address ? controllerIdentity(s, address) : null;
  const problems = address === null ? ['the controller is unknown'] : c === null ? [`no PCI data for ${address}`] : [];
  const nodes: ChainNode[] = [];
  const pci = c ? s.pci?.find((p) => p.address === c.address) : undefined;
  nodes.push({ kind: 'controller', title: c?.address ?? 'unknown', lines: [pci?.driver ?? '', pci?.bridges.length ? `behind ${pci.bridges.join(' → ')}` : ''].filter(Boolean), tone: c ? 'plain' : 'unknown' });
  const rows = c ? scan.irqTable.filter((row) => c.irqs.includes(Number(row.irq))) : [];
  // With several vectors (an xHCI's MSI-X), the ones that counted interrupts are in use.
  const used = rows.filter((row) => (row.total ?? 0) > 0);
  const shown = used.length > 0 ? used : rows;
  const sharers = c && shown.length > 0 ? distinct(shown.flatMap((row) => row.actions.filter((a) => !owns(c, a)))) : null;
  if (shown.length === 0) nodes.push({ kind: 'irq', title: 'unknown', lines: [], tone: 'unknown' });
  else {
    const kinds = distinct(shown.map((row) => (row.msi === true ? 'MSI' : row.msi === false ? 'legacy line' : ''))).filter(Boolean);
    const events = shown.reduce<number | null>((a, row) => (a === null || row.total === null ? null : a + row.total), 0);
    nodes.push({
      kind: 'irq',
      title: `IRQ ${shown.map((row) => row.irq).join(', ')}`,
      lines: [kinds.join(', '), events === null ? '' : `${count(events)} events`].filter(Boolean),
      tone: sharers === null ? 'unknown' : sharers.length > 0 ? 'bad' : 'ok',
    });
  }
  const threads = c ? (s.threads?.irq ?? []).filter((t) => (threadServes(t, c) || (t.action !== null && owns(c, t.action))) && shown.some((row) => Number(row.irq) === t.irq)) : [];
  if (threads.length === 0) {
    nodes.push(s.threads === null ? { kind: 'thread', title: 'unknown', lines: ['threads not captured'], tone: 'unknown' } : { kind: 'thread', title: 'no IRQ thread', lines: ['the handler runs unthreaded'], tone: 'warn' });
  } else {
    const lines = threads.map((t) => (threads.length > 1 ? `${t.comm}: ${sched(t)}` : sched(t)));
    nodes.push({ kind: 'thread', title: threads.length === 1 ? (threads[0]?.comm ?? '') : `${threads.length} threads`, lines, tone: 'plain' });
  }
  return { nodes, sharers, unknown: problems };
}

function picture(nodes: ChainNode[], sharers: string[] | null, unknown: string[]): ChainPicture {
  const line = nodes.map((n) => (n.tone === 'unknown' ? `${n.kind} unknown` : n.title)).join(' → ') + (sharers === null ? '' : sharers.length ? ` — shared with ${sharers.join(', ')}` : ' — alone on its line');
  return { nodes, sharers, idle: [], unknown, line };
}

function usbCandidate(s: Snapshot, scan: ScanResult, d: UsbDevice, role: 'disk' | 'midi'): ChainCandidate | null {
  if (!d.id) return null;
  const device: ChainDevice = { kind: 'usb', id: d.id, ...(d.serial && /^[A-Za-z0-9._-]{1,64}$/.test(d.serial) ? { serial: d.serial } : {}) };
  const controller = d.controller ?? s.usb?.devices.find((r) => r.isRootHub && r.bus === d.bus)?.controller ?? null;
  const t = tail(s, scan, controller);
  const head: ChainNode = { kind: 'device', title: d.name ?? d.id, lines: [`USB ${d.id}`, role === 'disk' ? 'mass storage' : 'USB audio / MIDI'], tone: 'plain' };
  return {
    key: `usb:${d.bus}-${d.portPath ?? '?'}`,
    name: d.name ?? `USB device ${d.id}`,
    detail: `USB ${d.id}, bus ${d.bus} port ${d.portPath ?? '?'}${d.speed ? `, ${usbSpeed(d.speed)}` : ''}`,
    card: null,
    device,
    usbAt: d.portPath === null ? null : `${d.bus}-${d.portPath}`,
    path: picture([head, ...usbNodes(s, d), ...t.nodes], t.sharers, t.unknown),
  };
}

function pciCandidate(s: Snapshot, scan: ScanResult, p: PciDevice): ChainCandidate {
  const device: ChainDevice = { kind: 'pci', controller: p.address };
  const t = tail(s, scan, p.address);
  const name = storageName(p);
  const head: ChainNode = { kind: 'device', title: name, lines: [`PCI ${p.address}`], tone: 'plain' };
  // The device is its own controller: one box for both.
  const nodes = [head, ...t.nodes.filter((n) => n.kind !== 'controller')];
  return { key: `pci:${p.address}`, name, detail: `PCI ${p.address}${p.driver ? `, driver ${p.driver}` : ''}`, card: null, device, usbAt: null, path: picture(nodes, t.sharers, t.unknown) };
}

/** Every device that can join the audio chain, with the path of its interrupts (thread boxes show `changes` when given). */
export function chainDevices(s: Snapshot, scan: ScanResult, changes: SchedChanges = new Map()): ChainDevices {
  const input = { scan, bundle: { files: {}, links: {} }, createdAt: '', redaction: null };
  const interfaces: ChainCandidate[] = scan.audioPaths.map((p) => {
    const card = scan.soundCards.find((c) => c.index === p.card);
    const where = p.bus === 'usb' ? `, USB bus ${p.usbBus ?? '?'} port ${p.usbPortPath ?? '?'}` : p.controller ? `, ${p.controller}` : '';
    return {
      key: `card:${p.card}`,
      name: p.name,
      detail: `card ${p.card} (${card?.driver ?? p.cardId}) on ${busName(p.bus)}${where}`,
      card: p.card,
      device: null,
      usbAt: p.bus === 'usb' && p.usbBus != null && p.usbPortPath != null ? `${p.usbBus}-${p.usbPortPath}` : null,
      path: pathView(p, input, changes),
    };
  });
  const usb = (s.usb?.devices ?? []).filter((d) => !d.isRootHub && !d.isHub);
  const disks = [
    ...(s.pci ?? []).filter(isStorage).map((p) => pciCandidate(s, scan, p)),
    ...usb.filter(isMassStorage).flatMap((d) => usbCandidate(s, scan, d, 'disk') ?? []),
  ];
  const midi = usb.filter((d) => isAudio(d) && !isMassStorage(d)).flatMap((d) => usbCandidate(s, scan, d, 'midi') ?? []);
  return { interfaces, disks, midi };
}
