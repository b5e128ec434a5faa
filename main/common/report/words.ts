// The words every format shares: scheduling, counts, USB speeds, fixes and
// statuses said the same way in Markdown and HTML.
import type { Fix, FindingStatus } from '../findings.js';
import type { SoundBus } from '../types.js';
import type { Sched } from './types.js';

/** `FIFO 50`, or the policy alone when it has no realtime priority. */
export function sched(t: Sched): string {
  return t.policy === 'FIFO' || t.policy === 'RR' ? `${t.policy} ${t.priority}` : t.policy;
}

/** An integer with thousands separators (`1,234,567`); `?` when unknown. */
export function count(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '?';
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A USB link speed in Mbit/s as people know it (`480` → `480M (USB 2.0 high speed)`). */
export function usbSpeed(mbps: string | null | undefined): string {
  if (!mbps) return '';
  const name: Record<string, string> = {
    '1.5': 'USB 1 low speed',
    '12': 'USB 1 full speed',
    '480': 'USB 2.0 high speed',
    '5000': 'USB 3 SuperSpeed',
    '10000': 'USB 3 SuperSpeed+',
    '20000': 'USB 3 SuperSpeed+ 2x2',
  };
  return name[mbps] ? `${mbps}M (${name[mbps]})` : `${mbps}M`;
}

/** The bus of a card in words. */
export function busName(bus: SoundBus): string {
  return { pci: 'PCI', usb: 'USB', firewire: 'FireWire', other: 'other bus', unknown: 'unknown bus' }[bus];
}

/** What a fix does, in one line. */
export function describeFix(f: Fix): string {
  switch (f.action) {
    case 'kernel-params':
      return `add ${f.add.join(' ')} to the kernel command line (boot loader)`;
    case 'rt-limits':
      return `let the ${f.group} group use realtime priority up to ${f.rtprio} and lock ${f.memlock} memory (limits.d)`;
    case 'audio-group':
      return `add you to the ${f.group} group`;
    case 'cpu-governor':
      return `set the CPU frequency governor to ${f.governor}`;
    case 'sysctl':
      return `set ${f.key} = ${f.value} (sysctl.d)`;
    case 'usb-autosuspend':
      return `keep USB device ${f.id} from autosuspending (udev rule)`;
    case 'cpu-dma-latency':
      return `let the ${f.group} group hold /dev/cpu_dma_latency (udev rule)`;
    case 'disable-service':
      return `disable ${f.unit}`;
  }
}

/** Status words, most urgent first. */
export const STATUS_ORDER: readonly FindingStatus[] = ['fail', 'warn', 'unknown', 'info', 'ok'];

/** A finding status as a label. */
export function statusLabel(s: FindingStatus): string {
  return { fail: '✗ fail', warn: '⚠ warn', unknown: '? unknown', info: 'ℹ info', ok: '✓ ok' }[s];
}

/** The verdict levels in words. */
export const VERDICT_WORDS = { ready: 'Ready', almost: 'Almost ready', 'not-ready': 'Not ready', unknown: 'Cannot tell yet' } as const;

/** "1 thing" / "2 things". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** An ISO time as people read it (`2026-11-22 01:51 UTC`); other text as it is. */
export function when(iso: string | null | undefined): string {
  if (!iso) return 'time unknown';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso);
  return m ? `${m[1]} ${m[2]}${m[3] === 'Z' ? ' UTC' : m[3] ? ` ${m[3]}` : ''}` : iso;
}

/** A check's measured value in words (`true` → yes). */
export function valueText(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/** A sentence starts with a capital. */
export function sentence(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
