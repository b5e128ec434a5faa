import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIrqActions, parsePerCpuCount, readKernelIrqs } from '../../../../main/probe/kernel-irq.js';
import { DirSource, MemorySource } from '../../../../main/probe/source.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';
import { makeTree, removeTrees } from '../../helpers/sysfs-tree.js';

afterAll(removeTrees);

const irqFiles = (n: number, f: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(f).map(([k, v]) => [`/sys/kernel/irq/${n}/${k}`, v]));

describe('readKernelIrqs', () => {
  const root = makeTree({
    files: {
      // A shared legacy line (the commit example of ecb3f394).
      ...irqFiles(18, {
        actions: 'i801_smbus,ehci_hcd:usb1,uhci_hcd:usb7\n',
        chip_name: 'IO-APIC\n',
        hwirq: '18\n',
        name: 'fasteoi\n',
        type: 'level\n',
        wakeup: 'disabled\n',
        per_cpu_count: '0,12,0,3\n',
      }),
      // Names may contain spaces.
      ...irqFiles(122, {
        actions: 'PCIe PME,aerdrv\n',
        chip_name: 'IR-PCI-MSI\n',
        hwirq: '458752\n',
        name: 'edge\n',
        type: 'edge\n',
        wakeup: 'disabled\n',
        per_cpu_count: '0,0\n',
      }),
      // An xHCI vector that is allocated but has no handler, and an unnamed flow.
      ...irqFiles(9, { actions: '\n', chip_name: 'IO-APIC\n', name: '\n', per_cpu_count: '7\n' }),
      ...irqFiles(30, { actions: 'xhci_hcd\n', per_cpu_count: 'lots\n' }),
      '/sys/kernel/irq/README': 'not an irq\n',
    },
  });

  it('reads every descriptor, in numeric order', () => {
    const { irqs, warnings } = readKernelIrqs(new DirSource(root));
    expect(irqs.map((i) => i.irq)).toEqual([9, 18, 30, 122]);
    expect(irqs[1]).toEqual({
      irq: 18,
      actions: ['i801_smbus', 'ehci_hcd:usb1', 'uhci_hcd:usb7'],
      chipName: 'IO-APIC',
      hwirq: '18',
      name: 'fasteoi',
      type: 'level',
      wakeup: 'disabled',
      perCpuCount: [0, 12, 0, 3],
    });
    expect(irqs[3]?.actions).toEqual(['PCIe PME', 'aerdrv']);
    expect(irqs[0]).toEqual({ irq: 9, actions: [], chipName: 'IO-APIC', perCpuCount: [7] });
    expect(irqs[2]).toEqual({ irq: 30, actions: ['xhci_hcd'] });
    expect(warnings).toEqual([{ file: '/sys/kernel/irq/30/per_cpu_count', message: 'not a comma-separated list of counts' }]);
  });

  it('warns when /sys/kernel/irq is missing (kernels before 4.9)', () => {
    const r = readKernelIrqs(new MemorySource({ files: {}, links: {} }));
    expect(r.irqs).toEqual([]);
    expect(r.warnings[0]?.file).toBe('/sys/kernel/irq');
  });

  it('parsers', () => {
    expect(parseIrqActions('')).toEqual([]);
    expect(parseIrqActions('nvme0q1\n')).toEqual(['nvme0q1']);
    expect(parsePerCpuCount('\n')).toEqual([]);
    expect(parsePerCpuCount('1,,2')).toBeNull();
  });
});

describe('fuzz', () => {
  it('action and count parsers never throw', () => {
    const seeds = ['i801_smbus,ehci_hcd:usb1,uhci_hcd:usb7\n', 'PCIe PME,aerdrv\n', '0,12,0,3\n', '4294967295,0\n'];
    fc.assert(
      fc.property(fuzzText(seeds), (text) => {
        expect(parseIrqActions(text).every((a) => a.trim() !== '')).toBe(true);
        const counts = parsePerCpuCount(text);
        expect(counts === null || counts.every((c) => Number.isSafeInteger(c))).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('readKernelIrqs over random files never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 40 })), { maxLength: 6 }), (entries) => {
        const files: Record<string, string> = {};
        for (const [name, text] of entries) files[`/sys/kernel/irq/${name.replace(/\//g, '') || '1'}/per_cpu_count`] = text;
        readKernelIrqs(new MemorySource({ files, links: {} }));
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 3) },
    );
  });
});
