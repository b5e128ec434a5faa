// Apply on this computer, with the client faked: progress read from the file
// the helper mirrors it to while the (prompting) client runs, the applied plan
// kept in the user's config directory, and what a normal user's status says.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../../main/common/plan.js';
import type { PrivilegedRequest, PrivilegedResponse } from '../../../../main/privileged/client.js';
import { SystemApply } from '../../../../main/services/system.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-system-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const paths = { stateDir: path.join(tmp, 'var-lib-studio-setup'), progress: path.join(tmp, 'progress.json') };
const env = { XDG_CONFIG_HOME: path.join(tmp, 'config') };
const PLAN: Plan = { format: 'studio-setup-plan', version: 1, createdAt: '2026-11-22T00:00:00.000Z', targets: [], fixes: [{ action: 'sysctl', key: 'vm.swappiness', value: 10 }] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A client that "runs the helper": writes the progress file step by step, then answers. */
function fakeClient(result: Record<string, unknown>, ok = true) {
  const asked: PrivilegedRequest[] = [];
  const client = async (req: PrivilegedRequest): Promise<PrivilegedResponse> => {
    asked.push(req);
    for (let step = 1; step <= 3; step++) {
      fs.writeFileSync(paths.progress, JSON.stringify({ progress: { step, of: 3, what: `step ${step}` } }));
      await sleep(450);
    }
    if (ok && req.verb === 'apply') fs.mkdirSync(paths.stateDir, { recursive: true });
    if (ok && req.verb === 'revert') fs.rmSync(paths.stateDir, { recursive: true, force: true });
    done = Date.now();
    // As the client reads them from the helper's output once it has finished.
    const progress = [1, 2, 3].map((step) => ({ step, of: 3, what: `step ${step}` }));
    return { ok, code: ok ? 0 : 5, message: ok ? 'Done.' : 'Applying failed and every change was undone: boom', result: { ok, ...result }, progress };
  };
  let done = 0;
  return { client, asked, doneAt: () => done };
}

describe('SystemApply (this computer, as a normal user)', () => {
  it('reports each step while the helper runs, keeps the plan, and says what it knows without a password', async () => {
    const { client, asked, doneAt } = fakeClient({ code: 0, steps: 3, notes: ['a note'], needs: ['relogin'] });
    const sys = new SystemApply(env, client, 1000, paths);
    const seen: { what: string; at: number }[] = [];
    const r = await sys.apply(PLAN, (s) => seen.push({ what: s.what, at: Date.now() }));
    expect(asked).toEqual([{ verb: 'apply', plan: PLAN }]);
    // Each step once, in order; the first while the helper was still running (from the polled file).
    expect(seen.map((x) => x.what)).toEqual(['step 1', 'step 2', 'step 3']);
    expect(seen[0]!.at).toBeLessThan(doneAt());
    expect(r).toMatchObject({ ok: true, message: 'Applied: 3 steps done and checked.', notes: ['a note'], needs: ['relogin'] });
    expect(JSON.parse(fs.readFileSync(path.join(tmp, 'config/studio-setup/applied-plan.json'), 'utf8'))).toEqual(PLAN);
    const st = sys.status();
    expect(st).toMatchObject({ target: 'system', applied: true, plan: PLAN, files: null, needs: [] });
    expect(st.notes[0]).toMatch(/need the password/);
  });

  it('revert forgets the plan; afterwards nothing is applied', async () => {
    const { client } = fakeClient({ code: 0 });
    const sys = new SystemApply(env, client, 1000, paths);
    const r = await sys.revert(() => undefined);
    expect(r).toMatchObject({ ok: true, message: 'Reverted: everything is as it was before Apply.' });
    expect(fs.existsSync(path.join(tmp, 'config/studio-setup/applied-plan.json'))).toBe(false);
    expect(sys.status()).toMatchObject({ applied: false, plan: null });
  });

  it('a failed apply says why and keeps no plan', async () => {
    const { client } = fakeClient({ code: 5, error: 'boom' }, false);
    const sys = new SystemApply(env, client, 1000, paths);
    const r = await sys.apply(PLAN, () => undefined);
    expect(r).toMatchObject({ ok: false, message: 'Applying failed and every change was undone: boom' });
    expect(fs.existsSync(path.join(tmp, 'config/studio-setup/applied-plan.json'))).toBe(false);
  });

  it('a journal without a known plan (applied from the command line) is still something to revert', () => {
    fs.mkdirSync(paths.stateDir, { recursive: true });
    const st = new SystemApply(env, fakeClient({}).client, 1000, paths).status();
    expect(st).toMatchObject({ applied: true, plan: null });
    expect(st.notes[0]).toMatch(/Revert undoes it/);
  });
});
