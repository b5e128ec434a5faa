// Scenario "kernel-params": the kernel-params fix (threadirqs) proven through a real GRUB
// boot, the way a Debian PC with BIOS boots: SeaBIOS -> GRUB (i386-pc, in the MBR of a
// partitioned disk) -> the standard kernel (linux-image-amd64) with grub.cfg's command line.
// Four boots of one kept disk (vm.sh -O; each a fresh QEMU process), guest side
// guest/kernel-params.sh:
//   boot 0  vm.sh -P (-kernel, root=/dev/vda1): grub-install /dev/vda, update-grub, the
//           standard kernel the only one in /boot (this throw-away disk only)
//   boot 1  vm.sh -G, through GRUB: no threadirqs on /proc/cmdline, no irq/ thread;
//           `studio-setup plan --interface Intel --fix kernel.threaded-irqs --json`,
//           `studio-setup apply` as root: the drop-in, update-grub, "reboot needed"
//   boot 2  through GRUB: `threadirqs` on /proc/cmdline as a word, irq/ threads (the
//           HDA's among them), status: applied, the parameter in force; revert: the drop-in
//           gone, /etc/default/grub and /boot/grub/grub.cfg byte-identical to before apply
//   boot 3  through GRUB: no threadirqs, no irq/ thread; every file under /etc, /usr/local,
//           /var/lib and /boot as before apply; status: nothing applied
// Timings per boot and the GRUB files' hashes go to <results>/kernel-params.json.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compareFiles, compareSnapshots, formatDifferences, readSnapshot } from '../lib/snapshot.mjs';
import { read, rcOf, statusOf, steps } from '../lib/out.mjs';
import { PROFILE } from '../lib/profile.mjs';
import { readJson, readOrNull, resultsDir, runGuest, tail, vmScenario } from '../lib/vm.mjs';

const SCRIPT = 'guest/kernel-params.sh';
const DROPIN = '/etc/default/grub.d/studio-setup.cfg';
// Files the guest system rewrites between boots whatever the helper does (as in
// apply-persist-revert); checked never to be one the helper journaled.
const SYSTEM_WRITES = ['/var/lib/systemd/random-seed', '/var/lib/alsa/asound.state'];

const facts = (dir, name) => {
  const text = read(dir, `facts-${name}.txt`) ?? '';
  return Object.fromEntries(text.trim().split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
};
const words = (cmdline) => (cmdline ?? '').split(/\s+/).filter(Boolean);
const threads = (dir, name) =>
  (read(dir, `threads-${name}.tsv`) ?? '')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [pid, policy, prio, comm] = l.split('\t');
      return { pid: Number(pid), policy, prio, comm };
    });
/** grub-<name>.txt: path -> "sha256 mode owner" or "absent". */
const grubFiles = (dir, name) =>
  Object.fromEntries(
    (read(dir, `grub-${name}.txt`) ?? '')
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [p, ...rest] = l.split('\t');
        return [p, rest.join(' ')];
      }),
  );
// GRUB draws its screen with terminal escapes, sometimes in the middle of a word
// (`Welcome to GR\e[10;13H\e[10;14HUB!` on one boot, whole on another): matched without them.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b(?:\[[0-9;?]*[A-Za-z]|[()][0-9A-Za-z]|[A-Za-z])/g;
/** Host seconds (since QEMU started) of the first console line matching re (terminal escapes removed), or null. */
const consoleAt = (dir, re) => {
  for (const line of (readOrNull(path.join(dir, 'console-ts.log')) ?? '').split('\n')) {
    const m = /^\s*(\d+\.\d+) (.*)$/s.exec(line); // s: GRUB ends its lines with \r
    if (m && re.test(m[2].replace(ESCAPES, ''))) return Number(m[1]);
  }
  return null;
};
/** The linux lines of a grub.cfg (one per menu entry). */
const linuxLines = (cfg) => (cfg ?? '').split('\n').filter((l) => /^\s*linux\s/.test(l)).map((l) => l.trim());

/** A boot through GRUB of the standard kernel: what /proc/cmdline and /sys say. */
function assertGrubBoot(f, release) {
  assert.equal(f.efi, 'no', 'booted through BIOS, not EFI');
  // GRUB's linux command puts BOOT_IMAGE= first; QEMU's -kernel never does
  assert.match(f.cmdline, new RegExp(`^BOOT_IMAGE=/boot/vmlinuz-${release.replace(/[.+]/g, '\\$&')} `), f.cmdline);
  assert.ok(!release.endsWith('-rt-amd64'), `${release}: the rt kernel`);
  assert.equal(f.root, '/dev/vda1');
}

