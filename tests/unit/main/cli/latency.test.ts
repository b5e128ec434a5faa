import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLatencyCommand, type LatencyDeps } from '../../../../main/cli/latency.js';
import { main } from '../../../../main/cli/index.js';
import type { MeasureOptions, MeasureOutcome } from '../../../../main/latency/run.js';
import { latencyDir, saveResult } from '../../../../main/latency/store.js';
import { captureIo } from '../../helpers/io.js';
import { fixtureResult } from '../../helpers/latency.js';

let state: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  state = fs.mkdtempSync(path.join(os.tmpdir(), 'latency-cli-'));
  env = { ...process.env, XDG_STATE_HOME: state };
});
afterEach(() => fs.rmSync(state, { recursive: true, force: true }));

/** The command with a measurement that returns a real capture's result (no cyclictest run). */
function command(deps: Partial<LatencyDeps> = {}, file = 'histfile-2cpu.txt') {
  const calls: MeasureOptions[] = [];
  const measure = async (o: MeasureOptions): Promise<MeasureOutcome> => {
    calls.push(o);
    o.onProgress?.({ elapsed: o.seconds, total: o.seconds, maxUs: 5527 });
    return { ok: true, result: fixtureResult(file, null, { seconds: o.seconds, load: o.load }, '2026-11-22T04:00:00Z') };
  };
  const run = makeLatencyCommand({ env, access: () => ({ direct: true }), measure, tty: false, ...deps });
  return {
    calls,
    async go(...argv: string[]) {
      const io = captureIo();
      return { code: await run(argv, io), ...io };
    },
  };
}

