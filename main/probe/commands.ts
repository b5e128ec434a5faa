// The commands a probe may run on the live machine; a bundle stores each output
// as cmd/<name>.txt. Fixed argv, no shell.

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
