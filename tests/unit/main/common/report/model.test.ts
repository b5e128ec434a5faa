import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../../../main/common/report/html/index.js';
import { renderMarkdown } from '../../../../../main/common/report/markdown.js';
import { buildModel } from '../../../../../main/common/report/model.js';
import type { AppliedStatus, ReportInput } from '../../../../../main/common/report/types.js';
import { buildScan } from '../../../../../main/common/scan.js';
import { collectReport } from '../../../../../main/report/collect.js';
import { readSnapshot } from '../../../../../main/probe/snapshot.js';
import { DirSource } from '../../../../../main/probe/source.js';
import { BUNDLES, labPlan } from '../../report/seeded.js';

const lab = (): ReportInput => collectReport(new DirSource(path.join(BUNDLES, 'lab-rt-6.1')), { now: new Date('2026-11-22T12:00:00Z') });

describe('report model', () => {
  it('without checks, the verdict tells the audio paths and says the checks did not run', () => {
    const input = lab();
    const m = buildModel({ ...input, scan: buildScan(readSnapshot(new DirSource(path.join(BUNDLES, 'lab-rt-6.1')))) });
    expect(m.findings).toBeNull();
    expect(m.verdict).toEqual({
      level: 'unknown',
      fromChecks: false,
      text: 'System checks not run on this capture; 2 audio paths of 4 alone on their interrupt line; card 0 (Ensoniq AudioPCI) shares its line with enp0s2; card 2 (QEMU USB Audio) shares its line with i801_smbus',
    });
  });

  it('sorts findings most urgent first and sums up the machine', () => {
    const m = buildModel(lab());
    const order = ['fail', 'warn', 'unknown', 'info', 'ok'];
    const statuses = (m.findings ?? []).map((f) => order.indexOf(f.status));
    expect(statuses).toEqual([...statuses].sort((a, b) => a - b));
    expect(Object.fromEntries(m.machine.map((r) => [r.label, r.value]))).toMatchObject({
      Distribution: 'unknown (no os-release in this capture)',
      Kernel: '6.1.0-56-rt-amd64 x86_64',
      Preemption: 'PREEMPT_RT (realtime kernel)',
      'Threaded IRQs': 'yes (22 IRQ threads)',
      CPU: '2 CPUs',
      Captured: 'time unknown',
    });
    expect(m.createdAt).toBe('2026-11-22 12:00 UTC');
  });

  it('what is applied: threads in force or not, files, reboot pending, and how to revert', () => {
    const input = lab();
    const hda = input.scan.irqTable.find((r) => r.irq === '33')?.threads[0];
    const usb = input.scan.irqTable.find((r) => r.irq === '16')?.threads.find((t) => t.comm.includes('uhci'));
    const applied: AppliedStatus = {
      applied: true,
      state: 'applied',
      createdAt: '2026-11-22T11:30:00Z',
      plan: labPlan(),
      files: [
        { path: '/etc/studio-setup/irq.conf', state: 'ok' },
        { path: '/etc/sysctl.d/60-studio-setup.conf', state: 'changed' },
      ],
      threads: [
        { pid: hda?.pid ?? 0, comm: hda?.comm ?? '', controller: '0000:00:1b.0', now: { policy: 'FIFO', priority: 90 }, planned: 90, ok: true },
        { pid: usb?.pid ?? 0, comm: usb?.comm ?? '', controller: '0000:00:1d.0', now: { policy: 'FIFO', priority: 50 }, planned: 85, ok: false },
      ],
      unresolved: [],
      rebootPending: ['threadirqs'],
      notes: [],
    };
    const m = buildModel({ ...input, applied, plan: labPlan() });
    expect(m.irqRows.filter((r) => r.after).map((r) => [r.thread, r.after, r.afterKind])).toEqual([
      ['irq/16-uhci_hcd:usb2', 'FIFO 85', 'off'],
      ['irq/33-snd_hda_intel:card1', 'FIFO 90', 'applied'],
    ]);
    const md = renderMarkdown({ ...input, applied, plan: labPlan() });
    expect(md).toContain('## Applied\n\nApplied 2026-11-22 11:30 UTC.');
    expect(md).toContain('| irq/16-uhci\\_hcd:usb2 | 0000:00:1d.0 | FIFO 50 | FIFO 85 | NOT in force |'.replace('\\_', '_'));
    expect(md).toContain('| /etc/sysctl.d/60-studio-setup.conf | changed |');
    expect(md).toContain('Reboot pending for: threadirqs.');
    expect(md).toContain('run `studio-setup revert`');
    const html = renderHtml({ ...input, applied, plan: labPlan() });
    expect(html).toContain('<span class="tag off">not in force</span>');
    expect(html).toMatch(/irq\/33-snd_hda_intel:card1<\/title>.*FIFO 50 \(applied\)|FIFO 50 \(applied\)/s);
  });
});
