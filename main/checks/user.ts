// Who the musician is: not root, and in the audio group for this session (not
// just in /etc/group, which needs a re-login), with one audio group only.
import type { Finding } from '../common/findings.js';
import type { GroupEntry, UserIdentity } from '../common/system.js';
import type { Snapshot } from '../common/types.js';
import { ev, finding, FROM, unknown, type CheckHead } from './finding.js';

const NOT_ROOT: CheckHead = { id: 'user.not-root', title: 'Scan as your normal user', severity: 'required' };
const AUDIO_GROUP: CheckHead = { id: 'user.audio-group', title: 'Audio group membership', severity: 'required' };

/** Is `user` in `group` for this session (`id`), by name, or by GID when names were not printed? */
export function inSession(user: UserIdentity, group: string, db: GroupEntry[] | null): boolean {
  const gids = new Set((db ?? []).filter((g) => g.name === group && g.gid !== null).map((g) => g.gid));
  return user.groups.some((g) => g.name === group || (g.name === null && gids.has(g.gid)));
}

/** Is `user` a member of `group` in the group database (listed, or it is the primary group)? null when unknown. */
export function inDatabase(user: UserIdentity, group: string, db: GroupEntry[] | null): boolean | null {
  if (db === null || user.name === null) return null;
  // pam_modutil_user_in_group_nam_nam: a member by the member list or by the primary GID.
  return db.some((g) => g.name === group && (g.members.includes(user.name as string) || g.gid === user.gid));
}

function idLine(u: UserIdentity): string {
  return `uid=${u.uid}(${u.name ?? '?'}) groups=${u.groups.map((g) => `${g.gid}(${g.name ?? '?'})`).join(',')}`;
}

/** user.not-root: the scan (and the audio session) must be the musician's, not root's. */
export function checkNotRoot(s: Snapshot): Finding {
  const user = s.system?.user ?? null;
  if (!user) return unknown(NOT_ROOT, 'the bundle has no `id` output', [ev(FROM.id, null)]);
  const evidence = [ev(FROM.id, idLine(user))];
  if (user.uid === 0) {
    return finding(NOT_ROOT, {
      status: 'fail',
      value: 'root',
      evidence,
      explanation: "The scan ran as root, so the group and limit checks describe root's account, not the one you make music with.",
      advice: 'Run Studio Setup as your normal user; it asks for your password only for the changes that need it.',
      manual: ['Run `studio-setup scan` (or `capture`) without sudo, from your own login.'],
    });
  }
  return finding(NOT_ROOT, {
    status: 'ok',
    value: user.name ?? String(user.uid),
    evidence,
    explanation: 'The scan ran as your own user, so the groups and limits below are the ones your audio programs get.',
    advice: 'Nothing to do.',
  });
}

/** user.audio-group: in the audio group now (stale membership needs a re-login; duplicate audio groups are flagged). */
export function checkAudioGroup(s: Snapshot): Finding {
  const user = s.system?.user ?? null;
  const db = s.system?.groups ?? null;
  if (!user) return unknown(AUDIO_GROUP, 'the bundle has no `id` output', [ev(FROM.id, null)]);
  const evidence = [ev(FROM.id, idLine(user))];
  const audio = (db ?? []).filter((g) => g.name === 'audio');
  evidence.push(ev(FROM.getent, db === null ? null : audio.length ? audio.map((g) => `audio:${g.gid ?? '?'}:${g.members.join(',')}`).join(' | ') : 'no audio group'));
  if (user.uid === 0) return unknown(AUDIO_GROUP, "the scan ran as root, whose groups say nothing about yours", evidence);
  const sessionAudio = user.groups.filter((g) => g.name === 'audio');
  const gids = new Set([...audio.map((g) => g.gid), ...sessionAudio.map((g) => g.gid)]);
  const duplicate = audio.length > 1 || gids.size > 1;
  const now = inSession(user, 'audio', db);
  const listed = inDatabase(user, 'audio', db);
  const other = ['realtime', 'pipewire'].filter((g) => inSession(user, g, db));
  const count = audio.length > 1 ? audio.length : gids.size;
  // One sentence for the explanation; the duplicate detail rides along as a clause or in the advice.
  const dupClause = duplicate ? `, but there are ${count} groups named "audio" (GIDs ${[...gids].join(', ')}) and limits.conf's @audio and udev rules only ever see the first` : '';
  const dupAdvice = duplicate ? ` Also remove the duplicate "audio" group (GIDs ${[...gids].join(', ')}): @audio in limits.conf only sees the first.` : '';
  const dupSteps = duplicate ? ['Remove the duplicate "audio" entry with `sudo vigr` (and `sudo vigr -s`), keeping the system one (usually GID 29 on Debian/Ubuntu).'] : [];
  if (now) {
    return finding(AUDIO_GROUP, {
      status: duplicate ? 'warn' : 'ok',
      value: 'member',
      evidence,
      explanation: duplicate
        ? `You are in the audio group in this session${dupClause}.`
        : 'You are in the audio group in this session, which is what grants realtime limits and device access on most distributions.',
      advice: duplicate ? 'Remove the duplicate audio group, keeping the system one.' : 'Nothing to do.',
      ...(dupSteps.length ? { manual: dupSteps } : {}),
    });
  }
  if (listed === true) {
    return finding(AUDIO_GROUP, {
      status: 'warn',
      value: 'needs re-login',
      evidence,
      explanation: 'You were added to the audio group, but this session started before that, so your programs do not have it yet.',
      advice: `Log out completely and log back in (or reboot): a new login picks up the group.${dupAdvice}`,
      manual: ['Log out of every session (or reboot), then log in again.', ...dupSteps],
      needs: 'relogin',
    });
  }
  const viaOther = other.length > 0;
  return finding(AUDIO_GROUP, {
    status: viaOther ? 'warn' : 'fail',
    ...(viaOther ? { severity: 'recommended' as const } : {}),
    value: 'not a member',
    evidence,
    explanation: viaOther
      ? `You are not in the audio group but in ${other.join(' and ')}, which may grant realtime limits, while Studio Setup gives its limits and device permissions to the audio group.`
      : 'You are not in the audio group, the group that realtime priority and audio device permissions are given to.',
    advice: `Join the audio group (Studio Setup can add you), then log out and back in.${dupAdvice}`,
    fix: { action: 'audio-group', group: 'audio' },
    needs: 'relogin',
    ...(dupSteps.length ? { manual: dupSteps } : {}),
  });
}

/** The user checks. */
export function userChecks(s: Snapshot): Finding[] {
  return [checkNotRoot(s), checkAudioGroup(s)];
}
