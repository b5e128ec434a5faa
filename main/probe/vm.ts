// Kernel tunables under /proc/sys that matter for audio (swappiness, inotify
// watches, realtime throttling), RAM and swap areas, the slow mounts and the
// permissions of /dev/cpu_dma_latency.
import type { SystemInfo, Sysctls } from '../common/system.js';
import type { Source } from './source.js';

/** Parse a single-integer /proc/sys file (`60\n`, `-1\n`); null otherwise. */
export function parseSysctlInt(text: string | null): number | null {
  const t = text?.trim();
  return t !== undefined && /^-?\d{1,19}$/.test(t) && Number.isSafeInteger(Number(t)) ? Number(t) : null;
}

/** Count the swap areas in /proc/swaps (a header line, then one line per area); null when it is not that file. */
export function parseSwaps(text: string): number | null {
  // mm/swapfile.c swap_show: header "Filename\tType\tSize\tUsed\tPriority".
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (!/^Filename\s+Type\s+Size/.test(lines[0] ?? '')) return null;
  return lines.slice(1).filter((l) => /^\S+\s+\S+\s+\d+/.test(l)).length;
}

// fs/proc_namespace.c show_vfsmnt escapes space, tab, newline and backslash as \ooo.
const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** Parse the `mounts-slow` output: `TARGET TYPE` per line (target escaped as in /proc/mounts). */
export function parseSlowMounts(text: string): { target: string; type: string }[] {
  const out: { target: string; type: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^(\S+) (\S+)$/.exec(line.trim());
    if (m) out.push({ target: unescape(m[1] as string), type: m[2] as string });
  }
  return out;
}

/** MemTotal of /proc/meminfo in bytes; null when absent. */
export function parseMemTotal(text: string): number | null {
  // fs/proc/meminfo.c: "MemTotal:       %8lu kB".
  const m = /^MemTotal:\s+(\d{1,15}) kB$/m.exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

/** Parse `stat -c '%U %G %a'` output (`root audio 660`); null otherwise. */
export function parseStatOwner(text: string): { owner: string; group: string; mode: string } | null {
  const m = /^(\S+) (\S+) ([0-7]{1,4})$/.exec(text.trim());
  return m ? { owner: m[1] as string, group: m[2] as string, mode: m[3] as string } : null;
}

/** The sysctls, swap, mounts and cpu_dma_latency facts of a source. */
export function readVm(src: Source): Pick<SystemInfo, 'sysctl' | 'memTotal' | 'swapAreas' | 'slowMounts' | 'dmaLatency'> {
  // Documentation/admin-guide/sysctl/vm.rst (swappiness), fs.rst
  // (inotify/max_user_watches), kernel.rst + scheduler/sched-rt-group.rst
  // (sched_rt_runtime_us, -1 = no throttling; sched_rt_period_us).
  const sysctl: Sysctls = {
    swappiness: parseSysctlInt(src.read('/proc/sys/vm/swappiness')),
    inotifyWatches: parseSysctlInt(src.read('/proc/sys/fs/inotify/max_user_watches')),
    rtRuntimeUs: parseSysctlInt(src.read('/proc/sys/kernel/sched_rt_runtime_us')),
    rtPeriodUs: parseSysctlInt(src.read('/proc/sys/kernel/sched_rt_period_us')),
  };
  const meminfo = src.read('/proc/meminfo');
  const swaps = src.read('/proc/swaps');
  const mounts = src.command('mounts-slow');
  const dma = src.command('stat-cpu-dma-latency');
  return {
    sysctl,
    memTotal: meminfo === null ? null : parseMemTotal(meminfo),
    swapAreas: swaps === null ? null : parseSwaps(swaps),
    slowMounts: mounts === null ? null : parseSlowMounts(mounts),
    dmaLatency: dma === null ? null : parseStatOwner(dma),
  };
}
