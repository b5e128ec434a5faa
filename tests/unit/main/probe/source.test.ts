import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CachedLinks, DirSource, LiveSource, MemorySource, loadBundleData, normalize, realpath } from '../../../../main/probe/source.js';
import { RecordingSource } from '../../../../main/probe/recording.js';
import { writeBundle } from '../../../../main/probe/capture.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-source-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function bundle(name: string, build: (dir: string) => void): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  build(dir);
  return dir;
}
const put = (dir: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
const link = (dir: string, rel: string, target: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.symlinkSync(target, path.join(dir, rel));
};

describe('normalize', () => {
  it('never climbs above the root', () => {
    expect(normalize('/a/./b/../c')).toBe('/a/c');
    expect(normalize('/../../etc/passwd')).toBe('/etc/passwd');
    expect(normalize('')).toBe('/');
  });
});

describe('DirSource', () => {
  const dir = bundle('sysfs', (d) => {
    put(d, 'sys/devices/pci0000:00/0000:00:14.0/usb3/busnum', '3\n');
    link(d, 'sys/bus/usb/devices/usb3', '../../../devices/pci0000:00/0000:00:14.0/usb3');
    put(d, 'proc/interrupts', 'CPU0\n');
  });
  const src = new DirSource(dir);

  it('follows relative sysfs links inside the bundle', () => {
    expect(src.read('/sys/bus/usb/devices/usb3/busnum')).toBe('3\n');
    expect(realpath(src, '/sys/bus/usb/devices/usb3')).toBe('/sys/devices/pci0000:00/0000:00:14.0/usb3');
    expect(src.list('/sys/bus/usb/devices/usb3')).toEqual(['busnum']);
  });

  it('absent files are null, not errors', () => {
    expect(src.read('/proc/cmdline')).toBeNull();
    expect(src.list('/sys/kernel/irq')).toBeNull();
    expect(src.command('lsusb')).toBeNull();
  });

  it('a hostile bundle cannot reach files outside it', () => {
    const secret = path.join(tmp, 'secret.txt');
    fs.writeFileSync(secret, 'SECRET');
    const evil = bundle('evil', (d) => {
      link(d, 'proc/interrupts', secret);
      link(d, 'proc/cmdline', '../../../../../../../../' + secret);
      link(d, 'sys', '/');
      link(d, 'cmd', path.dirname(secret));
      link(d, 'proc/loop', 'loop');
    });
    const s = new DirSource(evil);
    expect(s.read('/proc/interrupts')).toBeNull();
    expect(s.read('/proc/cmdline')).toBeNull();
    expect(s.read(`/sys${secret}`)).toBeNull();
    expect(s.read('/cmd/secret.txt')).toBeNull();
    expect(s.read('/proc/loop/x')).toBeNull();
  });
});

describe('MemorySource and bundle round trips', () => {
  it('a directory bundle, loaded to data and back, reads the same', () => {
    const dir = bundle('roundtrip', (d) => {
      put(d, 'sys/devices/x/usb1/busnum', '1\n');
      link(d, 'sys/bus/usb/devices/usb1', '../../../devices/x/usb1');
      fs.mkdirSync(path.join(d, 'sys/devices/x/msi_irqs'), { recursive: true });
    });
    const data = loadBundleData(dir);
    expect(data.dirs).toContain('/sys/devices/x/msi_irqs');
    const mem = new MemorySource(data);
    expect(mem.read('/sys/bus/usb/devices/usb1/busnum')).toBe('1\n');
    expect(mem.list('/sys/devices/x/msi_irqs')).toEqual([]);
    expect(mem.list('/sys/bus/usb/devices')).toEqual(['usb1']);
    const copy = path.join(tmp, 'copy');
    writeBundle(copy, data);
    expect(loadBundleData(copy)).toEqual(data);
  });

  it('recording keeps files at their real paths and the links crossed', () => {
    const dir = bundle('rec', (d) => {
      put(d, 'sys/devices/x/usb1/busnum', '1\n');
      link(d, 'sys/bus/usb/devices/usb1', '../../../devices/x/usb1');
    });
    const rec = new RecordingSource(new DirSource(dir));
    expect(rec.read('/sys/bus/usb/devices/usb1/busnum')).toBe('1\n');
    const data = rec.toBundle();
    expect(data.files).toEqual({ '/sys/devices/x/usb1/busnum': '1\n' });
    expect(data.links).toEqual({ '/sys/bus/usb/devices/usb1': '../../../devices/x/usb1' });
  });
});

describe('reading without exceptions (capture under emulation spent most of its time building them)', () => {
  const dir = bundle('live', (d) => {
    put(d, 'sys/devices/x/usb1/busnum', '1\n');
    link(d, 'sys/bus/usb/devices/usb1', '../../../devices/x/usb1');
    link(d, 'dangling', 'nowhere');
  });
  const live = new LiveSource();

  it('LiveSource: links, not links, absent paths and files under a file', () => {
    expect(live.readLink(path.join(dir, 'sys/bus/usb/devices/usb1'))).toBe('../../../devices/x/usb1');
    expect(live.readLink(path.join(dir, 'dangling'))).toBe('nowhere');
    expect(live.readLink(path.join(dir, 'sys/devices'))).toBeNull();
    expect(live.readLink(path.join(dir, 'sys/devices/x/usb1/busnum'))).toBeNull();
    expect(live.readLink(path.join(dir, 'absent'))).toBeNull();
    expect(live.readLink(path.join(dir, 'sys/devices/x/usb1/busnum/below'))).toBeNull();
    expect(live.list(path.join(dir, 'sys/bus/usb/devices/usb1'))).toEqual(['busnum']);
    expect(live.list(path.join(dir, 'sys/devices/x/usb1/busnum'))).toBeNull();
    expect(live.list(path.join(dir, 'absent'))).toBeNull();
    expect(live.read(path.join(dir, 'sys/bus/usb/devices/usb1/busnum'))).toBe('1\n');
    expect(live.read(path.join(dir, 'absent'))).toBeNull();
    expect(live.read(path.join(dir, 'dangling'))).toBeNull();
    expect(live.read(path.join(dir, 'sys/devices'))).toBeNull();
  });

  it('no error is thrown inside for a path that is not a link, not there, or not a directory', () => {
    const thrown: string[] = [];
    const wrap = <K extends 'readlinkSync' | 'readdirSync' | 'openSync'>(name: K) => {
      const orig = fs[name] as (...a: unknown[]) => unknown;
      return vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
        try {
          return orig.apply(fs, args);
        } catch (e) {
          thrown.push(`${name} ${String(args[0])}`);
          throw e;
        }
      }) as never);
    };
    const spies = [wrap('readlinkSync'), wrap('readdirSync'), wrap('openSync')];
    try {
      for (const p of ['sys', 'sys/devices', 'sys/devices/x/usb1/busnum', 'absent']) {
        live.readLink(path.join(dir, p));
        live.list(path.join(dir, p));
        live.read(path.join(dir, p));
      }
      const rec = new RecordingSource(new DirSource(dir));
      expect(rec.read('/sys/bus/usb/devices/usb1/busnum')).toBe('1\n');
      expect(rec.list('/sys/bus/usb/devices/usb1')).toEqual(['busnum']);
      expect(rec.read('/sys/bus/usb/devices/usb2/busnum')).toBeNull();
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(thrown).toEqual([]);
  });

  it('CachedLinks asks once per path, null answers too', () => {
    const asked: string[] = [];
    const links = new CachedLinks({ readLink: (p) => (asked.push(p), p === '/a/l' ? 'x' : null) });
    expect(realpath(links, '/a/l/b')).toBe('/a/x/b');
    expect(realpath(links, '/a/l/c')).toBe('/a/x/c');
    expect(realpath(links, '/a/x/b')).toBe('/a/x/b');
    expect(asked).toEqual(['/a', '/a/l', '/a/x', '/a/x/b', '/a/x/c']);
  });
});
