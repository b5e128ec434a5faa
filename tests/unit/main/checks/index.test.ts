import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks, verdict } from '../../../../main/checks/index.js';
import { FINDING_STATUSES, FIX_ACTIONS, SEVERITIES, type Finding } from '../../../../main/common/findings.js';
import { PLAN_SCHEMA } from '../../../../main/common/plan.js';
import { readSnapshot } from '../../../../main/probe/snapshot.js';
import { DirSource } from '../../../../main/probe/source.js';
import { BUNDLES, findings, machine, procLimits, verdictOf } from './machine.js';

/** The ids issue 3 fixes by name, plus the ones added. */
const IDS = [
  'user.not-root', 'user.audio-group', 'limits.rtprio', 'limits.memlock', 'limits.can-rt',
  'kernel.preemption', 'kernel.threaded-irqs', 'kernel.config', 'kernel.high-res-timers', 'kernel.tickless', 'kernel.hz', 'kernel.mitigations',
  'kernel.nohz_full', 'kernel.ktimers', 'kernel.rt-throttling',
  'cpu.governor', 'cpu.smt', 'cpu.boost', 'vm.swappiness', 'fs.inotify-watches', 'fs.types', 'pm.cpu-dma-latency',
  'irq.sound-shared', 'irq.usb-audio-shared', 'usb.autosuspend', 'audio.server', 'audio.rt-source',
  'conflict.rtirq', 'conflict.rtcirqus', 'conflict.udev-rtirq', 'conflict.tuned', 'conflict.irqbalance',
];

function wellFormed(f: Finding): void {
  expect(FINDING_STATUSES).toContain(f.status);
  expect(SEVERITIES).toContain(f.severity);
  expect(f.title.length).toBeGreaterThan(2);
  expect(f.explanation).toMatch(/\.$|\)$/);
  expect(f.advice.length).toBeGreaterThan(5);
  if (f.status !== 'unknown') expect(f.evidence.length).toBeGreaterThan(0);
  if (f.fix) {
    expect(FIX_ACTIONS).toContain(f.fix.action);
    // Every fix is one the plan schema (and so the helper) accepts.
    const plan = { format: 'studio-setup-plan', version: 1, createdAt: '2026-11-22T00:00:00.000Z', targets: [], fixes: [f.fix] };
    expect(PLAN_SCHEMA.safeParse(plan).success, `${f.id} ${JSON.stringify(f.fix)}`).toBe(true);
  }
  if (f.status === 'unknown') expect(f.value ?? null).toBeNull();
}

describe('runChecks', () => {
  it('every fixture bundle yields every id once, well formed, never crashing', () => {
    for (const id of fs.readdirSync(BUNDLES)) {
      const list = runChecks(readSnapshot(new DirSource(path.join(BUNDLES, id))));
      expect(list.map((f) => f.id), id).toEqual(IDS);
      for (const f of list) wellFormed(f);
    }
  });

  it('a bundle with only /proc/interrupts: no guess about the user, limits or CPU', () => {
    const list = findings(readSnapshot(new DirSource(path.join(BUNDLES, 'desktop-8cpu-fglrx-2hda-ubuntu'))));
    for (const id of ['user.not-root', 'limits.rtprio', 'limits.can-rt', 'kernel.preemption', 'kernel.threaded-irqs', 'cpu.governor', 'vm.swappiness', 'conflict.rtirq']) {
      expect(list.get(id)?.status, id).toBe('unknown');
    }
  });

  it('the studio machine: everything fine except what the lab hardware shares', () => {
    const list = [...findings(machine()).values()];
    for (const f of list) wellFormed(f);
    const bad = list.filter((f) => f.status === 'fail' || f.status === 'warn' || f.status === 'unknown').map((f) => `${f.id}:${f.status}`);
    expect(bad).toEqual(['irq.sound-shared:warn', 'irq.usb-audio-shared:warn', 'usb.autosuspend:unknown']);
  });
});

describe('verdict', () => {
  const f = (id: string, status: Finding['status'], severity: Finding['severity'] = 'required'): Finding => ({ id, title: id, status, severity, evidence: [], explanation: '.', advice: '.' });

  it('ready when nothing needs doing (optional tweaks counted)', () => {
    expect(verdict([f('a', 'ok'), f('b', 'info')])).toEqual({ level: 'ready', text: 'ready for low-latency audio' });
    expect(verdict([f('a', 'ok'), f('fs.types', 'warn', 'optional')]).text).toBe('ready for low-latency audio (1 optional tweak below)');
  });

  it('almost: lists what to fix first, deduplicated', () => {
    expect(verdict([f('cpu.governor', 'warn', 'recommended'), f('vm.swappiness', 'warn', 'recommended'), f('limits.memlock', 'warn', 'recommended')])).toEqual({
      level: 'almost',
      text: 'works, with these 3 things to fix first: set the CPU governor to performance; lower swappiness; raise the locked-memory limit',
    });
    expect(verdict([f('cpu.governor', 'warn', 'recommended')]).text).toBe('works, with one thing to fix first: set the CPU governor to performance');
  });

  it('not ready: required failures first', () => {
    expect(verdict([f('kernel.threaded-irqs', 'fail'), f('cpu.governor', 'warn', 'recommended')])).toEqual({
      level: 'not-ready',
      text: 'not ready: turn on threaded interrupts (then 1 more thing to fix)',
    });
  });

  it('cannot tell when required checks are unknown and nothing else is wrong', () => {
    expect(verdict([f('a', 'ok'), f('limits.rtprio', 'unknown')]).level).toBe('unknown');
    expect(verdict([])).toEqual({ level: 'unknown', text: 'no checks ran' });
  });

  it('on the lab hardware: the studio setup, and a musician without limits or threaded IRQs', () => {
    expect(verdictOf().verdict.level).toBe('almost');
    const v = verdictOf({ '/cmd/limits-self.txt': procLimits('0', '8388608'), '/etc/security/limits.d/audio.conf': null, '/cmd/chrt-fifo.txt': 'fifo 88 exit=1\nfifo 70 exit=1\n', '/proc/cmdline': 'ro quiet\n', '/cmd/ps-threads.txt': 'PID CLS RTPRIO PRI NI COMMAND\n 14 TS - 19 0 ksoftirqd/0\n 1203 TS - 30 -11 pipewire\n' });
    expect(v.verdict).toEqual({
      level: 'not-ready',
      text: 'not ready: raise the realtime priority limit; make realtime scheduling work; turn on threaded interrupts (then 6 more things to fix)',
    });
  });
});
