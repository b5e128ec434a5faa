import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInterrupts, parseIrqTail } from '../../../../main/probe/interrupts.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');
const read = (id: string): string => fs.readFileSync(path.join(BUNDLES, id, 'proc/interrupts'), 'utf8');
const ALL = fs.readdirSync(BUNDLES).filter((id) => fs.existsSync(path.join(BUNDLES, id, 'proc/interrupts')));
const row = (id: string, irq: string) => {
  const r = parseInterrupts(read(id)).table?.rows.find((x) => x.irq === irq);
  if (!r) throw new Error(`no row ${irq} in ${id}`);
  return r;
};

describe('parseInterrupts on every real capture', () => {
  it.each(ALL)('%s parses without warnings, every numbered row has all its counts', (id) => {
    const { table, warnings } = parseInterrupts(read(id));
    expect(warnings).toEqual([]);
    expect(table).not.toBeNull();
    for (const r of table!.rows) {
      if (/^\d+$/.test(r.irq)) expect(r.counts).toHaveLength(table!.cpuCount);
      expect(r.total).toBe(r.counts.reduce((a, b) => a + b, 0));
    }
  });

  it('counts CPU columns from the header', () => {
    const cpus = Object.fromEntries(ALL.map((id) => [id, parseInterrupts(read(id)).table!.cpuCount]));
    expect(cpus).toMatchObject({
      'arm-rpi3-dwc-otg-fiq': 4,
      'arm-sep4020-embedded-2.6': 1,
      'desktop-8cpu-fglrx-2hda-ubuntu': 8,
      'desktop-via-cx88-mythtv-2cpu': 2,
      'vm-kvm-virtio-msix-1cpu': 1,
      'lab-rt-6.1': 2,
    });
  });
});

describe('layouts', () => {
  it('modern x86: chip, hwirq and -flow split; shared INTx lines keep every action', () => {
    expect(row('lab-rt-6.1', '22')).toMatchObject({
      chip: 'IO-APIC',
      hwirq: '22',
      trigger: 'fasteoi',
      actions: ['snd_ens1370', 'enp0s2'],
      counts: [15, 0],
    });
    expect(row('lab-rt-6.1', '33')).toMatchObject({ chip: 'PCI-MSI', hwirq: '442368', actions: ['snd_hda_intel:card1'] });
    expect(row('lab-rt-6.1', '32').actions).toEqual(['ahci[0000:00:1f.2]']);
  });

  it('fused pre-3.19 chip and flow', () => {
    expect(row('laptop-amd-apu-fglrx-ubuntu3.2', '16')).toMatchObject({
      chip: 'IO-APIC',
      trigger: 'fasteoi',
      actions: ['mmc0', 'snd_hda_intel'],
    });
    expect(row('desktop-8cpu-nvidia-ehci-shared-lpic-slides', '40')).toMatchObject({ chip: 'DMAR_MSI', trigger: 'edge' });
    expect(row('desktop-8cpu-nvidia-ehci-shared-lpic-slides', '46').actions).toEqual(['0000:03:00.0']);
    expect(row('desktop-8cpu-fglrx-2hda-ubuntu', '47').actions).toEqual(['fglrx[0]@PCI:1:0:0']);
  });

  it('a chip with no action', () => {
    expect(row('laptop-amd-apu-fglrx-ubuntu3.2', '7')).toMatchObject({ chip: 'IO-APIC', trigger: 'edge', actions: [] });
  });

  it('ARM: level words, multi-word chips, chips of varying width, names with spaces', () => {
    expect(row('arm-rpi4-alpine-5.15-usbnet', '46')).toMatchObject({
      chip: 'BRCM STB PCIe MSI',
      hwirq: '524288',
      trigger: 'Edge',
      actions: ['xhci_hcd'],
    });
    expect(row('arm-rpi3bplus-lan78xx-vc4', '185')).toMatchObject({ chip: 'pinctrl-bcm2835', hwirq: '25' });
    expect(row('arm-rpi3bplus-lan78xx-vc4', '184').actions).toEqual(['usb-001:006:01']);
    expect(row('arm-rpi3bplus-lan78xx-vc4', '82').actions).toEqual(['vc4 hdmi cec']);
    expect(row('arm-rpi3-dwc-otg-fiq', '62').actions).toEqual(['dwc_otg', 'dwc_otg_pcd', 'dwc_otg_hcd:usb1']);
  });

  it('per-device MSI-X chips carry the PCI address', () => {
    expect(row('vm-kvm-virtio-msix-1cpu', '25')).toMatchObject({
      chip: 'PCI-MSIX-0000:00:06.0',
      hwirq: '1',
      actions: ['virtio4-req.0'],
    });
  });

  it('no chip column at all', () => {
    expect(row('arm-sep4020-embedded-2.6', '27')).toEqual({
      irq: '27',
      actions: ['sep4020 Timer Tick'],
      counts: [18210],
      total: 18210,
    });
  });

  it('2.6 realtime-preempt: XT-PIC and the trailing n/m column', () => {
    expect(row('laptop-ali5451-rt-preempt-2.6.10-2004', '5')).toMatchObject({ chip: 'XT-PIC', actions: ['ALI 5451'] });
    expect(row('laptop-ali5451-rt-preempt-2.6.10-2004', '10').actions).toEqual(['ohci_hcd', 'ohci_hcd']);
  });

  it('arch rows: descriptions, a single count, and a row with no counts', () => {
    expect(row('lab-rt-6.1', 'NMI')).toMatchObject({ description: 'Non-maskable interrupts', counts: [0, 0] });
    expect(row('vm-hyperv-rhcos-4.18', 'ERR')).toEqual({ irq: 'ERR', actions: [], counts: [0], total: 0 });
    expect(row('arm-rpi3-dwc-otg-fiq', 'FIQ')).toEqual({ irq: 'FIQ', actions: [], counts: [], total: 0, description: 'usb_fiq' });
    expect(row('laptop-amd-apu-fglrx-ubuntu3.2', 'ERR').total).toBe(44);
  });

  it('three-wide labels and 3-digit IRQs without a leading space', () => {
    expect(row('desktop-via-cx88-mythtv-2cpu', '64').actions).toEqual(['aerdrv', 'PCIe PME', 'pciehp']);
    expect(row('rig-amd-rocm-6gpu-miner', '131')).toMatchObject({ hwirq: '3670016', actions: ['xhci_hcd'] });
  });
});

