// The assertions of the scenarios, as lists of named checks so that each one is reported
// as its own subtest: [name, () => void] (throws an AssertionError when it fails).
//   profileChecks(cap, opts)  what the kernel shows (a vm_capture, read by capture.mjs):
//                             proves the guest has the hardware profile the scan is held to
//   scanChecks(scan, opts)    what the app's `scan --json` says, against the same profile
// opts.threaded: the kernel threads its interrupt handlers (rt, std + threadirqs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { audioHandlers, irqsOfController, rowOf } from './capture.mjs';
import { PROFILE } from './profile.mjs';

/** Run checks as subtests of `t`. */
export async function runChecks(t, checks) {
  for (const [name, fn] of checks) await t.test(name, fn);
}

const threadOf = (cap, irq, action) => cap.threads.filter((x) => x.irq === Number(irq) && x.action === action);

function assertDefaultThread(found, what) {
  assert.equal(found.length, 1, `${what}: expected one thread, found ${found.map((x) => x.comm).join(', ') || 'none'}`);
  assert.equal(found[0].policy, PROFILE.defaultThread.policy, `${what}: policy`);
  assert.equal(found[0].priority, PROFILE.defaultThread.priority, `${what}: priority`);
}

/** Kernel-level facts of the profile, from a vm_capture of the guest. */
export function profileChecks(cap, { threaded, kernel }) {
  const card = (pci) => cap.cards.find((c) => c.controller === pci);
  const es = () => cap.pci[PROFILE.es1370.pci];
  const hdaCard = () => card(PROFILE.hda.pci);
  const uhciBus = () => Number(Object.entries(cap.usbBuses).find(([, pci]) => pci === PROFILE.uhci1.pci)?.[0]);
  return [
    [`kernel: ${kernel}`, () => {
      if (kernel === 'rt') assert.match(cap.uname, /PREEMPT_RT/);
      else assert.doesNotMatch(cap.uname, /PREEMPT_RT/);
      if (kernel === 'std') assert.match(cap.cmdline, /\bthreadirqs\b/);
      if (kernel === 'std-nothreadirqs') assert.doesNotMatch(cap.cmdline, /\bthreadirqs\b/);
    }],
    ['four ALSA cards: ES1370, HDA, USB audio on the xHCI and on UHCI #1', () => {
      assert.deepEqual(
        cap.cards.map((c) => c.controller).sort(),
        [PROFILE.es1370.pci, PROFILE.hda.pci, PROFILE.xhci.pci, PROFILE.uhci1.pci].sort(),
        cap.asoundCards,
      );
    }],
    ['ES1370 shares its INTx line with the e1000', () => {
      assert.equal(es().msi.length, 0, 'ES1370 uses INTx');
      assert.equal(es().irq, cap.pci[PROFILE.es1370.sharerPci]?.irq, 'same line as the e1000');
      assert.deepEqual(rowOf(cap, es().irq)?.actions.sort(), [PROFILE.es1370.action, PROFILE.es1370.sharer].sort());
    }],
    ['HDA has one MSI vector named after its card', () => {
      const msi = cap.pci[PROFILE.hda.pci].msi;
      assert.equal(msi.length, 1);
      const row = rowOf(cap, msi[0]);
      assert.match(row?.chip ?? '', /MSI/);
      assert.deepEqual(row?.actions, [PROFILE.hda.action(hdaCard().index)]);
    }],
    ['xHCI has several MSI-X vectors, at least one counting', () => {
      const rows = irqsOfController(cap, PROFILE.xhci.pci).map((irq) => rowOf(cap, irq));
      assert.ok(rows.length >= 2, `vectors: ${rows.length}`);
      for (const r of rows) assert.deepEqual(r?.actions, [PROFILE.xhci.action]);
      assert.ok(rows.some((r) => r.total > 0), 'no xhci vector has counted interrupts');
    }],
    ['UHCI #1 shares its INTx line with the SMBus', () => {
      const irq = cap.pci[PROFILE.uhci1.pci].irq;
      assert.equal(irq, cap.pci[PROFILE.uhci1.sharerPci]?.irq);
      assert.deepEqual(rowOf(cap, irq)?.actions.sort(), [PROFILE.uhci1.sharer, PROFILE.uhci1.action(uhciBus())].sort());
    }],
    threaded
      ? ['one irq/<N>-<action> thread at FIFO 50 per sound handler, one per sharer', () => {
          const { serving, sharers } = audioHandlers(cap);
          for (const h of [...serving, ...sharers]) assertDefaultThread(threadOf(cap, h.irq, h.action), h.role);
        }]
      : ['no irq/ thread for any sound or USB handler (nothing to tune)', () => {
          const found = audioHandlers(cap).serving.map((h) => threadOf(cap, h.irq, h.action)).flat();
          assert.deepEqual(found.map((x) => x.comm), []);
        }],
  ];
}

