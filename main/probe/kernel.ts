// Kernel identity: uname, command line, build configuration, RT patch marker.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { KernelInfo, Warning } from '../common/types.js';
import type { Source } from './source.js';

/** What `uname -a` says. */
export type UnameInfo = Pick<KernelInfo, 'uname' | 'hostname' | 'release' | 'version' | 'machine'>;

// coreutils src/uname.c: -a prints struct utsname (include/uapi/linux/utsname.h)
// sysname, nodename, release, version, machine, then the processor and hardware
// platform unless "unknown", then the OS; the version (`#1 SMP PREEMPT_RT Debian
// ... (2026-11-16)`) contains spaces, so it ends where the machine names begin.
const ARCH_RE =
  /^(x86_64|amd64|i[3-7]86|aarch64|arm64|armv\d+\w*|arm\w*|riscv\d*|ppc\w*|powerpc\w*|s390x?|mips\w*|loongarch\d*|sparc\w*|alpha|ia64|m68k|parisc\w*|sh\d\w*|unknown)$/;
const MAX_CONFIG = 16 * 1024 * 1024;

/** Parse `uname -a` output (the first line that looks like one). */
export function parseUname(text: string): UnameInfo {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('$ ') && !/^\[exit \d+\]$/.test(l) && l.split(/\s+/).length >= 3);
  if (!line) return {};
  const toks = [...line.matchAll(/\S+/g)];
  const info: UnameInfo = { uname: line, hostname: toks[1]?.[0] ?? '', release: toks[2]?.[0] ?? '' };
  let end = toks.length;
  // The trailing OS name ("GNU/Linux", "Linux", "Android"), when not an arch.
  if (end > 3 && !ARCH_RE.test(toks[end - 1]?.[0] ?? '')) end--;
  let machine = end;
  while (machine > 4 && ARCH_RE.test(toks[machine - 1]?.[0] ?? '')) machine--;
  if (machine < end) info.machine = toks[machine]?.[0] ?? '';
  else machine = end + (end < toks.length ? 1 : 0);
  const first = toks[3];
  const last = toks[machine - 1];
  if (first && last && machine > 3) {
    info.version = line.slice(first.index, last.index + last[0].length);
  }
  return info;
}

/** Parse /proc/version ("Linux version R (builder) (compiler) #1 SMP ..."): release and version. */
export function parseProcVersion(text: string): Pick<KernelInfo, 'release' | 'version'> {
  // fs/proc/version.c version_proc_show prints linux_proc_banner (init/version.c):
  // "%s version %s (" LINUX_COMPILE_BY "@" LINUX_COMPILE_HOST ") (" LINUX_COMPILER ") %s\n".
  const out: Pick<KernelInfo, 'release' | 'version'> = {};
  const m = /^\S+ version (\S+)/.exec(text.trim());
  if (!m) return out;
  out.release = m[1] ?? '';
  const hash = text.search(/\) #/);
  if (hash >= 0) {
    const v = (text.slice(hash + 2).split(/\r?\n/)[0] ?? '').trim();
    if (v) out.version = v;
  }
  return out;
}

/** Parse a kernel .config (`CONFIG_X=y`, `# CONFIG_X is not set` → `n`); values kept as written. */
export function parseKernelConfig(text: string): Record<string, string> {
  // scripts/kconfig/confdata.c: "CONFIG_%s=%s" and "# CONFIG_%s is not set".
  const config: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const set = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (set) config[set[1] ?? ''] = set[2] ?? '';
    const unset = /^# (CONFIG_[A-Za-z0-9_]+) is not set$/.exec(line);
    if (unset) config[unset[1] ?? ''] = 'n';
  }
  return config;
}

/** Gunzip a file of this machine into text (for /proc/config.gz); null when absent or not gzip. */
export function readGzipText(hostPath: string): string | null {
  try {
    const bytes = fs.readFileSync(hostPath);
    return zlib.gunzipSync(bytes, { maxOutputLength: MAX_CONFIG }).toString('utf8');
  } catch {
    return null;
  }
}

function firstLine(text: string | null): string | undefined {
  const t = text?.split(/\r?\n/)[0]?.trim();
  return t ? t : undefined;
}

function readConfig(src: Source, release: string | undefined): { text: string; source: string } | null {
  // Bundles store the configuration as a command output; the live machine has
  // /proc/config.gz (kernel/configs.c, CONFIG_IKCONFIG_PROC) or the distribution's
  // /boot/config-<release>.
  if (src.kind !== 'live') {
    const text = src.read('/cmd/kernel-config.txt');
    if (text !== null) return { text, source: 'cmd/kernel-config.txt' };
  } else {
    const text = readGzipText('/proc/config.gz');
    if (text !== null) return { text, source: '/proc/config.gz' };
  }
  if (release && !release.includes('/')) {
    const file = `/boot/config-${release}`;
    const text = src.read(file);
    if (text !== null) return { text, source: file };
  }
  return null;
}

/** Kernel identity of a source: uname, /proc/cmdline, configuration, /sys/kernel/realtime. */
export function readKernel(src: Source): { kernel: KernelInfo; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const kernel: KernelInfo = {};
  const unameA = src.command('uname-a');
  if (unameA !== null) Object.assign(kernel, parseUname(unameA));
  // uname -r / -v / -m print one field each, so they settle what -a leaves ambiguous.
  const release = firstLine(src.command('uname-r'));
  if (release) kernel.release = release;
  const version = firstLine(src.command('uname-v'));
  if (version) kernel.version = version;
  const machine = firstLine(src.command('uname-m'));
  if (machine) kernel.machine = machine;
  if (!kernel.release || !kernel.version) {
    const text = src.read('/proc/version');
    const v = text === null ? {} : parseProcVersion(text);
    kernel.release ||= v.release;
    kernel.version ||= v.version;
    if (!kernel.release) delete kernel.release;
    if (!kernel.version) delete kernel.version;
    if (!kernel.release) warnings.push({ file: '/cmd/uname-a.txt', message: 'no uname output and no /proc/version' });
  }
  // Documentation/admin-guide/kernel-parameters.rst; fs/proc/cmdline.c: one line.
  const cmdline = src.read('/proc/cmdline');
  if (cmdline !== null) kernel.cmdline = cmdline.trim();
  else warnings.push({ file: '/proc/cmdline', message: 'absent or unreadable' });
  const config = readConfig(src, kernel.release);
  if (config) {
    kernel.config = parseKernelConfig(config.text);
    kernel.configSource = config.source;
  } else warnings.push({ file: '/proc/config.gz', message: 'no kernel configuration found' });
  // /sys/kernel/realtime comes from the out-of-tree PREEMPT_RT patch only
  // (kernel/ksysfs.c there); mainline RT (6.12+) has no such file.
  kernel.realtimeFile = src.read('/sys/kernel/realtime') !== null;
  return { kernel, warnings };
}
