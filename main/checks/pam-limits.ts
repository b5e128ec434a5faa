// What pam_limits would give a fresh login of this user: the rules of
// limits.conf and limits.d applied with pam_limits' precedence.
import type { GroupEntry, LimitItem, LimitRule, LimitValue, UserIdentity } from '../common/system.js';
import { inDatabase, inSession } from './user.js';

/** The limit a login gets, with the rule that decided each half (null: no rule, the system default stays). */
export interface LoginLimit {
  soft: LimitValue | null;
  hard: LimitValue | null;
  softRule: LimitRule | null;
  hardRule: LimitRule | null;
}

// pam_limits.c: LIMITS_DEF_USER < LIMITS_DEF_GROUP < LIMITS_DEF_ALLGROUP <
// LIMITS_DEF_ALL; a rule applies unless a rule of a more specific class already
// set that half ("if (src < source) return"), so among equals the later wins.
const USER = 0;
const GROUP = 1;
const ALLGROUP = 2;
const ALL = 3;

function range(text: string): { min: number; max: number } | null {
  // limits.conf(5): "<min>:<max>", ":<max>" = exactly max, "<min>:" = min and above.
  const m = /^(\d*):(\d*)$/.exec(text);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') return { min: Number(m[2]), max: Number(m[2]) };
  return { min: Number(m[1]), max: m[2] === '' ? Infinity : Number(m[2]) };
}

/** The precedence class of `domain` for this user, or null when the rule does not apply to them. */
function classOf(domain: string, user: UserIdentity, member: (group: string) => boolean): number | null {
  if (domain === user.name) return USER;
  if (domain === '*') return ALL;
  if (domain === '%') return ALL;
  if (domain.startsWith('%')) return member(domain.slice(1)) ? ALLGROUP : null;
  if (domain.startsWith('@')) {
    const r = range(domain.slice(1));
    if (!r) return member(domain.slice(1)) ? GROUP : null;
    // An exact "@:gid" looks at every group; a range only at the primary one.
    const exact = domain.slice(1).startsWith(':');
    const gids = exact ? [user.gid, ...user.groups.map((g) => g.gid)] : [user.gid];
    return gids.some((g) => g >= r.min && g <= r.max) ? GROUP : null;
  }
  const r = range(domain);
  if (r) return user.uid >= r.min && user.uid <= r.max ? USER : null;
  return null;
}

/** Apply the rules for `item` to `user` as pam_limits does. */
export function loginLimit(rules: readonly LimitRule[], item: LimitItem, user: UserIdentity, groups: GroupEntry[] | null): LoginLimit {
  // Membership at the next login: the group database where we read it, else this session's groups.
  const member = (g: string): boolean => inDatabase(user, g, groups?.some((x) => x.name === g) ? groups : null) ?? inSession(user, g, groups);
  const out: LoginLimit = { soft: null, hard: null, softRule: null, hardRule: null };
  let softClass = Infinity;
  let hardClass = Infinity;
  for (const rule of rules) {
    if (rule.item !== item) continue;
    const cls = classOf(rule.domain, user, member);
    if (cls === null) continue;
    if (rule.type !== 'hard') {
      if (softClass < cls) continue;
      softClass = cls;
      out.soft = rule.value;
      out.softRule = rule;
    }
    if (rule.type !== 'soft') {
      if (hardClass < cls) continue;
      hardClass = cls;
      out.hard = rule.value;
      out.hardRule = rule;
    }
  }
  return out;
}

/** `file:line  domain type item value` for evidence. */
export function showRule(r: LimitRule): string {
  return `${r.file}:${r.line}: ${r.domain} ${r.type} ${r.item} ${r.item === 'memlock' && r.value !== 'unlimited' ? r.value / 1024 : r.value}`;
}
