import { describe, expect, it } from 'vitest';
import { runningServers } from '../../../../main/checks/servers.js';
import { bundleData, check, machine, procLimits } from './machine.js';

const PS = '/cmd/ps-threads.txt';
const LAB_PS = bundleData('lab-std-threadirqs-6.1').files['/cmd/ps-threads.txt'] as string;
const ps = (...rows: string[]): string => LAB_PS + rows.join('\n') + '\n';
const RTKIT = '   812  TS      -  19   0 rtkit-daemon';
const SELF = '/cmd/limits-self.txt';

describe('audio.server', () => {
  it('PipeWire with its data loop at FIFO 88 and a 128 quantum: ok, with the clock in ms', () => {
    const f = check('audio.server');
    expect(f).toMatchObject({ status: 'ok', value: 'pipewire' });
    expect(f.explanation).toMatch(/data thread at FIFO 88; quantum 128 at 48000 Hz = 2\.7 ms \(pw-metadata -n settings\)/);
  });

  it('a forced quantum of the running server wins over the configuration; a big one gets advice', () => {
    const meta = "update: id:0 key:'clock.quantum' value:'1024' type:''\nupdate: id:0 key:'clock.force-quantum' value:'2048' type:''\n";
    const f = check('audio.server', { '/cmd/pw-settings.txt': meta });
    expect(f.explanation).toMatch(/quantum 2048 at 48000 Hz = 42\.7 ms/);
    expect(f.advice).toMatch(/clock\.force-quantum 128/);
    // Without the running server: the configuration (user drop-in) says 128.
    expect(check('audio.server', { '/cmd/pw-settings.txt': null }).explanation).toMatch(/quantum 128 .*10-studio\.conf/);
  });

  it('PipeWire without a realtime thread, or next to PulseAudio: warn', () => {
    expect(check('audio.server', { [PS]: ps('  1203  TS      -  30 -11 pipewire', '  1203  TS      -  30 -11 data-loop.0') })).toMatchObject({ status: 'warn' });
    const both = check('audio.server', { [PS]: ps('  1203  TS      -  30 -11 pipewire', '  1203  FF     88 128   - data-loop.0', '  1300  TS      -  30 -11 pulseaudio') });
    expect(both).toMatchObject({ status: 'warn', value: 'pipewire' });
    expect(both.manual?.[0]).toMatch(/mask --now pulseaudio/);
  });

  it('JACK ok at FIFO 70; PulseAudio alone warn; nothing running info; no process list unknown', () => {
    expect(check('audio.server', { [PS]: ps(' 900 TS - 19 0 jackd', ' 900 FF 70 110 - jackd') })).toMatchObject({ status: 'ok', value: 'jackd' });
    expect(check('audio.server', { [PS]: ps('  1300  TS      -  30 -11 pulseaudio') })).toMatchObject({ status: 'warn', value: 'pulseaudio' });
    expect(check('audio.server', { [PS]: LAB_PS })).toMatchObject({ status: 'info', value: 'none' });
    expect(check('audio.server', { [PS]: null }).status).toBe('unknown');
  });

  it('runningServers takes the highest realtime thread of each server process', () => {
    const s = machine();
    expect(runningServers(s.threads?.tasks ?? [])).toEqual([
      { name: 'pipewire', pid: 1203, rt: { policy: 'FIFO', priority: 88, thread: 'data-loop.0' } },
      { name: 'wireplumber', pid: 1205, rt: { policy: 'FIFO', priority: 83, thread: 'data-loop.0' } },
      { name: 'pipewire-pulse', pid: 1207, rt: null },
    ]);
  });
});

describe('audio.rt-source (rtkit caps at 20, round-robin)', () => {
  it('PipeWire at FIFO 88: rlimits, ok', () => {
    expect(check('audio.rt-source')).toMatchObject({ status: 'ok', value: 'rlimits' });
  });

  it('PipeWire at RR 20: rtkit, warn with the rt-limits fix', () => {
    const f = check('audio.rt-source', { [PS]: ps(RTKIT, '  1203  TS      -  30 -11 pipewire', '  1203  RR     20  60   - data-loop.0'), [SELF]: procLimits('0', '8388608') });
    expect(f).toMatchObject({ status: 'warn', value: 'rtkit', fix: { action: 'rt-limits', rtprio: 95 }, needs: 'relogin' });
    expect(f.explanation).toMatch(/below every IRQ thread \(50\)/);
  });

  it('PipeWire without any realtime thread: fail', () => {
    expect(check('audio.rt-source', { [PS]: ps('  1203  TS      -  30 -11 pipewire') })).toMatchObject({ status: 'fail', value: 'none' });
  });

  it('no server running: the limits decide (ok), else rtkit (warn) or nothing (fail)', () => {
    expect(check('audio.rt-source', { [PS]: LAB_PS })).toMatchObject({ status: 'ok', value: 'rlimits' });
    const low = { [SELF]: procLimits('0', '8388608') };
    expect(check('audio.rt-source', { ...low, [PS]: ps(RTKIT) })).toMatchObject({ status: 'warn', value: 'rtkit' });
    expect(check('audio.rt-source', { ...low, [PS]: LAB_PS, '/cmd/systemctl-active.txt': '' })).toMatchObject({ status: 'fail', value: 'none' });
  });

  it('unknown without process list and limits, and as root with no server', () => {
    expect(check('audio.rt-source', { [PS]: null, [SELF]: null }).status).toBe('unknown');
    expect(check('audio.rt-source', { [PS]: LAB_PS, '/cmd/id.txt': 'uid=0(root) gid=0(root) groups=0(root)\n' }).explanation).toMatch(/ran as root/);
  });
});
