// Who runs the probe (`id`: the session's credentials) and the audio-related
// groups of the group database (`getent group`, filtered): together they tell
// a membership that needs a re-login from one that is in force.
import type { GroupEntry, UserIdentity } from '../common/system.js';
import type { Source } from './source.js';

/** Groups the checks look at; nothing else of the group database is kept. */
export const AUDIO_GROUPS = ['audio', 'realtime', 'pipewire'] as const;
const WANTED = new Set<string>(AUDIO_GROUPS);

/** Parse one `id` line (`uid=1000(alice) gid=1000(alice) groups=1000(alice),29(audio)`); null when it is not one. */
export function parseId(text: string): UserIdentity | null {
  // coreutils id.c prints "uid=%u(%s) gid=%u(%s) groups=%u(%s),..." (the names
  // are left out when they cannot be looked up); LC_ALL=C keeps the labels.
  const line = text.split(/\r?\n/).find((l) => /^\s*uid=\d/.test(l));
  if (!line) return null;
  const field = (label: string): { id: number; name: string | null } | null => {
    const m = new RegExp(`(?:^|\\s)${label}=(\\d{1,10})(?:\\(([^)]*)\\))?`).exec(line);
    return m ? { id: Number(m[1]), name: m[2] ?? null } : null;
  };
  const uid = field('uid');
  const gid = field('gid');
  if (!uid || !gid) return null;
  const groups: UserIdentity['groups'] = [];
  const list = /(?:^|\s)groups=(\S+)/.exec(line)?.[1] ?? '';
  for (const m of list.matchAll(/(\d{1,10})(?:\(([^)]*)\))?/g)) groups.push({ gid: Number(m[1]), name: m[2] ?? null });
  return { uid: uid.id, name: uid.name, gid: gid.id, groups };
}

/** The getent answer: the wanted groups found, or null when getent failed (unknown). */
export interface GroupLookup {
  groups: GroupEntry[] | null;
  exit: number | null;
}

/** Parse the `getent-audio` output: group(5) lines, then `exit=N` (0 found, 1 none found). */
export function parseGroupLines(text: string): GroupLookup {
  const groups: GroupEntry[] = [];
  let exit: number | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const status = /^exit=(\d{1,3})$/.exec(line);
    if (status) {
      exit = Number(status[1]);
      continue;
    }
    // group(5): group_name:password:GID:user_list
    const parts = line.split(':');
    if (parts.length !== 4 || !WANTED.has(parts[0] ?? '')) continue;
    const gid = /^\d{1,10}$/.test(parts[2] ?? '') ? Number(parts[2]) : null;
    const members = (parts[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean);
    groups.push({ name: parts[0] as string, gid, members });
  }
  // grep exits 1 when no line matched; anything else but 0 means the lookup failed.
  const ok = exit === 0 || (exit === 1 && groups.length === 0);
  return { groups: ok ? groups : null, exit };
}

/** `id` and the audio groups of a source. */
export function readUser(src: Source): { user: UserIdentity | null; groups: GroupEntry[] | null } {
  const id = src.command('id');
  const getent = src.command('getent-audio');
  return { user: id === null ? null : parseId(id), groups: getent === null ? null : parseGroupLines(getent).groups };
}
