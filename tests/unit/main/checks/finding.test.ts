import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atLeast, cmdlineWords, ev, plural, showLimit } from '../../../../main/checks/finding.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';

// Real command lines: the lab's two boots, this machine's (Firecracker VM), an Ubuntu desktop's.
const CMDLINES = [
  'root=/dev/vda rw console=ttyS0,115200 loglevel=4 mitigations=off threadirqs systemd.mask=serial-getty@ttyS0.service systemd.mask=systemd-logind.service \n',
  'root=/dev/vda rw console=ttyS0,115200 loglevel=4 mitigations=off systemd.mask=serial-getty@ttyS0.service systemd.mask=systemd-logind.service \n',
  'mitigations=auto,no_guest_host,no_guest_guest console=ttyS0 quiet reboot=k panic=1 nomodule rdinit=/process_api -- --firecracker-init --addr 0.0.0.0:2024\n',
  'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0a1b ro quiet splash vt.handoff=7\n',
];

describe('cmdlineWords', () => {
  it('splits on spaces, keeps quoted values whole, stops at --', () => {
    expect(cmdlineWords(CMDLINES[0] as string)).toContain('threadirqs');
    expect(cmdlineWords(CMDLINES[2] as string).pop()).toBe('rdinit=/process_api');
    expect(cmdlineWords('ro dyndbg="file x.c +p" threadirqs')).toEqual(['ro', 'dyndbg="file x.c +p"', 'threadirqs']);
  });
  it('fuzz: words never contain spaces outside quotes and never include --', () => {
    fc.assert(
      fc.property(fuzzText(CMDLINES), (t) => {
        for (const w of cmdlineWords(t)) {
          expect(w).not.toBe('--');
          expect(w.replace(/"[^"]*"?/g, '')).not.toMatch(/\s/);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('small helpers', () => {
  it('evidence, sizes, comparisons, plurals', () => {
    expect(ev('/proc/x', null)).toEqual({ source: '/proc/x', value: 'not available' });
    expect(showLimit(8388608, true)).toBe('8 MiB');
    expect(showLimit(24684084 * 1024, true)).toBe('23.5 GiB');
    expect(showLimit('unlimited', true)).toBe('unlimited');
    expect(atLeast('unlimited', 99)).toBe(true);
    expect(atLeast(70, 88)).toBe(false);
    expect(plural(1, 'thing')).toBe('1 thing');
    expect(plural(3, 'thing')).toBe('3 things');
  });
});
