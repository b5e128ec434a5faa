import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLimitsConf, parseProcLimits, parseRtTries, readLimits } from '../../../../main/probe/limits.js';
import { MemorySource } from '../../../../main/probe/source.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';

// /proc/self/limits of this machine's test run (Debian 12 VM), verbatim.
const PROC_LIMITS = `Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max file size             unlimited            unlimited            bytes     
Max data size             unlimited            unlimited            bytes     
Max stack size            8388608              unlimited            bytes     
Max core file size        0                    unlimited            bytes     
Max resident set          unlimited            unlimited            bytes     
Max processes             96365                96365                processes 
Max open files            20000                20000                files     
Max locked memory         8388608              8388608              bytes     
Max address space         unlimited            unlimited            bytes     
Max file locks            unlimited            unlimited            locks     
Max pending signals       96365                96365                signals   
Max msgqueue size         819200               819200               bytes     
Max nice priority         0                    0                    
Max realtime priority     0                    0                    
Max realtime timeout      unlimited            unlimited            us        
`;
// Shipped limits files: Debian jackd2 audio.conf, Arch realtime-privileges, PipeWire's 25-pw-rlimits.conf.
const JACKD2 = '# Provided by the jackd package.\n#\n# Changes to this file will be preserved.\n\n@audio   -  rtprio     95\n@audio   -  memlock    unlimited\n#@audio   -  nice      -19\n';
const REALTIME = '@realtime - rtprio 98\n@realtime - memlock unlimited\n@realtime - nice -11\n';
const PW_RLIMITS = '# This file was installed by PipeWire project for its libpipewire\n@pipewire   - rtprio  95\n@pipewire   - nice    -19\n@pipewire   - memlock 4194304\n';
// chrt run as `nobody` on this machine, and the command missing.
const CHRT = [
  "chrt: failed to set pid 0's policy: Operation not permitted\nfifo 88 exit=1\nchrt: failed to set pid 0's policy: Operation not permitted\nfifo 70 exit=1\n",
  'fifo 88 exit=0\nfifo 70 exit=0\n',
  'sh: 1: chrt: not found\nfifo 88 exit=127\nsh: 1: chrt: not found\nfifo 70 exit=127\n',
];

describe('parseProcLimits', () => {
  it('reads rtprio and memlock (bytes) from the real file', () => {
    expect(parseProcLimits(PROC_LIMITS)).toEqual({ rtprio: { soft: 0, hard: 0 }, memlock: { soft: 8388608, hard: 8388608 } });
    expect(parseProcLimits(PROC_LIMITS.replace('Max realtime priority     0                    0', 'Max realtime priority     95                   95'))?.rtprio).toEqual({ soft: 95, hard: 95 });
  });
  it('null for anything else', () => {
    expect(parseProcLimits('')).toBeNull();
  });
  it('fuzz', () => {
    fc.assert(fc.property(fuzzText([PROC_LIMITS]), (t) => void parseProcLimits(t)), { numRuns: FUZZ_RUNS });
  });
});

describe('parseLimitsConf', () => {
  it('shipped files: rtprio and memlock lines (memlock KiB → bytes), comments and other items skipped', () => {
    expect(parseLimitsConf(JACKD2, '/etc/security/limits.d/audio.conf')).toEqual([
      { file: '/etc/security/limits.d/audio.conf', line: 5, domain: '@audio', type: '-', item: 'rtprio', value: 95 },
      { file: '/etc/security/limits.d/audio.conf', line: 6, domain: '@audio', type: '-', item: 'memlock', value: 'unlimited' },
    ]);
    expect(parseLimitsConf(REALTIME, 'r').map((r) => r.value)).toEqual([98, 'unlimited']);
    expect(parseLimitsConf(PW_RLIMITS, 'p').find((r) => r.item === 'memlock')?.value).toBe(4194304 * 1024);
  });
  it('-1 and infinity mean unlimited; malformed lines are skipped', () => {
    expect(parseLimitsConf('@audio hard rtprio -1\n@audio soft memlock infinity\n@audio hard rtprio lots\n@audio rtprio 95\n', 'f').map((r) => r.value)).toEqual(['unlimited', 'unlimited']);
  });
  it('fuzz', () => {
    fc.assert(fc.property(fuzzText([JACKD2, REALTIME, PW_RLIMITS]), (t) => void parseLimitsConf(t, 'f')), { numRuns: FUZZ_RUNS });
  });
});

describe('parseRtTries', () => {
  it('keeps the exit and chrt\'s message per priority', () => {
    expect(parseRtTries(CHRT[0] as string)).toEqual([
      { priority: 88, exit: 1, message: "chrt: failed to set pid 0's policy: Operation not permitted" },
      { priority: 70, exit: 1, message: "chrt: failed to set pid 0's policy: Operation not permitted" },
    ]);
    expect(parseRtTries(CHRT[1] as string).map((t) => t.exit)).toEqual([0, 0]);
  });
  it('fuzz', () => {
    fc.assert(fc.property(fuzzText(CHRT), (t) => void parseRtTries(t)), { numRuns: FUZZ_RUNS });
  });
});

describe('readLimits', () => {
  it('limits.conf first, then limits.d/*.conf in C order; other names ignored', () => {
    const src = new MemorySource({
      files: {
        '/cmd/limits-self.txt': PROC_LIMITS,
        '/etc/security/limits.conf': '# empty\n',
        '/etc/security/limits.d/audio.conf': JACKD2,
        '/etc/security/limits.d/99-realtime-privileges.conf': REALTIME,
        '/etc/security/limits.d/25-pw-rlimits.conf': PW_RLIMITS,
        '/etc/security/limits.d/audio.conf.disabled': '@audio - rtprio 1\n',
      },
      links: {},
    });
    const r = readLimits(src);
    expect(r.limits.files).toEqual(['/etc/security/limits.conf', '/etc/security/limits.d/25-pw-rlimits.conf', '/etc/security/limits.d/99-realtime-privileges.conf', '/etc/security/limits.d/audio.conf']);
    expect(r.limits.rules?.length).toBe(6);
    expect(r.limits.session?.rtprio.hard).toBe(0);
    expect(r.rtTries).toBeNull();
  });
  it('a bundle without any of it: null, not an empty guess', () => {
    expect(readLimits(new MemorySource({ files: {}, links: {} }))).toEqual({ limits: { session: null, rules: null, files: [] }, rtTries: null });
  });
  it('falls back to /proc/self/limits when the command output is absent', () => {
    expect(readLimits(new MemorySource({ files: { '/proc/self/limits': PROC_LIMITS }, links: {} })).limits.session?.memlock.hard).toBe(8388608);
  });
});
