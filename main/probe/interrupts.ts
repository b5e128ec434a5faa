// /proc/interrupts: kernel/irq/proc.c show_interrupts() prints a "CPUn" header
// for the online CPUs, then per IRQ `%*d:` + one count per CPU + the chip name
// (` %8s`), the hwirq (` %*lu`, since 3.19), the level (` %-8s`, only with
// GENERIC_IRQ_SHOW_LEVEL: ARM's `Edge`/`Level`), the flow handler (`-%-8s`:
// `-edge`, `-fasteoi`) and the actions (`  %s`, then `, %s`). Before 3.19 the
// chip and flow were fused (`IO-APIC-fasteoi`); 2.6 -rt kernels appended a
// `n/m` column; some embedded kernels print no chip at all; arch rows (`NMI:`,
// `LOC:`, `IPI0:`, `ERR:`) end with a description and may have a single count.
import type { InterruptRow, InterruptsTable, Warning } from '../common/types.js';
import type { Source } from './source.js';

/** Result of parsing /proc/interrupts. */
export interface InterruptsParse {
  table: InterruptsTable | null;
  warnings: Warning[];
}

const FILE = '/proc/interrupts';

// Modern layout: chip (may contain spaces: `BRCM STB PCIe MSI`), hwirq, then a
// level word and/or a `-flow` suffix, then the actions.
const MODERN =
  /^(\S(?:.*?\S)?)\s+(\d+|0x[0-9a-fA-F]+)(?:\s+(Edge|Level|edge|level)(?:-([A-Za-z_][\w-]*))?|-([A-Za-z_][\w-]*))(?=\s|$)\s*(.*)$/;
