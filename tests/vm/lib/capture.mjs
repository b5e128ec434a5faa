// Read a capture made in the guest by vm_capture (tests/vm/guest/lib.sh) into plain facts,
// independently of the app: what the kernel itself shows. The checks compare the app's
// scan with these facts and with the hardware profile.
import fs from 'node:fs';
import path from 'node:path';
import { PROFILE } from './profile.mjs';

const PCI_ADDRESS = /[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]/g;

/** The controller a sysfs device path belongs to: its last PCI component (null if none). */
export function pciOf(sysPath) {
  const all = String(sysPath).match(PCI_ADDRESS);
  return all ? all[all.length - 1] : null;
}

/**
 * Numbered rows of /proc/interrupts:
 *   " 16:   0   90  IO-APIC 16-fasteoi  i801_smbus, uhci_hcd:usb2"
 * -> { irq: 16, counts: [0, 90], total: 90, chip: 'IO-APIC', hwirq: '16', trigger: 'fasteoi',
 *      actions: ['i801_smbus', 'uhci_hcd:usb2'] }
 */
export function parseInterrupts(text) {
  const lines = text.split('\n');
  const cpus = (lines[0] ?? '').trim().split(/\s+/).filter(Boolean).length;
  const rows = [];
  for (const line of lines.slice(1)) {
    const m = /^\s*(\d+):\s+(.*)$/.exec(line);
    if (!m) continue;
    const words = m[2].split(/\s+/);
    const counts = words.slice(0, cpus).map(Number);
    const rest = words.slice(cpus).join(' ');
    // chip, then "hwirq-trigger", then the actions (which may contain spaces)
    const r = /^(\S+)\s+(\S+?)-(\w+)\s+(.*)$/.exec(rest) ?? /^(\S+)\s+(\S+?)-(\w+)$/.exec(rest);
    rows.push({
      irq: Number(m[1]),
      counts,
      total: counts.reduce((a, b) => a + b, 0),
      chip: r?.[1] ?? null,
      hwirq: r?.[2] ?? null,
      trigger: r?.[3] ?? null,
      actions: r?.[4] ? r[4].trim().split(/,\s*/) : [],
    });
  }
  return rows;
}

const tsv = (text) => text.split('\n').filter(Boolean).map((l) => l.split('\t'));

const POLICY = { FF: 'FIFO', RR: 'RR', TS: 'OTHER', B: 'BATCH', IDL: 'IDLE', DLN: 'DEADLINE' };

/** vm_irq_threads output ("pid<TAB>cls<TAB>rtprio<TAB>comm") -> { pid, policy, priority, comm, irq, action } */
export function parseIrqThreads(text) {
  return tsv(text).map(([pid, cls, prio, comm]) => {
    const m = /^irq\/(\d+)-(.*)$/.exec(comm);
    return {
      pid: Number(pid),
      policy: POLICY[cls] ?? cls,
      priority: prio === '-' ? 0 : Number(prio),
      comm,
      irq: m ? Number(m[1]) : null,
      action: m ? m[2] : null,
    };
  });
}

/** Everything vm_capture wrote to `dir`, parsed. */
export function readCapture(dir) {
  const read = (rel) => fs.readFileSync(path.join(dir, rel), 'utf8');
  const interrupts = parseInterrupts(read('proc/interrupts'));
  const cards = tsv(read('extra/cards.tsv')).map(([index, id, device]) => {
    const usb = /\/usb(\d+)\//.exec(device);
    return { index: Number(index), id, device, controller: pciOf(device), bus: usb ? 'usb' : 'pci', usbBus: usb ? Number(usb[1]) : null };
  });
  const usbBuses = Object.fromEntries(tsv(read('extra/usb-buses.tsv')).map(([bus, p]) => [Number(bus), pciOf(p)]));
  const pci = Object.fromEntries(
    tsv(read('extra/pci.tsv')).map(([address, driver, irq, msi]) => [
      address,
      { driver: driver || null, irq: Number(irq), msi: msi ? msi.split(',').map(Number) : [] },
    ]),
  );
  const threads = parseIrqThreads(read('extra/irq-threads.tsv'));
  const asoundCards = read('proc/asound/cards');
  return { dir, interrupts, cards, usbBuses, pci, threads, asoundCards, cmdline: read('proc/cmdline').trim(), uname: read('cmd/uname-a.txt').trim() };
}

/** The /proc/interrupts row of an IRQ number. */
export const rowOf = (cap, irq) => cap.interrupts.find((r) => r.irq === Number(irq));

/** The IRQ lines a PCI function raises: its MSI/MSI-X vectors, else its INTx line. */
export function irqsOfController(cap, address) {
  const p = cap.pci[address];
  if (!p) return [];
  return p.msi.length > 0 ? p.msi : [p.irq];
}

/**
 * The handlers (irq + action) that serve the profile's audio paths on this boot, and the
 * ones that merely share their lines: [{ role, irq, action }].
 */
export function audioHandlers(cap) {
  const card = (pci) => cap.cards.find((c) => c.controller === pci);
  const uhciBus = Number(Object.entries(cap.usbBuses).find(([, pci]) => pci === PROFILE.uhci1.pci)?.[0]);
  const es = cap.pci[PROFILE.es1370.pci].irq;
  const uhci = cap.pci[PROFILE.uhci1.pci].irq;
  return {
    serving: [
      { role: 'ES1370', irq: es, action: PROFILE.es1370.action },
      { role: 'HDA', irq: cap.pci[PROFILE.hda.pci].msi[0], action: PROFILE.hda.action(card(PROFILE.hda.pci)?.index) },
      ...irqsOfController(cap, PROFILE.xhci.pci).map((irq) => ({ role: `xHCI vector ${irq}`, irq, action: PROFILE.xhci.action })),
      { role: 'UHCI #1', irq: uhci, action: PROFILE.uhci1.action(uhciBus) },
    ],
    sharers: [
      { role: 'e1000 (shares the ES1370 line)', irq: es, action: PROFILE.es1370.sharer },
      { role: 'SMBus (shares the UHCI #1 line)', irq: uhci, action: PROFILE.uhci1.sharer },
    ],
  };
}

/** The thread of a handler in a thread list (parseIrqThreads), or undefined. */
export const threadFor = (threads, { irq, action }) => threads.find((x) => x.irq === Number(irq) && x.action === action);
