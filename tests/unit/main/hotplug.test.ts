import { describe, expect, it } from 'vitest';
import { watchHotplug } from '../../../main/hotplug.js';

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('watchHotplug', () => {
  it('fires (debounced) on udev add/remove lines, not on others', async () => {
    let n = 0;
    const script =
      'echo "monitor will print the received events for:"; echo "UDEV  [1.0] change   /devices/x (usb)"; ' +
      'sleep 0.1; echo "UDEV  [2.0] add      /devices/pci0000:00/0000:00:14.0/usb3/3-2 (usb)"; ' +
      'echo "UDEV  [2.1] add      /devices/pci0000:00/0000:00:14.0/usb3/3-2/3-2:1.0 (usb)"; sleep 2';
    const w = watchHotplug(() => n++, { monitor: ['sh', '-c', script], debounceMs: 50 });
    await waitFor(() => n > 0);
    await new Promise((r) => setTimeout(r, 200));
    w.stop();
    expect(n).toBe(1);
  });

  it('falls back to polling when udevadm is missing', async () => {
    let state = 'a';
    let n = 0;
    const w = watchHotplug(() => n++, { monitor: ['/nonexistent/udevadm'], pollMs: 20, debounceMs: 10, fingerprint: () => state });
    await new Promise((r) => setTimeout(r, 100));
    expect(n).toBe(0);
    state = 'b';
    await waitFor(() => n === 1);
    w.stop();
  });
});
