import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../../main/cli/index.js';
import { describeFix, formatChecks, wrap } from '../../../../main/cli/format-checks.js';
import { checkSnapshot } from '../../../../main/checks/index.js';
import { FIX_ACTIONS, type Fix } from '../../../../main/common/findings.js';
import { captureIo } from '../../helpers/io.js';
import { machine, procLimits } from '../checks/machine.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');

describe('formatChecks', () => {
  it('verdict first, then problems with why / do / what Studio Setup can do, then unknown, info and ok', () => {
    const s = checkSnapshot(machine({ '/cmd/limits-self.txt': procLimits('0', 'unlimited'), '/etc/security/limits.d/audio.conf': null, '/proc/sys/vm/swappiness': '60\n' }));
    const text = formatChecks(s).join('\n');
    expect(text.startsWith('Verdict: not ready: raise the realtime priority limit')).toBe(true);
    expect(text).toMatch(/\n {2}FAIL {2}Realtime priority limit \(rtprio\): 0 {2}\(required\)\n {8}Why: /);
    expect(text).toMatch(/Studio Setup can give the audio group realtime priority up to 95 and unlimited locked memory\s+\(\/etc\/security\/limits\.d\) \(takes effect after you log out and back in\)\./);
    expect(text).toMatch(/WARN {2}Swappiness: 60/);
    expect(text).toMatch(/Not checked \(this source does not hold what they need\):\n {4}USB autosuspend of the audio interface: /);
    expect(text).toMatch(/\n {2}ok {4}Scan as your normal user \(alice\); /);
    // FAIL before WARN, required before recommended.
    expect(text.indexOf('FAIL')).toBeLessThan(text.indexOf('WARN'));
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('memlock is shown in MiB', () => {
    const s = checkSnapshot(machine({ '/cmd/limits-self.txt': procLimits('95', '8388608'), '/etc/security/limits.d/audio.conf': '@audio - rtprio 95\n' }));
    expect(formatChecks(s).join('\n')).toMatch(/WARN {2}Locked memory limit \(memlock\): 8 MiB/);
  });

  it('describes every fix action', () => {
    const fixes: Fix[] = [
      { action: 'kernel-params', add: ['threadirqs'] },
      { action: 'rt-limits', group: 'audio', rtprio: 95, memlock: 'unlimited' },
      { action: 'audio-group', group: 'audio' },
      { action: 'cpu-governor', governor: 'performance' },
      { action: 'sysctl', key: 'vm.swappiness', value: 10 },
      { action: 'usb-autosuspend', id: '1235:8210' },
      { action: 'cpu-dma-latency', group: 'audio' },
      { action: 'disable-service', unit: 'rtirq.service' },
    ];
    expect(fixes.map((f) => f.action)).toEqual([...FIX_ACTIONS]);
    for (const f of fixes) expect(describeFix(f)).toMatch(/^[a-z]/);
    expect(describeFix(fixes[0] as Fix)).toBe('add threadirqs to the kernel command line through your boot loader');
  });

  it('wrap keeps words whole and indents continuation lines', () => {
    expect(wrap('a '.repeat(60).trim(), '>> ', '   ')).toEqual(['>> ' + 'a '.repeat(49).trim(), '   ' + 'a '.repeat(11).trim()]);
  });
});

describe('studio-setup scan with checks', () => {
  it('--json carries findings and the verdict; the human output starts with the verdict', async () => {
    const io = captureIo();
    expect(await main(['scan', '--from', path.join(BUNDLES, 'lab-rt-6.1'), '--json'], io)).toBe(0);
    const scan = JSON.parse(io.stdout);
    expect(scan.findings.map((f: { id: string }) => f.id)).toContain('kernel.threaded-irqs');
    expect(scan.findings.find((f: { id: string }) => f.id === 'kernel.preemption')).toMatchObject({ status: 'ok', value: 'rt' });
    expect(scan.verdict.level).toBe('almost');
    const human = captureIo();
    await main(['scan', '--from', path.join(BUNDLES, 'lab-rt-6.1')], human);
    const lines = human.stdout.split('\n');
    expect(lines[1]).toMatch(/^Verdict: works, with these 2 things to fix first/);
    expect(human.stdout.indexOf('Checks')).toBeLessThan(human.stdout.indexOf('Audio paths'));
  });
});
