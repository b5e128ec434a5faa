// Thread tables printed by procps `ps` (rtirq's `status`, `ps -eLo ...`), used
// when a bundle has no /proc/PID entries. Columns are found by header name, or
// by the `-o` format list of a "$ ps ..." line when the header was grepped away.
import { POLICIES, type Policy } from '../common/types.js';

/** One row of a `ps` thread table. */
export interface PsThread {
  /** The PID column (the thread group id with `ps -L`). */
  pid: number;
  /** The LWP/TID/SPID column when present. */
  tid: number | null;
  comm: string;
  policy: Policy;
  /** RTPRIO, 0 when printed as `-` (not a realtime policy). */
  priority: number;
  nice: number | null;
  cls?: string;
  stat?: string;
}

type Column = 'pid' | 'tid' | 'cls' | 'sch' | 'rtprio' | 'ni' | 'pri' | 'cpu' | 'stat' | 'comm' | 'other';

// procps ps/output.c: the header each format specifier prints.
const HEADER_COLUMNS: Readonly<Record<string, Column>> = {
  PID: 'pid', LWP: 'tid', TID: 'tid', SPID: 'tid', CLS: 'cls', CLASS: 'cls', POL: 'cls', SCH: 'sch',
  RTPRIO: 'rtprio', NI: 'ni', PRI: 'pri', '%CPU': 'cpu', STAT: 'stat', S: 'stat',
  COMMAND: 'comm', COMM: 'comm', CMD: 'comm',
};
const FORMAT_COLUMNS: Readonly<Record<string, Column>> = {
  pid: 'pid', lwp: 'tid', tid: 'tid', spid: 'tid', cls: 'cls', class: 'cls', policy: 'cls', sched: 'sch',
  rtprio: 'rtprio', ni: 'ni', nice: 'ni', pri: 'pri', pcpu: 'cpu', '%cpu': 'cpu', stat: 'stat', state: 'stat', s: 'stat',
  comm: 'comm', ucomm: 'comm', ucmd: 'comm', command: 'comm', cmd: 'comm', args: 'comm',
};
// procps ps/output.c pr_class: TS FF RR B ISO IDL DLN, "#n" for others (older
// procps print "#6" for SCHED_DEADLINE), "-" when not reported, "?" unknown.
const CLASS_POLICY: Readonly<Record<string, Policy>> = {
  TS: 'OTHER', FF: 'FIFO', RR: 'RR', B: 'BATCH', ISO: 'ISO', IDL: 'IDLE', DLN: 'DEADLINE',
};
const CLASS_RE = /^(TS|FF|RR|B|ISO|IDL|DLN|#\d+|\?)$/;
// Numbers, "-" placeholders and STAT codes that sit between the class and the command.
const FILLER_RE = /^(-|[+-]?\d+(\.\d+)?|[DIRSTtWXZP][<NLslp+]*)$/;
const INT_RE = /^[+-]?\d{1,10}$/;

/** Policy for a scheduling policy number (include/uapi/linux/sched.h: 0 OTHER … 6 DEADLINE). */
export function policyFromNumber(n: number | null): Policy {
  if (n === null || !Number.isInteger(n) || n < 0 || n > 6) return 'unknown';
  return POLICIES[n] ?? 'unknown';
}

/** Policy for a `ps` CLS value (`FF`, `TS`, `#6`, ...). */
export function policyFromClass(cls: string): Policy {
  const known = CLASS_POLICY[cls];
  if (known) return known;
  const m = /^#(\d+)$/.exec(cls);
  return m ? policyFromNumber(Number(m[1])) : 'unknown';
}

function toInt(t: string | undefined): number | null {
  return t !== undefined && INT_RE.test(t) ? Number(t) : null;
}

function specFromHeader(line: string): Column[] | null {
  const toks = line.trim().split(/\s+/);
  if (!toks.includes('PID') || !toks.every((t) => /^[%A-Z_]+$/.test(t))) return null;
  return toks.map((t) => HEADER_COLUMNS[t] ?? 'other');
}

/** Columns named by the format list of a `$ ps -eLo pid,cls,...` command line. */
function specFromCommand(line: string): Column[] | null {
  const m = /^\s*[$#]\s+(.*)$/.exec(line);
  if (!m) return null;
  const argv = (m[1] ?? '').split('|')[0]?.trim().split(/\s+/) ?? [];
  if (!argv.some((a) => a === 'ps' || a.endsWith('/ps'))) return null;
  const fields: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (/^-[A-Za-z]*o$/.test(a) || a === 'o' || a === '--format') fields.push(...(argv[++i] ?? '').split(','));
    else if (a.startsWith('--format=')) fields.push(...a.slice(9).split(','));
    else if (/^-o./.test(a)) fields.push(...a.slice(2).split(','));
  }
  const cols = fields.filter(Boolean).map((f) => FORMAT_COLUMNS[(f.split('=')[0] ?? '').toLowerCase()] ?? 'other');
  return cols.includes('pid') ? cols : null;
}

function build(values: Partial<Record<Column, string>>, comm: string): PsThread | null {
  const pid = toInt(values.pid);
  if (pid === null || pid < 0 || !/^\d+$/.test(values.pid ?? '')) return null;
  const cls = values.cls;
  const rtprio = toInt(values.rtprio);
  const row: PsThread = {
    pid,
    tid: toInt(values.tid),
    comm,
    policy: cls !== undefined ? policyFromClass(cls) : policyFromNumber(toInt(values.sch)),
    priority: rtprio !== null && rtprio > 0 ? rtprio : 0,
    nice: toInt(values.ni),
  };
  if (cls !== undefined) row.cls = cls;
  if (values.stat !== undefined) row.stat = values.stat;
  return row;
}

function rowWithSpec(line: string, spec: Column[]): PsThread | null {
  const toks = [...line.matchAll(/\S+/g)];
  const c = spec.indexOf('comm');
  if (toks.length < spec.length || (c < 0 && toks.length !== spec.length)) return null;
  const values: Partial<Record<Column, string>> = {};
  if (c < 0) {
    spec.forEach((col, i) => (values[col] = toks[i]?.[0]));
    return build(values, '');
  }
  // The command may hold spaces (`irq/24-PCIe PME`, `IRQ 5`): it takes every
  // token the columns before and after it leave.
  const after = spec.length - 1 - c;
  for (let i = 0; i < c; i++) values[spec[i] ?? 'other'] = toks[i]?.[0];
  for (let j = 0; j < after; j++) values[spec[c + 1 + j] ?? 'other'] = toks[toks.length - after + j]?.[0];
  const first = toks[c];
  const last = toks[toks.length - after - 1];
  if (!first || !last) return null;
  return build(values, line.slice(first.index, last.index + last[0].length));
}

/** A row of a table with no header or format list: PID [CLS [RTPRIO]] numbers… COMMAND. */
function rowGuessed(line: string): PsThread | null {
  const toks = [...line.matchAll(/\S+/g)];
  if (toks.length < 2) return null;
  const values: Partial<Record<Column, string>> = { pid: toks[0]?.[0] };
  let i = 1;
  if (CLASS_RE.test(toks[1]?.[0] ?? '')) {
    values.cls = toks[1]?.[0];
    i = 2;
    if (/^(-|\d+)$/.test(toks[2]?.[0] ?? '') && toks.length > 3) values.rtprio = toks[i++]?.[0];
  }
  while (i < toks.length - 1 && FILLER_RE.test(toks[i]?.[0] ?? '')) i++;
  const start = toks[i];
  return start ? build(values, line.slice(start.index).trimEnd()) : null;
}

/** Parse a `ps` thread table (rtirq status, `ps -eLo pid,cls,rtprio,...,comm`); rows it cannot read are skipped. */
export function parsePsThreads(text: string): PsThread[] {
  const rows: PsThread[] = [];
  let spec: Column[] | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const header = specFromHeader(line) ?? specFromCommand(line);
    if (header) {
      spec = header;
      continue;
    }
    const row = spec ? rowWithSpec(line, spec) : /^\s*\d/.test(line) ? rowGuessed(line) : null;
    if (row) rows.push(row);
  }
  return rows;
}
