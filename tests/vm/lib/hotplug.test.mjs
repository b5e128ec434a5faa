// hotplugTimeline on what a real guest recorded (scenario 3, std kernel, the MIDI controller
// plugged into EHCI port 4): udevadm monitor's lines and the re-apply unit's journal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hotplugTimeline } from './hotplug.mjs';

const UEVENTS = `monitor will print the received events for:
UDEV - the event which udev sends out after rule processing
KERNEL - the kernel uevent

KERNEL[43.032741] add      /devices/pci0000:00/0000:00:1d.1/usb3/3-2 (usb)
KERNEL[43.038188] add      /devices/pci0000:00/0000:00:1d.1/usb3/3-2/3-2:1.0 (usb)
KERNEL[43.075438] add      /devices/pci0000:00/0000:00:1d.1/usb3/3-2/3-2:1.0/sound/card3 (sound)
UDEV  [43.431278] add      /devices/pci0000:00/0000:00:1d.1/usb3/3-2 (usb)
UDEV  [43.815838] add      /devices/pci0000:00/0000:00:1d.1/usb3/3-2/3-2:1.0/sound/card3 (sound)
KERNEL[43.846326] change   /devices/pci0000:00/0000:00:1d.1/usb3/3-2/3-2:1.0/sound/card3 (sound)
UDEV  [44.215486] change   /devices/pci0000:00/0000:00:1d.1/usb3/3-2/3-2:1.0/sound/card3 (sound)
`;
const JOURNAL = `[   22.087115] vm systemd[1]: Starting studio-setup-irq-resume.service - Studio Setup: IRQ thread priorities again (resume, hotplug)...
[   22.635273] vm studio-setup-irq[382]: set 209 16 irq/16-uhci_hcd:usb2 FIFO 50 -> FIFO 80
[   43.501000] vm systemd[1]: Starting studio-setup-irq-resume.service - Studio Setup: IRQ thread priorities again (resume, hotplug)...
[   43.785399] vm systemd[1]: Stopped studio-setup-irq-resume.service - Studio Setup: IRQ thread priorities again (resume, hotplug).
[   43.874901] vm systemd[1]: Starting studio-setup-irq-resume.service - Studio Setup: IRQ thread priorities again (resume, hotplug)...
[   44.583486] vm studio-setup-irq[490]: restored 210 irq/16-uhci_hcd:usb2 -> FIFO 50
[   44.597399] vm studio-setup-irq[490]: kept 218 34 irq/34-snd_hda_intel:card1 FIFO 90
[   44.658302] vm studio-setup-irq[490]: set 211 17 irq/17-uhci_hcd:usb3 FIFO 50 -> FIFO 80
[   44.671606] vm systemd[1]: studio-setup-irq-resume.service: Deactivated successfully.
`;

test('hotplugTimeline: each stage after the first uevent, the boot-time run before it ignored', () => {
  assert.deepEqual(hotplugTimeline(UEVENTS, JOURNAL, { condition_s: 44.72 }), {
    kernelUevent: 43.032741,
    udevDeviceDone: 43.431278,
    udevLastEvent: 44.215486,
    unitStarts: 2,
    lastUnitStart: 43.874901,
    applierSet: 44.658302,
    seen: 44.72,
  });
});

test('hotplugTimeline: nothing recorded gives nulls, not a guess', () => {
  assert.deepEqual(hotplugTimeline('', '', {}), {
    kernelUevent: null,
    udevDeviceDone: null,
    udevLastEvent: null,
    unitStarts: 0,
    lastUnitStart: null,
    applierSet: null,
    seen: null,
  });
  // another priority than the one asked for is not the set being timed
  assert.equal(hotplugTimeline(UEVENTS, JOURNAL, {}, 85).applierSet, null);
});
