// The scenarios' checks (checks.mjs) on a real guest: fixtures/<kernel>/ hold the kernel's
// view (vm_capture) and the app's live `scan --json` of one boot (see fixtures/README.md).
// Every check passes on them, and each one fails when the fact it guards is broken.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readCapture } from './capture.mjs';
import { cliProblem, pathOfCard, profileChecks, scanChecks } from './checks.mjs';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const fixture = (kernel) => ({
  cap: readCapture(path.join(FIXTURES, kernel, 'raw')),
  scan: JSON.parse(fs.readFileSync(path.join(FIXTURES, kernel, 'scan.json'), 'utf8')),
});

/** Names of the checks that throw. */
const failing = (checks) =>
  checks.filter(([, fn]) => {
    try {
      fn();
      return false;
    } catch (e) {
      assert.ok(e instanceof assert.AssertionError, `${e.stack}`);
      return true;
    }
  }).map(([name]) => name);

const rt = fixture('rt');
const flat = fixture('std-nothreadirqs');
const cardOn = (scan, pci) => scan.soundCards.find((c) => pathOfCard(scan, c).controller === pci);
const pathOn = (scan, pci) => pathOfCard(scan, cardOn(scan, pci));

test('every check passes on a real rt boot and on a std boot without threadirqs', () => {
  assert.deepEqual(failing(profileChecks(rt.cap, { threaded: true, kernel: 'rt' })), []);
  assert.deepEqual(failing(scanChecks(rt.scan, { threaded: true, cap: rt.cap })), []);
  assert.deepEqual(failing(profileChecks(flat.cap, { threaded: false, kernel: 'std-nothreadirqs' })), []);
  assert.deepEqual(failing(scanChecks(flat.scan, { threaded: false, cap: flat.cap })), []);
});

test('profile: the wrong kernel, threads where none are expected and none where they are', () => {
  assert.deepEqual(failing(profileChecks(rt.cap, { threaded: true, kernel: 'std' })), ['kernel: std']);
  assert.deepEqual(failing(profileChecks(rt.cap, { threaded: false, kernel: 'rt' })), ['no irq/ thread for any sound or USB handler (nothing to tune)']);
  assert.deepEqual(failing(profileChecks(flat.cap, { threaded: true, kernel: 'std-nothreadirqs' })), [
    'one irq/<N>-<action> thread at FIFO 50 per sound handler, one per sharer',
  ]);
});

test('profile: a card missing, a line no longer shared, a thread at another priority', () => {
  const cap = structuredClone(rt.cap);
  cap.cards = cap.cards.filter((c) => c.controller !== '0000:00:04.0');
  cap.pci['0000:00:02.0'].irq = 99;
  cap.threads.find((t) => t.action.startsWith('snd_hda_intel')).priority = 90;
  assert.deepEqual(failing(profileChecks(cap, { threaded: true, kernel: 'rt' })), [
    'four ALSA cards: ES1370, HDA, USB audio on the xHCI and on UHCI #1',
    'ES1370 shares its INTx line with the e1000',
    'one irq/<N>-<action> thread at FIFO 50 per sound handler, one per sharer',
  ]);
});

/** scanChecks on a mutated copy of the rt scan: the names of the checks that fail. */
const scanFailing = (mutate, opts = { threaded: true, cap: rt.cap }) => {
  const scan = structuredClone(rt.scan);
  mutate(scan);
  return failing(scanChecks(scan, opts));
};
const XHCI = 'scan: USB audio on the xHCI 0000:00:04.0, active vector = the one that counts';

test('scan: a wrong controller fails', () => {
  assert.deepEqual(scanFailing((s) => (pathOn(s, '0000:00:04.0').controller = '0000:00:1d.7')), [
    XHCI,
    'scan: each audio path has the IRQs the kernel gives its controller',
  ]);
  // the e1000 is on the ES1370's line: only the controller check can tell them apart
  assert.deepEqual(scanFailing((s) => (pathOn(s, '0000:00:06.0').controller = '0000:00:02.0')), [
    'scan: ES1370 on PCI 0000:00:06.0, its line shared with the e1000 (enp0s2)',
  ]);
});

