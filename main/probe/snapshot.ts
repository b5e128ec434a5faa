// One probe of a whole machine (or bundle): every reader, run through the same
// source, with their warnings collected. A part the source does not hold is
// null (unknown), never an empty guess.
import type { Snapshot, Warning } from '../common/types.js';
import { readInterrupts } from './interrupts.js';
import { readKernel } from './kernel.js';
import { readKernelIrqs } from './kernel-irq.js';
import { readMachine } from './machine.js';
import { readPci } from './pci.js';
import { readSound } from './sound.js';
import { readSystem } from './system.js';
import type { Source } from './source.js';
import { readThreads } from './threads.js';
import { readUsb } from './usb.js';

function takenAt(src: Source): string | null {
  if (src.kind === 'live') return new Date().toISOString();
  try {
    const manifest = JSON.parse(src.read('/bundle.json') ?? 'null') as { createdAt?: unknown } | null;
    return typeof manifest?.createdAt === 'string' ? manifest.createdAt : null;
  } catch {
    return null;
  }
}

/** Probe everything the analysis needs from `src`. */
export function readSnapshot(src: Source): Snapshot {
  const warnings: Warning[] = [];
  const collect = <T extends { warnings: Warning[] }>(r: T): T => {
    warnings.push(...r.warnings);
    return r;
  };
  const kernel = collect(readKernel(src)).kernel;
  const interrupts = collect(readInterrupts(src)).table;
  const kernelIrqs = src.list('/sys/kernel/irq') === null ? null : collect(readKernelIrqs(src)).irqs;
  const pci = src.list('/sys/bus/pci/devices') === null ? null : collect(readPci(src)).devices;
  const sound = src.read('/proc/asound/cards') === null ? null : collect(readSound(src)).cards;
  const usbProbe = collect(readUsb(src));
  const usb = usbProbe.from === null ? null : { devices: usbProbe.devices, from: usbProbe.from };
  const hasProc = (src.list('/proc') ?? []).some((n) => /^\d+$/.test(n));
  const threadsFrom = hasProc ? 'proc' : src.command('ps-threads') !== null ? 'ps' : null;
  let threads: Snapshot['threads'] = null;
  if (threadsFrom !== null) {
    const t = collect(readThreads(src));
    threads = { irq: t.irqThreads, tasks: t.tasks, from: threadsFrom };
  }
  return {
    schema: 1,
    takenAt: takenAt(src),
    source: { kind: src.kind, label: src.label },
    kernel,
    interrupts,
    kernelIrqs,
    pci,
    usb,
    sound,
    threads,
    system: readSystem(src),
    machine: readMachine(src),
    warnings,
  };
}
