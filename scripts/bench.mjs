#!/usr/bin/env node
// npm run bench: figures, not assertions (these machines are shared and noisy).
//  1. `scan --json` wall time (the built CLI, a fresh process each run) on a bundle and on this machine;
//  2. parse time of generated /proc/interrupts files, from 8 CPUs x 50 rows up to 256 CPUs x 2000 rows.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { parseInterrupts } = await import('../main/probe/interrupts.ts');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeCli(args, runs = 7) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(root, 'bin/studio-setup'), ...args], { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(`studio-setup ${args.join(' ')} failed: ${r.stderr}`);
  }
  return median(times);
}

/** A /proc/interrupts the way kernel/irq/proc.c prints it: `cpus` columns, `rows` MSI lines. */
function generate(cpus, rows) {
  const lines = [' '.repeat(5) + Array.from({ length: cpus }, (_, i) => `CPU${i}`.padEnd(11)).join('')];
  for (let irq = 0; irq < rows; irq++) {
    const counts = Array.from({ length: cpus }, (_, c) => String((irq * 7919 + c * 104729) % 100000000).padStart(10)).join(' ');
    lines.push(`${String(irq).padStart(4)}: ${counts}  IR-PCI-MSI ${String(524288 + irq).padStart(8)}-edge      nvme0q${irq}, eth${irq % 4}-TxRx-${irq}`);
  }
  lines.push(' NMI: ' + Array.from({ length: cpus }, () => '0'.padStart(10)).join(' ') + '   Non-maskable interrupts');
  return lines.join('\n') + '\n';
}

function timeIt(fn, runs = 15) {
  for (let i = 0; i < 3; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

/** The peer: one pass over every character of the text, doing nothing with it. */
function scanChars(text) {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i);
  return sum;
}

const bundle = path.join(root, 'tests/fixtures/bundles/lab-rt-6.1');
console.log('scan --json, median of 7 runs (a fresh Node process each: includes start-up)');
const noop = timeCli(['help']);
console.log(`  studio-setup help (process start-up only)   ${noop.toFixed(1)} ms`);
console.log(`  bundle lab-rt-6.1                            ${timeCli(['scan', '--json', '--from', bundle]).toFixed(1)} ms`);
console.log(`  this machine (live)                          ${timeCli(['scan', '--json']).toFixed(1)} ms`);

console.log('\nparseInterrupts on generated files, median of 15 runs; the peer is one bare pass over the same characters');
for (const [cpus, rows] of [
  [8, 50],
  [64, 500],
  [128, 1000],
  [256, 1000],
  [256, 2000],
]) {
  const text = generate(cpus, rows);
  const ms = timeIt(() => parseInterrupts(text));
  const peer = timeIt(() => scanChars(text));
  console.log(
    `  ${String(cpus).padStart(3)} CPUs x ${String(rows).padStart(4)} rows  ${(text.length / 1e6).toFixed(2).padStart(5)} MB  ${ms
      .toFixed(2)
      .padStart(7)} ms  ${(ms / ((cpus * rows) / 1e3)).toFixed(3)} ms per 1000 cells  ${(ms / peer).toFixed(1)}x the bare pass`,
  );
}
