import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseKernelConfig, parseProcVersion, parseUname, readGzipText, readKernel } from '../../../../main/probe/kernel.js';
import { DirSource, LiveSource, MemorySource } from '../../../../main/probe/source.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';
import { makeTree, removeTrees } from '../../helpers/sysfs-tree.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures');
const lab = (cap: string, f: string): string => fs.readFileSync(path.join(FIXTURES, 'lab', cap, f), 'utf8');
const PROC_VERSION =
  'Linux version 6.1.0-56-rt-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_RT Debian 6.1.192-2 (2026-11-16)\n';

afterAll(removeTrees);

describe('parseUname', () => {
  it('lab RT kernel (raw capture with its "$ uname -a" line)', () => {
    expect(parseUname(lab('6.1.0-56-rt-amd64', 'uname.txt'))).toEqual({
      uname: 'Linux lab 6.1.0-56-rt-amd64 #1 SMP PREEMPT_RT Debian 6.1.192-2 (2026-11-16) x86_64 GNU/Linux',
      hostname: 'lab',
      release: '6.1.0-56-rt-amd64',
      version: '#1 SMP PREEMPT_RT Debian 6.1.192-2 (2026-11-16)',
      machine: 'x86_64',
    });
    expect(parseUname(lab('6.1.0-56-amd64-threadirqs', 'uname.txt'))).toMatchObject({
      release: '6.1.0-56-amd64',
      version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)',
    });
  });

  it('processor and platform printed too, busybox without GNU/, no OS at all', () => {
    expect(parseUname('Linux fedora 6.8.5-301.fc40.x86_64 #1 SMP PREEMPT_DYNAMIC Thu Apr 11 20:00:10 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux')).toMatchObject({
      version: '#1 SMP PREEMPT_DYNAMIC Thu Apr 11 20:00:10 UTC 2024',
      machine: 'x86_64',
    });
    expect(parseUname('Linux pi 5.15.0-0-rpi4 #1-Alpine SMP Tue, 13 Aug 2024 10:00:00 +0000 aarch64 Linux')).toMatchObject({
      hostname: 'pi',
      version: '#1-Alpine SMP Tue, 13 Aug 2024 10:00:00 +0000',
      machine: 'aarch64',
    });
    expect(parseUname('Linux box 6.6.0 #1 SMP PREEMPT_RT x86_64\n')).toMatchObject({ version: '#1 SMP PREEMPT_RT', machine: 'x86_64' });
    expect(parseUname('Linux box 6.6.0 #1 SMP Mon Jan 1 2024')).toEqual({
      uname: 'Linux box 6.6.0 #1 SMP Mon Jan 1 2024',
      hostname: 'box',
      release: '6.6.0',
      version: '#1 SMP Mon Jan 1 2024',
    });
    expect(parseUname('')).toEqual({});
  });
});

describe('parseProcVersion and parseKernelConfig', () => {
  it('/proc/version: release and the version after the compiler', () => {
    expect(parseProcVersion(PROC_VERSION)).toEqual({ release: '6.1.0-56-rt-amd64', version: '#1 SMP PREEMPT_RT Debian 6.1.192-2 (2026-11-16)' });
    expect(parseProcVersion('nonsense')).toEqual({});
  });

  it('.config: set, module, string, not set; comments ignored', () => {
    const text = [
      '#',
      '# Automatically generated file; DO NOT EDIT.',
      'CONFIG_PREEMPT_RT=y',
      'CONFIG_SND_USB_AUDIO=m',
      'CONFIG_LOCALVERSION="-rt"',
      'CONFIG_HZ=1000',
      '# CONFIG_PREEMPT_NONE is not set',
      '# comment CONFIG_X=y',
    ].join('\n');
    expect(parseKernelConfig(text)).toEqual({
      CONFIG_PREEMPT_RT: 'y',
      CONFIG_SND_USB_AUDIO: 'm',
      CONFIG_LOCALVERSION: '"-rt"',
      CONFIG_HZ: '1000',
      CONFIG_PREEMPT_NONE: 'n',
    });
    expect(parseKernelConfig(lab('6.1.0-56-amd64-threadirqs', 'preempt.txt'))).toEqual({
      CONFIG_IRQ_FORCED_THREADING: 'y',
      CONFIG_PREEMPT_VOLUNTARY: 'y',
      CONFIG_PREEMPT_DYNAMIC: 'y',
    });
  });
});

