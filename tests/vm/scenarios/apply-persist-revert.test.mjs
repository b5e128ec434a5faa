// Scenario 3, apply -> persist -> revert: the privileged helper on real kernels, PREEMPT_RT
// and standard + threadirqs. Per kernel, three boots of one kept disk (vm.sh -O; each boot
// after the first is a cold reboot: a fresh QEMU process on the same disk; without the
// usb-audio on the xHCI, see VM_ARGS), guest side guest/apply-persist-revert.sh:
//   boot 1  the machine as a musician finds it (own account outside the audio group, a
//           power tool autosuspending USB devices); snapshot "pre" (guest/snapshot.sh: every
//           file under /etc, /usr/local, /var/lib with mode, owner, sha256, link target;
//           every irq thread's policy/priority keyed by action, never PID or IRQ number);
//           `studio-setup plan` as the musician (HDA + a USB disk + a USB "MIDI
//           controller" + every fix the checks offer), `studio-setup apply` as root; the
//           threads re-read: exactly the planned ones at the planned priorities; status
//   boot 2  still applied: the boot unit ran after udev's coldplug and set every planned
//           thread (new PIDs), every persisted setting read back live, status; the MIDI
//           controller moved to another port (QMP device_del + device_add): the udev rule,
//           the re-apply unit and the applier follow it, timed in the guest; revert
//   boot 3  snapshot "post" = "pre": every file byte-identical (content, mode, owner, link
//           target, the set of directories), every thread back; status: nothing applied;
//           then crash safety: apply killed by SIGKILL at checkpoint K, revert, identical
// Timings of every step, the hotplug latency and the thread table go to the results dir
// (apply-persist-revert.json, apply-persist-revert.md) and docs/benchmarks.md.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compareFiles, compareSnapshots, formatDifferences, readSnapshot, threadsByKey } from '../lib/snapshot.mjs';
import { hotplugTimeline } from '../lib/hotplug.mjs';
import { read, rcOf, statusOf, steps } from '../lib/out.mjs';
import { PROFILE } from '../lib/profile.mjs';
import { bootGuest, parseKeyValues, readJson, resultsDir, runGuest, tail, vmScenario } from '../lib/vm.mjs';

const SCRIPT = 'guest/apply-persist-revert.sh';
// Without the lab's second usb-audio (the one on the xHCI): QEMU gives every usb-audio the
// id 46f4:0002, and a USB target follows the first device with its id by bus and port,
// while bus numbers change from boot to boot (seen here: the xHCI was bus 5 on one boot
// and bus 3 on the next). A real MIDI controller's id is its own.
const VM_ARGS = ['-u'];
// STUDIO_VM_KERNELS=rt (or std) runs one kernel only (by hand; the suite runs both).
const KERNELS = (process.env.STUDIO_VM_KERNELS || 'rt,std').split(',');

// What the plan must do on this hardware, by stable thread key (guest/snapshot.sh).
const PLANNED = {
  [`snd_hda_intel:${PROFILE.hda.pci}`]: 90, // --interface Intel
  [`ehci_hcd:${PROFILE.ehci.pci}`]: 85, // --disk 46f4:0001 (the usb-storage, high speed)
  [`uhci_hcd:${PROFILE.uhci1.pci}`]: 80, // --midi 46f4:0002 (the usb-audio on EHCI port 2)
};
// After the move of the MIDI controller to EHCI port 4 (UHCI #2).
const MOVED = { ...PLANNED, [`uhci_hcd:${PROFILE.uhci1.pci}`]: null, [`uhci_hcd:${PROFILE.uhci2.pci}`]: 80 };

// Files the guest system itself rewrites between two boots, whatever the helper does. Each
// is checked NOT to be a path the helper journaled (an ignored path can never hide ours).
const SYSTEM_WRITES = [
  '/var/lib/systemd/random-seed', // systemd-random-seed: a new seed at every boot and shutdown
  '/var/lib/alsa/asound.state', // alsa-utils: `alsactl store` at the first shutdown (the image has none)
];

// From the first USB uevent of a plug to the thread of the device's new controller at its
// planned priority, measured in the guest: at most this (see the assertion for why not 1 s).
const HOTPLUG_BOUND_S = 15;

