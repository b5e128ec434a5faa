import { describe, expect, it } from 'vitest';
import { parseCpuinfo, parseOsRelease, readMachine } from '../../../../main/probe/machine.js';
import { MemorySource } from '../../../../main/probe/source.js';

describe('os-release', () => {
  it('reads the quoted and bare values of os-release(5)', () => {
    const text = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\n';
    expect(parseOsRelease(text)).toEqual({ prettyName: 'Debian GNU/Linux 12 (bookworm)', name: 'Debian GNU/Linux', versionId: '12', codename: 'bookworm', id: 'debian' });
  });

  it('unescapes double quotes, keeps single-quoted text as is, skips junk', () => {
    expect(parseOsRelease("NAME='Fedora Linux'\nPRETTY_NAME=\"A \\\"quoted\\\" name\"\n# comment\ngarbage\nID=\n")).toEqual({ name: 'Fedora Linux', prettyName: 'A "quoted" name' });
  });
});

describe('cpuinfo', () => {
  it('x86: the model name and one processor entry per CPU', () => {
    const block = (n: number) => `processor\t: ${n}\nvendor_id\t: AuthenticAMD\nmodel\t\t: 17\nmodel name\t: AMD Ryzen 7  5800X 8-Core Processor\n\n`;
    expect(parseCpuinfo([0, 1, 2, 3].map(block).join(''))).toEqual({ model: 'AMD Ryzen 7 5800X 8-Core Processor', count: 4 });
  });

  it('Raspberry Pi: the model name of the cores and the board', () => {
    const text = 'processor\t: 0\nmodel name\t: ARMv7 Processor rev 4 (v7l)\n\nprocessor\t: 1\nmodel name\t: ARMv7 Processor rev 4 (v7l)\n\nHardware\t: BCM2835\nRevision\t: a02082\nSerial\t\t: 00000000deadbeef\nModel\t\t: Raspberry Pi 3 Model B Rev 1.2\n';
    expect(parseCpuinfo(text)).toEqual({ model: 'ARMv7 Processor rev 4 (v7l)', board: 'Raspberry Pi 3 Model B Rev 1.2', count: 2 });
  });

  it('old ARM (one Processor line) and nothing at all', () => {
    expect(parseCpuinfo('Processor\t: ARMv6-compatible processor rev 7 (v6l)\nBogoMIPS\t: 697.95\nHardware\t: BCM2708\n')).toEqual({ model: 'ARMv6-compatible processor rev 7 (v6l)', board: 'BCM2708', count: null });
    expect(parseCpuinfo('')).toEqual({ model: null, count: null });
  });
});

describe('readMachine', () => {
  it('follows /etc/os-release to /usr/lib/os-release and says null for what the source lacks', () => {
    const src = new MemorySource({ files: { '/usr/lib/os-release': 'ID=debian\n' }, links: { '/etc/os-release': '../usr/lib/os-release' } });
    expect(readMachine(src)).toEqual({ os: { id: 'debian' }, cpu: null });
    expect(readMachine(new MemorySource({ files: {}, links: {} }))).toEqual({ os: null, cpu: null });
  });
});