describe('readKernel', () => {
  it('lab bundles: uname, cmdline, config from cmd/kernel-config.txt, /sys/kernel/realtime', () => {
    const rt = readKernel(new DirSource(path.join(FIXTURES, 'bundles/lab-rt-6.1')));
    expect(rt.warnings).toEqual([]);
    expect(rt.kernel).toMatchObject({
      release: '6.1.0-56-rt-amd64',
      version: '#1 SMP PREEMPT_RT Debian 6.1.192-2 (2026-11-16)',
      hostname: 'lab',
      machine: 'x86_64',
      config: { CONFIG_PREEMPT_RT: 'y', CONFIG_IRQ_FORCED_THREADING: 'y' },
      configSource: 'cmd/kernel-config.txt',
      realtimeFile: true,
    });
    expect(rt.kernel.cmdline).not.toMatch(/threadirqs|\s$/);
    const std = readKernel(new DirSource(path.join(FIXTURES, 'bundles/lab-std-threadirqs-6.1'))).kernel;
    expect(std).toMatchObject({ config: { CONFIG_PREEMPT_DYNAMIC: 'y' }, realtimeFile: false });
    expect(std.cmdline?.split(' ')).toContain('threadirqs');
  });

  it('single-field uname outputs win; /proc/version fills gaps; /boot/config-<release> as last resort', () => {
    const root = makeTree({
      files: {
        '/cmd/uname-r.txt': '6.12.0-rt5\n',
        '/proc/version': PROC_VERSION,
        '/proc/cmdline': 'BOOT_IMAGE=/vmlinuz threadirqs\n',
        '/boot/config-6.12.0-rt5': '# CONFIG_PREEMPT_RT is not set\nCONFIG_PREEMPT=y\n',
      },
    });
    const { kernel, warnings } = readKernel(new DirSource(root));
    expect(warnings).toEqual([]);
    expect(kernel).toEqual({
      release: '6.12.0-rt5',
      version: '#1 SMP PREEMPT_RT Debian 6.1.192-2 (2026-11-16)',
      cmdline: 'BOOT_IMAGE=/vmlinuz threadirqs',
      config: { CONFIG_PREEMPT_RT: 'n', CONFIG_PREEMPT: 'y' },
      configSource: '/boot/config-6.12.0-rt5',
      realtimeFile: false,
    });
  });

  it('an empty source gives warnings, not exceptions', () => {
    const { kernel, warnings } = readKernel(new MemorySource({ files: {}, links: {} }));
    expect(kernel).toEqual({ realtimeFile: false });
    expect(warnings.map((w) => w.file)).toEqual(['/cmd/uname-a.txt', '/proc/cmdline', '/proc/config.gz']);
  });

  it('the live machine', () => {
    if (process.platform !== 'linux') return;
    const { kernel } = readKernel(new LiveSource());
    expect(kernel.release).toBe(os.release());
  });

  it('gunzips /proc/config.gz-style files', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'studio-gz-')), 'config.gz');
    fs.writeFileSync(file, zlib.gzipSync('CONFIG_PREEMPT_RT=y\n'));
    expect(readGzipText(file)).toBe('CONFIG_PREEMPT_RT=y\n');
    fs.writeFileSync(file, 'not gzip');
    expect(readGzipText(file)).toBeNull();
    expect(readGzipText(path.join(path.dirname(file), 'absent.gz'))).toBeNull();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});

describe('fuzz', () => {
  const unames = [lab('6.1.0-56-rt-amd64', 'uname.txt'), lab('6.1.0-56-amd64-threadirqs', 'uname.txt'), PROC_VERSION];
  const configs = [lab('6.1.0-56-rt-amd64', 'preempt.txt'), '# CONFIG_X is not set\nCONFIG_Y="a b"\n'];
  it('parseUname / parseProcVersion never throw; the version sits inside the line', () => {
    fc.assert(
      fc.property(fuzzText(unames), (text) => {
        const u = parseUname(text);
        if (u.version !== undefined) expect(u.uname).toContain(u.version);
        parseProcVersion(text);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
  it('parseKernelConfig never throws', () => {
    fc.assert(
      fc.property(fuzzText(configs), (text) => {
        for (const k of Object.keys(parseKernelConfig(text))) expect(k.startsWith('CONFIG_')).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
  it('readKernel over mutated inputs never throws', () => {
    fc.assert(
      fc.property(fuzzText(unames), fuzzText(configs), (u, c) => {
        readKernel(new MemorySource({ files: { '/cmd/uname-a.txt': u, '/cmd/uname-v.txt': u, '/proc/version': u, '/cmd/kernel-config.txt': c }, links: {} }));
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 3) },
    );
  });
});