// Kill K: the checkpoint after which the helper SIGKILLs itself, from boot 1's complete
// apply (N checkpoints): on rt in the middle (files, group, sysctls written; threads not
// yet), on std at N - 1 (every live effect done, the applier has set the threads, the
// journal not yet marked applied).
const killPoint = (kernel, n) => (kernel === 'rt' ? Math.floor(n / 2) : n - 1);

const values = (dir, name) => parseKeyValues(read(dir, `values-${name}.txt`) ?? '');
const fifo = (n) => (n === null ? null : `FIFO/${n}`);

/** Threads of `snap` against `pre`: the keys in `planned` at their priority (null: back to pre), every other key unchanged. */
function threadProblems(pre, snap, planned) {
  const a = threadsByKey(pre);
  const b = threadsByKey(snap);
  const problems = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const want = key in planned && planned[key] !== null ? (a[key] ?? []).map(() => fifo(planned[key])) : (a[key] ?? []);
    const got = b[key] ?? [];
    if (want.join() !== got.join()) problems.push(`${key}: want [${want.join(', ')}], got [${got.join(', ')}]`);
  }
  return problems;
}

/** Paths the helper journaled (files, links, dirs) plus its state directories. */
function journaledPaths(journal) {
  return new Set(journal.steps.filter((s) => 'path' in s && !s.path.startsWith('/proc') && !s.path.startsWith('/sys') && !s.path.startsWith('/dev')).map((s) => s.path));
}

