import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../../../main/checks/index.js';
import { captureBundle } from '../../../../main/probe/capture.js';
import { readSnapshot } from '../../../../main/probe/snapshot.js';
import { DirSource, MemorySource } from '../../../../main/probe/source.js';
import { readSystem } from '../../../../main/probe/system.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';
import { makeTree, removeTrees } from '../../helpers/sysfs-tree.js';
import { bundleData, PIPEWIRE_PS, STUDIO } from '../checks/machine.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-system-'));
afterAll(() => {
  removeTrees();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('readSystem', () => {
  it('an empty source: every part unknown (null), never an empty guess', () => {
    const s = readSystem(new MemorySource({ files: {}, links: {} }));
    expect(s).toEqual({
      user: null,
      groups: null,
      limits: { session: null, rules: null, files: [] },
      rtTries: null,
      cpu: null,
      sysctl: { swappiness: null, inotifyWatches: null, rtRuntimeUs: null, rtPeriodUs: null },
      memTotal: null,
      swapAreas: null,
      slowMounts: null,
      dmaLatency: null,
      tools: null,
      units: { files: null, active: null },
      rtirqConfig: null,
      tunedProfile: null,
      pipewire: { config: [], runtime: null },
    });
  });

  it('fuzz: any content in any system file gives findings, never a throw', () => {
    const keys = Object.keys(STUDIO);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fuzzText(Object.values(STUDIO)), (key, text) => {
        const files = { ...STUDIO, [key]: text };
        const list = runChecks(readSnapshot(new MemorySource({ files, links: {} }, 'fuzz', 'bundle')));
        expect(list).toHaveLength(32);
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 10) },
    );
  });
});

describe('capture records what the checks need', () => {
  it('checks on a capture of a hand-made machine equal the checks on the machine itself', () => {
    // The lab's IRQ, sound and USB data plus the studio system files, as a directory with real links.
    const lab = bundleData('lab-std-threadirqs-6.1');
    const files: Record<string, string> = {};
    for (const [p, t] of Object.entries(lab.files)) if (!p.endsWith('.md')) files[p] = t;
    Object.assign(files, STUDIO);
    files['/cmd/ps-threads.txt'] = (files['/cmd/ps-threads.txt'] ?? '') + PIPEWIRE_PS;
    files['/etc/security/limits.d/99-realtime.conf'] = '@realtime - rtprio 98\n';
    files['/etc/pipewire/pipewire.conf.d/20-rt.conf'] = 'context.modules = [ { name = libpipewire-module-rt args = {\n  rt.prio = 88\n} } ]\n';
    files['/etc/default/rtirq'] = 'RTIRQ_NAME_LIST="snd usb i8042"\n';
    files['/cmd/rt-tools.txt'] = '/etc/init.d/rtirq\n/etc/default/rtirq\n/etc/udev/rules.d/99-rtcirqus.rules\n';
    files['/etc/tuned/active_profile'] = 'balanced\n';
    files['/sys/devices/system/cpu/cpufreq/policy0/scaling_governor'] = 'powersave\n';
    files['/sys/devices/system/cpu/cpufreq/policy0/scaling_driver'] = 'intel_pstate\n';
    delete files['/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor'];
    delete files['/sys/devices/system/cpu/cpu0/cpufreq/scaling_driver'];
    const root = makeTree({ files, links: { ...lab.links, '/sys/devices/system/cpu/cpu0/cpufreq': '../cpufreq/policy0' }, dirs: lab.dirs ?? [] });
    const src = new DirSource(root);
    const out = path.join(tmp, 'capture');
    captureBundle(out, src);
    const direct = runChecks(readSnapshot(src));
    const captured = runChecks(readSnapshot(new DirSource(out)));
    // Only where the configuration came from may differ in wording; statuses, values and fixes must not.
    const strip = (list: typeof direct) => list.map((f) => ({ ...f, evidence: f.evidence.map((e) => ({ ...e, source: e.source.replace(/\(.*kernel-config.*\)/, '(config)') })) }));
    expect(strip(captured)).toEqual(strip(direct));
    // The checks saw what they were meant to see, so the equality is not vacuous.
    const byId = new Map(direct.map((f) => [f.id, f]));
    expect(byId.get('cpu.governor')?.value).toBe('powersave,performance');
    expect(byId.get('conflict.rtirq')?.status).toBe('warn');
    expect(byId.get('conflict.rtcirqus')?.status).toBe('warn');
    expect(byId.get('conflict.tuned')?.status).toBe('ok');
    expect(byId.get('audio.server')?.value).toBe('pipewire');
    expect(byId.get('limits.rtprio')?.value).toBe(95);
    // The bundle holds the filtered command outputs, not /etc/group.
    expect(fs.existsSync(path.join(out, 'cmd', 'getent-audio.txt'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'etc', 'group'))).toBe(false);
  });
});