test('scan: the wrong xHCI vector marked active fails', () => {
  assert.deepEqual(
    scanFailing((s) => {
      for (const i of pathOn(s, '0000:00:04.0').irqs) i.active = !i.active;
    }),
    [XHCI],
  );
});

test("scan: a missing sharer, or the sharer's thread on the path, fails", () => {
  assert.deepEqual(scanFailing((s) => (pathOn(s, '0000:00:06.0').sharedWith = [])), [
    'scan: ES1370 on PCI 0000:00:06.0, its line shared with the e1000 (enp0s2)',
  ]);
  assert.deepEqual(
    scanFailing((s) => {
      const irq = pathOn(s, '0000:00:1d.0').irqs.find((i) => i.active);
      irq.threads.push({ ...irq.threads[0], pid: 9999, comm: `irq/${irq.irq}-i801_smbus` });
    }),
    ['scan: USB audio on UHCI #1 0000:00:1d.0, its line shared with i801_smbus'],
  );
});

test('scan: a thread at another priority or policy, or threads without threadirqs, fails', () => {
  assert.deepEqual(scanFailing((s) => (pathOn(s, '0000:00:1b.0').irqs[0].threads[0].priority = 90)), [
    'scan: HDA on PCI 0000:00:1b.0, one MSI vector snd_hda_intel:card<N>',
  ]);
  assert.deepEqual(scanFailing((s) => (pathOn(s, '0000:00:06.0').irqs[0].threads[0].policy = 'OTHER')), [
    'scan: ES1370 on PCI 0000:00:06.0, its line shared with the e1000 (enp0s2)',
  ]);
  const threaded = failing(scanChecks(rt.scan, { threaded: false, cap: rt.cap }));
  assert.equal(threaded.length, 4, threaded.join('; '));
});

test('scan: missing cards, wrong irq, wrong USB driver, wrong CPU count fail', () => {
  assert.ok(scanFailing((s) => s.soundCards.pop()).includes('scan: sound cards are the ES1370, the HDA and two USB audio devices'));
  assert.deepEqual(scanFailing((s) => (cardOn(s, '0000:00:1b.0').irq = 16)), ['scan: HDA on PCI 0000:00:1b.0, one MSI vector snd_hda_intel:card<N>']);
  assert.deepEqual(scanFailing((s) => (s.usbAudio[0].driver = 'usbhid')), ['scan: usbAudio lists both USB audio devices with their bus']);
  assert.deepEqual(scanFailing((s) => (s.cpuCount = 4)), ['scan: the contract fields are there']);
  assert.deepEqual(scanFailing((s) => delete pathOn(s, '0000:00:06.0').irqs[0].threads), [
    'scan: ES1370 on PCI 0000:00:06.0, its line shared with the e1000 (enp0s2)',
  ]);
});

test('cliProblem: app not built, app failed, app fine', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vm-cli-'));
  const write = (base, rc, err) => {
    fs.writeFileSync(path.join(dir, `${base}.rc`), `${rc}\n`);
    fs.writeFileSync(path.join(dir, `${base}.err`), err);
  };
  try {
    assert.match(cliProblem(dir, 'scan'), /did not run the app/);
    write('scan', 127, 'vm_cli: /host/bin/studio-setup not found: build the app first (npm run build)\n');
    assert.match(cliProblem(dir, 'scan'), /build the app first \(npm run build\)/);
    write('scan', 2, 'studio-setup: the app is not built yet (run: npm run build)\n');
    assert.match(cliProblem(dir, 'scan'), /build the app first \(npm run build\)/);
    write('scan', 1, 'Error [ERR_MODULE_NOT_FOUND]: Cannot find package x\n');
    assert.match(cliProblem(dir, 'scan'), /exited 1 - build the app first \(npm run build\)\?\nError \[ERR_MODULE_NOT_FOUND\]/);
    write('scan', 0, '');
    assert.equal(cliProblem(dir, 'scan'), null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
