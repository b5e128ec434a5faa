import { describe, expect, it } from 'vitest';
import { check } from './machine.js';

const ID = '/cmd/id.txt';
const GETENT = '/cmd/getent-audio.txt';

describe('user.not-root', () => {
  it('ok for the musician, fail for root, unknown without `id`', () => {
    expect(check('user.not-root')).toMatchObject({ status: 'ok', value: 'alice', severity: 'required' });
    const root = check('user.not-root', { [ID]: 'uid=0(root) gid=0(root) groups=0(root)\n' });
    expect(root).toMatchObject({ status: 'fail', value: 'root' });
    expect(root.evidence[0]).toEqual({ source: 'id', value: 'uid=0(root) groups=0(root)' });
    expect(check('user.not-root', { [ID]: null })).toMatchObject({ status: 'unknown', value: null });
  });
});

describe('user.audio-group', () => {
  it('ok when the session has the audio group', () => {
    expect(check('user.audio-group')).toMatchObject({ status: 'ok', value: 'member' });
  });

  it('in /etc/group but not in this session: warn, needs a re-login, no fix to apply', () => {
    const f = check('user.audio-group', { [ID]: 'uid=1000(alice) gid=1000(alice) groups=1000(alice),100(users)\n' });
    expect(f).toMatchObject({ status: 'warn', value: 'needs re-login', needs: 'relogin' });
    expect(f.fix).toBeUndefined();
    expect(f.advice).toMatch(/log back in/);
  });

  it('not a member anywhere: fail with the audio-group fix', () => {
    const f = check('user.audio-group', { [ID]: 'uid=1000(alice) gid=1000(alice) groups=1000(alice)\n', [GETENT]: 'audio:x:29:pulse\nexit=0\n' });
    expect(f).toMatchObject({ status: 'fail', severity: 'required', fix: { action: 'audio-group', group: 'audio' }, needs: 'relogin' });
  });

  it('primary group audio counts as membership (pam_modutil looks at the GID too)', () => {
    const f = check('user.audio-group', { [ID]: 'uid=1000(alice) gid=29(audio) groups=29(audio)\n', [GETENT]: 'audio:x:29:\nexit=0\n' });
    expect(f.status).toBe('ok');
  });

  it('in the realtime group only: warn (recommended), still offers the audio group', () => {
    const f = check('user.audio-group', {
      [ID]: 'uid=1000(alice) gid=1000(alice) groups=1000(alice),973(realtime)\n',
      [GETENT]: 'audio:x:29:\nrealtime:x:973:alice\nexit=0\n',
    });
    expect(f).toMatchObject({ status: 'warn', severity: 'recommended', fix: { action: 'audio-group' } });
    expect(f.explanation).toMatch(/realtime/);
  });

  it('two groups named audio: warn, explains that @audio resolves to the first', () => {
    const f = check('user.audio-group', { [GETENT]: 'audio:x:29:alice\naudio:x:1001:\nexit=0\n' });
    expect(f).toMatchObject({ status: 'warn', value: 'member' });
    expect(f.explanation).toMatch(/2 groups named "audio" \(GIDs 29, 1001\)/);
    expect(f.manual?.[0]).toMatch(/vigr/);
  });

  it('quickscan#13: a user or group merely named like "audio" is neither membership nor a duplicate', () => {
    const f = check('user.audio-group', {
      [ID]: 'uid=1000(audiouser) gid=1000(audiouser) groups=1000(audiouser),1001(myaudio)\n',
      [GETENT]: 'audio:x:29:pulse,audiouser2\nexit=0\n',
    });
    expect(f).toMatchObject({ status: 'fail', value: 'not a member' });
    expect(f.explanation).not.toMatch(/groups named/);
    // And the getent filter never lets a look-alike group in.
    const g = check('user.audio-group', { [GETENT]: 'audio:x:29:alice\naudiophiles:x:1002:alice\nexit=0\n' });
    expect(g).toMatchObject({ status: 'ok' });
  });

  it('unknown for root and without `id`; getent failing falls back to the session', () => {
    expect(check('user.audio-group', { [ID]: 'uid=0(root) gid=0(root) groups=0(root)\n' }).status).toBe('unknown');
    expect(check('user.audio-group', { [ID]: null }).status).toBe('unknown');
    expect(check('user.audio-group', { [GETENT]: 'exit=2\n' }).status).toBe('ok');
    const missing = check('user.audio-group', { [GETENT]: null, [ID]: 'uid=1000(alice) gid=1000(alice) groups=1000(alice)\n' });
    expect(missing).toMatchObject({ status: 'fail', fix: { action: 'audio-group' } });
  });
});
