// The host side of the VM suite: is QEMU usable here, the guest image, booting a guest
// that runs a script (tests/vm/harness/vm.sh), talking to it while it runs (marker files
// in its results dir, QMP), and vmScenario(), the node:test wrapper every scenario uses.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Qmp } from './qmp.mjs';

export const VM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.resolve(VM_DIR, '../..');
const HARNESS = path.join(VM_DIR, 'harness');

export const cacheDir = () => process.env.STUDIO_VM_CACHE || '/var/tmp/studio-setup-vm';

/** The results dir of this run (STUDIO_VM_RESULTS, set once by run.mjs; else a new one). */
export function resultsDir() {
  if (!process.env.STUDIO_VM_RESULTS) {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    process.env.STUDIO_VM_RESULTS = path.join(cacheDir(), 'results', `${stamp}-${process.pid}`);
  }
  fs.mkdirSync(process.env.STUDIO_VM_RESULTS, { recursive: true });
  return process.env.STUDIO_VM_RESULTS;
}

const imageCached = () => spawnSync(path.join(HARNESS, 'image.sh'), ['--check']).status === 0;
/**
 * Why guests cannot run on this machine, or null when they can. Installs the host
 * packages first (apt, as root). The answer is passed on to child processes in
 * STUDIO_VM_SKIP so that it is worked out once per run.
 */
