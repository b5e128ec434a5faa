// Hand-made bundles for the checks: a real lab bundle (its IRQs, sound cards,
// USB and threads) plus the system files of a well-tuned studio machine, with
// per-test overrides (null removes a file). Read through MemorySource, so the
// probes run exactly as on a bundle directory.
import path from 'node:path';
import { analyze, type Analysis } from '../../../../main/common/analysis/index.js';
import type { Finding } from '../../../../main/common/findings.js';
import type { Snapshot } from '../../../../main/common/types.js';
import { checkSnapshot, runChecks } from '../../../../main/checks/index.js';
import { readSnapshot } from '../../../../main/probe/snapshot.js';
import { loadBundleData, MemorySource, type BundleData } from '../../../../main/probe/source.js';

export const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');

const cache = new Map<string, BundleData>();
/** A fixture bundle as data (cached). */
export function bundleData(id: string): BundleData {
  let d = cache.get(id);
  if (!d) cache.set(id, (d = loadBundleData(path.join(BUNDLES, id))));
  return d;
}

/** Debian's jackd2 /etc/security/limits.d/audio.conf, as shipped. */
export const JACK_AUDIO_CONF = '# Provided by the jackd package.\n#\n@audio   -  rtprio     95\n@audio   -  memlock    unlimited\n#@audio   -  nice      -19\n';

/** This machine's /proc/self/limits layout with rtprio/memlock set as given. */
export function procLimits(rtprio: string, memlock: string): string {
  const row = (name: string, soft: string, hard: string, unit: string): string => `${name.padEnd(26)}${soft.padEnd(21)}${hard.padEnd(21)}${unit.padEnd(10)}\n`;
  return (
    row('Limit', 'Soft Limit', 'Hard Limit', 'Units') +
    row('Max cpu time', 'unlimited', 'unlimited', 'seconds') +
    row('Max locked memory', memlock, memlock, 'bytes') +
    row('Max nice priority', '0', '0', '') +
    row('Max realtime priority', rtprio, rtprio, '') +
    row('Max realtime timeout', 'unlimited', 'unlimited', 'us')
  );
}

/** A capture-style kernel configuration subset of a distribution kernel booted dynamic (voluntary by default). */
export const CONFIG_DYNAMIC = [
  '# options relevant to realtime audio, from /boot/config-6.8.0-45-generic',
  'CONFIG_SMP=y',
  'CONFIG_HZ_1000=y',
  'CONFIG_HZ=1000',
  'CONFIG_HIGH_RES_TIMERS=y',
  'CONFIG_NO_HZ_COMMON=y',
  '# CONFIG_HZ_PERIODIC is not set',
  'CONFIG_NO_HZ_IDLE=y',
  '# CONFIG_NO_HZ_FULL is not set',
  '# CONFIG_PREEMPT_NONE is not set',
  'CONFIG_PREEMPT_VOLUNTARY=y',
  '# CONFIG_PREEMPT is not set',
  'CONFIG_PREEMPT_DYNAMIC=y',
  'CONFIG_IRQ_FORCED_THREADING=y',
  '# CONFIG_RT_GROUP_SCHED is not set',
  '',
].join('\n');

const PIPEWIRE_CONF = `context.properties = {
    ## Configure properties in the system.
    #default.clock.rate          = 48000
    #default.clock.quantum       = 1024
    default.clock.min-quantum   = 32
}
context.modules = [
    {   name = libpipewire-module-rt
        args = {
            nice.level   = -11
            rt.prio      = 88
            #rt.time.soft = -1
        }
        flags = [ ifexists nofail ]
    }
]
`;

