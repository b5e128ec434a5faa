import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../../main/cli/index.js';
import { captureIo } from '../../helpers/io.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');
const run = async (...argv: string[]) => {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, ...io };
};

describe('studio-setup', () => {
  it('without a command prints the help and exits 2; help exits 0', async () => {
    expect((await run()).code).toBe(2);
    const help = await run('help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/scan \[--from/);
  });

  it('unknown commands and options are usage errors (2) with one line', async () => {
    const a = await run('frobnicate');
    expect(a.code).toBe(2);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
    const b = await run('scan', '--frm', 'x');
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^studio-setup scan: .*--frm/);
  });

  it('an unreadable --from is exit 2 naming the problem', async () => {
    const r = await run('scan', '--from', '/nonexistent/bundle');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('studio-setup scan: cannot read --from /nonexistent/bundle: ENOENT\n');
  });

  it('malformed or foreign JSON given to --from is refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-cli-'));
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"not": "a report"');
    expect((await run('scan', '--from', bad)).stderr).toMatch(/is not JSON/);
    fs.writeFileSync(bad, '{"format": "something-else"}');
    const r = await run('scan', '--from', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a Studio Setup report \(format/);
    fs.rmSync(dir, { recursive: true });
  });

  it('scan --json prints one JSON object with the contract fields', async () => {
    const r = await run('scan', '--from', path.join(BUNDLES, 'lab-rt-6.1'), '--json');
    expect(r.code).toBe(0);
    const scan = JSON.parse(r.stdout);
    for (const key of ['cpuCount', 'interrupts', 'sharedIrqs', 'soundIrqs', 'soundCards', 'usbDevices', 'usbAudio', 'audioPaths', 'warnings']) {
      expect(scan).toHaveProperty(key);
    }
    expect(scan.cpuCount).toBe(2);
    expect(scan.sharedIrqs).toEqual(['16', '22']);
    expect(scan.interrupts[0]).toEqual({ irq: '0', chip: 'IO-APIC', hwirq: '2', trigger: 'edge', actions: ['timer'], counts: [163, 0], total: 163 });
  });

  it('scan prints a readable table and the audio paths', async () => {
    const r = await run('scan', '--from', path.join(BUNDLES, 'lab-rt-6.1'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/IRQ 22 \(legacy line, in use, 15 events\): irq\/22-snd_ens1370 \(pid 230, FIFO 50\); shared with enp0s2/);
    expect(r.stdout).toMatch(/^ {2}IRQ +THREAD +POLICY +EVENTS +DEVICES/m);
  });

  it('a bundle with only /proc/interrupts gives explicit unknowns, not guesses', async () => {
    const r = await run('scan', '--from', path.join(BUNDLES, 'laptop-amd-apu-fglrx-ubuntu3.2'), '--json');
    const scan = JSON.parse(r.stdout);
    expect(scan.soundCards).toEqual([]);
    expect(scan.audioPaths).toEqual([]);
    expect(scan.soundIrqs).toEqual(['16', '48']);
    // 44 and 45: PCIe port services (PME and hotplug) sharing one vector.
    expect(scan.sharedIrqs).toEqual(['16', '17', '18', '44', '45']);
    expect(scan.usbDevices).toEqual([]);
  });

  it('capture refuses a non-empty directory', async () => {
    const r = await run('capture', BUNDLES);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not empty/);
  });
});
