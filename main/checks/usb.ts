// USB power management of the audio interface: autosuspend (power/control
// "auto") lets the kernel put it to sleep, and waking it costs a dropout.
import type { Analysis } from '../common/analysis/index.js';
import type { Finding } from '../common/findings.js';
import type { Snapshot, UsbDevice } from '../common/types.js';
import { ev, finding, unknown, type CheckHead } from './finding.js';

const AUTOSUSPEND: CheckHead = { id: 'usb.autosuspend', title: 'USB autosuspend of the audio interface', severity: 'recommended' };

const USB_ID = /^[0-9a-f]{4}:[0-9a-f]{4}$/;

/** usb.autosuspend: power/control of every USB audio device ("auto" may suspend, "on" never does). */
export function checkAutosuspend(s: Snapshot, a: Analysis): Finding {
  if (s.usb === null) return unknown(AUTOSUSPEND, 'the bundle has no USB devices', [ev('/sys/bus/usb/devices', null)]);
  if (a.usbAudio.length === 0) {
    return finding(AUTOSUSPEND, { status: 'info', value: 'no USB audio device', evidence: [ev('/sys/bus/usb/devices', `${s.usb.devices.length} devices, none with an audio interface`)], explanation: 'There is no USB audio device to keep awake.', advice: 'Nothing to do.' });
  }
  const devices = a.usbAudio.map((u) => ({
    u,
    d: s.usb?.devices.find((d: UsbDevice) => d.bus === u.bus && (d.portPath === u.portPath || (u.device !== null && d.device === u.device))),
  }));
  // Documentation/driver-api/usb/power-management.rst: power/control "on" keeps the device awake, "auto" allows autosuspend.
  const evidence = devices.map(({ u, d }) => ev(`/sys/bus/usb/devices/${u.bus}-${u.portPath ?? '?'}/power/control (${u.name ?? u.id ?? 'audio device'})`, d?.powerControl ?? null));
  const auto = devices.filter(({ d }) => d?.powerControl === 'auto');
  if (auto.length > 0) {
    const target = auto.find(({ u }) => u.id && USB_ID.test(u.id));
    const names = auto.map(({ u }) => u.name ?? u.id ?? `bus ${u.bus} port ${u.portPath}`);
    return finding(AUTOSUSPEND, {
      status: 'warn',
      value: 'auto',
      evidence,
      explanation: `${names.join(', ')} may be suspended by the kernel when idle; waking it takes long enough to cause a click or a dropout, and some interfaces come back with the wrong settings.`,
      advice: 'Keep it always on (Studio Setup can, with a udev rule for this device).',
      ...(target?.u.id ? { fix: { action: 'usb-autosuspend' as const, id: target.u.id } } : { manual: ['`echo on | sudo tee /sys/bus/usb/devices/<bus>-<port>/power/control` for the interface.'] }),
      ...(auto.length > 1 && target ? { manual: [`Repeat for ${names.filter((n) => n !== (target.u.name ?? target.u.id)).join(', ')} after the first one is done.`] } : {}),
    });
  }
  if (devices.every(({ d }) => d?.powerControl === 'on')) {
    return finding(AUTOSUSPEND, { status: 'ok', value: 'on', evidence, explanation: 'The USB audio interface is never put to sleep by the kernel.', advice: 'Nothing to do.' });
  }
  return unknown(AUTOSUSPEND, 'power/control of the USB audio device was not captured (lsusb does not show it)', evidence);
}

/** The USB checks. */
export function usbChecks(s: Snapshot, a: Analysis): Finding[] {
  return [checkAutosuspend(s, a)];
}
