// The system facts the checks read (main/probe/system.ts assembles them):
// user, limits, CPU, sysctls, tools that tune IRQs, audio server settings.
// Every part is null when the source does not hold it: the checks then say
// "unknown" instead of guessing. Environment-free plain data.

/** A resource limit: a number (rtprio: a priority; memlock: bytes) or no limit at all. */
export type LimitValue = number | 'unlimited';

/** Soft and hard value of one resource limit. */
export interface LimitPair {
  soft: LimitValue | null;
  hard: LimitValue | null;
}

/** Who the probe ran as, from `id` (the session's credentials, not the group database's). */
export interface UserIdentity {
  uid: number;
  name: string | null;
  gid: number;
  groups: { gid: number; name: string | null }[];
}

/** One entry of the group database (`name:password:gid:member,member`). */
export interface GroupEntry {
  name: string;
  gid: number | null;
  members: string[];
}

/** Limit items the checks use. */
export const LIMIT_ITEMS = ['rtprio', 'memlock'] as const;
/** A limit item of limits.conf. */
export type LimitItem = (typeof LIMIT_ITEMS)[number];

/** An rtprio or memlock line of /etc/security/limits.conf or limits.d/*.conf (memlock converted to bytes). */
export interface LimitRule {
  file: string;
  line: number;
  domain: string;
  type: 'soft' | 'hard' | '-';
  item: LimitItem;
  value: LimitValue;
}

/** One attempt to run a command under SCHED_FIFO at `priority`: exit 0 = allowed. */
export interface RtTry {
  priority: number;
  exit: number;
  message: string;
}

/** CPU frequency and SMT state. */
export interface CpuFacts {
  /** Online CPU numbers (/sys/devices/system/cpu/online). */
  online: number[];
  /** scaling_governor of each online CPU; null where the CPU has no cpufreq directory. */
  governors: { cpu: number; governor: string | null }[];
  /** cpufreq driver of the first CPU that has one (`intel_pstate`, `acpi-cpufreq`, `amd-pstate-epp`). */
  driver: string | null;
  /** smt/active: "1" = sibling threads are online. */
  smtActive: string | null;
  /** smt/control: on, off, forceoff, notsupported, notimplemented. */
  smtControl: string | null;
  /** cpufreq/boost: "1" = boost allowed. */
  boost: string | null;
  /** intel_pstate/no_turbo: "1" = turbo disabled. */
  noTurbo: string | null;
}

/** A kernel tunable under /proc/sys, with its value (null when absent). */
export interface Sysctls {
  swappiness: number | null;
  inotifyWatches: number | null;
  rtRuntimeUs: number | null;
  rtPeriodUs: number | null;
}

/** A systemd unit file and its enablement state (`systemctl list-unit-files`). */
export interface UnitFileState {
  unit: string;
  state: string;
}

/** A loaded unit (`systemctl list-units --all`). */
export interface UnitState {
  unit: string;
  load: string;
  active: string;
  sub: string;
}

/** A PipeWire setting found in a configuration file or in the running server's settings metadata. */
export interface PipewireSetting {
  key: string;
  value: string;
  /** The file (`/etc/pipewire/pipewire.conf`, `~/.config/pipewire/...`) or `pw-metadata -n settings`. */
  source: string;
}

/** Everything the system checks need beyond the IRQ data. */
export interface SystemInfo {
  user: UserIdentity | null;
  /** The audio, realtime and pipewire groups of the group database. */
  groups: GroupEntry[] | null;
  limits: {
    /** The probing process's own limits (/proc/self/limits): this session's. */
    session: { rtprio: LimitPair; memlock: LimitPair } | null;
    /** rtprio/memlock rules a fresh login would get; null when no limits file could be read. */
    rules: LimitRule[] | null;
    /** The files read, in pam_limits order. */
    files: string[];
  };
  rtTries: RtTry[] | null;
  cpu: CpuFacts | null;
  sysctl: Sysctls;
  /** Installed RAM in bytes (/proc/meminfo MemTotal). */
  memTotal: number | null;
  /** Number of active swap areas (/proc/swaps). */
  swapAreas: number | null;
  /** FUSE, network and 9p mounts. */
  slowMounts: { target: string; type: string }[] | null;
  /** Owner, group and octal mode of /dev/cpu_dma_latency. */
  dmaLatency: { owner: string; group: string; mode: string } | null;
  /** Files of IRQ-tuning tools that exist, and the names of udev rule files. */
  tools: { paths: string[]; udevRules: string[] } | null;
  units: { files: UnitFileState[] | null; active: UnitState[] | null };
  /** rtirq's configuration (RTIRQ_* keys) and the file it came from. */
  rtirqConfig: { file: string; values: Record<string, string> } | null;
  /** tuned's active profile (/etc/tuned/active_profile). */
  tunedProfile: string | null;
  pipewire: {
    /** Settings from the configuration files, in the order PipeWire applies them. */
    config: PipewireSetting[];
    /** The running server's settings (`pw-metadata -n settings`), null when not reachable. */
    runtime: PipewireSetting[] | null;
  };
}
