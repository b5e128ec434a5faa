// The parsers the checks use to read the guest's own view (capture.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseInterrupts, parseIrqThreads, pciOf } from './capture.mjs';

const INTERRUPTS = `            CPU0       CPU1
   0:         45          0   IO-APIC   2-edge      timer
  16:          0         90   IO-APIC  16-fasteoi   i801_smbus, uhci_hcd:usb2
  22:         15          0   IO-APIC  22-fasteoi   snd_ens1370, enp0s2
  24:          0          0   PCI-MSI 16384-edge      PCIe PME, pciehp
  31:          0        103   PCI-MSI 65536-edge      xhci_hcd
  35:         88          0   PCI-MSI 442368-edge      snd_hda_intel:card1
  36:          0          0   PCI-MSI 512000-edge
NMI:          0          0   Non-maskable interrupts
ERR:          0
`;

test('parseInterrupts: numbered rows with chip, hwirq, trigger and the actions as printed', () => {
  const rows = parseInterrupts(INTERRUPTS);
  assert.deepEqual(rows.map((r) => r.irq), [0, 16, 22, 24, 31, 35, 36]);
  assert.deepEqual(rows[1], {
    irq: 16, counts: [0, 90], total: 90, chip: 'IO-APIC', hwirq: '16', trigger: 'fasteoi', actions: ['i801_smbus', 'uhci_hcd:usb2'],
  });
  assert.deepEqual(rows[3].actions, ['PCIe PME', 'pciehp']);
  assert.equal(rows[4].total, 103);
  assert.deepEqual([rows[5].chip, rows[5].hwirq, rows[5].trigger, rows[5].actions], ['PCI-MSI', '442368', 'edge', ['snd_hda_intel:card1']]);
  assert.deepEqual(rows[6].actions, [], 'a vector without a handler');
});

test('parseIrqThreads: policy names, "-" priority, comm with spaces, irq and action', () => {
  const threads = parseIrqThreads('230\tFF\t50\tirq/22-snd_ens1370\n64\tRR\t80\tirq/24-PCIe PME\n7\tTS\t-\tirq/9-acpi\n');
  assert.deepEqual(threads, [
    { pid: 230, policy: 'FIFO', priority: 50, comm: 'irq/22-snd_ens1370', irq: 22, action: 'snd_ens1370' },
    { pid: 64, policy: 'RR', priority: 80, comm: 'irq/24-PCIe PME', irq: 24, action: 'PCIe PME' },
    { pid: 7, policy: 'OTHER', priority: 0, comm: 'irq/9-acpi', irq: 9, action: 'acpi' },
  ]);
});

test('pciOf: the last PCI function in a sysfs path (behind bridges, below USB)', () => {
  assert.equal(pciOf('/sys/devices/pci0000:00/0000:00:04.0/usb5/5-1/5-1:1.0'), '0000:00:04.0');
  assert.equal(pciOf('/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0/usb3'), '0000:02:00.0');
  assert.equal(pciOf('/sys/devices/virtual/sound/timer'), null);
});