export function whyNoVm() {
  if ('STUDIO_VM_SKIP' in process.env) return process.env.STUDIO_VM_SKIP || null;
  let why = null;
  const root = process.getuid?.() === 0;
  if (process.platform !== 'linux' || process.arch !== 'x64') why = `not x86-64 Linux (${process.platform}/${process.arch})`;
  else if (!fs.existsSync('/dev/null') || !fs.existsSync('/dev/urandom')) why = 'no /dev in this environment';
  else if (!root) why = 'not root: the image build (debootstrap, chroot), apt and the shared cache need root';
  else {
    const deps = spawnSync(path.join(HARNESS, 'host-deps.sh'), { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
    const qemu = spawnSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' });
    if (qemu.status !== 0) {
      why = `no usable qemu-system-x86_64 after the apt step (${(deps.stderr || '').trim().split('\n').pop() || qemu.error?.message})`;
    }
  }
  process.env.STUDIO_VM_SKIP = why ?? '';
  return why;
}

/**
 * The guest image: from the cache, or built now (about 2 min). Returns
 * { dir, built, seconds, info }. The directory is passed on in STUDIO_VM_IMAGE.
 */
export async function ensureImage() {
  if (process.env.STUDIO_VM_IMAGE) return { dir: process.env.STUDIO_VM_IMAGE, built: false, seconds: 0, info: imageInfo(process.env.STUDIO_VM_IMAGE) };
  const t0 = Date.now();
  const built = !imageCached();
  const child = spawn(path.join(HARNESS, 'image.sh'), [], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let log = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (log += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) {
    throw new Error(`guest image build failed (exit ${code}):\n${log.split('\n').slice(-25).join('\n')}`);
  }
  const dir = out.trim().split('\n').pop();
  process.env.STUDIO_VM_IMAGE = dir;
  return { dir, built, seconds: (Date.now() - t0) / 1000, info: imageInfo(dir) };
}

function imageInfo(dir) {
  try {
    return Object.fromEntries(
      fs.readFileSync(path.join(dir, 'info'), 'utf8').trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
  } catch {
    return {};
  }
}

/** Parse `key=value` lines (timing.txt, *.timing); numbers become numbers, "" becomes null. */
export function parseKeyValues(text) {
  const out = {};
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(/(\w+)=(\S*)/g)) {
      const v = m[2];
      out[m[1]] = v === '' ? null : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    }
  }
  return out;
}

/**
 * A guest booted by vm.sh and running a script.
 *   const g = bootGuest({ name: 'hotplug-rt', kernel: 'rt', script: 'guest/hotplug.sh' });
 *   await g.waitFor('plug-xhci');                 // the guest ran vm_signal plug-xhci
 *   await (await g.qmp()).execute('device_add', {...});
 *   g.tell('plug-xhci');                          // the guest's vm_await plug-xhci returns
 *   const r = await g.done;                       // { code, output, dir, timing, seconds }
 * Options: kernel rt|std|std-nothreadirqs, script (path relative to tests/vm or absolute)
 * with scriptArgs, or command, overlay (kept qcow2: boot again with the same file = cold reboot),
 * timeoutSec, args (more vm.sh options, e.g. ['-r']).
 */
export function bootGuest({ name, kernel = 'rt', script, scriptArgs = [], command, overlay, timeoutSec = 600, args = [] }) {
  if (!process.env.STUDIO_VM_IMAGE) throw new Error('bootGuest: call ensureImage() first');
  const dir = path.join(resultsDir(), name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const argv = ['-q', '-k', kernel, '-o', dir, '-t', String(timeoutSec), ...args];
  if (overlay) argv.push('-O', overlay);
  if (script) argv.push('-s', path.resolve(VM_DIR, script), ...scriptArgs);
  else argv.push('-c', command);
  const t0 = Date.now();
  const child = spawn(path.join(HARNESS, 'vm.sh'), argv, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let finished = false;
  const done = new Promise((resolve) => {
    child.on('close', (code) => {
      finished = true;
      // no timing.txt: QEMU did not start; no output.log: the script never ran
      const timing = parseKeyValues(readOrNull(path.join(dir, 'timing.txt')) ?? '');
      const output = readOrNull(path.join(dir, 'out', 'output.log')) ?? stdout;
      fs.writeFileSync(path.join(dir, 'vm-sh.log'), stderr);
      resolve({ code, output, stderr, dir, timing, seconds: (Date.now() - t0) / 1000 });
    });
  });
  let qmp = null;
  const guest = {
    name,
    dir,
    done,
    /** Read a file the guest wrote under /lab (relative path), or null. */
    read: (rel) => readOrNull(path.join(dir, rel)),
    /** Wait for the guest's `vm_signal NAME`; resolves with its text. */
    async waitFor(signal, timeoutMs = 500_000) {
      const file = path.join(dir, 'sync', `${signal}.guest`);
      const until = Date.now() + timeoutMs;
      for (;;) {
        const text = readOrNull(file);
        if (text !== null) return text.trim();
        if (finished) throw new Error(`guest ${name} ended before signalling '${signal}'\n${tail(await done)}`);
        if (Date.now() > until) throw new Error(`guest ${name}: no '${signal}' within ${timeoutMs / 1000} s`);
        await sleep(100);
      }
    },
    /** Answer the guest's `vm_await NAME`. */
    tell(signal, text = new Date().toISOString()) {
      const file = path.join(dir, 'sync', `${signal}.host`);
      fs.writeFileSync(`${file}.tmp`, `${text}\n`);
      fs.renameSync(`${file}.tmp`, file);
    },
    /** The QMP monitor of this guest (connected once). */
    async qmp() {
      if (!qmp) qmp = await Qmp.connect(fs.readFileSync(path.join(dir, 'qmp.path'), 'utf8').trim());
      return qmp;
    },
    kill() {
      if (!finished) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
    },
  };
  running.add(guest);
  done.then(() => {
    running.delete(guest);
    qmp?.close();
  });
  return guest;
}

/** Guests still running: killed when their scenario ends (failed, timed out) or the process exits. */
const running = new Set();
const killAll = () => {
  for (const g of running) g.kill();
};
process.on('exit', killAll);

/** Boot, run a script, wait for the end: bootGuest(...).done */
export const runGuest = (opts) => bootGuest(opts).done;

export function readOrNull(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function readJson(file) {
  const text = readOrNull(file);
  return text === null ? null : JSON.parse(text);
}

/** The last lines of a guest run, for assertion messages. */
export function tail(run, n = 30) {
  const lines = `${run.output}\n${run.stderr}`.trim().split('\n');
  return `--- ${run.dir} (exit ${run.code}), last ${Math.min(n, lines.length)} lines ---\n${lines.slice(-n).join('\n')}`;
}

/** Seconds with one decimal. */
export const secs = (s) => `${s.toFixed(1)} s`;

/**
 * A scenario: one node:test test that skips (with the reason) where QEMU cannot run,
 * makes sure the image exists, and reports its wall time. `fn(t)` does the boots and
 * the assertions (as subtests, so each check is reported on its own).
 */
export function vmScenario(name, fn, { timeoutSec = 1800 } = {}) {
  const why = whyNoVm();
  const skip = why ? `QEMU cannot run here: ${why}` : false;
  return test(name, { skip, timeout: timeoutSec * 1000 }, async (t) => {
    const t0 = Date.now();
    try {
      if (process.env.STUDIO_VM_BROKEN) throw new Error(process.env.STUDIO_VM_BROKEN);
      const image = await ensureImage();
      if (image.built) t.diagnostic(`guest image built in ${secs(image.seconds)}: ${image.dir}`);
      await fn(t, image);
    } finally {
      killAll();
      const took = (Date.now() - t0) / 1000;
      t.diagnostic(`scenario ${name}: ${secs(took)} (results: ${resultsDir()})`);
      recordTiming(name, took);
    }
  });
}

/** Append a scenario's wall time to the run's timings file (run.mjs prints the table). */
function recordTiming(name, seconds) {
  fs.appendFileSync(path.join(resultsDir(), 'timings.jsonl'), JSON.stringify({ name, seconds }) + '\n');
}