vmScenario('apply-persist-revert: plan, apply, cold reboot, hotplug, revert, crash, on rt and std', async (t) => {
  const results = { kernels: {} };
  for (const kernel of KERNELS) {
    await t.test(`${kernel}: apply, persist across a cold reboot and a hotplug, revert byte for byte`, async (t) => {
      const r = (results.kernels[kernel] = { steps: {} });
      const overlay = path.join(resultsDir(), `apr-${kernel}.qcow2`);
      fs.rmSync(overlay, { force: true });
      const name = (n) => `apr-${kernel}-${n}`;

      // ---- boot 1: plan and apply -------------------------------------------------------
      const b1 = await runGuest({ name: name('1-apply'), kernel, script: SCRIPT, scriptArgs: ['apply'], overlay, timeoutSec: 900, args: VM_ARGS });
      r.steps.boot1 = { boot_to_script_s: b1.timing.boot_to_command_s, total_s: b1.timing.total_s, steps: steps(b1.dir) };
      assert.equal(b1.code, 0, tail(b1));
      const pre = readSnapshot(path.join(b1.dir, 'out', 'snap-pre'));
      let journal = null;
      await t.test('boot 1: the plan, made as the musician', () => {
        assert.equal(rcOf(b1.dir, 'plan'), 0, read(b1.dir, 'plan.err') ?? '');
        const { plan } = readJson(path.join(b1.dir, 'out', 'plan.json'));
        assert.equal(plan.user, 'musician');
        assert.deepEqual(
          plan.targets.map((x) => [x.kind, x.controller ?? x.id, x.role, x.priority]),
          [['pci', PROFILE.hda.pci, 'interface', 90], ['usb', PROFILE.usbStorageId, 'disk', 85], ['usb', PROFILE.usbAudioId, 'midi', 80]],
        );
        assert.deepEqual(plan.fixes.map((f) => f.action).sort(), ['audio-group', 'cpu-dma-latency', 'rt-limits', 'sysctl', 'usb-autosuspend']);
      });
      await t.test('boot 1: apply exits 0', () => {
        assert.equal(rcOf(b1.dir, 'apply'), 0, `${read(b1.dir, 'apply.out')}\n${read(b1.dir, 'apply.err')}`);
        journal = readJson(path.join(b1.dir, 'out', 'journal.json'));
        assert.equal(journal?.state, 'applied');
        assert.equal(journal.live, true);
      });
      await t.test('boot 1: the threads re-read: exactly the planned ones at the planned priorities, every other one unchanged', () => {
        const applied = readSnapshot(path.join(b1.dir, 'out', 'snap-applied'));
        assert.deepEqual(threadProblems(pre, applied, PLANNED), []);
        for (const key of Object.keys(PLANNED)) assert.ok(threadsByKey(pre)[key]?.length > 0, `no thread ${key} in the guest`);
        // the app's own preview named the same threads
        const { preview } = readJson(path.join(b1.dir, 'out', 'plan.json'));
        const byPid = new Map(pre.threads.map((x) => [x.pid, x.key]));
        assert.deepEqual(
          Object.fromEntries(preview.rows.map((row) => [byPid.get(row.pid), row.planned.priority])),
          PLANNED,
          JSON.stringify(preview.rows.map((row) => [row.pid, row.comm])),
        );
        r.threadsApplied = threadsByKey(applied);
      });
      await t.test('boot 1: what changed on disk is exactly what the journal holds', () => {
        assert.ok(journal, 'no journal');
        const applied = readSnapshot(path.join(b1.dir, 'out', 'snap-applied'));
        const ours = journaledPaths(journal);
        const state = (p) => p.startsWith('/var/lib/studio-setup') || p.startsWith('/etc/studio-setup') || p.startsWith('/usr/local/lib/studio-setup');
        const changed = compareFiles(pre, applied).map((d) => d.path);
        r.changedByApply = changed;
        assert.deepEqual(changed.filter((p) => !ours.has(p) && !state(p)), []);
        for (const p of SYSTEM_WRITES) assert.ok(![...ours].some((o) => o === p || o.startsWith(p)), `${p} is ignored across reboots but the helper wrote it`);
      });
      await t.test('boot 1: status says applied, every file as written, every thread at its plan', () => {
        const s = statusOf(b1.dir, 'status-applied');
        assert.equal(s.applied, true);
        assert.ok(s.files.length > 0);
        assert.deepEqual(s.files.filter((f) => f.state !== 'ok'), []);
        assert.deepEqual(s.threads.filter((x) => !x.ok), []);
        assert.equal(s.threads.length, Object.keys(PLANNED).length);
      });
      await t.test('boot 1: the fixes, live', () => {
        const v = values(b1.dir, 'applied');
        const before = values(b1.dir, 'pre');
        assert.equal(v.inotify, 524288);
        assert.equal(v.dma, 'root:audio:660');
        assert.ok(String(v.groups).split(',').includes('audio'), v.groups);
        assert.ok(!String(before.groups).split(',').includes('audio'), before.groups);
        assert.equal(before.dma, 'root:root:600');
        for (const [k, val] of Object.entries(v).filter(([k]) => k.startsWith('usb_'))) {
          assert.equal(String(val).endsWith(String(val).startsWith(PROFILE.usbAudioId) ? ':on' : ':auto'), true, `${k}=${val}`);
        }
      });
      const progress = readJson(path.join(b1.dir, 'out', 'progress.json'));
      const checkpoints = progress?.result?.checkpoints;
      assert.ok(Number.isInteger(checkpoints) && checkpoints > 10, `no checkpoint count in progress.json: ${JSON.stringify(progress)}`);

      // ---- boot 2: cold reboot, the MIDI controller moves, revert ------------------------
      const g = bootGuest({ name: name('2-persist'), kernel, script: SCRIPT, scriptArgs: ['persist'], overlay, timeoutSec: 900, args: VM_ARGS });
      try {
        await g.waitFor('unplug-midi');
        const qmp = await g.qmp();
        await qmp.execute('device_del', { id: PROFILE.uhci1.audioQmpId });
        await qmp.waitEvent('DEVICE_DELETED', { where: (e) => e.data?.device === PROFILE.uhci1.audioQmpId });
        g.tell('unplug-midi');
        await g.waitFor('plug-midi');
        await qmp.execute('device_add', { driver: 'usb-audio', id: 'apr-midi', bus: PROFILE.ehci.qmpBus, port: PROFILE.ehci.freePort, audiodev: 'hp0' });
        g.tell('plug-midi');
      } catch (e) {
        g.kill();
        throw e;
      }
      const b2 = await g.done;
      r.steps.boot2 = { boot_to_script_s: b2.timing.boot_to_command_s, total_s: b2.timing.total_s, steps: steps(b2.dir) };
      assert.equal(b2.code, 0, tail(b2));
      await t.test('boot 2 is a cold reboot of the same disk', () => {
        const boots = read(b2.dir, 'boots.txt').trim().split('\n');
        assert.equal(boots.length, 2);
        assert.equal(boots[0], pre.bootId);
        assert.notEqual(boots[1], pre.bootId);
      });
      const boot = readSnapshot(path.join(b2.dir, 'out', 'snap-boot'));
      await t.test('boot 2: the boot unit ran after udev coldplug and set every planned thread', () => {
        const show = parseKeyValues(read(b2.dir, 'boot-unit.show') ?? '');
        assert.equal(show.ActiveState, 'active');
        assert.equal(show.Result, 'success');
        const trigger = parseKeyValues(read(b2.dir, 'udev-trigger.show') ?? '').ActiveEnterTimestampMonotonic;
        assert.ok(show.ExecMainStartTimestampMonotonic > trigger, `started at ${show.ExecMainStartTimestampMonotonic} us, udev trigger done at ${trigger} us`);
        const log = read(b2.dir, 'boot-unit.journal') ?? '';
        for (const key of Object.keys(PLANNED)) {
          const t0 = boot.threads.find((x) => x.key === key);
          assert.match(log, new RegExp(`set ${t0.pid} ${t0.irq} ${t0.comm.replace(/[[\]().]/g, '\\$&')} \\S+ \\d+ -> FIFO ${PLANNED[key]}`), `${key} not set by the boot unit:\n${log}`);
        }
        r.bootUnit = {
          udevTriggerDone_s: trigger / 1e6,
          start_s: show.ExecMainStartTimestampMonotonic / 1e6,
          exit_s: show.ExecMainExitTimestampMonotonic / 1e6,
          criticalChain: (read(b2.dir, 'critical-chain.txt') ?? '').trim(),
        };
        t.diagnostic(`boot unit: udev coldplug triggered by ${r.bootUnit.udevTriggerDone_s} s, applier started ${r.bootUnit.start_s} s, done ${r.bootUnit.exit_s} s after boot`);
      });
      await t.test('boot 2: the planned threads at their priorities again (new PIDs), every other one as before apply', () => {
        assert.deepEqual(threadProblems(pre, boot, PLANNED), []);
        r.threadsBoot2 = threadsByKey(boot);
      });
      await t.test('boot 2: every persisted file as written, and read back live', () => {
        const applied = readSnapshot(path.join(b1.dir, 'out', 'snap-applied'));
        assert.deepEqual(compareFiles(applied, boot, { ignore: [...SYSTEM_WRITES, '/var/lib/studio-setup/lock'] }), []);
        const v = values(b2.dir, 'boot');
        assert.equal(v.inotify, 524288, 'sysctl.d at boot');
        assert.equal(v.dma, 'root:audio:660', 'the cpu_dma_latency udev rule at boot');
        assert.ok(String(v.groups).split(',').includes('audio'));
        const usb = Object.entries(v).filter(([k]) => k.startsWith('usb_'));
        assert.ok(usb.some(([, val]) => String(val).startsWith(PROFILE.usbAudioId)));
        for (const [k, val] of usb) assert.ok(String(val).endsWith(String(val).startsWith(PROFILE.usbAudioId) ? ':on' : ':auto'), `${k}=${val}: the power tool's rule, then ours for the audio devices`);
        r.governor = v.governors ? `cpufreq governors: ${v.governors}` : 'no cpufreq in the guest: no governor to keep (the plan has no governor fix here)';
      });
      await t.test('boot 2: status says applied, files ok, threads ok', () => {
        const s = statusOf(b2.dir, 'status-boot');
        assert.equal(s.applied, true);
        assert.deepEqual(s.files.filter((f) => f.state !== 'ok'), []);
        assert.deepEqual(s.threads.filter((x) => !x.ok), []);
      });
      await t.test('boot 2: the MIDI controller moved to EHCI port 4 (UHCI #2): its new controller at 80, the old one restored', () => {
        const timing = parseKeyValues(read(b2.dir, 'plug-midi.timing') ?? '');
        const timeline = hotplugTimeline(read(b2.dir, 'plug-midi.uevents') ?? '', read(b2.dir, 'resume-unit.journal') ?? '', timing);
        r.hotplug = { ...timing, timeline, resumeUnitJournal: (read(b2.dir, 'resume-unit.journal') ?? '').trim().split('\n') };
        t.diagnostic(`first USB uevent at ${timing.uevent_s} s, UHCI #2's thread at FIFO 80 at ${timing.condition_s} s: ${timing.latency_s} s`);
        const since = (x) => (x === null || timeline.kernelUevent === null ? '?' : (x - timeline.kernelUevent).toFixed(2));
        t.diagnostic(
          `after the uevent: udev done with the device +${since(timeline.udevDeviceDone)} s, with the last event +${since(timeline.udevLastEvent)} s; ` +
            `re-apply unit started ${timeline.unitStarts}x, last +${since(timeline.lastUnitStart)} s; thread set +${since(timeline.applierSet)} s; seen +${since(timeline.seen)} s`,
        );
        assert.equal(parseKeyValues(read(b2.dir, 'move.txt') ?? '').plug_rc, 0, read(b2.dir, 'resume-unit.journal') ?? '');
        const moved = readSnapshot(path.join(b2.dir, 'out', 'snap-moved'));
        assert.deepEqual(threadProblems(pre, moved, MOVED), []);
        r.threadsMoved = threadsByKey(moved);
        // Issue #5 asks for 1 s. Under TCG (software emulation) udev's rules take 0.2-0.4 s
        // per event, every process start 0.1-0.5 s and the applier 0.6-0.7 s: 0.97-1.07 s
        // measured from the uevent to the thread seen at 80, three to four times that on a
        // loaded host. The bound asserted here is HOTPLUG_BOUND_S (docs/benchmarks.md
        // "Persistence in the lab" has the figures and where the time goes).
        assert.ok(timing.latency_s >= 0 && timing.latency_s <= HOTPLUG_BOUND_S, `${timing.latency_s} s > ${HOTPLUG_BOUND_S} s: ${JSON.stringify(timing)}`);
      });
      await t.test('boot 2: revert exits 0; the units are gone', () => {
        assert.equal(rcOf(b2.dir, 'revert'), 0, `${read(b2.dir, 'revert.out')}\n${read(b2.dir, 'revert.err')}`);
        assert.equal((read(b2.dir, 'units-reverted.txt') ?? '').trim(), '');
      });
      await t.test('boot 2: right after revert, every file and thread as before apply, the live values back', () => {
        const reverted = readSnapshot(path.join(b2.dir, 'out', 'snap-reverted'));
        const diff = compareSnapshots(pre, reverted, { ignore: SYSTEM_WRITES });
        assert.ok(diff.identical, formatDifferences(diff));
        const v = values(b2.dir, 'reverted');
        const before = values(b1.dir, 'pre');
        for (const k of ['inotify', 'swappiness', 'dma', 'groups', 'unit_enabled', 'rules']) assert.equal(v[k], before[k], k);
      });

      // ---- boot 3: after revert and a cold reboot; then the crash ------------------------
      const kill = killPoint(kernel, checkpoints);
      const b3 = await runGuest({ name: name('3-verify'), kernel, script: SCRIPT, scriptArgs: ['verify', String(kill)], overlay, timeoutSec: 900, args: VM_ARGS });
      r.steps.boot3 = { boot_to_script_s: b3.timing.boot_to_command_s, total_s: b3.timing.total_s, steps: steps(b3.dir) };
      assert.equal(b3.code, 0, tail(b3));
      const post = readSnapshot(path.join(b3.dir, 'out', 'snap-post'));
      await t.test('boot 3: after revert and a cold reboot, every file byte-identical and every thread as before apply', () => {
        const diff = compareSnapshots(pre, post, { ignore: SYSTEM_WRITES });
        assert.ok(diff.identical, formatDifferences(diff));
        r.systemWrites = compareFiles(pre, post).map((d) => `${d.change} ${d.path}`);
        r.threadsPost = threadsByKey(post);
      });
      await t.test('boot 3: status says nothing is applied; no unit, no boot run', () => {
        const s = statusOf(b3.dir, 'status-post');
        assert.equal(s.applied, false);
        assert.equal(s.state, null);
        assert.equal((read(b3.dir, 'units-post.txt') ?? '').trim(), '');
        assert.match(read(b3.dir, 'boot-unit.journal') ?? '', /-- No entries --/);
        const v = values(b3.dir, 'post');
        const before = values(b1.dir, 'pre');
        for (const k of ['inotify', 'dma', 'groups', 'unit_enabled', 'rules']) assert.equal(v[k], before[k], k);
      });
      await t.test(`boot 3: crash safety: apply SIGKILLed at checkpoint ${kill} of ${checkpoints}, then revert: identical`, () => {
        r.crash = { checkpoints, killAt: kill };
        assert.equal(rcOf(b3.dir, 'apply-killed'), 137, 'the helper was not killed');
        const j = readJson(path.join(b3.dir, 'out', 'journal-killed.json'));
        assert.equal(j?.state, 'applying');
        r.crash.journalSteps = j.steps.length;
        r.crash.performed = j.steps.filter((s) => s.performed === true).map((s) => s.kind + (s.argv ? ` ${s.argv.join(' ')}` : s.path ? ` ${s.path}` : ''));
        assert.ok(r.crash.performed.length > 0, 'nothing live was done before the kill');
        const killed = readSnapshot(path.join(b3.dir, 'out', 'snap-killed'));
        assert.ok(!compareSnapshots(post, killed).identical, 'the killed apply changed nothing');
        // killed right after the applier ran: the threads were already at the plan
        if (kill === checkpoints - 1) assert.deepEqual(threadProblems(post, killed, PLANNED), []);
        assert.equal(rcOf(b3.dir, 'revert-killed'), 0, `${read(b3.dir, 'revert-killed.out')}\n${read(b3.dir, 'revert-killed.err')}`);
        const after = readSnapshot(path.join(b3.dir, 'out', 'snap-killrevert'));
        const diff = compareSnapshots(post, after);
        assert.ok(diff.identical, formatDifferences(diff));
        const v = values(b3.dir, 'killrevert');
        const before = values(b3.dir, 'post');
        for (const k of Object.keys(before)) assert.equal(v[k], before[k], k);
        t.diagnostic(`killed after ${j.steps.length} journal steps; live effects undone: ${r.crash.performed.join('; ')}`);
      });
      r.threadsPre = threadsByKey(pre);
      for (const [boot, s] of Object.entries(r.steps)) {
        t.diagnostic(`${kernel} ${boot}: boot to script ${s.boot_to_script_s} s, total ${s.total_s} s; ${s.steps.map((x) => `${x.name} ${x.seconds}`).join(', ')}`);
      }
    });
  }
  writeResults(results);
});

/** apply-persist-revert.json and a markdown thread table in the results dir. */
function writeResults(results) {
  fs.writeFileSync(path.join(resultsDir(), 'apply-persist-revert.json'), JSON.stringify(results, null, 1) + '\n');
  const lines = [];
  for (const [kernel, r] of Object.entries(results.kernels)) {
    if (!r.threadsPre) continue;
    lines.push(`### ${kernel}`, '', '| thread key | before apply | applied | cold reboot | MIDI moved | after revert + reboot |', '|---|---|---|---|---|---|');
    const keys = [...new Set([...Object.keys(r.threadsPre), ...Object.keys(r.threadsMoved ?? {})])].sort();
    for (const key of keys) {
      const col = (m) => (m?.[key] ?? []).join(' ') || '—';
      lines.push(`| \`${key}\` | ${col(r.threadsPre)} | ${col(r.threadsApplied)} | ${col(r.threadsBoot2)} | ${col(r.threadsMoved)} | ${col(r.threadsPost)} |`);
    }
    lines.push('');
  }
  fs.writeFileSync(path.join(resultsDir(), 'apply-persist-revert.md'), lines.join('\n'));
}

