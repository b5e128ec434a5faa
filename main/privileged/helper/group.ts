// The audio-group fix. Live: `gpasswd -a USER audio` (shadow's own locking),
// with /etc/group, /etc/gshadow and their `-` backups journaled first. Under
// --root: the two files are edited directly (nothing is run).
import type { Ctx } from './ctx.js';
import type { Drift } from './journal.js';
import { checkPath, Refused } from './paths.js';

/** A group's line in /etc/group. */
export interface GroupLine {
  name: string;
  gid: number;
  members: string[];
}

/** Find `group` in /etc/group text. */
export function groupLine(text: string, group: string): GroupLine | null {
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length !== 4 || f[0] !== group || !/^\d{1,10}$/.test(f[2] ?? '')) continue;
    return { name: group, gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean) };
  }
  return null;
}

/**
 * Add or remove `user` in the member list of `group` in /etc/group (field 4) or
 * /etc/gshadow (field 4 of 4: name:password:admins:members). Every other byte stays.
 */
export function editMembers(text: string, group: string, user: string, add: boolean): string {
  return text
    .split('\n')
    .map((line) => {
      const f = line.split(':');
      if (f.length !== 4 || f[0] !== group) return line;
      const members = (f[3] ?? '').split(',').filter(Boolean);
      const has = members.includes(user);
      if (add === has) return line;
      const next = add ? [...members, user] : members.filter((m) => m !== user);
      return [...f.slice(0, 3), next.join(',')].join(':');
    })
    .join('\n');
}

/** Group files gpasswd rewrites (the `-` ones are its backups). */
export const GROUP_FILES = ['/etc/group', '/etc/gshadow', '/etc/group-', '/etc/gshadow-'] as const;

/** Add the user to the group. */
export function applyAudioGroup(ctx: Ctx, group: string, user: string | null): void {
  ctx.begin(`add ${user ?? '(no user)'} to group ${group}`);
  if (user === null) throw new Refused('the audio-group fix needs the user (run through sudo or pkexec, or pass --user)');
  for (const f of GROUP_FILES) checkPath(ctx.root, f, 'file');
  const text = ctx.read('/etc/group');
  const line = text === null ? null : groupLine(text, group);
  if (text === null || line === null) throw new Refused(`there is no group ${group} on this system`);
  // Live, gpasswd asks NSS (LDAP users too); under --root only the tree's passwd file can tell.
  if (!ctx.live && !passwdHas(ctx.read('/etc/passwd') ?? '', user)) throw new Refused(`there is no user ${user} on this system`);
  if (line.members.includes(user)) {
    ctx.note(`${user} is already in group ${group}`);
    return;
  }
  const drift: Drift = { kind: 'group-member', group, user, shadow: false };
  if (ctx.live) {
    const present = GROUP_FILES.filter((f) => ctx.exists(f));
    ctx.command([ctx.program('gpasswd'), '-a', user, group], { changes: [...present], drift: { '/etc/group': drift } });
    if (!ctx.planning && !groupLine(ctx.read('/etc/group') ?? '', group)?.members.includes(user)) {
      throw new Error(`gpasswd ran but ${user} is not in group ${group}`);
    }
  } else {
    ctx.writeFile('/etc/group', editMembers(text, group, user, true), { mode: 0o644, keepOwner: true, drift });
    const shadow = ctx.read('/etc/gshadow');
    if (shadow !== null && shadow.split('\n').some((l) => l.startsWith(`${group}:`))) {
      ctx.writeFile('/etc/gshadow', editMembers(shadow, group, user, true), {
        mode: 0o640,
        keepOwner: true,
        drift: { ...drift, shadow: true },
      });
    }
  }
  ctx.note(`${user} is in group ${group} from the next login: log out and back in`);
}

function passwdHas(text: string, user: string): boolean {
  return text.split('\n').some((l) => l.split(':')[0] === user);
}
