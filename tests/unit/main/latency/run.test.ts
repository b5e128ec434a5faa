// Real cyclictest runs on this machine (rt-tests from scripts/install-test-deps.sh;
// the tests run as root here). Every run is a few seconds; nothing asserts on time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cyclictestArgs, liveMax, measureLatency, type MeasureProgress } from '../../../../main/latency/run.js';
import { groupMembers } from '../../../../main/latency/process.js';
import { parseHelp, which } from '../../../../main/latency/tool.js';
import { LATENCY_FIXTURES } from '../../helpers/latency.js';

const HAVE = which('cyclictest', process.env.PATH) !== null;
const ROOT = process.getuid?.() === 0;
const real = HAVE && ROOT ? it : it.skip;
if (!HAVE || !ROOT) console.warn(`latency run tests skipped: ${HAVE ? 'not root' : 'cyclictest missing (scripts/install-test-deps.sh installs rt-tests)'}`);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'latency-run-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Live (not zombie) processes named `names`: pid → [comm, ppid, process group]. */
function alive(names: readonly string[]): Map<number, [string, number, number]> {
  const out = new Map<number, [string, number, number]>();
  for (const p of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (names.includes(comm) && state !== 'Z') out.set(Number(p), [comm, Number(ppid), Number(pgrp)]);
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

// Other test files run in parallel (and may run cyclictest): only this
// process's children and their process groups count.
/** Watch for this process's children named `names` and their groups' members until stopped. */
function watch(names: readonly string[]) {
  const seen = new Map<number, string>();
  const leaders = new Set<number>();
  const timer = setInterval(() => {
    for (const [pid, [comm, ppid, pgrp]] of alive(names)) {
      if (ppid === process.pid) leaders.add(pid);
      if (ppid === process.pid || leaders.has(pgrp)) seen.set(pid, comm);
    }
  }, 25);
  return { seen, stop: () => clearInterval(timer) };
}

describe('cyclictest command line', () => {
  it('priority 80, every CPU, mlockall, 1 ms, histogram to a file, no PM QoS pinning, live max only', () => {
    const help = parseHelp(fs.readFileSync(path.join(LATENCY_FIXTURES, 'SOURCE.md'), 'utf8') + '\ncyclictest V 2.40\n --json=FILE --default-system --unbuffered');
    expect(help).toEqual({ version: '2.40', json: true, defaultSystem: true, unbuffered: true });
    expect(cyclictestArgs(help, 30, '/t')).toEqual(
      ['-m', '-S', '-p', '80', '-i', '1000', '-D', '30', '-h', '10000', '--histfile=/t/histogram.txt', '--json=/t/run.json', '--default-system', '-M', '-u'],
    );
    // An older cyclictest without the later options still runs.
    expect(cyclictestArgs({ json: false, defaultSystem: false, unbuffered: false }, 5, '/t')).not.toContain('-u');
  });

  it('liveMax reads the live display (threads that have not woken yet excluded)', () => {
    const live = fs.readFileSync(path.join(LATENCY_FIXTURES, 'summary-live-2cpu.txt'), 'utf8');
    expect(liveMax(live)).toBe(29874);
    expect(liveMax('T: 1 (    0) P:80 I:1000 C:      0 Min:1000000 Act:    0 Avg:    0 Max:       0')).toBeNull();
  });
});

describe('a real run on this machine', () => {
  real('2 s, no load: a non-empty histogram, per-CPU figures, progress up to the end', async () => {
    const progress: MeasureProgress[] = [];
    const out = await measureLatency({ seconds: 2, load: 'none', label: 'test', onProgress: (p) => progress.push(p) });
    if (!out.ok) throw new Error(out.message);
    const r = out.result;
    expect(r.cpus).toHaveLength(os.cpus().length);
    expect(r.cpus.map((c) => c.cpu)).toEqual(r.cpus.map((_, i) => i));
    expect(r.histogram!.rows.length).toBeGreaterThan(0);
    expect(r.all.samples).toBeGreaterThan(0);
    expect(r.histogram!.rows.reduce((a, x) => a + x.total, 0) + r.all.overflows!).toBe(r.all.samples);
    for (const c of r.cpus) {
      expect(c.min! <= c.avg! && c.avg! <= c.max!).toBe(true);
      expect(typeof c.p99 === 'number' || c.p99 === 'over').toBe(true);
    }
    expect(r.settings).toMatchObject({ priority: 80, intervalUs: 1000, seconds: 2, load: 'none', pmQos: false, via: 'direct' });
    expect(r.settings.command).toContain('--histfile=$TMP/histogram.txt');
    expect(r.verdict.worstUs).toBe(r.all.max);
    expect(progress[0]).toMatchObject({ elapsed: 0, total: 2 });
    expect(progress.every((p, i) => i === 0 || p.elapsed >= progress[i - 1]!.elapsed)).toBe(true);
  });

  real('cpu load: hackbench runs during the measurement and is gone after it', async () => {
    const w = watch(['hackbench', 'cyclictest']);
    const out = await measureLatency({ seconds: 3, load: 'cpu' });
    w.stop();
    if (!out.ok) throw new Error(out.message);
    expect(out.result.settings.load).toBe('cpu');
    expect([...w.seen.values()]).toContain('hackbench');
    expect([...alive(['hackbench', 'cyclictest']).keys()].filter((p) => w.seen.has(p))).toEqual([]);
  });

  real('io load: dd writes in the scratch directory, which is left as it was', async () => {
    const scratch = path.join(tmp, 'scratch');
    const w = watch(['dd']);
    const out = await measureLatency({ seconds: 2, load: 'io', scratch });
    w.stop();
    if (!out.ok) throw new Error(out.message);
    expect([...w.seen.values()]).toContain('dd');
    expect(fs.readdirSync(scratch)).toEqual([]);
    expect([...alive(['dd']).keys()].filter((p) => w.seen.has(p))).toEqual([]);
  });

  real('cancel: SIGINT to cyclictest, the load stopped, no process left, nothing returned as a result', async () => {
    const temps = () => new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('studio-latency-')));
    const tempsBefore = temps();
    const w = watch(['hackbench', 'cyclictest']);
    const controller = new AbortController();
    let measuring!: () => void;
    const started = new Promise<void>((resolve) => (measuring = resolve));
    const run = measureLatency({
      seconds: 120,
      load: 'cpu',
      signal: controller.signal,
      onProgress: (p) => p.elapsed >= 1 && measuring(),
    });
    await started;
    // Both must be running before the cancel, or the test proves nothing.
    while (!['hackbench', 'cyclictest'].every((n) => [...w.seen.values()].includes(n))) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const out = await run;
    w.stop();
    expect(out).toEqual({ ok: false, reason: 'cancelled', message: expect.stringMatching(/cancelled/) });
    const left = [...alive(['hackbench', 'cyclictest']).keys()].filter((p) => w.seen.has(p));
    expect(left).toEqual([]);
    for (const pid of w.seen.keys()) expect(groupMembers(pid)).toEqual([]);
    expect([...temps()].filter((n) => !tempsBefore.has(n))).toEqual([]);
  });
});

