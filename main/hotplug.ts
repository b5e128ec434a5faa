// Hotplug watching on the live machine: `udevadm monitor` for USB and sound
// add/remove events; where udevadm is missing or dies, a 1 s poll of what the
// scan reads (the /sys/bus/usb/devices entries and /proc/asound/cards).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** A running watcher. */
export interface HotplugWatcher {
  stop(): void;
}

/** Options (tests inject the monitor command and a fast poll). */
export interface HotplugOptions {
  monitor?: readonly [string, ...string[]] | null;
  pollMs?: number;
  debounceMs?: number;
  /** What the poll fingerprints. */
  fingerprint?: () => string;
}

const MONITOR = ['udevadm', 'monitor', '--udev', '--subsystem-match=usb', '--subsystem-match=sound'] as const;

/** The default poll fingerprint: USB device entries and the ALSA card list. */
export function usbSoundFingerprint(): string {
  let usb = '';
  let cards = '';
  try {
    usb = fs.readdirSync('/sys/bus/usb/devices').sort().join(',');
  } catch {
    // No USB on this machine.
  }
  try {
    cards = fs.readFileSync('/proc/asound/cards', 'utf8');
  } catch {
    // No ALSA.
  }
  return `${usb}\n${cards}`;
}

/** Call `onChange` (debounced) whenever a USB or sound device is added or removed. */
export function watchHotplug(onChange: () => void, opts: HotplugOptions = {}): HotplugWatcher {
  const debounceMs = opts.debounceMs ?? 400;
  let timer: NodeJS.Timeout | null = null;
  let poll: NodeJS.Timeout | null = null;
  let child: ChildProcess | null = null;
  let stopped = false;
  const fire = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!stopped) onChange();
    }, debounceMs);
  };
  const startPolling = (): void => {
    if (poll || stopped) return;
    const fingerprint = opts.fingerprint ?? usbSoundFingerprint;
    let last = fingerprint();
    poll = setInterval(() => {
      const now = fingerprint();
      if (now !== last) {
        last = now;
        fire();
      }
    }, opts.pollMs ?? 1000);
  };
  const monitor = opts.monitor === undefined ? MONITOR : opts.monitor;
  if (monitor) {
    child = spawn(monitor[0], monitor.slice(1), { stdio: ['ignore', 'pipe', 'ignore'] });
    child.on('error', startPolling);
    child.on('exit', () => {
      if (!stopped) startPolling();
    });
    let buffered = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      // "UDEV  [1234.5678] add      /devices/pci0000:00/.../usb3/3-2 (usb)"
      if (lines.some((l) => /^UDEV\s.*\s(add|remove|bind|unbind)\s/.test(l))) fire();
    });
  } else startPolling();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      child?.kill();
    },
  };
}
