// What a machine is, for people reading a report: the distribution
// (/etc/os-release) and the CPU (/proc/cpuinfo). Environment-free plain data;
// main/probe/machine.ts reads it.

/** The distribution, from os-release(5); fields absent from the file are absent here. */
export interface OsRelease {
  /** `PRETTY_NAME` ("Debian GNU/Linux 12 (bookworm)"). */
  prettyName?: string;
  name?: string;
  id?: string;
  versionId?: string;
  /** `VERSION_CODENAME` ("bookworm"). */
  codename?: string;
}

/** The processor, from /proc/cpuinfo. */
export interface CpuInfo {
  /** `model name` (x86, newer ARM), else `Processor` (old ARM) or `cpu` (POWER); null when the file names none. */
  model: string | null;
  /** The board, where the kernel names it (`Model` on a Raspberry Pi, `Hardware` on older ARM). */
  board?: string;
  /** Number of `processor` entries (the CPUs online when it was read). */
  count: number | null;
}

/** Distribution and CPU of a machine; null parts were not in the source. */
export interface MachineInfo {
  os: OsRelease | null;
  cpu: CpuInfo | null;
}
