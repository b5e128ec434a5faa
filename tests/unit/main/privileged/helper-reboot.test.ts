// Revert after a reboot that numbered things afresh. USB bus numbers and ALSA card
// indexes follow probe order, which changes between boots: the VM suite (tests/vm,
// scenario 3) saw the EHCI and UHCI #1 swap usb1 and usb2 across a cold reboot. The
// journal's threads carry the names of the boot they were applied on; revert must find
// them again by controller and handler, whatever their number is now.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Journal } from '../../../../main/privileged/helper/journal.js';
import { handlerOf } from '../../../../main/privileged/helper/undo.js';
import { fakeMachine, liveApply, liveRevert } from './fake-machine.js';
import { fullPlan, removeRoots } from './fixtures.js';

afterAll(removeRoots);

const JOURNAL = '/var/lib/studio-setup/journal.json';

describe('revert after a reboot', () => {
  it('handlerOf drops only the part a boot numbers: the bus of a host controller, the card of a sound driver', () => {
    expect(handlerOf('uhci_hcd:usb2')).toBe('uhci_hcd');
    expect(handlerOf('snd_hda_intel:card1')).toBe('snd_hda_intel');
    expect(handlerOf('xhci_hcd')).toBe('xhci_hcd');
    expect(handlerOf('ahci[0000:00:1f.2]')).toBe('ahci[0000:00:1f.2]');
    expect(handlerOf('nvme0q1')).toBe('nvme0q1');
    expect(handlerOf(null)).toBeNull();
  });

  it('finds the threads whose card and bus were numbered otherwise at apply, when the applier cannot restore them', () => {
    const m = fakeMachine();
    expect(liveApply(m, fullPlan()).code).toBe(0);
    // The journal as a boot where the HDA was card 0 and the EHCI bus 1 would have written it.
    const file = path.join(m.root, JOURNAL);
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
    const renamed = { 252: ['irq/33-snd_hda_intel:card0', 'snd_hda_intel:card0'], 217: ['irq/19-ehci_hcd:usb1', 'ehci_hcd:usb1'] } as Record<number, [string, string]>;
    for (const s of j.steps) {
      if (s.kind !== 'thread') continue;
      const [comm, action] = renamed[s.pid] ?? [s.comm, s.action];
      Object.assign(s, { comm, action });
    }
    fs.writeFileSync(file, JSON.stringify(j, null, 1) + '\n');
    // Reboot: a new boot id, new pids; the boot unit set the planned priorities again, and
    // the applier's record of that (irq.state) is gone, so only the journal can restore them.
    fs.writeFileSync(path.join(m.root, '/proc/sys/kernel/random/boot_id'), '6f1c1f1e-0000-4000-8000-000000000003\n');
    m.removeThread(252);
    m.removeThread(217);
    m.setThread({ pid: 301, comm: 'irq/33-snd_hda_intel:card1', irq: 33, action: 'snd_hda_intel:card1', policy: 'FIFO', priority: 90 });
    m.setThread({ pid: 302, comm: 'irq/19-ehci_hcd:usb2', irq: 19, action: 'ehci_hcd:usb2', policy: 'FIFO', priority: 80 });
    m.log.length = 0;
    expect(liveRevert(m).problems).toEqual([]);
    expect(m.thread(301)).toEqual({ policy: 'FIFO', priority: 50 });
    expect(m.thread(302)).toEqual({ policy: 'FIFO', priority: 85 });
    expect(m.log.filter((l) => l.includes('chrt'))).toEqual(['/usr/bin/chrt -f -p 85 302', '/usr/bin/chrt -f -p 50 301']);
  });
});
