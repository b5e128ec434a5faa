// IRQ threads and the other scheduling-relevant tasks (softirq/timer kthreads,
// audio servers), from /proc/PID/stat or, in a bundle without /proc, from a
// captured `ps` table.
import type { IrqThread, Policy, TaskInfo, Warning } from '../common/types.js';
import { parsePsThreads, policyFromNumber, type PsThread } from './ps-threads.js';
import type { Source } from './source.js';

/** The `ps` table parser lives in ps-threads.ts; re-exported as part of the threads probe. */
export { parsePsThreads, type PsThread } from './ps-threads.js';

/** The fields of /proc/PID/stat the probes use. */
export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number | null;
  flags: number | null;
  rtPriority: number | null;
  policy: Policy;
  nice: number | null;
}

/** What an IRQ thread's name says. */
export type IrqThreadName = Pick<IrqThread, 'irq' | 'action' | 'secondary' | 'style' | 'truncated'>;

// include/linux/sched.h: PF_KTHREAD "I am a kernel thread".
const PF_KTHREAD = 0x00200000;
// include/linux/sched.h TASK_COMM_LEN = 16: comm shows at most 15 bytes.
const COMM_MAX = 15;
// kernel/softirq.c (ksoftirqd/%u, ktimers/%u), kernel/irq_work.c (irq_work/%u),
// kernel/rcu/tree.c (rcuc/%u), kernel/rcu/tree_plugin.h (rcub/%d); ktimersoftd/%u
// is the older PREEMPT_RT patch's name for ktimers.
const KERNEL_TASK_RE = /^((ksoftirqd|ktimers|ktimersoftd|irq_work|rcuc)\/\d+|rcub(\/\d+)?)$/;

/** User-space processes whose threads the checks look at (matched on process or thread comm). */
export const AUDIO_TASK_NAMES = [
  'pipewire', 'pipewire-pulse', 'wireplumber', 'jackd', 'jackdbus', 'pulseaudio', 'rtkit-daemon', 'irqbalance', 'tuned',
] as const;
const AUDIO = new Set<string>(AUDIO_TASK_NAMES);