/** The system files of a well-tuned studio machine (every system check ok). */
export const STUDIO: Record<string, string> = {
  '/proc/cmdline': 'BOOT_IMAGE=/vmlinuz-6.8.0-45-generic root=UUID=1234 ro quiet splash threadirqs preempt=full\n',
  '/cmd/uname-a.txt': 'Linux studio 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n',
  '/cmd/kernel-config.txt': CONFIG_DYNAMIC,
  '/cmd/id.txt': 'uid=1000(alice) gid=1000(alice) groups=1000(alice),4(adm),24(cdrom),29(audio),100(users)\n',
  '/cmd/getent-audio.txt': 'audio:x:29:alice,pulse\nexit=0\n',
  '/cmd/limits-self.txt': procLimits('95', 'unlimited'),
  '/etc/security/limits.conf': '# /etc/security/limits.conf\n#<domain>      <type>  <item>         <value>\n#*               soft    core            0\n# End of file\n',
  '/etc/security/limits.d/audio.conf': JACK_AUDIO_CONF,
  '/cmd/chrt-fifo.txt': 'fifo 88 exit=0\nfifo 70 exit=0\n',
  '/sys/devices/system/cpu/online': '0-1\n',
  '/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor': 'performance\n',
  '/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor': 'performance\n',
  '/sys/devices/system/cpu/cpu0/cpufreq/scaling_driver': 'intel_pstate\n',
  '/sys/devices/system/cpu/smt/active': '0\n',
  '/sys/devices/system/cpu/smt/control': 'off\n',
  '/sys/devices/system/cpu/intel_pstate/no_turbo': '1\n',
  '/proc/sys/vm/swappiness': '10\n',
  '/proc/swaps': 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/swap.img                               file\t\t4194300\t\t0\t\t-2\n',
  '/proc/meminfo': 'MemTotal:       16303272 kB\nMemFree:         8000000 kB\n',
  '/proc/sys/fs/inotify/max_user_watches': '524288\n',
  '/proc/sys/kernel/sched_rt_runtime_us': '950000\n',
  '/proc/sys/kernel/sched_rt_period_us': '1000000\n',
  '/cmd/mounts-slow.txt': '/run/user/1000/gvfs fuse.gvfsd-fuse\n/run/user/1000/doc fuse.portal\n',
  '/cmd/stat-cpu-dma-latency.txt': 'root audio 660\n',
  '/cmd/rt-tools.txt': '/lib/udev/rules.d/50-udev-default.rules\n/lib/udev/rules.d/70-uaccess.rules\n',
  '/cmd/systemctl-units.txt': 'rtkit-daemon.service                       enabled         enabled\n',
  '/cmd/systemctl-active.txt': '  rtkit-daemon.service loaded active running RealtimeKit Scheduling Policy Service\n',
  '/usr/share/pipewire/pipewire.conf': PIPEWIRE_CONF,
  '/cmd/pw-user-conf.txt': '# pipewire.conf.d/10-studio.conf\n    default.clock.quantum = 128\n',
  '/cmd/pw-settings.txt': "Found \"settings\" metadata 32\nupdate: id:0 key:'log.level' value:'2' type:''\nupdate: id:0 key:'clock.rate' value:'48000' type:''\nupdate: id:0 key:'clock.quantum' value:'128' type:''\nupdate: id:0 key:'clock.force-quantum' value:'0' type:''\n",
};

/** PipeWire, WirePlumber and rtkit rows in the lab's ps-threads layout (PID CLS RTPRIO PRI NI COMMAND). */
export const PIPEWIRE_PS = [
  '   812  TS      -  19   0 rtkit-daemon',
  '   812  RR     21  61   - rtkit-daemon',
  '  1203  TS      -  30 -11 pipewire',
  '  1203  FF     88 128   - data-loop.0',
  '  1205  TS      -  30 -11 wireplumber',
  '  1205  FF     83 123   - data-loop.0',
  '  1207  TS      -  30 -11 pipewire-pulse',
  '',
].join('\n');

/** Overrides: a path → new content, or null to remove it. */
export type Patch = Record<string, string | null>;

/** A snapshot of bundle `id` (or nothing) plus `base` system files, patched. */
export function machine(patch: Patch = {}, id: string | null = 'lab-std-threadirqs-6.1', base: Record<string, string> = STUDIO): Snapshot {
  const from = id ? bundleData(id) : { files: {}, links: {}, dirs: [] };
  const files: Record<string, string> = {};
  for (const [p, t] of Object.entries(from.files)) files[path.posix.join('/', p)] = t;
  Object.assign(files, base);
  if (id && files['/cmd/ps-threads.txt'] !== undefined && base === STUDIO) files['/cmd/ps-threads.txt'] += PIPEWIRE_PS;
  for (const [p, t] of Object.entries(patch)) {
    if (t === null) delete files[p];
    else files[p] = t;
  }
  return readSnapshot(new MemorySource({ files, links: from.links, dirs: from.dirs ?? [] }, `test ${id ?? 'machine'}`, 'bundle'));
}

/** The findings of a snapshot, by id. */
export function findings(s: Snapshot, a: Analysis = analyze(s)): Map<string, Finding> {
  return new Map(runChecks(s, a).map((f) => [f.id, f]));
}

/** One finding of a patched machine. */
export function check(id: string, patch: Patch = {}, bundle: string | null = 'lab-std-threadirqs-6.1', base: Record<string, string> = STUDIO): Finding {
  const f = findings(machine(patch, bundle, base)).get(id);
  if (!f) throw new Error(`no finding ${id}`);
  return f;
}

/** Findings and verdict of a patched machine. */
export function verdictOf(patch: Patch = {}, bundle: string | null = 'lab-std-threadirqs-6.1'): ReturnType<typeof checkSnapshot> {
  return checkSnapshot(machine(patch, bundle));
}
