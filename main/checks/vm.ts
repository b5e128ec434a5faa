// Memory and files: swappiness, inotify watches, slow filesystems under audio
// paths, and who may write /dev/cpu_dma_latency.
import type { Finding } from '../common/findings.js';
import type { Snapshot } from '../common/types.js';
import { ev, finding, FROM, unknown, type CheckHead } from './finding.js';
import { inSession } from './user.js';

const SWAPPINESS: CheckHead = { id: 'vm.swappiness', title: 'Swappiness', severity: 'recommended' };
const INOTIFY: CheckHead = { id: 'fs.inotify-watches', title: 'File watch limit (inotify)', severity: 'optional' };
const FS_TYPES: CheckHead = { id: 'fs.types', title: 'Network and FUSE filesystems', severity: 'optional' };
const DMA: CheckHead = { id: 'pm.cpu-dma-latency', title: 'CPU DMA latency control', severity: 'optional' };

// rtcqs and realtimeconfigquickscan: at most 10; quickscan: watches >= 524288.
const MAX_SWAPPINESS = 10;
const MIN_WATCHES = 524288;

/** vm.swappiness: at most 10 when swap is in use. */
export function checkSwappiness(s: Snapshot): Finding {
  const v = s.system?.sysctl.swappiness ?? null;
  const areas = s.system?.swapAreas ?? null;
  const evidence = [ev(FROM.swappiness, v), ev(FROM.swaps, areas === null ? null : `${areas} swap area${areas === 1 ? '' : 's'}`)];
  if (v === null) return unknown(SWAPPINESS, 'the bundle has no /proc/sys/vm/swappiness', evidence);
  if (areas === 0) {
    return finding(SWAPPINESS, { status: 'ok', value: v, evidence, explanation: 'There is no swap, so nothing of your session can be swapped out; swappiness does not matter.', advice: 'Nothing to do.' });
  }
  const ok = v <= MAX_SWAPPINESS;
  return finding(SWAPPINESS, {
    status: ok ? 'ok' : 'warn',
    value: v,
    evidence,
    explanation: ok
      ? `Swappiness ${v}: the kernel keeps programs in RAM and drops file cache first.`
      : `Swappiness ${v}: the kernel readily moves idle parts of programs to swap, and bringing a plugin or sample back from disk in the middle of a session causes a dropout.`,
    advice: ok ? 'Nothing to do.' : `Lower it to ${MAX_SWAPPINESS} (Studio Setup can, in /etc/sysctl.d).`,
    ...(ok ? {} : { fix: { action: 'sysctl' as const, key: 'vm.swappiness' as const, value: MAX_SWAPPINESS } }),
  });
}

/** fs.inotify-watches: enough watches for DAWs and sample browsers. */
export function checkInotify(s: Snapshot): Finding {
  const v = s.system?.sysctl.inotifyWatches ?? null;
  const evidence = [ev(FROM.inotify, v)];
  if (v === null) return unknown(INOTIFY, 'the bundle has no /proc/sys/fs/inotify/max_user_watches', evidence);
  const ok = v >= MIN_WATCHES;
  return finding(INOTIFY, {
    status: ok ? 'ok' : 'warn',
    value: v,
    evidence,
    explanation: `Programs watch folders (sample libraries, plugin and project folders) to notice changes; ${v} watches ${ok ? 'is plenty' : 'runs out with large libraries, and then new files go unnoticed'}.`,
    advice: ok ? 'Nothing to do.' : `Raise it to ${MIN_WATCHES} (Studio Setup can, in /etc/sysctl.d).`,
    ...(ok ? {} : { fix: { action: 'sysctl' as const, key: 'fs.inotify.max_user_watches' as const, value: MIN_WATCHES } }),
  });
}

/** fs.types: FUSE, network and 9p mounts that a session should not stream from. */
export function checkFsTypes(s: Snapshot): Finding {
  const mounts = s.system?.slowMounts ?? null;
  if (mounts === null) return unknown(FS_TYPES, 'the bundle has no mount list', [ev(FROM.mounts, null)]);
  // Desktop plumbing lives under /run, /proc, /sys, /dev (gvfs, the document portal, fusectl).
  const relevant = mounts.filter((m) => !/^\/(run|proc|sys|dev)(\/|$)/.test(m.target));
  const evidence = [ev(FROM.mounts, relevant.length ? relevant.map((m) => `${m.target} (${m.type})`).join(', ') : 'none outside /run, /proc, /sys, /dev')];
  if (relevant.length === 0) {
    return finding(FS_TYPES, { status: 'ok', value: 'none', evidence, explanation: 'No network or FUSE filesystem is mounted where sessions usually live.', advice: 'Nothing to do.' });
  }
  return finding(FS_TYPES, {
    status: 'warn',
    value: relevant.map((m) => m.target).join(', '),
    evidence,
    explanation: 'Network and FUSE filesystems (NFS, SMB, sshfs, NTFS through FUSE) answer with unpredictable delays: recording to them or streaming samples from them causes dropouts.',
    advice: `Keep sessions and sample libraries on a local disk; copy to ${relevant.map((m) => m.target).join(', ')} after recording.`,
  });
}

/** pm.cpu-dma-latency: the audio group may write /dev/cpu_dma_latency (to keep CPUs out of deep sleep). */
export function checkDmaLatency(s: Snapshot): Finding {
  const d = s.system?.dmaLatency ?? null;
  const evidence = [ev(FROM.dma, d ? `${d.owner}:${d.group} ${d.mode}` : null)];
  if (!d) return unknown(DMA, 'the bundle has no permissions of /dev/cpu_dma_latency', evidence);
  const mode = parseInt(d.mode, 8);
  const user = s.system?.user ?? null;
  const groupWrite = (mode & 0o020) !== 0;
  const forUs = d.group === 'audio' || (user !== null && inSession(user, d.group, s.system?.groups ?? null) && d.group !== 'root');
  const ok = (mode & 0o002) !== 0 || (groupWrite && forUs);
  return finding(DMA, {
    status: ok ? 'ok' : 'warn',
    value: `${d.owner}:${d.group} ${d.mode}`,
    evidence,
    explanation: ok
      ? `Your audio programs may write /dev/cpu_dma_latency (group ${d.group}) to keep the CPUs out of deep sleep states while they play.`
      : 'Audio programs (JACK, Ardour) can ask the CPUs not to enter deep sleep states, whose wake-up takes hundreds of microseconds, by writing /dev/cpu_dma_latency — only root may do it here.',
    advice: ok ? 'Nothing to do.' : 'Let the audio group write it (Studio Setup can, with a udev rule).',
    ...(ok ? {} : { fix: { action: 'cpu-dma-latency' as const, group: 'audio' as const } }),
  });
}

/** The memory and filesystem checks. */
export function vmChecks(s: Snapshot): Finding[] {
  return [checkSwappiness(s), checkInotify(s), checkFsTypes(s), checkDmaLatency(s)];
}
