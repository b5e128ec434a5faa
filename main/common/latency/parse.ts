// cyclictest's text outputs. Histogram mode (`-h N`, on stdout or --histfile):
// `# Histogram`, one row per µs bucket (`%06d` then a `%06lu` column per thread,
// tab-separated; `-H` adds an all-threads column), then `# Total:` (in-range
// samples), `# Min/Avg/Max Latencies:`, `# Histogram Overflows:`. Summary mode:
// `T: 0 ( 1234) P:80 I:1000 C:  10000 Min:      3 Act:    5 Avg:    6 Max:      42`
// per thread, printed once with -q, refreshed with cursor moves without it.
import { parseCyclictestJson } from './json.js';
import { capWarnings, type Bucket, type CyclictestRun, type ParseResult, type ThreadRun } from './types.js';

const NUM = /^\d{1,15}$/;
const KEYS = ['Total', 'Min Latencies', 'Avg Latencies', 'Max Latencies', 'Histogram Overflows'] as const;
type Key = (typeof KEYS)[number];
// Terminal control sequences of the live display (`ESC [ 4 A`: cursor up).
// eslint-disable-next-line no-control-regex -- ESC is exactly what is matched
const ESCAPES = /\x1b\[([0-9;]*)([A-Za-z])/g;

/** Replace the live display's cursor moves with line breaks (each one starts a fresh screen). */
export function stripEscapes(text: string): { text: string; live: boolean } {
  let live = false;
  const out = text.replace(ESCAPES, (_m, _n: string, cmd: string) => {
    if (cmd === 'A') live = true;
    return '\n';
  });
  return { text: out, live };
}

function numbers(text: string): number[] | null {
  const fields = text.trim().split(/\s+/).filter((f) => f !== '');
  return fields.every((f) => NUM.test(f)) ? fields.map(Number) : null;
}

/** Parse histogram-mode output (`-h N`, stdout or --histfile); anything before `# Histogram` is skipped. */
export function parseHistogramText(text: string): ParseResult {
  const lines = stripEscapes(text).text.split(/\r?\n|\r/);
  const start = lines.findIndex((l) => /^#\s*Histogram\s*$/.test(l));
  if (start < 0) return { ok: false, error: 'no "# Histogram" line: not cyclictest histogram output' };
  const warnings: string[] = [];
  const rows = new Map<number, number[]>();
  const keyed = new Map<Key, number[]>();
  let last = -1;
  for (let i = start + 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const key = /^#\s*([A-Za-z ]+?):(.*)$/.exec(line);
    if (key) {
      const name = KEYS.find((k) => k === key[1]);
      const values = name ? numbers(key[2] as string) : null;
      if (name && values && !keyed.has(name)) keyed.set(name, values);
      else if (name && !keyed.has(name)) warnings.push(`unreadable "# ${name}:" line`);
      continue;
    }
    if (line.startsWith('#')) continue;
    const fields = numbers(line);
    if (!fields || fields.length < 2) {
      if (keyed.size === 0) warnings.push(`line ${i + 1} is not a histogram row: ${JSON.stringify(line.slice(0, 60))}`);
      continue;
    }
    const us = fields[0] as number;
    if (keyed.size > 0) warnings.push(`histogram row ${us} after the totals: ignored`);
    else if (rows.has(us)) warnings.push(`histogram row ${us} repeated: the first is kept`);
    else {
      rows.set(us, fields.slice(1));
      last = Math.max(last, us);
    }
  }
  // Min and Avg never carry -H's all-threads column, so they count the threads.
  const n = keyed.get('Min Latencies')?.length ?? keyed.get('Avg Latencies')?.length ?? mostCommonWidth(rows);
  if (n === 0) return { ok: false, error: 'a "# Histogram" line but no threads in it' };
  const perThread: Bucket[][] = Array.from({ length: n }, () => []);
  let badRows = 0;
  for (const [us, counts] of [...rows.entries()].sort((a, b) => a[0] - b[0])) {
    if (counts.length !== n && counts.length !== n + 1) {
      badRows++;
      continue;
    }
    counts.slice(0, n).forEach((c, t) => c > 0 && perThread[t]!.push([us, c]));
  }
  if (badRows) warnings.push(`${badRows} histogram row(s) with a column count other than ${n} threads: ignored`);
  const column = (k: Key, t: number): number | null => {
    const v = keyed.get(k);
    return v && (v.length === n || v.length === n + 1) ? (v[t] ?? null) : null;
  };
  for (const k of KEYS) {
    if (!keyed.has(k)) warnings.push(`no "# ${k}:" line (output cut short?)`);
    else if (column(k, 0) === null) warnings.push(`"# ${k}:" has ${keyed.get(k)!.length} values for ${n} threads: ignored`);
  }
  const contiguous = rows.size === last + 1;
  if (!contiguous) warnings.push(`histogram rows are not 0..${last} without gaps`);
  let consistent = true;
  const threads: ThreadRun[] = perThread.map((buckets, t) => {
    const inRange = buckets.reduce((a, [, c]) => a + c, 0);
    const total = column('Total', t);
    if (total !== null && total !== inRange) {
      consistent = false;
      warnings.push(`thread ${t}: the rows add up to ${inRange}, "# Total:" says ${total}`);
    }
    const overflows = column('Histogram Overflows', t);
    const okCounts = total !== null && total === inRange;
    return {
      thread: t,
      cpu: null,
      cycles: okCounts && overflows !== null ? inRange + overflows : null,
      min: column('Min Latencies', t),
      avg: column('Avg Latencies', t),
      max: column('Max Latencies', t),
      overflows,
      // Without a trustworthy count the buckets cannot say what share of the samples they are.
      buckets: okCounts ? buckets : null,
    };
  });
  const complete = consistent && contiguous && badRows === 0 && KEYS.every((k) => column(k, 0) !== null);
  const histogramUs = contiguous && last >= 0 ? last + 1 : null;
  return { ok: true, run: { source: 'histogram', histogramUs, threads, version: null, complete, warnings: capWarnings(warnings) } };
}

function mostCommonWidth(rows: Map<number, number[]>): number {
  const widths = new Map<number, number>();
  for (const r of rows.values()) widths.set(r.length, (widths.get(r.length) ?? 0) + 1);
  let best = 0;
  let seen = 0;
  for (const [w, c] of widths) if (c > seen) [best, seen] = [w, c];
  return best;
}

const T_LINE = /^T:\s*(\d{1,5})\s*\(\s*(\d{1,10})\)\s*P:\s*(\d{1,3})\s*I:\s*(\d{1,10})\s*C:\s*(\d{1,15})\s*Min:\s*(\d{1,15})\s*Act:\s*(\d{1,15})\s*Avg:\s*(\d{1,15})\s*Max:\s*(\d{1,15})/;

/** Parse summary-mode output: the last `T:` line of every thread wins (the live display reprints them). */
export function parseSummaryText(text: string): ParseResult {
  const { text: plain, live } = stripEscapes(text);
  const last = new Map<number, ThreadRun>();
  for (const raw of plain.split(/\r?\n|\r/)) {
    const m = T_LINE.exec(raw.trim());
    if (!m) continue;
    const [thread, cycles, min, avg, max] = [m[1], m[5], m[6], m[8], m[9]].map(Number) as [number, number, number, number, number];
    // A thread that has not woken yet shows C: 0 and cyclictest's initial Min (1000000).
    const none = cycles === 0;
    last.set(thread, { thread, cpu: null, cycles, min: none ? null : min, avg: none ? null : avg, max: none ? null : max, overflows: null, buckets: null });
  }
  if (last.size === 0) return { ok: false, error: 'no "T: N (pid) P:.. I:.. C:.. Min:.. Act:.. Avg:.. Max:.." lines: not cyclictest output' };
  const threads = [...last.values()].sort((a, b) => a.thread - b.thread);
  const warnings: string[] = [];
  if (live) warnings.push('live display output: the last status lines may predate the end of the run (use -q for the final summary)');
  const gaps = threads.some((t, i) => t.thread !== i);
  if (gaps) warnings.push('thread numbers are not 0..N-1 without gaps');
  return { ok: true, run: { source: 'summary', histogramUs: null, threads, version: null, complete: !live && !gaps, warnings } };
}

/** Parse any cyclictest output: JSON (--json), histogram mode (preferred when present) or summary mode. */
export function parseCyclictest(text: string): ParseResult {
  if (text.trimStart().startsWith('{')) return parseCyclictestJson(text);
  if (/^#\s*Histogram\s*$/m.test(text)) return parseHistogramText(text);
  return parseSummaryText(text);
}

/** Take the CPU numbers and exact averages of a JSON run into a text run of the same measurement. */
export function mergeJson(text: CyclictestRun, json: CyclictestRun): CyclictestRun {
  const same =
    text.threads.length === json.threads.length &&
    text.threads.every((t, i) => t.max === json.threads[i]!.max && t.min === json.threads[i]!.min);
  if (!same) return { ...text, warnings: [...text.warnings, 'the JSON output describes another run: ignored'] };
  return {
    ...text,
    version: json.version ?? text.version,
    threads: text.threads.map((t, i) => {
      const j = json.threads[i]!;
      return { ...t, cpu: j.cpu, avg: j.avg ?? t.avg, cycles: t.cycles ?? j.cycles };
    }),
  };
}
