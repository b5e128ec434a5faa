// Scenario 4's second half: our boot applier (build/linux/studio-setup-irq) on the same
// boot as Debian's rtirq, installed by hand by rtirq-side-by-side.applier.sh. Figures for
// docs/benchmarks.md ("Boot applier vs rtirq") and the checks on what it did.
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseIrqThreads, threadFor } from '../lib/capture.mjs';
import { PROFILE } from '../lib/profile.mjs';
import { parseKeyValues, readOrNull } from '../lib/vm.mjs';

/** The guest script of the whole scenario: guest/rtirq.sh, then our applier. */
export const SCRIPT = 'scenarios/rtirq-side-by-side.applier.sh';

// The priorities of rtirq-side-by-side.applier.sh's irq.conf.
const PLANNED = { hda: 90, usb: 85, es1370: 80, xhci: 75, uhci1: 70 };

/** What the applier did on this boot, from the guest's files in `out`. */
export function applierFigures(out, cap, { serving, sharers }) {
  const read = (name) => readOrNull(path.join(out, name));
  const threads = (name) => parseIrqThreads(read(`threads-${name}.tsv`) ?? '');
  const seconds = (name) => Number(read(`${name}.seconds`)?.trim());
  const prios = (list) =>
    Object.fromEntries([...serving, ...sharers].map((h) => {
      const x = threadFor(list, h);
      return [h.role, x ? `${x.policy}/${x.priority}` : 'no thread'];
    }));
  const before = threads('before-applier');
  const after = threads('after-applier');
  // Every irq thread whose policy or priority the applier changed.
  const changed = after
    .filter((t) => {
      const b = before.find((x) => x.pid === t.pid);
      return b && (b.policy !== t.policy || b.priority !== t.priority);
    })
    .map((t) => t.comm)
    .sort();
  // `usb 46f4:0002` names the usb-audio on the lowest bus number (the probe's order).
  const usbCards = cap.cards.filter((c) => c.bus === 'usb').sort((a, b) => a.usbBus - b.usbBus);
  const applyRuns = (read('applier-runs.txt') ?? '').trim().split('\n').filter(Boolean).map((l) => l.split(' ').map(Number));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;
  return {
    status: read('applier.status')?.trim() ?? null,
    config: read('applier-irq.conf')?.trim().split('\n'),
    cpufreq: read('applier-cpufreq.txt')?.trim() ?? null,
    listSeconds: seconds('applier-list'),
    applySeconds: seconds('applier-apply'),
    apply2Seconds: seconds('applier-apply2'),
    unitSeconds: seconds('unit'),
    // 5 more --apply runs, each from FIFO 50 with no state: [real, user, sys] seconds
    applyRuns,
    applyMedianSeconds: median(applyRuns.map((r) => r[0])),
    applyMedianCpuSeconds: median(applyRuns.map((r) => Number(((r[1] ?? 0) + (r[2] ?? 0)).toFixed(3)))),
    rc: { list: Number(read('applier-list.rc')), apply: Number(read('applier-apply.rc')), apply2: Number(read('applier-apply2.rc')), unit: Number(read('unit.rc')) },
    list: read('applier-list.out')?.trim().split('\n') ?? [],
    applyLog: [read('applier-apply.out'), read('applier-apply.err')].join('').trim().split('\n'),
    usbTargetController: usbCards[0]?.controller ?? null,
    before: prios(before),
    afterApply: prios(after),
    afterApply2: prios(threads('after-applier2')),
    afterUnit: prios(threads('after-unit')),
    afterHotplug: prios(threads('after-hotplug')),
    changed,
    // pid -> "POLICY PRIO" before the applier ran, to hold irq.state to.
    beforeByPid: Object.fromEntries(before.map((t) => [t.pid, `${t.policy} ${t.priority}`])),
    stateUnchanged: read('applier-irq.state') !== null && read('applier-irq.state') === read('applier-irq.state2'),
    state: read('applier-irq.state')?.trim().split('\n'),
    unit: parseKeyValues(read('unit-show.txt') ?? ''),
    unitJournal: read('unit-journal.txt')?.trim().split('\n'),
    hotplug: { ...parseKeyValues(read('hotplug.timing') ?? ''), unit: parseKeyValues(read('hotplug-unit-show.txt') ?? '') },
    hotplugJournal: read('hotplug-journal.txt')?.trim().split('\n'),
    udevdChrt: read('udevd-chrt.txt')?.trim().split('\n'),
  };
}