// ---- the app's scan -------------------------------------------------------------------------

/**
 * Why the app's output is not usable, or null: the CLI missing (build the app first), or
 * its exit code and stderr. `base`: the guest's out/<base>.{rc,err,json} files.
 */
export function cliProblem(outDir, base) {
  const read = (ext) => {
    try {
      return fs.readFileSync(path.join(outDir, `${base}.${ext}`), 'utf8');
    } catch {
      return null;
    }
  };
  const rc = read('rc')?.trim();
  const err = (read('err') ?? '').trim();
  if (rc === undefined) return `the guest did not run the app (no ${base}.rc)`;
  if ((rc === '127' || rc === '2') && /build the app first|not built/.test(err)) {
    return `the app is not built: build the app first (npm run build), then run the suite again (the guest said: ${err.split('\n').pop()})`;
  }
  if (rc !== '0') {
    const hint = /Cannot find module|ERR_MODULE_NOT_FOUND/.test(err) ? ' - build the app first (npm run build)?' : '';
    return `studio-setup ${base} exited ${rc}${hint}\n${err.split('\n').slice(-15).join('\n')}`;
  }
  return null;
}

const asArray = (x, what) => {
  assert.ok(Array.isArray(x), `${what} is not an array`);
  return x;
};
const same = (a, b) => String(a) === String(b);
const isEns = (c) => /ens1370|audiopci/i.test(`${c.id} ${c.name} ${c.driver ?? ''} ${c.longName ?? ''}`);
const isHda = (c) => c.bus !== 'usb' && /hda|intel/i.test(`${c.id} ${c.name} ${c.driver ?? ''}`);

/** The scan's audio path of a card (by index). */
export const pathOfCard = (scan, card) => scan.audioPaths.find((p) => same(p.card, card.index));
/** The scan's interrupts row of an IRQ. */
const scanRow = (scan, irq) => scan.interrupts.find((r) => same(r.irq, irq));
const active = (p) => p.irqs.filter((i) => i.active);

function onePath(scan, pred, what) {
  const cards = scan.soundCards.filter(pred);
  assert.equal(cards.length, 1, `${what}: expected one sound card, found ${cards.length}: ${JSON.stringify(scan.soundCards)}`);
  const p = pathOfCard(scan, cards[0]);
  assert.ok(p, `${what}: no audioPath for card ${cards[0].index}`);
  return { card: cards[0], path: p };
}

const usbPathOn = (scan, pci) => {
  const paths = scan.soundCards.filter((c) => c.bus === 'usb').map((c) => ({ card: c, path: pathOfCard(scan, c) }));
  const found = paths.filter((x) => x.path?.controller === pci);
  assert.equal(found.length, 1, `USB audio cards on ${pci}: expected 1, found ${found.length} (controllers: ${paths.map((x) => x.path?.controller).join(', ')})`);
  return found[0];
};

/** The thread checks of one path: its own handler threaded at FIFO 50, a sharer's never listed. */
function assertPathThreads(p, ownAction, threaded) {
  for (const i of active(p)) {
    const threads = asArray(i.threads, `threads of IRQ ${i.irq}`);
    if (!threaded) {
      assert.deepEqual(threads, [], `IRQ ${i.irq} of card ${p.card}: no threads expected without threaded IRQs`);
      continue;
    }
    assert.deepEqual(threads.map((x) => x.comm), [`irq/${i.irq}-${ownAction}`], `threads on IRQ ${i.irq} for card ${p.card}`);
    assert.equal(threads[0].policy, PROFILE.defaultThread.policy);
    assert.equal(threads[0].priority, PROFILE.defaultThread.priority);
    assert.ok(Number.isInteger(threads[0].pid) && threads[0].pid > 2, `pid ${threads[0].pid}`);
  }
}

/**
 * The scan contract against the hardware profile, and, given `cap` (a vm_capture of the
 * same boot), against what the kernel itself shows.
 */