/** Parse /proc/PID/stat or /proc/PID/task/TID/stat; null when it is not one. */
export function parseProcStat(text: string): ProcStat | null {
  // fs/proc/array.c do_task_stat: "%d (%s) %c %d ..." — comm is printed raw
  // (spaces, parentheses), so it ends at the LAST ')'.
  const head = /^\s*(\d{1,10}) \(/.exec(text);
  const close = text.lastIndexOf(')');
  if (!head || close < head[0].length) return null;
  const fields = text.slice(close + 1).trim().split(/\s+/);
  // fields[0] is field 3 (state); field n of proc(5) is fields[n - 3].
  const num = (n: number): number | null => {
    const t = fields[n - 3];
    return t !== undefined && /^-?\d{1,20}$/.test(t) && Number.isSafeInteger(Number(t)) ? Number(t) : null;
  };
  return {
    pid: Number(head[1]),
    comm: text.slice(head[0].length, close),
    state: fields[0] ?? '',
    ppid: num(4),
    flags: num(9),
    rtPriority: num(40),
    policy: policyFromNumber(num(41)),
    nice: num(19),
  };
}

/** True for a kernel thread: PF_KTHREAD set, kthreadd itself, or a child of kthreadd. */
export function isKernelThread(stat: ProcStat, kthreaddIsPid2 = true): boolean {
  if (stat.flags !== null && (stat.flags & PF_KTHREAD) !== 0) return true;
  return kthreaddIsPid2 && (stat.pid === 2 || stat.ppid === 2);
}

/** Parse an IRQ thread name (`irq/33-snd_hda_intel:card1`, `irq/16-s-foo`, `IRQ-5`, `IRQ 5`); null otherwise. */
export function parseIrqThreadName(comm: string): IrqThreadName | null {
  // kernel/irq/manage.c setup_irq_thread: "irq/%d-%s" and "irq/%d-s-%s"
  // (secondary). The "-" after the number is part of the match, so irq/1-
  // never matches irq/11-; "%d" never prints a leading zero.
  const m = /^irq\/(0|[1-9]\d{0,8})-([^]*)$/.exec(comm);
  if (m) {
    let action = m[2] ?? '';
    const secondary = action.startsWith('s-');
    if (secondary) action = action.slice(2);
    const truncated = new TextEncoder().encode(comm).length === COMM_MAX;
    return { irq: Number(m[1]), action, secondary, style: 'irq/N-name', truncated };
  }
  // 2.6 realtime-preempt patches: "IRQ %d" (2004), later "IRQ-%d".
  const old = /^IRQ([- ])(0|[1-9]\d{0,8})$/.exec(comm);
  if (!old) return null;
  return { irq: Number(old[2]), action: null, secondary: false, style: old[1] === '-' ? 'IRQ-N' : 'IRQ N', truncated: false };
}

function irqThread(pid: number, comm: string, policy: Policy, priority: number, kernelThread: boolean | null): IrqThread | null {
  const name = parseIrqThreadName(comm);
  return name ? { pid, comm, ...name, policy, priority, kernelThread } : null;
}

function task(pid: number, tid: number, st: ProcStat, kernelThread: boolean): TaskInfo {
  return { pid, tid, comm: st.comm, policy: st.policy, priority: st.rtPriority ?? 0, kernelThread };
}

function readStat(src: Source, file: string, warnings: Warning[]): ProcStat | null {
  const text = src.read(file);
  // A task that exited between list and read is normal on a live machine.
  if (text === null) return null;
  const st = parseProcStat(text);
  if (!st) warnings.push({ file, message: 'not a stat line' });
  return st;
}

function userTasks(src: Source, st: ProcStat, warnings: Warning[]): TaskInfo[] {
  const out: TaskInfo[] = [];
  const processMatches = AUDIO.has(st.comm);
  const tids = (src.list(`/proc/${st.pid}/task`) ?? []).filter((t) => /^\d{1,10}$/.test(t)).map(Number);
  if (tids.length === 0 && processMatches) return [task(st.pid, st.pid, st, false)];
  for (const tid of tids.sort((a, b) => a - b)) {
    // fs/proc/base.c tid_base_stuff: /proc/PID/task/TID/stat is do_task_stat for one thread.
    const t = tid === st.pid ? st : readStat(src, `/proc/${st.pid}/task/${tid}/stat`, warnings);
    if (t && (processMatches || AUDIO.has(t.comm))) out.push(task(st.pid, tid, t, false));
  }
  return out;
}

function fromProc(src: Source, pids: number[]): ThreadsProbe {
  const warnings: Warning[] = [];
  const stats: ProcStat[] = [];
  for (const pid of pids) {
    // fs/proc/array.c proc_tgid_stat → do_task_stat (Documentation/filesystems/proc.rst, Table 1-4).
    const st = readStat(src, `/proc/${pid}/stat`, warnings);
    if (st) stats.push(st);
  }
  // In a PID namespace pid 2 is an ordinary process: trust "child of 2" only
  // when pid 2 is kthreadd.
  const two = stats.find((s) => s.pid === 2);
  const kthreaddIsPid2 = !two || two.comm === 'kthreadd' || isKernelThread(two, false);
  const irqThreads: IrqThread[] = [];
  const tasks: TaskInfo[] = [];
  for (const st of stats) {
    const kernel = isKernelThread(st, kthreaddIsPid2);
    if (kernel) {
      const t = irqThread(st.pid, st.comm, st.policy, st.rtPriority ?? 0, true);
      if (t) irqThreads.push(t);
      else if (KERNEL_TASK_RE.test(st.comm)) tasks.push(task(st.pid, st.pid, st, true));
    } else tasks.push(...userTasks(src, st, warnings));
  }
  return { irqThreads, tasks, warnings };
}

function fromPs(rows: PsThread[]): Omit<ThreadsProbe, 'warnings'> {
  const processComm = new Map<number, string>();
  const rowsPerPid = new Map<number, number>();
  for (const r of rows) {
    if (!processComm.has(r.pid)) processComm.set(r.pid, r.comm);
    rowsPerPid.set(r.pid, (rowsPerPid.get(r.pid) ?? 0) + 1);
  }
  const irqThreads: IrqThread[] = [];
  const tasks: TaskInfo[] = [];
  for (const r of rows) {
    // A kernel thread is alone in its thread group (tid = pid); ps cannot say more.
    const multi = (r.tid !== null && r.tid !== r.pid) || (rowsPerPid.get(r.pid) ?? 0) > 1;
    const kernelThread = multi ? false : null;
    const t = irqThread(r.pid, r.comm, r.policy, r.priority, kernelThread);
    const info: TaskInfo = { pid: r.pid, tid: r.tid ?? r.pid, comm: r.comm, policy: r.policy, priority: r.priority, kernelThread };
    if (t) {
      if (kernelThread !== false) irqThreads.push(t);
    } else if (KERNEL_TASK_RE.test(r.comm) ? !multi : AUDIO.has(processComm.get(r.pid) ?? '') || AUDIO.has(r.comm)) {
      tasks.push(info);
    }
  }
  return { irqThreads, tasks };
}

/** What readThreads finds. */
export interface ThreadsProbe {
  irqThreads: IrqThread[];
  tasks: TaskInfo[];
  warnings: Warning[];
}

/** Names longer than TASK_COMM_LEN - 1 prove the kernel shows kthread names whole (fs/proc/array.c proc_task_name, 6.x), so none is cut. */
function settleTruncation(probe: ThreadsProbe): ThreadsProbe {
  const encoder = new TextEncoder();
  if (probe.irqThreads.some((t) => encoder.encode(t.comm).length > COMM_MAX)) {
    for (const t of probe.irqThreads) t.truncated = false;
  }
  return probe;
}

/** IRQ threads (kernel threads only) and other scheduling-relevant tasks of a source. */
export function readThreads(src: Source): ThreadsProbe {
  const pids = (src.list('/proc') ?? [])
    .filter((n) => /^\d{1,10}$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
  if (pids.length > 0) return settleTruncation(fromProc(src, pids));
  const ps = src.command('ps-threads');
  if (ps === null) {
    return { irqThreads: [], tasks: [], warnings: [{ file: '/proc', message: 'no /proc/PID entries and no cmd/ps-threads.txt' }] };
  }
  const rows = parsePsThreads(ps);
  const warnings: Warning[] = [];
  if (rows.length === 0 && ps.trim() !== '') warnings.push({ file: '/cmd/ps-threads.txt', message: 'no thread rows understood' });
  return settleTruncation({ ...fromPs(rows), warnings });
}
