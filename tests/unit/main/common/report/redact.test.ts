import { describe, expect, it } from 'vitest';
import { createRedactor, redactBundle } from '../../../../../main/common/report/redact.js';
import { findSecrets, isSerial, lsusbSerials } from '../../../../../main/common/report/secrets.js';
import { SECRETS, seededBundle } from '../../report/seeded.js';

describe('findSecrets', () => {
  it('finds the user (id first), other users, the host (short and qualified), serials and MACs of a seeded bundle', () => {
    const s = findSecrets(seededBundle());
    expect(s.users).toEqual(['hildegard', 'ottokar']);
    expect(s.hosts).toEqual(['zanzibar-studio', 'zanzibar-studio.example.org']);
    expect(s.serials).toEqual(expect.arrayContaining(['SCARLETT-7Q2X9K', '7Q2X9K-FW', '8817QX42', '10000000c0ffee42']));
    expect(s.serials).not.toContain('0000:00:04.0');
    expect(s.macs).toEqual(expect.arrayContaining(['01:52:54:00:ab:cd:ef', '52:54:00:12:34:56', 'de:ad:be:ef:00:01']));
  });

  it("takes lsusb -v's iSerial but not a root hub's (its bus id)", () => {
    const text = [
      'Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub',
      '  iSerial                 1 0000:00:14.0',
      'Bus 001 Device 004: ID 1235:8210 Focusrite-Novation Scarlett 2i2 3rd Gen',
      '  iSerial                 3 Y8Q4KZ21A0C7F1',
      'Bus 001 Device 005: ID 0a12:0001 Cambridge Silicon Radio, Ltd Bluetooth Dongle',
      '  iSerial                 0 ',
    ].join('\n');
    expect(lsusbSerials(text)).toEqual(['Y8Q4KZ21A0C7F1']);
    expect([isSerial('0000:00:14.0'), isSerial('3f980000.usb'), isSerial('000000000'), isSerial('ABC123')]).toEqual([false, false, false, true]);
  });
});

describe('redactBundle', () => {
  it('leaves no secret in any file, path, link target or directory of the bundle', () => {
    const { bundle } = redactBundle(seededBundle());
    const all = JSON.stringify(bundle).toLowerCase();
    for (const s of SECRETS) expect(all.includes(s.toLowerCase()), s).toBe(false);
    expect(bundle.files['/proc/version']).toBe('Linux version 6.1.0-56-rt-amd64 (<user>@<host>) (gcc 12.2.0) #1 SMP PREEMPT_RT\n');
    // Numbered in path order: the same address in a file and in a link target is one placeholder.
    expect(bundle.files['/home/<user>/.config/pipewire/pipewire.conf']).toBe('# owner <user>, dongle <mac-1>\n');
    expect(bundle.links['/sys/class/net/wlan0']).toBe('../../devices/virtual/net/<mac-1>');
    expect(bundle.dirs).toContain('/home/<user-2>');
  });

  it('keeps everything else byte for byte', () => {
    const before = seededBundle();
    const { bundle } = redactBundle(before);
    expect(bundle.files['/proc/interrupts']).toBe(before.files['/proc/interrupts']);
    expect(bundle.files['/cmd/ps-threads.txt']).toBe(before.files['/cmd/ps-threads.txt']);
  });
});

describe('createRedactor', () => {
  const r = createRedactor({ users: ['alice', 'root'], hosts: ['debian', 'alice-pc'], serials: ['A12', 'SN0001'], macs: [] });

  it('replaces whole words only, the longest name first, the same value with the same placeholder', () => {
    expect(r.text('alice-pc alice alicee malice /home/alice/x')).toBe('<host-2> <user> alicee malice /home/<user>/x');
    expect(r.text('SN0001 and SN0001, not SN00012')).toBe('<serial-2> and <serial-2>, not SN00012');
    expect(r.text('Alice-PC')).toBe('<host-2>');
  });

  it('generic names are replaced only where they name the machine or the user (not "Debian" in a kernel version)', () => {
    expect(r.text('Linux debian 6.1.0 #1 SMP PREEMPT_DYNAMIC Debian 6.1.1\n', '/cmd/uname-a.txt')).toBe('Linux <host> 6.1.0 #1 SMP PREEMPT_DYNAMIC Debian 6.1.1\n');
    expect(r.text('debian\n', '/etc/hostname')).toBe('<host>\n');
    expect(r.text('uid=0(root) gid=0(root) groups=0(root)', '/cmd/id.txt')).toBe('uid=0(<user-2>) gid=0(<user-2>) groups=0(<user-2>)');
    expect(r.text('root=/dev/sda1 debian')).toBe('root=/dev/sda1 debian');
    // A short serial is hidden where it is a serial, not wherever its characters occur.
    expect(r.text('A12 in text')).toBe('A12 in text');
  });

  it('any MAC-shaped value, either separator, any case, gets one placeholder per address', () => {
    const m = createRedactor({ users: [], hosts: [], serials: [], macs: [] });
    expect(m.text('52:54:00:AA:BB:CC 52-54-00-aa-bb-cc 52:54:00:aa:bb:cd 0000:00:14.0 12:34:56')).toBe('<mac-1> <mac-1> <mac-2> 0000:00:14.0 12:34:56');
  });

  it('a placeholder is never matched again (a user called "mac", a host called "serial")', () => {
    const h = createRedactor({ users: ['mac'], hosts: ['serial'], serials: ['XY1234'], macs: ['aa:bb:cc:dd:ee:ff'] });
    expect(h.text('mac serial XY1234 aa:bb:cc:dd:ee:ff')).toBe('<user> <host> <serial-1> <mac-1>');
  });

  it('deep() redacts every string and key of plain data, numbers and booleans untouched', () => {
    expect(r.deep({ alice: ['alice-pc', 3, true, null], n: { who: 'alice' } })).toEqual({ '<user>': ['<host-2>', 3, true, null], n: { who: '<user>' } });
  });
});