export function scanChecks(scan, { threaded, cap }) {
  const checks = [
    ['scan: the contract fields are there', () => {
      for (const k of ['interrupts', 'sharedIrqs', 'soundIrqs', 'soundCards', 'usbDevices', 'usbAudio', 'audioPaths', 'warnings']) asArray(scan[k], k);
      assert.equal(scan.cpuCount, PROFILE.cpuCount);
    }],
    ['scan: sound cards are the ES1370, the HDA and two USB audio devices', () => {
      assert.equal(scan.soundCards.filter(isEns).length, 1, 'ES1370');
      assert.equal(scan.soundCards.filter(isHda).length, 1, 'HDA');
      assert.equal(scan.soundCards.filter((c) => c.bus === 'usb').length, 2, 'USB audio');
      assert.equal(scan.soundCards.length, 4);
    }],
    ['scan: ES1370 on PCI 0000:00:06.0, its line shared with the e1000 (enp0s2)', () => {
      const { card, path: p } = onePath(scan, isEns, 'ES1370');
      assert.equal(card.bus, 'pci');
      assert.equal(p.controller, PROFILE.es1370.pci);
      const [a] = active(p);
      assert.ok(a, 'no active IRQ');
      assert.ok(same(a.irq, card.irq), `card irq ${card.irq} vs path irq ${a.irq}`);
      assert.deepEqual([...scanRow(scan, a.irq).actions].sort(), [PROFILE.es1370.action, PROFILE.es1370.sharer].sort());
      assert.ok(scan.sharedIrqs.some((s) => same(s.irq ?? s, a.irq)), `sharedIrqs lacks ${a.irq}`);
      assert.deepEqual(p.sharedWith, [PROFILE.es1370.sharer]);
      assertPathThreads(p, PROFILE.es1370.action, threaded);
    }],
    ['scan: HDA on PCI 0000:00:1b.0, one MSI vector snd_hda_intel:card<N>', () => {
      const { card, path: p } = onePath(scan, isHda, 'HDA');
      assert.equal(card.bus, 'pci');
      assert.equal(p.controller, PROFILE.hda.pci);
      const act = active(p);
      assert.equal(act.length, 1);
      assert.ok(same(act[0].irq, card.irq));
      const row = scanRow(scan, act[0].irq);
      assert.match(row.chip ?? '', /MSI/);
      assert.deepEqual(row.actions, [PROFILE.hda.action(card.index)]);
      assert.deepEqual(p.sharedWith, []);
      assertPathThreads(p, PROFILE.hda.action(card.index), threaded);
    }],
    ['scan: USB audio on the xHCI 0000:00:04.0, active vector = the one that counts', () => {
      const { card, path: p } = usbPathOn(scan, PROFILE.xhci.pci);
      const counting = p.irqs.filter((i) => (scanRow(scan, i.irq)?.total ?? 0) > 0).map((i) => String(i.irq));
      assert.ok(counting.length > 0, 'no xHCI vector counted');
      assert.deepEqual(active(p).map((i) => String(i.irq)), counting, 'active vectors');
      assert.ok(same(card.irq, counting[0]), `card irq ${card.irq}`);
      for (const i of p.irqs) assert.deepEqual(i.actions, [PROFILE.xhci.action]);
      assert.deepEqual(p.sharedWith, []);
      assertPathThreads(p, PROFILE.xhci.action, threaded);
    }],
    ['scan: USB audio on UHCI #1 0000:00:1d.0, its line shared with i801_smbus', () => {
      const { card, path: p } = usbPathOn(scan, PROFILE.uhci1.pci);
      const act = active(p);
      assert.equal(act.length, 1);
      const own = PROFILE.uhci1.action(card.usb?.bus);
      assert.deepEqual([...scanRow(scan, act[0].irq).actions].sort(), [PROFILE.uhci1.sharer, own].sort());
      assert.deepEqual(p.sharedWith, [PROFILE.uhci1.sharer]);
      assertPathThreads(p, own, threaded);
    }],
    ['scan: usbAudio lists both USB audio devices with their bus', () => {
      const buses = scan.soundCards.filter((c) => c.bus === 'usb').map((c) => c.usb?.bus).sort();
      assert.deepEqual(scan.usbAudio.map((u) => u.bus).sort(), buses);
      for (const u of scan.usbAudio) assert.equal(u.driver, 'snd-usb-audio');
    }],
  ];
  if (cap) {
    checks.push(['scan: each audio path has the IRQs the kernel gives its controller', () => {
      for (const p of scan.audioPaths) {
        const kernel = irqsOfController(cap, p.controller).map(String).sort();
        assert.ok(kernel.length > 0, `the kernel shows no IRQ for ${p.controller}`);
        assert.deepEqual(p.irqs.map((i) => String(i.irq)).sort(), kernel, `card ${p.card} on ${p.controller}`);
      }
    }]);
  }
  return checks;
}