describe('studio-setup latency', () => {
  it('prints the table, the histogram and the verdict, stores the result with its label', async () => {
    const c = command();
    const r = await c.go('--seconds', '10', '--load', 'cpu', '--label', 'before');
    expect(r.code).toBe(0);
    expect(c.calls[0]).toMatchObject({ seconds: 10, load: 'cpu', scratch: latencyDir(env) });
    expect(r.stdout).toMatch(/^Scheduling latency "before"/);
    expect(r.stdout).toMatch(/10 s, CPU load \(hackbench\)/);
    expect(r.stdout).toMatch(/Histogram \(all CPUs; bars on a log scale\):/);
    expect(r.stdout).toMatch(/Worst wake-up latency 5527 µs/);
    expect(r.stderr).toBe('measuring: 10/10 s, worst so far 5527 µs\n');
    const stored = fs.readdirSync(latencyDir(env));
    expect(stored).toEqual(['2026-11-22T04-00-00-000Z-before.json']);
    expect(r.stdout).toContain(`Stored in ${path.join(latencyDir(env), stored[0]!)}`);
  });

  it('--json prints the stored result object', async () => {
    const r = await command().go('--seconds', '5', '--json', '--label', 'x');
    const printed = JSON.parse(r.stdout);
    const file = path.join(latencyDir(env), fs.readdirSync(latencyDir(env))[0]!);
    expect(printed).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
    expect(printed).toMatchObject({ format: 'studio-setup-latency', label: 'x', settings: { seconds: 5, load: 'none' } });
  });

  it('--compare LABEL: the newest stored result with that label is "before"', async () => {
    saveResult(fixtureResult('summary-quiet-2cpu.txt', 'before', { seconds: 5 }, '2026-11-22T01:00:00Z'), latencyDir(env));
    const r = await command().go('--seconds', '5', '--label', 'after', '--compare', 'before');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Compared with "before" 2026-11-22 01:00:/);
    expect(r.stdout).toMatch(/worst case: 42.87 ms → 5527 µs \(-37345 µs\): better/);
    expect(r.stdout).toMatch(/99th percentile: \? → 103 µs: unknown/);
    const json = JSON.parse((await command().go('--seconds', '5', '--json', '--compare', 'before')).stdout);
    expect(json.comparison).toMatchObject({ overall: 'better', before: { label: 'before' } });
  });

  it('--compare that finds nothing is a usage error before any measurement', async () => {
    const c = command();
    const r = await main(['latency', '--compare', 'before'], { ...captureIo() });
    expect(r).toBe(2);
    const direct = c.go('--compare', 'nothing-here');
    await expect(direct).rejects.toThrow(/--compare: no stored result labelled "nothing-here"/);
    expect(c.calls).toEqual([]);
  });

  it.each([
    [['--seconds', '0'], /--seconds must be a whole number from 1 to 600/],
    [['--seconds', 'ten'], /whole number/],
    [['--load', 'gpu'], /--load must be one of none, cpu, io/],
    [['--sconds', '3'], /--sconds/],
  ])('%j: exit 2 with one line', async (argv, message) => {
    const io = captureIo();
    expect(await main(['latency', ...argv], io)).toBe(2);
    expect(io.stderr).toMatch(message);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a failed measurement stores nothing and exits 1 with its message', async () => {
    const measure = async (): Promise<MeasureOutcome> => ({ ok: false, reason: 'missing-tool', message: 'cyclictest is not installed: ...' });
    const r = await command({ measure }).go('--seconds', '3');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/studio-setup latency: cyclictest is not installed/);
    expect(fs.existsSync(latencyDir(env))).toBe(false);
  });

  it('the real missing-tool path: PATH without cyclictest names the package and the install command', async () => {
    const empty = fs.mkdtempSync(path.join(state, 'bin-'));
    const run = makeLatencyCommand({ env: { ...env, PATH: empty }, access: () => ({ direct: true }), tty: false });
    const io = captureIo();
    expect(await run(['--seconds', '3'], io)).toBe(1);
    expect(io.stderr).toMatch(/cyclictest is not installed: it comes with .*rt-tests/);
    expect(io.stderr).toMatch(/sudo apt install rt-tests/);
    expect(io.stdout).toBe('');
  });

  it('limits too low and no helper available: says why and what to do, measures nothing', async () => {
    const c = command({ access: () => ({ direct: false, why: 'your realtime priority limit is 0; the measurement runs at SCHED_FIFO 80' }), helper: undefined });
    const r = await c.go('--seconds', '3');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/realtime priority limit is 0.*\n.*sudo studio-setup latency --seconds 3/);
    expect(c.calls).toEqual([]);
  });

  it('limits too low with a helper: the helper measures, the user stores', async () => {
    const asked: [number, string][] = [];
    const helper = async (seconds: number, load: string): Promise<MeasureOutcome> => {
      asked.push([seconds, load]);
      return { ok: true, result: fixtureResult('histfile-2cpu.txt', null, { via: 'helper', seconds: 3 }) };
    };
    const c = command({ access: () => ({ direct: false, why: 'your realtime priority limit is 0' }), helper });
    const r = await c.go('--seconds', '3', '--load', 'io', '--label', 'after');
    expect(r.code).toBe(0);
    expect(asked).toEqual([[3, 'io']]);
    expect(c.calls).toEqual([]);
    expect(r.stderr).toMatch(/your realtime priority limit is 0: measuring through the privileged helper/);
    expect(r.stdout).toMatch(/run by the helper/);
    expect(fs.readdirSync(latencyDir(env))[0]).toMatch(/-after\.json$/);
  });

  it('the helper failing (prompt cancelled): its message, and the sudo alternative', async () => {
    const helper = async (): Promise<MeasureOutcome> => ({ ok: false, reason: 'failed', message: 'You cancelled the password prompt.' });
    const r = await command({ access: () => ({ direct: false, why: 'your realtime priority limit is 0' }), helper }).go('--seconds', '3');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/studio-setup latency: You cancelled the password prompt\.\n {2}You can also run it with root rights: sudo studio-setup latency --seconds 3\n$/);
  });

  it('is listed in the help', async () => {
    const io = captureIo();
    await main(['help'], io);
    expect(io.stdout).toMatch(/latency \[--seconds N\] \[--load none\|cpu\|io\]/);
  });
});
