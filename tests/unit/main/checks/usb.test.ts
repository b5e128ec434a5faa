import { describe, expect, it } from 'vitest';
import { check } from './machine.js';

describe('usb.autosuspend', () => {
  const XHCI_DEV = '/sys/devices/pci0000:00/0000:00:04.0/usb5/5-1/power/control';
  const UHCI_DEV = '/sys/devices/pci0000:00/0000:00:1d.0/usb1/1-2/power/control';
  it('"auto" on the audio interface: warn with the usb-autosuspend fix for its id', () => {
    const f = check('usb.autosuspend', { [XHCI_DEV]: 'auto\n', [UHCI_DEV]: 'on\n' });
    expect(f).toMatchObject({ status: 'warn', value: 'auto', fix: { action: 'usb-autosuspend', id: '46f4:0002' } });
  });
  it('"on" everywhere: ok; lsusb only (no sysfs attributes): unknown', () => {
    expect(check('usb.autosuspend', { [XHCI_DEV]: 'on\n', [UHCI_DEV]: 'on\n' })).toMatchObject({ status: 'ok', value: 'on' });
    expect(check('usb.autosuspend').status).toBe('unknown');
  });
  it('no USB audio device: info; no USB data: unknown', () => {
    const noAudio = { '/cmd/lsusb-t.txt': '/:  Bus 01.Port 1: Dev 1, Class=root_hub, Driver=ehci-pci/6p, 480M\n', '/cmd/lsusb.txt': 'Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n' };
    expect(check('usb.autosuspend', noAudio, null)).toMatchObject({ status: 'info' });
    expect(check('usb.autosuspend', {}, null).status).toBe('unknown');
  });
});
