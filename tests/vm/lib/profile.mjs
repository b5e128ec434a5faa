// The guest's hardware profile (tests/vm/harness/vm.sh builds it), as the checks expect
// to find it. IRQ numbers, USB bus numbers and card indexes are NOT here: they change
// from boot to boot. PCI addresses and driver/action names do not.
export const PROFILE = Object.freeze({
  /** ES1370 PCI sound card: legacy INTx, shared with the e1000 NIC. */
  es1370: { pci: '0000:00:06.0', action: 'snd_ens1370', sharer: 'enp0s2', sharerPci: '0000:00:02.0' },
  /** Intel HDA: one MSI vector, handler `snd_hda_intel:card<N>`. */
  hda: { pci: '0000:00:1b.0', action: (card) => `snd_hda_intel:card${card}` },
  /** qemu-xhci: several MSI-X vectors, all named `xhci_hcd`; a usb-audio (QMP id uac-xhci) sits on it. */
  xhci: { pci: '0000:00:04.0', action: 'xhci_hcd', qmpBus: 'xhci.0', audioQmpId: 'uac-xhci' },
  /** UHCI #1 (EHCI port 1-2 companion): INTx shared with the SMBus; a usb-audio sits on it. */
  uhci1: { pci: '0000:00:1d.0', action: (bus) => `uhci_hcd:usb${bus}`, sharer: 'i801_smbus', sharerPci: '0000:00:1f.3', audioQmpId: 'uac-ehci' },
  /** UHCI #2: companion of EHCI ports 3-4, where a full-speed device plugged on ehci.0 port 4 lands. */
  uhci2: { pci: '0000:00:1d.1' },
  /** EHCI: a usb-storage (port 1, high speed: stays on the EHCI), a usb-kbd (port 3). */
  ehci: { pci: '0000:00:1d.7', qmpBus: 'ehci.0', freePort: '4' },
  /** USB ids: every QEMU usb-audio is 46f4:0002, the usb-storage 46f4:0001. */
  usbAudioId: '46f4:0002',
  usbStorageId: '46f4:0001',
  /** The default priority of every threaded handler. */
  defaultThread: { policy: 'FIFO', priority: 50 },
  cpuCount: 2,
});
