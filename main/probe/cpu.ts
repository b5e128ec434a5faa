// CPU frequency scaling, boost and SMT, from /sys/devices/system/cpu.
import type { CpuFacts } from '../common/system.js';
import type { Source } from './source.js';

const CPU = '/sys/devices/system/cpu';
const MAX_CPUS = 8192;

/** Parse a CPU list (`0-3,5,7-8`), as in /sys/devices/system/cpu/online; null when malformed. */
export function parseCpuList(text: string): number[] | null {
  // Documentation/ABI/testing/sysfs-devices-system-cpu ("online: cpus that are
  // online"), printed by cpumap_print_list_to_buf: ranges joined by commas.
  const t = text.trim();
  if (t === '') return [];
  const out = new Set<number>();
  for (const part of t.split(',')) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a || b >= MAX_CPUS) return null;
    for (let i = a; i <= b; i++) out.add(i);
  }
  return [...out].sort((x, y) => x - y);
}

function word(text: string | null): string | null {
  const t = text?.trim();
  return t ? t : null;
}

/** CPU facts of a source; null when it holds no CPU list. */
export function readCpu(src: Source): CpuFacts | null {
  const listText = src.read(`${CPU}/online`);
  const online = listText === null ? null : parseCpuList(listText);
  if (online === null) return null;
  // Documentation/admin-guide/pm/cpufreq.rst: policy attributes are reachable
  // through cpuN/cpufreq (scaling_governor, scaling_driver).
  const governors = online.map((cpu) => ({ cpu, governor: word(src.read(`${CPU}/cpu${cpu}/cpufreq/scaling_governor`)) }));
  let driver: string | null = null;
  for (const g of governors) {
    if (g.governor === null) continue;
    driver = word(src.read(`${CPU}/cpu${g.cpu}/cpufreq/scaling_driver`));
    break;
  }
  return {
    online,
    governors,
    driver,
    // Documentation/ABI/testing/sysfs-devices-system-cpu: smt/active "1" when
    // SMT is enabled and active; smt/control on|off|forceoff|notsupported|notimplemented.
    smtActive: word(src.read(`${CPU}/smt/active`)),
    smtControl: word(src.read(`${CPU}/smt/control`)),
    // cpufreq.rst "boost" (acpi-cpufreq, amd-pstate): 1 = boost allowed;
    // intel_pstate.rst "no_turbo": 1 = turbo disabled.
    boost: word(src.read(`${CPU}/cpufreq/boost`)),
    noTurbo: word(src.read(`${CPU}/intel_pstate/no_turbo`)),
  };
}
