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

/** Read up to `max` whitespace-separated decimal counts from `line` at `pos`. */
function readCounts(line: string, pos: number, max: number): { counts: number[]; rest: number } {
  // Hot loop (256 CPUs x 2000 lines): char codes only, no allocation but the result.
  const counts: number[] = [];
  const n = line.length;
  let i = pos;
  while (counts.length < max) {
    let j = i;
    let c = line.charCodeAt(j);
    while (c === 32 || c === 9) c = line.charCodeAt(++j);
    let k = j;
    let value = 0;
    while (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      c = line.charCodeAt(++k);
    }
    // A count is a whole token: digits followed by whitespace or the end of the line.
    if (k === j || (k < n && c !== 32 && c !== 9)) break;
    counts.push(value);
    i = k;
  }
  return { counts, rest: i };
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

function inferCpuCount(lines: string[]): number {
  const freq = new Map<number, number>();
  for (const line of lines) {
    const m = /^\s*(\d+):/.exec(line);
    if (!m) continue;
    const n = readCounts(line, m[0].length, 4096).counts.length;
    freq.set(n, (freq.get(n) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = -1;
  for (const [n, c] of freq) if (c > bestCount || (c === bestCount && n > best)) [best, bestCount] = [n, c];
  return best;
}

/** Parse the text of /proc/interrupts; never throws, problems become warnings. */
export function parseInterrupts(text: string, file = FILE): InterruptsParse {
  const warnings: Warning[] = [];
  const lines = (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).split('\n');
  let headerIndex = lines.findIndex((l) => !isBlank(l));
  if (headerIndex < 0) return { table: null, warnings: [{ file, message: 'empty file' }] };
  let cpus = (lines[headerIndex] as string).trim().split(/\s+/);
  let cpuCount: number;
  if (cpus.length > 0 && cpus.every((c) => /^CPU\d+$/.test(c))) {
    cpuCount = cpus.length;
  } else {
    warnings.push({ file, message: 'no CPU header line: the number of CPU columns was inferred from the rows' });
    headerIndex = -1;
    cpuCount = inferCpuCount(lines);
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
    const { counts, rest } = readCounts(line, label[0].length, cpuCount);
    const tail = line.slice(rest);
    const total = counts.reduce((a, b) => a + b, 0);
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