vmScenario('kernel-params: threadirqs through a real GRUB boot: apply, cold reboot, revert, cold reboot', async (t) => {
  const overlay = path.join(resultsDir(), 'kp.qcow2');
  fs.rmSync(overlay, { force: true });
  const r = { boots: {} };
  const boot = async (n, phase, args) => {
    const b = await runGuest({ name: `kp-${n}-${phase}`, kernel: 'std-nothreadirqs', script: SCRIPT, scriptArgs: [phase], overlay, timeoutSec: 900, args });
    // the serial console (host seconds): SeaBIOS, GRUB's own lines, then the kernel's
    const bios = consoleAt(b.dir, /Booting from Hard Disk/);
    const grub = consoleAt(b.dir, /Welcome to GRUB/);
    const loaded = consoleAt(b.dir, /Loading initial ramdisk/);
    r.boots[`${n}-${phase}`] = { boot_to_script_s: b.timing.boot_to_command_s, total_s: b.timing.total_s, bios_disk_s: bios, grub_s: grub, grub_loaded_s: loaded, steps: steps(b.dir) };
    const via = args.includes('-G') ? `through GRUB (SeaBIOS boots the disk at ${bios} s, GRUB at ${grub} s, kernel + initrd loaded by ${loaded} s)` : 'with -kernel';
    t.diagnostic(`boot ${n} ${phase}, ${via}: script at ${b.timing.boot_to_command_s} s, total ${b.timing.total_s} s; ${steps(b.dir).map((x) => `${x.name} ${x.seconds}`).join(', ')}`);
    assert.equal(b.code, 0, tail(b));
    if (args.includes('-G')) assert.ok(bios !== null && grub !== null && loaded !== null && bios <= grub && grub <= loaded, `no SeaBIOS -> GRUB -> kernel on the console of ${b.dir}`);
    return b;
  };

  // ---- boot 0: GRUB into the MBR -------------------------------------------------------
  const b0 = await boot(0, 'grub-setup', ['-P']);
  const release = facts(b0.dir, 'setup').release;
  await t.test('boot 0: grub-install and update-grub; the standard kernel is the only entry', () => {
    assert.equal(rcOf(b0.dir, 'grub-setup'), 0, read(b0.dir, 'output.log') ?? '');
    const lines = linuxLines(read(b0.dir, 'grub.cfg-setup'));
    assert.ok(lines.length > 0, 'no linux line in grub.cfg');
    for (const l of lines) assert.match(l, new RegExp(`^linux\\s+/boot/vmlinuz-${release.replace(/[.+]/g, '\\$&')} root=`), l);
    assert.ok(!lines.some((l) => words(l).includes('threadirqs')));
  });

  // ---- boot 1: through GRUB; plan and apply -----------------------------------------------
  const b1 = await boot(1, 'apply', ['-G']);
  const f1 = facts(b1.dir, 'pre');
  const pre = readSnapshot(path.join(b1.dir, 'out', 'snap-pre'));
  const grubPre = grubFiles(b1.dir, 'pre');
  r.cmdline = { pre: f1.cmdline };
  await t.test('boot 1: booted through GRUB; no threadirqs on the command line, no irq/ thread', () => {
    assertGrubBoot(f1, release);
    assert.ok(!words(f1.cmdline).includes('threadirqs'), f1.cmdline);
    assert.deepEqual(threads(b1.dir, 'pre'), []);
    assert.equal(grubPre[DROPIN], 'absent');
  });
  let journal = null;
  await t.test('boot 1: the plan has the kernel-params fix; apply exits 0 and says a reboot is needed', () => {
    assert.equal(rcOf(b1.dir, 'plan'), 0, read(b1.dir, 'plan.err') ?? '');
    const { plan } = readJson(path.join(b1.dir, 'out', 'plan.json'));
    assert.deepEqual(plan.fixes.filter((f) => f.action === 'kernel-params'), [{ action: 'kernel-params', add: ['threadirqs'] }]);
    const said = `${read(b1.dir, 'apply.out')}\n${read(b1.dir, 'apply.err')}`;
    assert.equal(rcOf(b1.dir, 'apply'), 0, said);
    assert.match(said, /reboot/i);
    journal = readJson(path.join(b1.dir, 'out', 'journal.json'));
    assert.equal(journal?.state, 'applied');
  });
  await t.test('boot 1: the drop-in written, update-grub ran: grub.cfg has threadirqs; /etc/default/grub untouched', () => {
    const after = grubFiles(b1.dir, 'applied');
    r.grubFiles = { pre: grubPre, applied: after };
    assert.match(after[DROPIN], /^[0-9a-f]{64} 644 root:root$/);
    assert.match(read(b1.dir, 'dropin-applied.cfg') ?? '', /^GRUB_CMDLINE_LINUX_DEFAULT="\$GRUB_CMDLINE_LINUX_DEFAULT threadirqs"$/m);
    assert.equal(after['/etc/default/grub'], grubPre['/etc/default/grub']);
    assert.notEqual(after['/boot/grub/grub.cfg'], grubPre['/boot/grub/grub.cfg']);
    const lines = linuxLines(read(b1.dir, 'grub.cfg-applied'));
    // the default entry (GRUB_CMDLINE_LINUX_DEFAULT) has it; recovery entries need not
    assert.ok(words(lines[0]).includes('threadirqs'), lines[0]);
    const changed = compareFiles(pre, readSnapshot(path.join(b1.dir, 'out', 'snap-applied'))).map((d) => d.path);
    r.changedByApply = changed;
    const ours = new Set(journal.steps.filter((s) => 'path' in s).map((s) => s.path));
    const state = (p) => p.startsWith('/var/lib/studio-setup') || p.startsWith('/etc/studio-setup') || p.startsWith('/usr/local/lib/studio-setup');
    assert.deepEqual(changed.filter((p) => !ours.has(p) && !state(p)), [], 'changed on disk but not journaled');
    for (const p of SYSTEM_WRITES) assert.ok(!ours.has(p), `${p} is ignored across reboots but the helper wrote it`);
  });
  await t.test('boot 1: status: applied, a reboot pending for threadirqs', () => {
    const s = statusOf(b1.dir, 'status-applied');
    assert.equal(s.applied, true);
    assert.deepEqual(s.rebootPending, ['threadirqs']);
    assert.deepEqual(s.files.filter((f) => f.state !== 'ok'), []);
  });

  // ---- boot 2: cold reboot through GRUB: in force; revert ---------------------------------
  const b2 = await boot(2, 'persist', ['-G']);
  const f2 = facts(b2.dir, 'boot');
  r.cmdline.applied = f2.cmdline;
  await t.test('boot 2: through GRUB with threadirqs on /proc/cmdline; irq/ threads exist, the HDA\'s among them', () => {
    assertGrubBoot(f2, release);
    assert.equal(words(f2.cmdline).filter((w) => w === 'threadirqs').length, 1, f2.cmdline);
    const th = threads(b2.dir, 'boot');
    r.threadsApplied = th.map((x) => x.comm);
    assert.ok(th.length > 0, 'no irq/ thread');
    assert.ok(f2.hda_irq, 'the HDA has no MSI vector');
    assert.ok(th.some((x) => x.comm.startsWith(`irq/${f2.hda_irq}-`)), `no thread for the HDA's IRQ ${f2.hda_irq} (${PROFILE.hda.pci}): ${r.threadsApplied.join(', ')}`);
  });
  await t.test('boot 2: status: applied, the parameter in force, files as written, the planned thread at its priority', () => {
    const s = statusOf(b2.dir, 'status-boot');
    assert.equal(s.applied, true);
    assert.deepEqual(s.rebootPending, []);
    assert.deepEqual(s.files.filter((f) => f.state !== 'ok'), []);
    assert.ok(s.threads?.length > 0, 'status shows no thread of the plan');
    assert.deepEqual(s.threads.filter((x) => !x.ok), []);
    // the boot unit set it: the HDA's thread exists only since this boot
    const journal = read(b2.dir, 'boot-unit.journal') ?? '';
    r.bootUnit = journal.trim().split('\n');
    assert.match(journal, /set \d+ \d+ irq\/\d+-snd_hda_intel:card\d+ \S+ \d+ -> FIFO 90/, journal);
  });
  await t.test('boot 2: revert exits 0: the drop-in gone, /etc/default/grub and grub.cfg byte-identical to before apply', () => {
    assert.equal(rcOf(b2.dir, 'revert'), 0, `${read(b2.dir, 'revert.out')}\n${read(b2.dir, 'revert.err')}`);
    const after = grubFiles(b2.dir, 'reverted');
    r.grubFiles.reverted = after;
    assert.deepEqual(after, grubPre);
    assert.equal(read(b2.dir, 'grub.cfg-reverted'), read(b1.dir, 'grub.cfg-pre'));
    const diff = compareFiles(pre, readSnapshot(path.join(b2.dir, 'out', 'snap-reverted')), { ignore: SYSTEM_WRITES });
    assert.deepEqual(diff, [], formatDifferences({ files: diff, threads: [] }));
    assert.equal(statusOf(b2.dir, 'status-reverted').applied, false);
  });

  // ---- boot 3: cold reboot through GRUB: as before ----------------------------------------
  const b3 = await boot(3, 'verify', ['-G']);
  const f3 = facts(b3.dir, 'post');
  r.cmdline.reverted = f3.cmdline;
  await t.test('boot 3: through GRUB without threadirqs, no irq/ thread', () => {
    assertGrubBoot(f3, release);
    assert.ok(!words(f3.cmdline).includes('threadirqs'), f3.cmdline);
    assert.equal(f3.cmdline, f1.cmdline);
    assert.deepEqual(threads(b3.dir, 'post'), []);
  });
  await t.test('boot 3: every file under /etc, /usr/local, /var/lib, /boot as before apply; status: nothing applied', () => {
    const diff = compareSnapshots(pre, readSnapshot(path.join(b3.dir, 'out', 'snap-post')), { ignore: SYSTEM_WRITES });
    assert.ok(diff.identical, formatDifferences(diff));
    assert.deepEqual(grubFiles(b3.dir, 'post'), grubPre);
    const s = statusOf(b3.dir, 'status-post');
    assert.equal(s.applied, false);
    assert.equal(s.state, null);
  });
  r.release = release;
  fs.writeFileSync(path.join(resultsDir(), 'kernel-params.json'), JSON.stringify(r, null, 1) + '\n');
});
