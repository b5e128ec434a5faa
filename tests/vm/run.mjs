#!/usr/bin/env node
// The VM suite: npm run test:vm [-- SCENARIO...]   (SCENARIO: a file name under
// tests/vm/scenarios/ without .test.mjs, e.g. hotplug; default: all of them)
//
// 1. Can QEMU run here? (x86-64 Linux, /dev, root for the image build; host packages are
//    installed with apt when missing.) If not: every scenario is SKIPPED with the reason.
// 2. The guest image: reused from the cache when its inputs did not change, else built.
// 3. The host-side unit tests of the helpers (tests/vm/lib/*.test.mjs), then the scenarios
//    one after the other (guests are never booted in parallel), reported by node:test
//    in TAP (with its "# pass N" / "# fail N" summary), then a table of wall times.
// Env: STUDIO_VM_CACHE (default /var/tmp/studio-setup-vm), STUDIO_VM_RESULTS (default
// <cache>/results/<time>). See tests/vm/README.md.
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { run } from 'node:test';
import { tap } from 'node:test/reporters';
import { ensureImage, resultsDir, secs, VM_DIR, whyNoVm } from './lib/vm.mjs';

const scenarioDir = path.join(VM_DIR, 'scenarios');
const libDir = path.join(VM_DIR, 'lib');
const all = fs.readdirSync(scenarioDir).filter((f) => f.endsWith('.test.mjs')).sort();
const names = all.map((f) => f.replace(/\.test\.mjs$/, ''));
const wanted = process.argv.slice(2);
if (wanted.includes('--help') || wanted.includes('-h') || wanted.includes('--list')) {
  console.log(`usage: npm run test:vm [-- SCENARIO...]\nscenarios: ${names.join(', ')}`);
  process.exit(0);
}
const unknown = wanted.filter((w) => !names.includes(w));
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; scenarios: ${names.join(', ')}`);
  process.exit(2);
}
const scenarios = (wanted.length > 0 ? wanted.map((w) => `${w}.test.mjs`) : all).map((f) => path.join(scenarioDir, f));
const unit = fs.readdirSync(libDir).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join(libDir, f));

const say = (line) => console.log(`# ${line}`);
const t0 = Date.now();
const results = resultsDir();
say(`VM suite: results in ${results}`);

let imageNote = '';
const why = whyNoVm();
if (why) {
  say('');
  say(`SKIPPING EVERY VM SCENARIO: QEMU cannot run here: ${why}`);
  say('');
} else {
  try {
    const image = await ensureImage();
    imageNote = image.built
      ? `built in ${secs(image.seconds)}`
      : `reused from the cache (built ${image.info.built_at ?? '?'} in ${Number(image.info.base_seconds ?? 0) + Number(image.info.image_seconds ?? 0)} s)`;
    say(`guest image ${image.dir}: ${imageNote}; kernels ${image.info.kernel_rt}, ${image.info.kernel_std}`);
  } catch (e) {
    // the scenarios fail with this message (they do not try to build again)
    process.env.STUDIO_VM_BROKEN = e.message;
    say(`guest image: ${e.message.split('\n')[0]}`);
  }
}

const stream = run({ files: [...unit, ...scenarios], concurrency: 1 });
stream.on('test:fail', (e) => {
  if (!e.todo && !e.skip) process.exitCode = 1;
});
const report = stream.compose(tap);
report.pipe(process.stdout);
await finished(report);

// after node:test's own summary: the wall times
const timingsFile = path.join(results, 'timings.jsonl');
const timings = fs.existsSync(timingsFile)
  ? fs.readFileSync(timingsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))
  : [];
say('');
say('wall time:');
if (imageNote) say(`  guest image: ${imageNote}`);
for (const { name, seconds } of timings) say(`  ${secs(seconds).padStart(8)}  ${name}`);
say(`  ${secs((Date.now() - t0) / 1000).padStart(8)}  the whole suite`);
say(`results: ${results}`);
