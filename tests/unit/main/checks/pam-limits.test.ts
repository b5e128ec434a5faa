import { describe, expect, it } from 'vitest';
import { loginLimit, showRule } from '../../../../main/checks/pam-limits.js';
import type { GroupEntry, UserIdentity } from '../../../../main/common/system.js';
import { parseLimitsConf } from '../../../../main/probe/limits.js';

const alice: UserIdentity = { uid: 1000, name: 'alice', gid: 1000, groups: [{ gid: 1000, name: 'alice' }, { gid: 29, name: 'audio' }] };
const db: GroupEntry[] = [{ name: 'audio', gid: 29, members: ['alice'] }];
const rules = (text: string) => parseLimitsConf(text, '/etc/security/limits.d/t.conf');

describe('loginLimit (pam_limits precedence)', () => {
  it("Debian's jackd2 audio.conf gives @audio rtprio 95, memlock unlimited", () => {
    const r = rules('@audio   -  rtprio     95\n@audio   -  memlock    unlimited\n');
    expect(loginLimit(r, 'rtprio', alice, db)).toMatchObject({ soft: 95, hard: 95 });
    expect(loginLimit(r, 'memlock', alice, db)).toMatchObject({ soft: 'unlimited', hard: 'unlimited' });
  });

  it('a user line beats a group line beats *, whatever the order', () => {
    const r = rules('alice hard rtprio 70\n@audio hard rtprio 95\n* hard rtprio 10\n');
    expect(loginLimit(r, 'rtprio', alice, db).hard).toBe(70);
    expect(loginLimit(rules('* hard rtprio 10\n@audio hard rtprio 95\n'), 'rtprio', alice, db).hard).toBe(95);
  });

  it('among lines of the same class the later one wins (files read as if concatenated)', () => {
    const r = [...rules('@audio - rtprio 95\n'), ...parseLimitsConf('@audio - rtprio 40\n', '/etc/security/limits.d/99-late.conf')];
    const l = loginLimit(r, 'rtprio', alice, db);
    expect(l.hard).toBe(40);
    expect(showRule(l.hardRule!)).toBe('/etc/security/limits.d/99-late.conf:1: @audio - rtprio 40');
  });

  it('a group the user is not in, and membership only in the session, do not count at the next login', () => {
    expect(loginLimit(rules('@realtime - rtprio 98\n'), 'rtprio', alice, db).hard).toBeNull();
    // Removed from audio in /etc/group: the session still has it, the next login will not.
    expect(loginLimit(rules('@audio - rtprio 95\n'), 'rtprio', alice, [{ name: 'audio', gid: 29, members: [] }]).hard).toBeNull();
    // Added to audio in /etc/group, not yet in the session: the next login gets it.
    const fresh: UserIdentity = { ...alice, groups: [{ gid: 1000, name: 'alice' }] };
    expect(loginLimit(rules('@audio - rtprio 95\n'), 'rtprio', fresh, db).hard).toBe(95);
  });

  it('uid and gid ranges (limits.conf(5))', () => {
    expect(loginLimit(rules('1000: hard rtprio 50\n'), 'rtprio', alice, db).hard).toBe(50);
    expect(loginLimit(rules(':999 hard rtprio 50\n'), 'rtprio', alice, db).hard).toBeNull();
    expect(loginLimit(rules('@:29 hard rtprio 60\n'), 'rtprio', alice, db).hard).toBe(60);
    // A gid range looks at the primary group only.
    expect(loginLimit(rules('@20:30 hard rtprio 60\n'), 'rtprio', alice, db).hard).toBeNull();
  });

  it('soft and hard are separate; memlock values are KiB', () => {
    const r = rules('@audio soft memlock 65536\n@audio hard memlock 4194304\n');
    expect(loginLimit(r, 'memlock', alice, db)).toMatchObject({ soft: 64 * 1024 * 1024, hard: 4 * 1024 * 1024 * 1024 });
  });
});
