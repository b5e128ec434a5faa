import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRtTools, parseShellVars, parseUnitFiles, parseUnits, readRtTools } from '../../../../main/probe/rt-tools.js';
import { MemorySource } from '../../../../main/probe/source.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';

// The lab guest's /etc/default/rtirq (Debian rtirq-init), from its capture (framing lines removed).
const RTIRQ_CONF = fs
  .readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/lab/6.1.0-56-rt-amd64/rtirq-config.txt'), 'utf8')
  .split('\n')
  .slice(5, -2)
  .join('\n');
// This machine's rt-tools output (udev rules only), and a studio with Debian's rtirq and rtcirqus.
const TOOLS = [
  '/lib/udev/rules.d/55-dm.rules\n/lib/udev/rules.d/70-uaccess.rules\n/usr/lib/udev/rules.d/55-dm.rules\n',
  '/etc/init.d/rtirq\n/etc/default/rtirq\n/etc/udev/rules.d/99-rtcirqus.rules\n/usr/sbin/irqbalance\n/etc/passwd\n/etc/udev/rules.d/sub/x.rules\n',
];
const UNIT_FILES = 'irqbalance.service                         enabled         enabled\nrtirq.service                              generated       -\nrtkit-daemon.service                       enabled         enabled\n';
const UNITS = '  irqbalance.service   loaded active running irqbalance daemon\n● rtirq.service        loaded failed failed  LSB: Realtime IRQ thread tunning.\n  tuned.service        not-found inactive dead tuned.service\n';

describe('rt-tools parsers', () => {
  it('known tool files and udev rule names only', () => {
    expect(parseRtTools(TOOLS[1] as string)).toEqual({
      paths: ['/etc/init.d/rtirq', '/etc/default/rtirq', '/usr/sbin/irqbalance'],
      udevRules: ['/etc/udev/rules.d/99-rtcirqus.rules'],
    });
    expect(parseRtTools(TOOLS[0] as string).udevRules).toHaveLength(3);
  });
  it('systemctl list-unit-files and list-units (failed units marked ●)', () => {
    expect(parseUnitFiles(UNIT_FILES)).toEqual([
      { unit: 'irqbalance.service', state: 'enabled' },
      { unit: 'rtirq.service', state: 'generated' },
      { unit: 'rtkit-daemon.service', state: 'enabled' },
    ]);
    expect(parseUnits(UNITS)).toEqual([
      { unit: 'irqbalance.service', load: 'loaded', active: 'active', sub: 'running' },
      { unit: 'rtirq.service', load: 'loaded', active: 'failed', sub: 'failed' },
      { unit: 'tuned.service', load: 'not-found', active: 'inactive', sub: 'dead' },
    ]);
  });
  it("rtirq's configuration (the lab's real /etc/default/rtirq)", () => {
    expect(parseShellVars(RTIRQ_CONF)).toEqual({
      RTIRQ_NAME_LIST: 'snd usb i8042',
      RTIRQ_PRIO_HIGH: '90',
      RTIRQ_PRIO_DECR: '5',
      RTIRQ_PRIO_LOW: '51',
      RTIRQ_RESET_ALL: '0',
      RTIRQ_NON_THREADED: 'rtc snd',
    });
  });
  it('fuzz', () => {
    fc.assert(
      fc.property(fuzzText([...TOOLS, UNIT_FILES, UNITS, RTIRQ_CONF]), (t) => {
        parseRtTools(t);
        parseUnitFiles(t);
        parseUnits(t);
        parseShellVars(t);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('readRtTools', () => {
  it('/etc/rtirq.conf wins over /etc/default/rtirq (rtirq.sh order); tuned profile trimmed', () => {
    const src = new MemorySource({ files: { '/etc/rtirq.conf': 'RTIRQ_NAME_LIST="snd-usb snd"\n', '/etc/default/rtirq': RTIRQ_CONF, '/etc/tuned/active_profile': 'realtime\n' }, links: {} });
    const r = readRtTools(src);
    expect(r.rtirqConfig).toEqual({ file: '/etc/rtirq.conf', values: { RTIRQ_NAME_LIST: 'snd-usb snd' } });
    expect(r.tunedProfile).toBe('realtime');
    expect(r.tools).toBeNull();
    expect(r.units).toEqual({ files: null, active: null });
  });
});
