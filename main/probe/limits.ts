// Realtime limits: this session's (/proc/self/limits), what a fresh login gets
// (pam_limits: /etc/security/limits.conf, then limits.d/*.conf), and a real
// attempt at SCHED_FIFO (`chrt -f`), the way rtcqs tests it.
import type { LimitItem, LimitPair, LimitRule, LimitValue, RtTry, SystemInfo } from '../common/system.js';
import type { Source } from './source.js';

const LIMITS_FILE = '/etc/security/limits.conf';
const LIMITS_DIR = '/etc/security/limits.d';
const ITEMS = new Set<string>(['rtprio', 'memlock']);

/** Parse a limit value as /proc/PID/limits prints it (`unlimited` or a number). */
function limitValue(text: string | undefined): LimitValue | null {
  if (text === 'unlimited') return 'unlimited';
  return text !== undefined && /^\d{1,20}$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : null;
}

/** Parse /proc/PID/limits: the rtprio and memlock rows (memlock in bytes); null when neither row is there. */
export function parseProcLimits(text: string): { rtprio: LimitPair; memlock: LimitPair } | null {
  // fs/proc/base.c proc_pid_limits: "%-25s %-20s %-20s %-10s\n" per rlimit
  // (lnames[]), "unlimited" for RLIM_INFINITY; the name itself has spaces.
  const rows = new Map<string, LimitPair>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^(Max [A-Za-z ]+?)\s{2,}(\S+)\s+(\S+)/.exec(line);
    if (m) rows.set(m[1] as string, { soft: limitValue(m[2]), hard: limitValue(m[3]) });
  }
  const rtprio = rows.get('Max realtime priority');
  const memlock = rows.get('Max locked memory');
  if (!rtprio && !memlock) return null;
  const none: LimitPair = { soft: null, hard: null };
  return { rtprio: rtprio ?? none, memlock: memlock ?? none };
}

/** Parse a limits.conf(5) value for `item`: -1/unlimited/infinity = no limit; memlock is in KiB (returned in bytes). */
function ruleValue(item: LimitItem, text: string): LimitValue | null {
  if (/^(-1|unlimited|infinity)$/i.test(text)) return 'unlimited';
  if (!/^\d{1,15}$/.test(text)) return null;
  const n = Number(text);
  return item === 'memlock' ? n * 1024 : n;
}

/** Parse the rtprio and memlock lines of a limits.conf-style file. */
export function parseLimitsConf(text: string, file: string): LimitRule[] {
  // limits.conf(5): "<domain> <type> <item> <value>", '#' starts a comment.
  const rules: LimitRule[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    const f = line.split(/\s+/);
    if (f.length !== 4) return;
    const [domain, type, item, value] = f as [string, string, string, string];
    if (type !== 'soft' && type !== 'hard' && type !== '-') return;
    if (!ITEMS.has(item)) return;
    const v = ruleValue(item as LimitItem, value);
    if (v !== null) rules.push({ file, line: i + 1, domain, type, item: item as LimitItem, value: v });
  });
  return rules;
}

/** Parse the `chrt-fifo` output: one `fifo P exit=N` line per try, after chrt's own message. */
export function parseRtTries(text: string): RtTry[] {
  const tries: RtTry[] = [];
  let message: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = /^fifo (\d{1,2}) exit=(\d{1,3})$/.exec(raw.trim());
    if (!m) {
      if (raw.trim() !== '') message.push(raw.trim());
      continue;
    }
    tries.push({ priority: Number(m[1]), exit: Number(m[2]), message: message.join(' ') });
    message = [];
  }
  return tries;
}

/** The limit facts of a source. */
export function readLimits(src: Source): { limits: SystemInfo['limits']; rtTries: RtTry[] | null } {
  // /proc/self is a link to the reader's pid, which a capture drops with the
  // other processes: the command's output is what a bundle keeps.
  const self = src.command('limits-self') ?? src.read('/proc/self/limits');
  const files: string[] = [];
  let rules: LimitRule[] | null = null;
  // pam_limits(8): limits.conf first, then limits.d/*.conf in "C" locale order,
  // "as if all the files were concatenated".
  const main = src.read(LIMITS_FILE);
  if (main !== null) {
    files.push(LIMITS_FILE);
    rules = parseLimitsConf(main, LIMITS_FILE);
  }
  const names = src.list(LIMITS_DIR);
  if (names !== null) {
    rules ??= [];
    for (const name of names.filter((n) => n.endsWith('.conf')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const file = `${LIMITS_DIR}/${name}`;
      const text = src.read(file);
      if (text === null) continue;
      files.push(file);
      rules.push(...parseLimitsConf(text, file));
    }
  }
  const chrt = src.command('chrt-fifo');
  const tries = chrt === null ? null : parseRtTries(chrt);
  return {
    limits: { session: self === null ? null : parseProcLimits(self), rules, files },
    rtTries: tries && tries.length > 0 ? tries : null,
  };
}