// Fused pre-3.19 chip+flow token, or a bare legacy chip name.
const FUSED = /^([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*?)-(edge|level|fasteoi|simple|percpu|XT)$/;
const BARE_CHIPS = new Set(['XT-PIC', 'IO-APIC', 'LAPIC', 'None']);
// 2.6 realtime-preempt: trailing `<n>/<m>` column after the actions.
const RT_TRAILER = /\s{2,}\d+\/\d+\s*$/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Read up to `max` whitespace-separated decimal counts from `bytes` at `pos`, up to the
 * end of its line `n` (a newline or the end of the bytes: past them nothing matches).
 */
function readCounts(bytes: Uint8Array, pos: number, max: number, n: number): { counts: number[]; total: number; rest: number } {
  // Hot loop (256 CPUs x 2000 lines): bytes, not a string's char codes (two to three times
  // faster in V8), no allocation but the result.
  const counts: number[] = [];
  let total = 0;
  let i = pos;
  let c = bytes[i] as number;
  while (counts.length < max) {
    let j = i;
    while (c === 32 || c === 9) c = bytes[++j] as number;
    let k = j;
    let value = 0;
    while (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      c = bytes[++k] as number;
    }
    // A count is a whole token: digits followed by whitespace or the end of the line.
    if (k === j || (k < n && c !== 32 && c !== 9)) break;
    counts.push(value);
    total += value;
    i = k;
  }
  return { counts, total, rest: i };
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (!isSpace(line.charCodeAt(i)) && line.charCodeAt(i) !== 13) return false;
  return true;
}

function splitActions(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(', ').map((a) => a.trim()).filter((a) => a !== '');
}

/** Split the text after the counts of a numbered row into chip, hwirq, trigger and actions. */
export function parseIrqTail(tail: string): Pick<InterruptRow, 'chip' | 'hwirq' | 'trigger' | 'actions'> & {
  ambiguous: boolean;
} {
  const text = tail.replace(RT_TRAILER, '').trim();
  if (text === '') return { actions: [], ambiguous: false };
  const m = MODERN.exec(text);
  if (m) {
    return {
      chip: m[1],
      hwirq: m[2],
      trigger: (m[5] ?? m[4] ?? m[3]) as string,
      actions: splitActions(m[6] ?? ''),
      ambiguous: false,
    };
  }
  const first = /^(\S+)(?:\s+(.*))?$/.exec(text);
  if (first) {
    const token = first[1] as string;
    const fused = FUSED.exec(token);
    if (fused) return { chip: fused[1], trigger: fused[2], actions: splitActions(first[2] ?? ''), ambiguous: false };
    if (BARE_CHIPS.has(token)) return { chip: token, actions: splitActions(first[2] ?? ''), ambiguous: false };
  }
  // No chip column (old embedded kernels): the whole text names the handlers.
  // Runs of spaces inside it may hide an unknown chip layout: say so.
  return { actions: splitActions(text), ambiguous: /\S\s{2,}\S/.test(text) };
}

/** The text as one byte per UTF-16 unit, at the same offsets (any unit above 0xff becomes `?`: never a digit or a space). */
function bytesOf(text: string): Uint8Array {
  return Buffer.from(/[\u0100-\uffff]/.test(text) ? text.replace(/[\u0100-\uffff]/g, '?') : text, 'latin1');
}

function inferCpuCount(lines: readonly string[], starts: readonly number[], bytes: Uint8Array): number {
  const freq = new Map<number, number>();
  for (const [n, line] of lines.entries()) {
    const m = /^\s*(\d+):/.exec(line);
    if (!m) continue;
    const start = starts[n] as number;
    const count = readCounts(bytes, start + m[0].length, 4096, start + line.length).counts.length;
    freq.set(count, (freq.get(count) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = -1;
  for (const [n, c] of freq) if (c > bestCount || (c === bestCount && n > best)) [best, bestCount] = [n, c];
  return best;
}

/** Parse the text of /proc/interrupts; never throws, problems become warnings. */
export function parseInterrupts(text: string, file = FILE): InterruptsParse {
  const warnings: Warning[] = [];
  const flat = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const lines = flat.split('\n');
  // Where each line starts in `flat`: the counts are read from its bytes.
  const bytes = bytesOf(flat);
  const starts = new Array<number>(lines.length);
  for (let n = 0, at = 0; n < lines.length; n++) {
    starts[n] = at;
    at += (lines[n] as string).length + 1;
  }
  let headerIndex = lines.findIndex((l) => !isBlank(l));
  if (headerIndex < 0) return { table: null, warnings: [{ file, message: 'empty file' }] };
  let cpus = (lines[headerIndex] as string).trim().split(/\s+/);
  let cpuCount: number;
  if (cpus.length > 0 && cpus.every((c) => /^CPU\d+$/.test(c))) {
    cpuCount = cpus.length;
  } else {
    warnings.push({ file, message: 'no CPU header line: the number of CPU columns was inferred from the rows' });
    headerIndex = -1;
    cpuCount = inferCpuCount(lines, starts, bytes);
    cpus = Array.from({ length: cpuCount }, (_, i) => `CPU${i}`);
  }
  const rows: InterruptRow[] = [];
  const seen = new Set<string>();
  for (let n = headerIndex + 1; n < lines.length; n++) {
    const line = lines[n] as string;
    if (isBlank(line)) continue;
    const label = /^\s*([^\s:]+):/.exec(line);
    if (!label) {
      warnings.push({ file, message: `line ${n + 1}: no "LABEL:" prefix, skipped: ${line.trim().slice(0, 80)}` });
      continue;
    }
    const irq = label[1] as string;
    const start = starts[n] as number;
    const { counts, total, rest } = readCounts(bytes, start + label[0].length, cpuCount, start + line.length);
    const tail = line.slice(rest - start);
    if (seen.has(irq)) warnings.push({ file, message: `line ${n + 1}: IRQ ${irq} appears twice` });
    seen.add(irq);
    if (/^\d+$/.test(irq)) {
      if (counts.length < cpuCount) {
        warnings.push({ file, message: `line ${n + 1}: IRQ ${irq} has ${counts.length} of ${cpuCount} counts` });
      }
      const { ambiguous, ...parts } = parseIrqTail(tail);
      if (ambiguous) {
        warnings.push({ file, message: `line ${n + 1}: IRQ ${irq}: chip column not recognised, read as handler names` });
      }
      rows.push({ irq, ...parts, counts, total });
    } else {
      const description = tail.trim();
      rows.push({ irq, actions: [], counts, total, ...(description ? { description } : {}) });
    }
  }
  return { table: { cpuCount, cpus, rows }, warnings };
}

/** Read and parse /proc/interrupts from a source; null table when the file is absent. */
export function readInterrupts(src: Source): InterruptsParse {
  const text = src.read(FILE);
  if (text === null) return { table: null, warnings: [] };
  return parseInterrupts(text);
}