/** The checks on applierFigures(...), as subtests of `t`. */
export async function applierChecks(t, f, rtirq, { serving, sharers }) {
  const def = `${PROFILE.defaultThread.policy}/${PROFILE.defaultThread.priority}`;
  const want = (h) => {
    if (h.role === 'HDA') return PLANNED.hda;
    if (h.role === 'ES1370') return PLANNED.es1370;
    if (h.action === PROFILE.xhci.action) return f.usbTargetController === PROFILE.xhci.pci ? PLANNED.usb : PLANNED.xhci;
    return f.usbTargetController === PROFILE.uhci1.pci ? PLANNED.usb : PLANNED.uhci1;
  };
  await t.test('our applier ran on the same boot (installed by hand from build/linux)', () => {
    assert.equal(f.status, 'done');
    assert.deepEqual(f.rc, { list: 0, apply: 0, apply2: 0, unit: 0 });
  });
  await t.test('before it: the threads as rtirq start found them (rtirq reset: SCHED_OTHER for those it knows)', () => {
    assert.deepEqual(f.before, rtirq.before);
  });
  await t.test('--apply: every serving thread at its planned priority, the ES1370 included (rtirq misses it)', () => {
    assert.ok([PROFILE.xhci.pci, PROFILE.uhci1.pci].includes(f.usbTargetController), String(f.usbTargetController));
    for (const h of serving) assert.equal(f.afterApply[h.role], `FIFO/${want(h)}`, h.role);
  });
  await t.test('--apply: the sharers (e1000, SMBus) untouched', () => {
    for (const h of sharers) assert.equal(f.afterApply[h.role], def, h.role);
  });
  await t.test('--apply changed no other irq thread', () => {
    const allowed = new Set(serving.map((h) => `irq/${h.irq}-${h.action}`));
    assert.deepEqual(f.changed.filter((c) => !allowed.has(c)), []);
    assert.equal(f.changed.length, serving.length);
  });
  await t.test('--list said beforehand exactly what --apply did', () => {
    const listed = f.list.map((l) => /^(\d+) (\d+) (\S+) (\S+) (\d+) -> (\d+)$/.exec(l)).filter(Boolean);
    assert.equal(listed.length, f.list.length, f.list.join('\n'));
    assert.deepEqual(listed.map((m) => `irq/${m[2]}-${m[3]} ${m[6]}`).sort(), serving.map((h) => `irq/${h.irq}-${h.action} ${want(h)}`).sort());
    for (const m of listed) assert.equal(`${m[4]} ${m[5]}`, f.beforeByPid[m[1]], m[0]);
  });
  await t.test('irq.state holds what each thread had before; a second --apply changes nothing, keeps it', () => {
    const records = f.state.filter((l) => !l.startsWith('#'));
    assert.equal(records.length, serving.length);
    for (const line of records) {
      const [pid, policy, prio] = line.split(' ');
      assert.equal(`${policy} ${prio}`, f.beforeByPid[pid], line);
    }
    assert.deepEqual(f.afterApply2, f.afterApply);
    assert.ok(f.stateUnchanged);
  });
  await t.test('our applier is faster than rtirq start on the same boot', () => {
    assert.ok(f.applySeconds > 0 && f.applySeconds < rtirq.startSeconds, `${f.applySeconds} s vs ${rtirq.startSeconds} s`);
    assert.equal(f.applyRuns.length, 5);
    for (const [real] of f.applyRuns) assert.ok(real > 0 && real < rtirq.startSeconds, `${real} s`);
  });
  await t.test('studio-setup-irq.service (udevadm settle + apply) ends with the same priorities', () => {
    assert.equal(f.unit.Result, 'success');
    assert.equal(f.unit.ActiveState, 'active');
    assert.deepEqual(f.afterUnit, f.afterApply);
  });
  await t.test('a sound card add uevent: the rule restarts the resume unit, the HDA thread is back at 90', () => {
    assert.equal(f.afterHotplug.HDA, `FIFO/${PLANNED.hda}`);
    assert.ok(Number(f.hotplug.latency_s) > 0, JSON.stringify(f.hotplug));
    assert.equal(f.hotplug.unit.Result, 'success');
  });
  await t.test('a chrt run by udev itself is refused (systemd-udevd.service: RestrictRealtime=yes)', () => {
    assert.match(f.udevdChrt.join('\n'), /Operation not permitted/);
  });
}
