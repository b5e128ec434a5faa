// Interrupt descriptors from /sys/kernel/irq/N (since 4.9, CONFIG_SPARSE_IRQ):
// who is on a line, which chip, and per-CPU counts.
import type { KernelIrq, Warning } from '../common/types.js';
import { parseSysfsInt } from './pci.js';
import type { Source } from './source.js';

const ROOT = '/sys/kernel/irq';

/** A sysfs attribute without its trailing newline (inner spaces kept: `PCIe PME`). */
function chomp(text: string | null): string | null {
  return text === null ? null : text.replace(/\r?\n$/, '');
}

/** `actions` content: handler names joined by "," (empty when no handler is installed). */
export function parseIrqActions(text: string): string[] {
  return text
    .replace(/\r?\n$/, '')
    .split(',')
    .filter((a) => a.trim() !== '');
}

/** `per_cpu_count` content: one count per possible CPU, joined by ","; null when not all numbers. */
export function parsePerCpuCount(text: string): number[] | null {
  const t = text.trim();
  if (t === '') return [];
  const counts = t.split(',').map((c) => parseSysfsInt(c));
  return counts.every((c): c is number => c !== null) ? counts : null;
}

/** Read one /sys/kernel/irq/N directory. */
export function readKernelIrq(src: Source, irq: number, warnings: Warning[] = []): KernelIrq {
  const dir = `${ROOT}/${irq}`;
  // Documentation/ABI/testing/sysfs-kernel-irq; kernel/irq/irqdesc.c
  // actions_show ("%s%s" with "," between names), chip_name_show, hwirq_show
  // ("%lu"), type_show ("edge"/"level"), wakeup_show ("enabled"/"disabled"),
  // name_show (flow handler name), per_cpu_count_show ("%s%u" with ",").
  const entry: KernelIrq = { irq, actions: parseIrqActions(src.read(`${dir}/actions`) ?? '') };
  const text = (name: string): string | undefined => {
    const v = chomp(src.read(`${dir}/${name}`))?.trim();
    return v ? v : undefined;
  };
  const chipName = text('chip_name');
  if (chipName !== undefined) entry.chipName = chipName;
  const hwirq = text('hwirq');
  if (hwirq !== undefined) entry.hwirq = hwirq;
  const name = text('name');
  if (name !== undefined) entry.name = name;
  const type = text('type');
  if (type !== undefined) entry.type = type;
  const wakeup = text('wakeup');
  if (wakeup !== undefined) entry.wakeup = wakeup;
  const perCpu = src.read(`${dir}/per_cpu_count`);
  if (perCpu !== null) {
    const counts = parsePerCpuCount(perCpu);
    if (counts) entry.perCpuCount = counts;
    else warnings.push({ file: `${dir}/per_cpu_count`, message: 'not a comma-separated list of counts' });
  }
  return entry;
}

/** Every interrupt descriptor under /sys/kernel/irq, in IRQ order. */
export function readKernelIrqs(src: Source): { irqs: KernelIrq[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const names = src.list(ROOT);
  if (names === null) {
    warnings.push({ file: ROOT, message: 'absent or unreadable (kernel older than 4.9 or without CONFIG_SPARSE_IRQ)' });
    return { irqs: [], warnings };
  }
  const irqs = names
    .map((n) => parseSysfsInt(n))
    .filter((n): n is number => n !== null)
    .sort((a, b) => a - b)
    .map((n) => readKernelIrq(src, n, warnings));
  return { irqs, warnings };
}
