// Scenario 4, side by side with Debian's rtirq-init on one PREEMPT_RT boot: how long
// `rtirq start` takes and what it does to the threads of the audio paths (which ones it
// raises, which it misses), then `rtirq stop` (which, as Debian configures it, changes
// nothing) and `rtirq reset` (which drops the threads it knows to SCHED_OTHER); then our boot applier on the same boot, installed by
// hand from build/linux (rtirq-side-by-side.applier.*). The figures go to
// <results>/rtirq-side-by-side.json (for docs/benchmarks.md).
// Guest side: tests/vm/guest/rtirq.sh then ours (booted with rtirq.service enabled: vm.sh -r).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { audioHandlers, parseIrqThreads, readCapture, threadFor } from '../lib/capture.mjs';
import { PROFILE } from '../lib/profile.mjs';
import { readOrNull, resultsDir, runGuest, tail, vmScenario } from '../lib/vm.mjs';
import { applierChecks, applierFigures, SCRIPT } from './rtirq-side-by-side.applier.mjs';

vmScenario('rtirq-side-by-side: Debian rtirq-init vs our boot applier on one boot', async (t) => {
  const run = await runGuest({ name: 'rtirq-rt', kernel: 'rt', script: SCRIPT, args: ['-r'] });
  t.diagnostic(`guest: boot to script ${run.timing.boot_to_command_s} s (rtirq.service at boot), total ${run.timing.total_s} s`);
  assert.equal(run.code, 0, tail(run));
  const out = path.join(run.dir, 'out');
  const cap = readCapture(path.join(out, 'raw'));
  const threads = (name) => parseIrqThreads(fs.readFileSync(path.join(out, `threads-${name}.tsv`), 'utf8'));
  const seconds = (name) => Number(readOrNull(path.join(out, `rtirq-${name}.seconds`))?.trim());
  const { serving, sharers } = audioHandlers(cap);
  // role -> "FIFO/90" in a thread list
  const prios = (list) =>
    Object.fromEntries([...serving, ...sharers].map((h) => {
      const x = threadFor(list, h);
      return [h.role, x ? `${x.policy}/${x.priority}` : 'no thread'];
    }));
  const at = {
    boot: threads('boot'),
    before: threads('before'),
    start: threads('after-start'),
    stop: threads('after-stop'),
    reset: threads('after-reset'),
  };
  const def = `${PROFILE.defaultThread.policy}/${PROFILE.defaultThread.priority}`;
  const missed = serving.filter((h) => prios(at.start)[h.role] === def).map((h) => h.role);

  const figures = {
    kernel: cap.uname,
    rtirqConfig: readOrNull(path.join(out, 'rtirq-config.txt'))?.trim().split('\n'),
    rtirq: {
      startSeconds: seconds('start'),
      stopSeconds: seconds('stop'),
      resetSeconds: seconds('reset'),
      atBoot: prios(at.boot),
      before: prios(at.before),
      afterStart: prios(at.start),
      afterStop: prios(at.stop),
      afterReset: prios(at.reset),
      missed,
      bootJournal: readOrNull(path.join(out, 'rtirq-boot-journal.txt'))?.trim().split('\n'),
    },
    studioSetup: applierFigures(out, cap, { serving, sharers }),
    results: run.dir,
  };
  fs.writeFileSync(path.join(resultsDir(), 'rtirq-side-by-side.json'), JSON.stringify(figures, null, 2) + '\n');
  t.diagnostic(
    `rtirq start ${figures.rtirq.startSeconds} s, stop ${figures.rtirq.stopSeconds} s, reset ${figures.rtirq.resetSeconds} s; missed: ${missed.join(', ') || 'none'}`,
  );
  t.diagnostic(`rtirq's boot run left: ${JSON.stringify(figures.rtirq.atBoot)}`);

  await t.test('before: every audio-path thread and sharer at FIFO 50', () => {
    for (const [role, p] of Object.entries(figures.rtirq.before)) assert.equal(p, def, role);
  });
  await t.test('rtirq start: the HDA thread at FIFO 90 (RTIRQ_PRIO_HIGH, "snd" first)', () => {
    assert.equal(figures.rtirq.afterStart.HDA, 'FIFO/90');
  });
  await t.test('rtirq start: the USB audio controllers raised between 50 and 90 ("usb")', () => {
    for (const h of serving.filter((x) => x.action === PROFILE.xhci.action || x.role === 'UHCI #1')) {
      const x = threadFor(at.start, h);
      assert.equal(x?.policy, 'FIFO', h.role);
      assert.ok(x.priority > 50 && x.priority < 90, `${h.role}: ${x.priority}`);
    }
  });
  await t.test('rtirq start misses the ES1370: irq/N-snd_ens1370 stays at FIFO 50', () => {
    assert.deepEqual(missed, ['ES1370']);
  });
  await t.test('rtirq start leaves the sharers alone (e1000, SMBus)', () => {
    for (const h of sharers) assert.equal(figures.rtirq.afterStart[h.role], def, h.role);
  });
  await t.test('rtirq stop changes nothing (Debian: RTIRQ_RESET_ALL=0, its stop is a no-op)', () => {
    assert.ok(figures.rtirqConfig.includes('RTIRQ_RESET_ALL=0'), figures.rtirqConfig.join('; '));
    assert.deepEqual(figures.rtirq.afterStop, figures.rtirq.afterStart);
  });
  await t.test('rtirq reset: the threads it knows drop to SCHED_OTHER, not back to FIFO 50', () => {
    for (const h of serving) assert.equal(figures.rtirq.afterReset[h.role], h.role === 'ES1370' ? def : 'OTHER/0', h.role);
    for (const h of sharers) assert.equal(figures.rtirq.afterReset[h.role], def, h.role);
  });
  await t.test('rtirq start, stop and reset were timed', () => {
    for (const k of ['startSeconds', 'stopSeconds', 'resetSeconds']) assert.ok(figures.rtirq[k] > 0, `${k}: ${figures.rtirq[k]}`);
  });
  figures.ratio = Number((figures.rtirq.startSeconds / figures.studioSetup.applyMedianSeconds).toFixed(1));
  fs.writeFileSync(path.join(resultsDir(), 'rtirq-side-by-side.json'), JSON.stringify(figures, null, 2) + '\n');
  t.diagnostic(
    `our applier: --list ${figures.studioSetup.listSeconds} s, --apply ${figures.studioSetup.applySeconds} s, median of 5 more ${figures.studioSetup.applyMedianSeconds} s (rtirq start / ours = ${figures.ratio}), again ${figures.studioSetup.apply2Seconds} s, unit ${figures.studioSetup.unitSeconds} s, hotplug ${figures.studioSetup.hotplug.latency_s} s`,
  );
  await applierChecks(t, figures.studioSetup, figures.rtirq, { serving, sharers });
});
