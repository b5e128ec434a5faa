// What a guest script left in its results dir's out/ (guest/lib.sh writes it): files,
// exit codes, the vm_step timings and the app's JSON answers.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readOrNull } from './vm.mjs';

/** The text of out/REL of a guest's results dir, or null. */
export const read = (dir, rel) => readOrNull(path.join(dir, 'out', rel));

/** The exit code a step recorded in out/NAME.rc (NaN when there is none). */
export const rcOf = (dir, name) => Number((read(dir, `${name}.rc`) ?? 'NaN').trim());

/** vm_step's out/steps.tsv: name, seconds and exit code of each step, in order. */
export const steps = (dir) =>
  (read(dir, 'steps.tsv') ?? '')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [name, secs, rc] = l.split('\t');
      return { name, seconds: Number(secs), rc: Number(rc) };
    });

/** The JSON the app printed to out/NAME.out (a failed assertion with its stderr when absent). */
export const statusOf = (dir, name) => {
  const text = read(dir, `${name}.out`);
  assert.ok(text, `no ${name}.out: ${read(dir, `${name}.err`) ?? ''}`);
  return JSON.parse(text);
};
