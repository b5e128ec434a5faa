// Where the time of a hotplug goes, from what the guest recorded: `udevadm monitor --kernel
// --udev` (CLOCK_MONOTONIC seconds) and `journalctl -o short-monotonic` of the re-apply unit.
/**
 * Where a hotplug's time goes, in guest seconds since boot: the kernel's first uevent, udev
 * done with the new USB device (its rules, ours among them: `systemctl --no-block restart`),
 * udev done with the last event of the plug (the sound card's), the last start of the
 * re-apply unit, the applier setting a thread to FIFO `priority`, the poll seeing it
 * (`timing`: vm_hotplug_end's condition_s).
 */
export function hotplugTimeline(uevents, journal, timing, priority = 80) {
  const ev = [...uevents.matchAll(/^(KERNEL|UDEV)\s*\[(\d+\.\d+)\]\s+(\w+)\s+(\S+)/gm)].map((m) => ({ src: m[1], t: Number(m[2]), action: m[3], dev: m[4] }));
  const log = [...journal.matchAll(/^\[\s*(\d+\.\d+)\] \S+ (.*)$/gm)].map((m) => ({ t: Number(m[1]), text: m[2] }));
  const after = (t0) => log.filter((l) => l.t >= t0);
  const kernel = ev.find((e) => e.src === 'KERNEL' && e.action === 'add')?.t ?? null;
  const setLine = new RegExp(`studio-setup-irq\\[\\d+\\]: set \\d+ \\d+ irq/\\d+-\\S+ \\S+ \\d+ -> FIFO ${priority}$`);
  const set = after(kernel ?? 0).find((l) => setLine.test(l.text))?.t ?? null;
  const starts = after(kernel ?? 0).filter((l) => /Starting studio-setup-irq-resume/.test(l.text) && (set === null || l.t <= set));
  const udev = ev.filter((e) => e.src === 'UDEV');
  return {
    kernelUevent: kernel,
    udevDeviceDone: udev.find((e) => e.action === 'add')?.t ?? null,
    udevLastEvent: udev.length > 0 ? udev[udev.length - 1].t : null,
    unitStarts: starts.length,
    lastUnitStart: starts.length > 0 ? starts[starts.length - 1].t : null,
    applierSet: set,
    seen: timing.condition_s ?? null,
  };
}

