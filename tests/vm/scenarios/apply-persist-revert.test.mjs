// Scenario 3, apply -> persist -> revert: reserved for the privileged helper (issue #5).
// When the helper exists, on one kept disk (vm.sh -O; every boot after the first is a cold
// reboot: a fresh QEMU process on the same disk):
//   boot 1  snapshot "pre" (guest/snapshot.mjs: files under /etc and /usr/local with mode
//           and owner, every irq thread's policy/priority); helper apply; the threads
//           re-read at the planned priorities
//   boot 2  still applied after a cold boot (the systemd unit ran the boot applier);
//           hotplug a usb-audio (QMP device_add): applied within 1 s, measured in the guest
//           (vm_hotplug_begin / vm_hotplug_end with the "thread at its planned priority"
//           condition); helper revert
//   boot 3  snapshot "post": compareSnapshots(pre, post) identical - every file
//           byte-identical incl. mode and owner, every thread back to its policy/priority
//           (matched by its stable key, never PID or IRQ number)
// Until then this file proves the harness those steps need: the kept disk, the cold
// reboot, the snapshots, the comparison (which must find nothing when nothing was
// applied) and the hotplug timing. The helper's steps are a skipped test.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compareSnapshots, formatDifferences } from '../lib/snapshot.mjs';
import { PROFILE } from '../lib/profile.mjs';
import { bootGuest, parseKeyValues, readJson, resultsDir, runGuest, tail, vmScenario } from '../lib/vm.mjs';

const HELPER_MISSING = 'privileged helper not built yet: issue #5';
const SCRIPT = 'guest/apply-persist-revert.sh';

vmScenario('apply-persist-revert: helper apply, cold reboot, hotplug, revert', async (t) => {
  const overlay = path.join(resultsDir(), 'apply-persist-revert.qcow2');
  fs.rmSync(overlay, { force: true });

  await t.test('harness: cold reboot of the kept disk with nothing applied changes no file and no thread', async (t) => {
    const boot1 = await runGuest({ name: 'apr-boot1', script: SCRIPT, scriptArgs: ['snapshot', 'pre'], overlay });
    assert.equal(boot1.code, 0, tail(boot1));

    const g = bootGuest({ name: 'apr-boot2', script: SCRIPT, scriptArgs: ['hotplug', 'post'], overlay });
    try {
      await g.waitFor('post');
      await (await g.qmp()).execute('device_add', { driver: 'usb-audio', id: 'apr-plug', bus: PROFILE.xhci.qmpBus, audiodev: 'hp0' });
      g.tell('post');
    } catch (e) {
      g.kill();
      throw e;
    }
    const boot2 = await g.done;
    assert.equal(boot2.code, 0, tail(boot2));
    t.diagnostic(`boot 1 ${boot1.timing.total_s} s, boot 2 ${boot2.timing.total_s} s`);

    const pre = readJson(path.join(boot1.dir, 'out', 'snapshot-pre.json'));
    const post = readJson(path.join(boot2.dir, 'out', 'snapshot-post.json'));
    await t.test('the snapshot covers /etc, /usr/local and the irq threads, keyed stably', () => {
      for (const p of ['/etc/fstab', '/etc/default/rtirq', '/usr/local/sbin/studio-vm-runner']) assert.ok(pre.files[p], p);
      assert.equal(pre.files['/usr/local/sbin/studio-vm-runner'].mode, '0755');
      const keys = pre.threads.map((x) => x.key);
      assert.ok(keys.includes(`uhci_hcd:${PROFILE.uhci1.pci}`), keys.join(', '));
      assert.ok(keys.includes(`snd_hda_intel:${PROFILE.hda.pci}`), keys.join(', '));
      assert.ok(!keys.some((k) => /:(usb|card)\d+$/.test(k)), 'no boot-numbered key');
    });
    await t.test('the second boot is a cold reboot of the same disk', () => {
      const boots = fs.readFileSync(path.join(boot2.dir, 'out', 'boots.txt'), 'utf8').trim().split('\n');
      assert.equal(boots.length, 2);
      assert.equal(boots[0], pre.bootId);
      assert.equal(boots[1], post.bootId);
      assert.notEqual(pre.bootId, post.bootId);
    });
    await t.test('compareSnapshots(pre, post): identical', () => {
      const diff = compareSnapshots(pre, post);
      assert.ok(diff.identical, formatDifferences(diff));
    });
    await t.test('hotplug timing, measured in the guest', () => {
      const timing = parseKeyValues(fs.readFileSync(path.join(boot2.dir, 'out', 'post.timing'), 'utf8'));
      t.diagnostic(`usb-audio on the xHCI: first uevent at ${timing.uevent_s} s, new card at ${timing.condition_s} s: ${timing.latency_s} s`);
      assert.ok(timing.latency_s >= 0 && timing.latency_s < 30, JSON.stringify(timing));
    });
  });

  await t.test('helper: apply, threads at the plan, cold reboot, hotplug within 1 s, revert, identical', { skip: HELPER_MISSING }, () => {});
});
