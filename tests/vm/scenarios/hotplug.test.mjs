// Scenario 2, hotplug: a usb-audio device plugged through the QEMU monitor while the guest
// runs. Proves what the kernel does (a new ALSA card behind the controller it was plugged
// into, gone again on unplug), how long it takes (measured in the guest), and what the
// app's `scan` says at that moment: the new card's audio path ends at the xHCI.
// Guest side: tests/vm/guest/hotplug.sh.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readCapture } from '../lib/capture.mjs';
import { cliProblem, pathOfCard } from '../lib/checks.mjs';
import { PROFILE } from '../lib/profile.mjs';
import { bootGuest, parseKeyValues, readJson, tail, vmScenario } from '../lib/vm.mjs';

/** The card the guest saw appear after a plug: { index, id, device }. */
const newCard = (guest, which) => {
  const [line] = (guest.read(`out/new-card-${which}.tsv`) ?? '').split('\n').filter(Boolean);
  assert.ok(line, `no new card recorded after the ${which} plug`);
  const [index, id, device] = line.split('\t');
  return { index: Number(index), id, device };
};

vmScenario('hotplug: usb-audio plugged into the running guest through QMP', async (t) => {
  const g = bootGuest({ name: 'hotplug-rt', kernel: 'rt', script: 'guest/hotplug.sh' });
  const plugs = [];
  try {
    // the guest signals when it watches for uevents; the host plugs, then answers
    await g.waitFor('plug-xhci');
    const qmp = await g.qmp();
    await qmp.execute('device_add', { driver: 'usb-audio', id: 'plug-xhci', bus: PROFILE.xhci.qmpBus, audiodev: 'hp0' });
    g.tell('plug-xhci');
    plugs.push('plug-xhci');

    await g.waitFor('plug-ehci');
    await qmp.execute('device_add', {
      driver: 'usb-audio', id: 'plug-ehci', bus: PROFILE.ehci.qmpBus, port: PROFILE.ehci.freePort, audiodev: 'hp1',
    });
    g.tell('plug-ehci');
    plugs.push('plug-ehci');

    await g.waitFor('unplug');
    for (const id of plugs) {
      await qmp.execute('device_del', { id });
      await qmp.waitEvent('DEVICE_DELETED', { where: (e) => e.data?.device === id });
    }
    g.tell('unplug');
  } catch (e) {
    g.kill();
    throw e;
  }
  const run = await g.done;
  t.diagnostic(`guest: boot to script ${run.timing.boot_to_command_s} s, total ${run.timing.total_s} s`);
  assert.equal(run.code, 0, tail(run));
  const out = path.join(run.dir, 'out');

  await t.test('xHCI plug: a new ALSA card behind 0000:00:04.0', () => {
    const card = newCard(g, 'xhci');
    const cap = readCapture(path.join(out, 'after-xhci'));
    assert.equal(cap.cards.find((c) => c.index === card.index)?.controller, PROFILE.xhci.pci, card.device);
    assert.equal(cap.cards.length, readCapture(path.join(out, 'before')).cards.length + 1);
  });
  await t.test('EHCI plug: full speed, so the card lands behind the companion UHCI #2 0000:00:1d.1', () => {
    const card = newCard(g, 'ehci');
    const cap = readCapture(path.join(out, 'after-ehci'));
    assert.equal(cap.cards.find((c) => c.index === card.index)?.controller, PROFILE.uhci2.pci, card.device);
  });
  await t.test('unplug: back to the cards of the boot', () => {
    const before = readCapture(path.join(out, 'before')).cards.map((c) => c.device);
    const after = readCapture(path.join(out, 'after-unplug')).cards.map((c) => c.device);
    assert.deepEqual(after, before);
  });
  await t.test('timing: device_add to ALSA card, measured in the guest', () => {
    for (const which of ['plug-xhci', 'plug-ehci', 'unplug']) {
      const timing = parseKeyValues(g.read(`out/${which}.timing`) ?? '');
      t.diagnostic(`${which}: first USB uevent at ${timing.uevent_s} s, card count right at ${timing.condition_s} s: ${timing.latency_s} s`);
      assert.ok(typeof timing.latency_s === 'number' && timing.latency_s >= 0 && timing.latency_s < 30, `${which}: ${JSON.stringify(timing)}`);
    }
  });
  await t.test("the app's scan after the xHCI plug: the new card's audio path ends at the xHCI", () => {
    const problem = cliProblem(out, 'scan-after-xhci');
    assert.equal(problem, null, problem ?? '');
    const scan = readJson(path.join(out, 'scan-after-xhci.json'));
    const card = newCard(g, 'xhci');
    const entry = scan.soundCards.find((c) => c.index === card.index);
    assert.ok(entry, `the scan has no card ${card.index}: ${JSON.stringify(scan.soundCards)}`);
    assert.equal(entry.bus, 'usb');
    assert.equal(pathOfCard(scan, entry)?.controller, PROFILE.xhci.pci);
  });
});
