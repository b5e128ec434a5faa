// Tools that also tune IRQ threads or CPU settings and could fight ours:
// rtirq, udev-rtirq, rtcirqus, irqbalance, tuned. Which of their files exist,
// their systemd state, and rtirq's configuration.
import type { SystemInfo, UnitFileState, UnitState } from '../common/system.js';
import { RT_TOOL_PATHS, UDEV_RULE_DIRS } from './commands.js';
import type { Source } from './source.js';

const KNOWN = new Set<string>(RT_TOOL_PATHS);

/** Parse the `rt-tools` output: absolute paths, one a line (known tool files and udev rule files only). */
export function parseRtTools(text: string): { paths: string[]; udevRules: string[] } {
  const paths: string[] = [];
  const udevRules: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const p = raw.trim();
    if (KNOWN.has(p)) paths.push(p);
    else if (p.endsWith('.rules') && UDEV_RULE_DIRS.some((d) => p.startsWith(`${d}/`) && !p.slice(d.length + 1).includes('/'))) udevRules.push(p);
  }
  return { paths, udevRules };
}

/** Parse `systemctl list-unit-files --no-legend`: `UNIT STATE [PRESET]` per line. */
export function parseUnitFiles(text: string): UnitFileState[] {
  const out: UnitFileState[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\S+\.(?:service|socket|timer))\s+(\S+)/.exec(line);
    if (m) out.push({ unit: m[1] as string, state: m[2] as string });
  }
  return out;
}

/** Parse `systemctl list-units --all --no-legend`: `[●] UNIT LOAD ACTIVE SUB DESCRIPTION...` per line. */
export function parseUnits(text: string): UnitState[] {
  const out: UnitState[] = [];
  for (const line of text.split(/\r?\n/)) {
    // systemctl marks failed or not-found units with a leading "●" (or "*" without UTF-8).
    const m = /^[\s●*]*(\S+\.(?:service|socket|timer))\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line);
    if (m) out.push({ unit: m[1] as string, load: m[2] as string, active: m[3] as string, sub: m[4] as string });
  }
  return out;
}

/** Parse a shell-variable configuration file (rtirq.conf): `NAME=value` or `NAME="value"` lines. */
export function parseShellVars(text: string, prefix = 'RTIRQ_'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=(?:"([^"]*)"|'([^']*)'|([^\s#]*))/.exec(raw);
    if (m && (m[1] as string).startsWith(prefix)) out[m[1] as string] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return out;
}

/** The tool facts of a source. */
export function readRtTools(src: Source): Pick<SystemInfo, 'tools' | 'units' | 'rtirqConfig' | 'tunedProfile'> {
  const tools = src.command('rt-tools');
  const files = src.command('systemctl-units');
  const active = src.command('systemctl-active');
  // rtirq.sh reads /etc/rtirq.conf, falling back to /etc/default/rtirq (Debian)
  // or /etc/sysconfig/rtirq (RPM); the first one found is the one in force.
  let rtirqConfig: SystemInfo['rtirqConfig'] = null;
  for (const file of ['/etc/rtirq.conf', '/etc/default/rtirq', '/etc/sysconfig/rtirq']) {
    const text = src.read(file);
    if (text !== null) {
      rtirqConfig = { file, values: parseShellVars(text) };
      break;
    }
  }
  // tuned writes the profile in force to /etc/tuned/active_profile (tuned/consts.py ACTIVE_PROFILE_FILE).
  const profile = src.read('/etc/tuned/active_profile')?.trim();
  return {
    tools: tools === null ? null : parseRtTools(tools),
    units: { files: files === null ? null : parseUnitFiles(files), active: active === null ? null : parseUnits(active) },
    rtirqConfig,
    tunedProfile: profile ? profile : null,
  };
}
