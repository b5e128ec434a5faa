// Scenario 1, capture + scan: on each kernel, the app's `capture` then `scan --from` in the
// guest must name, for every sound device, the right card, controller (PCI address), IRQ
// vector(s) and thread(s), and who shares each line, as the hardware profile has them; on
// the standard kernel without threadirqs, no thread at all (nothing to tune).
// The kernel's own view (vm_capture) is checked first: it proves the profile is there,
// and each scan path is held to the IRQs the kernel shows for its controller.
// Guest side: tests/vm/guest/capture-scan.sh.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readCapture } from '../lib/capture.mjs';
import { cliProblem, profileChecks, runChecks, scanChecks } from '../lib/checks.mjs';
import { readJson, runGuest, tail, vmScenario } from '../lib/vm.mjs';

const KERNELS = [
  { kernel: 'rt', threaded: true },
  { kernel: 'std', threaded: true },
  { kernel: 'std-nothreadirqs', threaded: false },
];

vmScenario('capture-scan: the app names card, controller, vector, thread and sharers', async (t) => {
  for (const { kernel, threaded } of KERNELS) {
    await t.test(`${kernel} kernel`, async (t) => {
      const run = await runGuest({ name: `capture-scan-${kernel}`, kernel, script: 'guest/capture-scan.sh' });
      t.diagnostic(`${kernel}: boot to script ${run.timing.boot_to_command_s} s, total ${run.timing.total_s} s`);
      assert.equal(run.code, 0, tail(run));
      const out = path.join(run.dir, 'out');
      const cap = readCapture(path.join(out, 'raw'));
      await runChecks(t, profileChecks(cap, { threaded, kernel }));

      const problem = cliProblem(out, 'capture') ?? cliProblem(out, 'scan') ?? cliProblem(out, 'scan-live');
      await t.test("the app's capture and scans ran in the guest (Node 18)", () => {
        assert.equal(problem, null, problem ?? '');
        assert.ok(fs.existsSync(path.join(out, 'bundle.tar')), 'the capture bundle was copied out');
        // unpacked next to it, for people reading the results
        fs.mkdirSync(path.join(out, 'bundle'), { recursive: true });
        execFileSync('tar', ['-C', path.join(out, 'bundle'), '-xf', path.join(out, 'bundle.tar')]);
        assert.ok(fs.existsSync(path.join(out, 'bundle', 'bundle.json')), 'the bundle has its bundle.json');
      });
      if (problem) return;
      for (const [label, file] of [['scan --from the bundle', 'scan.json'], ['scan of the live machine', 'scan-live.json']]) {
        await t.test(label, async (t) => runChecks(t, scanChecks(readJson(path.join(out, file)), { threaded, cap })));
      }
    });
  }
});
