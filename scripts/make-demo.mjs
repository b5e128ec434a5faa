#!/usr/bin/env node
// Derives the demo's two states and one test bundle from real lab captures,
// by removing (never inventing) what each story does not have:
//   demo/bundle   captures/lab-rt-6.1-studio (`studio-setup capture` in the lab guest:
//                 every check has its data) without the QEMU USB Audio on the xHCI
//                 (card 2): the interface is the one on UHCI 0000:00:1d.0, whose IRQ 16
//                 is shared with i801_smbus
//   demo/replug   the same capture without the QEMU USB Audio on UHCI (card 1): the
//                 interface now on the xHCI 0000:00:04.0 (MSI-X), renumbered card 1
//                 as ALSA gives a re-plugged card the lowest free index
//   tests/fixtures/bundles/derived-std-nothreadirqs-6.1
//                 lab-std-threadirqs-6.1 without `threadirqs` on the command line and
//                 without the irq/ threads it made: a standard kernel booted plainly
// Run it again to check: tests/unit/demo.test.ts compares its output with the
// committed files.   node scripts/make-demo.mjs [OUT_ROOT]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = path.resolve(process.argv[2] ?? repo);
const bundles = path.join(repo, 'tests/fixtures/bundles');
const captures = path.join(repo, 'tests/fixtures/captures');

const dropLines = (...patterns) => (text) => text.split('\n').filter((l) => !patterns.some((p) => p.test(l))).join('\n');
const dropCard = (n) => (text) => {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => new RegExp(`^ ?${n} \\[`).test(l));
  if (i >= 0) lines.splice(i, 2);
  return lines.join('\n');
};

function derive(from, to, { dir = bundles, drop = [], edit = {}, rename = [], readme }) {
  const src = path.join(dir, from);
  const dst = path.join(outRoot, to);
  fs.rmSync(dst, { recursive: true, force: true });
  const renamed = (s) => rename.reduce((acc, [a, b]) => acc.split(a).join(b), s);
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(src, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && /\.md$/.test(e.name)) continue;
      if (drop.some((p) => p.test(r))) continue;
      const out = path.join(dst, renamed(r));
      if (e.isSymbolicLink()) {
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.symlinkSync(renamed(fs.readlinkSync(path.join(src, r))), out);
      } else if (e.isDirectory()) {
        fs.mkdirSync(out, { recursive: true });
        walk(r);
      } else if (r === 'bundle.json') {
        // Its list of empty directories (git keeps none) follows what was removed and renamed.
        const manifest = JSON.parse(fs.readFileSync(path.join(src, r), 'utf8'));
        manifest.note = `derived from ${from} by scripts/make-demo.mjs (see SOURCE.md)`;
        manifest.dirs = (manifest.dirs ?? []).filter((d) => !drop.some((p) => p.test(d.slice(1)))).map(renamed);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, JSON.stringify(manifest, null, 2) + '\n');
      } else {
        fs.mkdirSync(path.dirname(out), { recursive: true });
        const text = fs.readFileSync(path.join(src, r), 'utf8');
        fs.writeFileSync(out, edit[r] ? edit[r](text) : text);
      }
    }
  };
  walk('');
  fs.writeFileSync(path.join(dst, 'SOURCE.md'), readme);
}

const LAB =
  "lab-rt-6.1-studio (tests/fixtures/captures/lab-rt-6.1-studio: `studio-setup capture` as the user `studio` in the project's QEMU lab, Debian 12, kernel 6.1.0-56-rt-amd64 PREEMPT_RT, q35/ICH9, Debian's rtirq active)";

derive('lab-rt-6.1-studio', 'demo/bundle', {
  dir: captures,
  drop: [/^sys\/bus\/usb\/devices\/5-1(:|$)/, /^sys\/devices\/.*\/usb5\/5-1(\/|$)/, /^sys\/class\/sound\/card2$/, /^proc\/asound\/card2(\/|$)/],
  edit: { 'proc/asound/cards': dropCard(2) },
  readme: `# demo/bundle: the demo's first state

Made by \`scripts/make-demo.mjs\` from the real capture ${LAB}, with one thing
taken out: the second QEMU USB Audio (card 2, on the xHCI 0000:00:04.0, bus 5
port 1) — its sysfs entries and its /proc/asound lines. Nothing was added or
edited otherwise (interrupt counts are as captured).

The story: the USB audio interface sits on UHCI #1 0000:00:1d.0, whose legacy
interrupt line IRQ 16 it shares with i801_smbus; the ES1370 shares IRQ 22 with
the network card; the HDA is on MSI; the xHCI has three MSI-X vectors of its own;
Debian's rtirq ran at boot and left every sound thread at the default priority.
`,
});

derive('lab-rt-6.1-studio', 'demo/replug', {
  dir: captures,
  drop: [/^sys\/bus\/usb\/devices\/2-2(:|$)/, /^sys\/devices\/.*\/usb2\/2-2(\/|$)/, /^sys\/class\/sound\/card1$/, /^proc\/asound\/card1(\/|$)/],
  rename: [['card2', 'card1']],
  edit: {
    'proc/asound/cards': (t) => dropCard(1)(t).replace(' 2 [Audio_1        ]:', ' 1 [Audio          ]:'),
  },
  readme: `# demo/replug: the demo's second state ("Simulate moving the interface")

Made by \`scripts/make-demo.mjs\` from the real capture ${LAB}, with the first
QEMU USB Audio (card 1, on UHCI 0000:00:1d.0, bus 2 port 2) taken out and the
second one (card 2, on the xHCI 0000:00:04.0, bus 5 port 1) renumbered card 1
with the id "Audio" — what ALSA does when the interface is unplugged from the
UHCI port and plugged into the xHCI one (the lowest free index and the plain id).
Interrupt counts are as captured. The app labels this state as simulated.
`,
});

derive('lab-std-threadirqs-6.1', 'tests/fixtures/bundles/derived-std-nothreadirqs-6.1', {
  edit: {
    'proc/cmdline': (t) => t.replace(' threadirqs', ''),
    'cmd/ps-threads.txt': dropLines(/\sirq\/\d+-/),
  },
  readme: `# derived-std-nothreadirqs-6.1

Made by \`scripts/make-demo.mjs\` from the real capture lab-std-threadirqs-6.1
(Debian 12's standard kernel 6.1.0-56-amd64, PREEMPT_DYNAMIC, booted with
\`threadirqs\`): the word \`threadirqs\` removed from proc/cmdline and every
\`irq/N-...\` thread removed from cmd/ps-threads.txt — what the same kernel shows
booted without the parameter (interrupt handlers run unthreaded; nothing to
prioritise). Nothing else changed. Used by the wizard's end-to-end tests.
`,
});
console.log(`wrote demo/bundle, demo/replug and tests/fixtures/bundles/derived-std-nothreadirqs-6.1 under ${outRoot}`);
