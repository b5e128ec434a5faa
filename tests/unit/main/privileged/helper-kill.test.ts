// The built helper as a child process: SIGKILLed after every checkpoint k of
// apply (and of revert), the next revert restores the tree byte-for-byte; two
// helpers at once: one is refused with exit 4 and nothing is corrupted.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDeps, runPrivileged } from '../../../../main/privileged/client.js';
import { KILL_AFTER_ENV, PAUSE_AFTER_ENV } from '../../../../main/privileged/helper/progress.js';
import { buildHelper } from './build-helper.js';
import { b64, fingerprint, fullPlan, helper, makeRoot, removeRoots } from './fixtures.js';

let helperJs = '';
beforeAll(async () => {
  helperJs = await buildHelper();
}, 120_000);
afterAll(() => {
  removeRoots();
  if (helperJs) fs.rmSync(path.dirname(helperJs), { recursive: true, force: true });
}, 60_000);

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
}

function child(args: string[], env: Record<string, string> = {}, onSpawn?: (pid: number) => void): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [helperJs, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.on('error', reject);
    p.on('close', (code, signal) => resolve({ code, signal, stdout }));
    if (p.pid !== undefined) onSpawn?.(p.pid);
  });
}

const result = (stdout: string): Record<string, unknown> | undefined =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{"result"'))
    .map((l) => (JSON.parse(l) as { result: Record<string, unknown> }).result)
    .pop();

async function inBatches<T>(items: T[], size: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

const stopped = (pid: number): boolean => {
  try {
    return / T /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, ' '));
  } catch {
    return false;
  }
};

describe('the built helper, killed at every step', () => {
  const plan = b64(fullPlan());

  it('SIGKILL after each checkpoint of apply, then revert: byte-identical every time', async () => {
    const probe = makeRoot();
    const full = await child(['apply', plan, '--root', probe, '--user', 'alice']);
    expect(full.code).toBe(0);
    const n = result(full.stdout)?.checkpoints as number;
    expect(n).toBeGreaterThan(60);
    const ks = Array.from({ length: n }, (_, i) => i + 1);
    const outcomes: string[] = [];
    await inBatches(ks, 4, async (k) => {
      const root = makeRoot();
      const before = fingerprint(root);
      const r = await child(['apply', plan, '--root', root, '--user', 'alice'], { [KILL_AFTER_ENV]: String(k) });
      if (r.signal !== 'SIGKILL') outcomes.push(`k=${k}: not killed (${r.code})`);
      const rv = helper(['revert', '--root', root]);
      if (rv.code !== 0) outcomes.push(`k=${k}: revert exit ${rv.code} ${JSON.stringify(rv.result)}`);
      const after = fingerprint(root);
      const diff = Object.keys({ ...before, ...after }).filter((p) => before[p] !== after[p]);
      if (diff.length > 0) outcomes.push(`k=${k}: differs at ${diff.slice(0, 4).join(', ')}`);
    });
    expect(outcomes).toEqual([]);
    console.log(`apply: SIGKILL after each of ${n} checkpoints → revert → byte-identical`);
  }, 600_000);

  it('SIGKILL after each checkpoint of revert, then revert again: byte-identical every time', async () => {
    const probe = makeRoot();
    helper(['apply', plan, '--root', probe, '--user', 'alice']);
    const full = await child(['revert', '--root', probe]);
    expect(full.code).toBe(0);
    const n = result(full.stdout)?.checkpoints as number;
    expect(n).toBeGreaterThan(20);
    const outcomes: string[] = [];
    await inBatches(
      Array.from({ length: n }, (_, i) => i + 1),
      4,
      async (k) => {
        const root = makeRoot();
        const before = fingerprint(root);
        expect(helper(['apply', plan, '--root', root, '--user', 'alice']).code).toBe(0);
        const r = await child(['revert', '--root', root], { [KILL_AFTER_ENV]: String(k) });
        if (r.signal !== 'SIGKILL') outcomes.push(`k=${k}: not killed (${r.code})`);
        const rv = helper(['revert', '--root', root]);
        if (rv.code !== 0) outcomes.push(`k=${k}: revert exit ${rv.code}`);
        const after = fingerprint(root);
        const diff = Object.keys({ ...before, ...after }).filter((p) => before[p] !== after[p]);
        if (diff.length > 0) outcomes.push(`k=${k}: differs at ${diff.slice(0, 4).join(', ')}`);
      },
    );
    expect(outcomes).toEqual([]);
    console.log(`revert: SIGKILL after each of ${n} checkpoints → revert → byte-identical`);
  }, 600_000);

  it('two helpers at once: the second is refused with exit 4, the first finishes, nothing is corrupted', async () => {
    const root = makeRoot();
    const before = fingerprint(root);
    let pid = 0;
    const first = child(['apply', plan, '--root', root, '--user', 'alice'], { [PAUSE_AFTER_ENV]: '12' }, (p) => (pid = p));
    for (let i = 0; i < 200 && !(pid && stopped(pid)); i++) await new Promise((r) => setTimeout(r, 25));
    expect(stopped(pid)).toBe(true);
    const midway = fingerprint(root);
    const second = await child(['apply', plan, '--root', root, '--user', 'alice']);
    expect(second.code).toBe(4);
    expect(result(second.stdout)?.error).toMatch(/another studio-setup helper \(pid \d+\) is running/);
    const third = await child(['revert', '--root', root]);
    expect(third.code).toBe(4);
    expect(fingerprint(root)).toEqual(midway);
    process.kill(pid, 'SIGCONT');
    const done = await first;
    expect(done.code).toBe(0);
    expect(helper(['status', '--root', root, '--json']).result).toMatchObject({ applied: true });
    expect((await child(['revert', '--root', root])).code).toBe(0);
    expect(fingerprint(root)).toEqual(before);
  }, 60_000);

  it('a lock left by a killed helper is stale: the next helper takes it over', async () => {
    const root = makeRoot();
    const before = fingerprint(root);
    const r = await child(['apply', plan, '--root', root, '--user', 'alice'], { [KILL_AFTER_ENV]: '3' });
    expect(r.signal).toBe('SIGKILL');
    expect(fs.existsSync(path.join(root, '/var/lib/studio-setup/lock'))).toBe(true);
    const again = await child(['apply', plan, '--root', root, '--user', 'alice']);
    expect(again.code).toBe(0);
    expect((await child(['revert', '--root', root])).code).toBe(0);
    expect(fingerprint(root)).toEqual(before);
  }, 60_000);

  it('the client, already root, runs the built helper directly (no shell) and reads its result', async () => {
    const deps = { ...defaultDeps(), uid: 0, electron: false, execPath: process.execPath, helperJs };
    const r = await runPrivileged({ verb: 'status' }, deps);
    expect(r).toMatchObject({ ok: true, code: 0, message: 'Done.' });
    expect(r.result).toHaveProperty('applied');
  }, 60_000);
});
