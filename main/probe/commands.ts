// The commands a probe may run on the live machine; a bundle stores each output
// as cmd/<name>.txt. Fixed argv, no shell.

/** Files of IRQ-tuning tools whose presence `rt-tools` reports (rtirq, udev-rtirq, rtcirqus, irqbalance, tuned). */
export const RT_TOOL_PATHS = [
  '/etc/init.d/rtirq', '/etc/default/rtirq', '/etc/rtirq.conf', '/etc/sysconfig/rtirq',
  '/usr/sbin/rtirq', '/usr/bin/rtirq', '/usr/local/sbin/rtirq', '/usr/local/bin/rtirq',
  '/lib/systemd/system/rtirq.service', '/usr/lib/systemd/system/rtirq.service', '/etc/systemd/system/rtirq.service',
  '/usr/sbin/udev-rtirq', '/etc/default/udev-rtirq',
  '/usr/bin/rtcirqus', '/usr/local/bin/rtcirqus', '/etc/rtcirqus.d/rtcirqus.conf',
  '/usr/sbin/irqbalance', '/usr/bin/irqbalance', '/usr/sbin/tuned', '/usr/bin/tuned',
] as const;

/** Directories whose udev rule file names `rt-tools` lists (udev(7) rules locations). */
export const UDEV_RULE_DIRS = ['/etc/udev/rules.d', '/run/udev/rules.d', '/lib/udev/rules.d', '/usr/lib/udev/rules.d', '/usr/local/lib/udev/rules.d'] as const;

// Commands that may legitimately fail print their exit status instead, through
// sh with a constant script (no user data): LiveSource drops the output of a
// command that exits non-zero, and getent exits 2 when a group is missing.
const RT_TOOLS_SCRIPT =
  `for f in ${RT_TOOL_PATHS.join(' ')}; do [ -e "$f" ] && echo "$f"; done; ` +
  `for d in ${UDEV_RULE_DIRS.join(' ')}; do for f in "$d"/*.rules; do [ -e "$f" ] && echo "$f"; done; done; true`;

/** Command name → argv. */
export const COMMANDS = {
  'uname-a': ['uname', '-a'],
  'uname-r': ['uname', '-r'],
  'uname-v': ['uname', '-v'],
  'uname-m': ['uname', '-m'],
  lsusb: ['lsusb'],
  'lsusb-t': ['lsusb', '-t'],
  /** Thread table in the format rtirq's `status` prints (fallback when /proc is not captured). */
  'ps-threads': ['ps', '-eLo', 'pid,cls,rtprio,ni,pri,pcpu,stat,comm'],
  id: ['id'],
  /** The audio, realtime and pipewire lines of the group database (never the rest: privacy). */
  'getent-audio': ['sh', '-c', 'command -v getent >/dev/null || { echo "exit=127"; exit 0; }; getent group | grep -E "^(audio|realtime|pipewire):"; echo "exit=$?"'],
  /** Try SCHED_FIFO at PipeWire's priority (88) and at a JACK-like one (70), as the user. */
  'chrt-fifo': ['sh', '-c', 'for p in 88 70; do chrt -f "$p" true 2>&1; echo "fifo $p exit=$?"; done'],
  /** This session's limits: cat's own /proc/self/limits, inherited from the prober (a capture keeps no /proc/<pid> of its own). */
  'limits-self': ['cat', '/proc/self/limits'],
  'stat-cpu-dma-latency': ['stat', '-c', '%U %G %a', '/dev/cpu_dma_latency'],
  /** FUSE, network and 9p mounts only (mount point and type). */
  'mounts-slow': ['awk', '$3 ~ /^(fuse|fuseblk|nfs|nfs4|cifs|smb3|smbfs|9p|davfs|ceph|glusterfs)$/ || $3 ~ /^fuse[.]/ { print $2, $3 }', '/proc/mounts'],
  /** Which IRQ-tuning tool files exist, and the names (not contents) of udev rule files. */
  'rt-tools': ['sh', '-c', RT_TOOLS_SCRIPT],
  /** The running PipeWire's settings (clock.quantum, clock.rate, ...). */
  'pw-settings': ['pw-metadata', '-n', 'settings'],
  /** The few PipeWire keys the checks use, from the user's own configuration (paths relative to it). */
  'pw-user-conf': [
    'sh',
    '-c',
    'd="${XDG_CONFIG_HOME:-$HOME/.config}/pipewire"; for f in "$d"/pipewire.conf "$d"/pipewire.conf.d/*.conf; do [ -f "$f" ] && echo "# ${f#"$d"/}" && grep -E "^[[:space:]]*.?(default[.]clock[.][a-z-]+|rt[.]prio|nice[.]level).?[[:space:]]*[=:]" "$f"; done; true',
  ],
  'systemctl-units': [
    'systemctl',
    'list-unit-files',
    '--no-legend',
    '--no-pager',
    'rtirq.service',
    'rtirq-resume.service',
    'irqbalance.service',
    'tuned.service',
    'rtkit-daemon.service',
    'studio-setup-apply.service',
  ],
  'systemctl-active': [
    'systemctl',
    'list-units',
    '--all',
    '--no-legend',
    '--no-pager',
    'rtirq.service',
    'irqbalance.service',
    'tuned.service',
    'rtkit-daemon.service',
  ],
} as const satisfies Record<string, readonly [string, ...string[]]>;

/** A command a source can answer. */
export type CommandName = keyof typeof COMMANDS;

/** Every command name, in capture order. */
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