describe('when cyclictest cannot run', () => {
  it('missing: says which package provides it and how to install it; no number', async () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'path-'));
    const out = await measureLatency({ seconds: 2, load: 'none', env: { PATH: empty } });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.reason).toBe('missing-tool');
    expect(out.message).toMatch(/cyclictest is not installed/);
    expect(out.message).toMatch(/sudo apt install rt-tests|sudo dnf install realtime-tests/);
    expect(out.message).toMatch(/No measurement was made/);
  });

  it('not permitted: cyclictest\'s own refusal (captured as nobody) is recognised', async () => {
    const bin = fs.mkdtempSync(path.join(tmp, 'bin-'));
    const stderr = path.join(LATENCY_FIXTURES, 'not-permitted.stderr.txt');
    fs.writeFileSync(path.join(bin, 'cyclictest'), `#!/bin/sh\n[ "$1" = --help ] && { echo 'cyclictest V 2.40'; exit 0; }\ncat '${stderr}' >&2\nexit 1\n`, { mode: 0o755 });
    const out = await measureLatency({ seconds: 1, load: 'none', env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(out).toEqual({ ok: false, reason: 'not-permitted', message: expect.stringMatching(/Unable to change scheduling policy/) });
  });

  it('invalid arguments are refused before anything runs', async () => {
    expect(await measureLatency({ seconds: 0, load: 'none' })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await measureLatency({ seconds: 601, load: 'none' })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await measureLatency({ seconds: 5, load: 'disk' as 'io' })).toMatchObject({ ok: false, reason: 'invalid', message: '--load must be one of none, cpu, io' });
  });
});
