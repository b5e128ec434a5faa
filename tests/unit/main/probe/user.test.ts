import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGroupLines, parseId, readUser } from '../../../../main/probe/user.js';
import { MemorySource } from '../../../../main/probe/source.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';

// Real `id` outputs: this machine (root), its `nobody`, a Debian desktop user, and names that could not be looked up.
const IDS = [
  'uid=0(root) gid=0(root) groups=0(root)\n',
  'uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n',
  'uid=1000(alice) gid=1000(alice) groups=1000(alice),4(adm),24(cdrom),27(sudo),29(audio),30(dip),44(video),46(plugdev),100(users),106(netdev)\n',
  'uid=1000 gid=1000 groups=1000,29\n',
  'uid=1000(alice) gid=1000(alice) groups=1000(alice),29(audio) context=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023\n',
];
// `getent-audio` outputs: this machine's, a duplicate, none found, getent missing.
const GETENTS = ['audio:x:29:\nexit=0\n', 'audio:x:29:alice,pulse\naudio:x:1001:\nrealtime:x:973:alice\nexit=0\n', 'exit=1\n', 'exit=127\n'];

describe('parseId', () => {
  it('reads uid, gid and every group with its name', () => {
    expect(parseId(IDS[0] as string)).toEqual({ uid: 0, name: 'root', gid: 0, groups: [{ gid: 0, name: 'root' }] });
    const a = parseId(IDS[2] as string);
    expect(a?.name).toBe('alice');
    expect(a?.groups).toHaveLength(10);
    expect(a?.groups).toContainEqual({ gid: 29, name: 'audio' });
  });
  it('names that could not be looked up are null; SELinux context is ignored', () => {
    expect(parseId(IDS[3] as string)).toEqual({ uid: 1000, name: null, gid: 1000, groups: [{ gid: 1000, name: null }, { gid: 29, name: null }] });
    expect(parseId(IDS[4] as string)?.groups).toEqual([{ gid: 1000, name: 'alice' }, { gid: 29, name: 'audio' }]);
  });
  it('anything else is null', () => {
    expect(parseId('')).toBeNull();
    expect(parseId('id: cannot find name for group ID 1000\n')).toBeNull();
  });
  it('fuzz: a result or null, never a throw; gids are integers', () => {
    fc.assert(
      fc.property(fuzzText(IDS), (t) => {
        const r = parseId(t);
        if (r) for (const g of r.groups) expect(Number.isInteger(g.gid)).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('parseGroupLines', () => {
  it('keeps only audio, realtime and pipewire lines, with members', () => {
    expect(parseGroupLines(GETENTS[1] as string)).toEqual({
      groups: [
        { name: 'audio', gid: 29, members: ['alice', 'pulse'] },
        { name: 'audio', gid: 1001, members: [] },
        { name: 'realtime', gid: 973, members: ['alice'] },
      ],
      exit: 0,
    });
    expect(parseGroupLines('audiophiles:x:1002:alice\nexit=0\n').groups).toEqual([]);
  });
  it('exit 1 = none found (known), anything else = unknown', () => {
    expect(parseGroupLines('exit=1\n').groups).toEqual([]);
    expect(parseGroupLines('exit=127\n').groups).toBeNull();
    expect(parseGroupLines('audio:x:29:\n').groups).toBeNull();
  });
  it('fuzz', () => {
    fc.assert(fc.property(fuzzText(GETENTS), (t) => void parseGroupLines(t)), { numRuns: FUZZ_RUNS });
  });
});

describe('readUser', () => {
  it('null parts when the source lacks the commands', () => {
    expect(readUser(new MemorySource({ files: {}, links: {} }))).toEqual({ user: null, groups: null });
    const src = new MemorySource({ files: { '/cmd/id.txt': IDS[2] as string, '/cmd/getent-audio.txt': GETENTS[0] as string }, links: {} });
    expect(readUser(src).groups).toEqual([{ name: 'audio', gid: 29, members: [] }]);
  });
});