describe('bad or partial input', () => {
  it('empty input is an explicit error, not a table', () => {
    expect(parseInterrupts('')).toEqual({ table: null, warnings: [{ file: '/proc/interrupts', message: 'empty file' }] });
  });

  it('a missing header is inferred and reported', () => {
    const text = read('lab-rt-6.1').split('\n').slice(1).join('\n');
    const { table, warnings } = parseInterrupts(text);
    expect(table?.cpuCount).toBe(2);
    expect(warnings[0]?.message).toMatch(/no CPU header/);
  });

  it('a row with fewer counts than CPUs is kept and reported', () => {
    const { table, warnings } = parseInterrupts('  CPU0 CPU1\n 16: 5 IO-APIC 16-fasteoi foo\n');
    expect(table?.rows[0]?.counts).toEqual([5]);
    expect(warnings.map((w) => w.message)).toEqual(['line 2: IRQ 16 has 1 of 2 counts']);
  });

  it('characters beyond Latin-1 are never read as digits or spaces (counts are read as bytes)', () => {
    // U+0130 and U+3039 end in 0x30 ("0") and U+2009 in 0x09 (tab): a truncating byte copy would misread them.
    const { table } = parseInterrupts('  CPU0 CPU1 CPU2\n 16: 5 \u0130 7 IO-APIC 16-fasteoi f\u00f6\u3039\n 17: 1\u20092 3 IO-APIC 17-fasteoi bar\n 18: 4 5 6 IO-APIC 18-fasteoi ok\n');
    expect(table?.rows.map((r) => r.counts)).toEqual([[5], [], [4, 5, 6]]);
    expect(table?.rows[2]).toMatchObject({ chip: 'IO-APIC', hwirq: '18', trigger: 'fasteoi', actions: ['ok'], total: 15 });
  });

  it('lines without a label are skipped with a warning', () => {
    const { table, warnings } = parseInterrupts('CPU0\ngarbage here\n 1: 3 XT-PIC i8042\n');
    expect(table?.rows).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/line 2: no "LABEL:" prefix/);
  });

  it('an unknown chip layout is read as names and flagged, never guessed', () => {
    expect(parseIrqTail('MIPS  5  foo')).toEqual({ actions: ['MIPS  5  foo'], ambiguous: true });
  });

  it('fuzz: mutated real captures never throw and always give consistent rows', () => {
    const seeds = ALL.map(read);
    fc.assert(
      fc.property(fuzzText(seeds), (text) => {
        const { table, warnings } = parseInterrupts(text);
        expect(Array.isArray(warnings)).toBe(true);
        if (table) {
          for (const r of table.rows) {
            expect(r.counts.length).toBeLessThanOrEqual(table.cpuCount);
            expect(Number.isFinite(r.total)).toBe(true);
            expect(Array.isArray(r.actions)).toBe(true);
          }
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('pathological lines finish (no catastrophic backtracking; the test timeout catches a hang)', () => {
    const long = 'CPU0\n 1: 1 ' + 'a_'.repeat(5000) + '-x\n 2: 2 ' + 'x 1 '.repeat(3000) + '\n';
    expect(parseInterrupts(long).table?.rows).toHaveLength(2);
  });
});
