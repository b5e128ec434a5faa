// The helper's --root mode run by a normal user (the app's rehearsal of a
// bundle: the demo needs no password): the built helper.js as uid 65534 on a
// tree that user owns — apply, status and revert work and stay inside the tree;
// without --root, or with --root /, it refuses (exit 3). Needs root to start a
// process as another user; skipped with a message otherwise.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHelper } from './build-helper.js';
import { b64, fingerprint, fullPlan, makeRoot, removeRoots } from './fixtures.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
let helperJs = '';

beforeAll(async () => {
  if (!asRoot) return;
  helperJs = await buildHelper();
  // The helper file and its directory must be readable by the other user.
  fs.chmodSync(path.dirname(helperJs), 0o755);
  fs.chmodSync(helperJs, 0o644);
}, 120_000);
afterAll(() => {
  removeRoots();
  if (helperJs) fs.rmSync(path.dirname(helperJs), { recursive: true, force: true });
});

function run(args: string[]): { code: number | null; result: Record<string, unknown> | undefined; steps: number } {
  const r = spawnSync(process.execPath, [helperJs, ...args], { uid: NOBODY, gid: NOBODY, encoding: 'utf8', env: { PATH: '/usr/bin:/bin' }, cwd: '/' });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status, result: lines.map((l) => l.result as Record<string, unknown> | undefined).find(Boolean), steps: lines.filter((l) => l.progress).length };
}

function userTree(): string {
  const root = makeRoot();
  // What a normal user's rehearsal folder looks like: theirs, group/world read-only.
  spawnSync('chown', ['-hR', `${NOBODY}:${NOBODY}`, root]);
  fs.chmodSync(root, 0o755);
  return root;
}

describe.skipIf(!asRoot)('helper --root DIR as a normal user (skipped unless these tests run as root: they start the helper as uid 65534)', () => {
  it('applies, reports and reverts inside the tree, byte for byte', () => {
    const root = userTree();
    const before = fingerprint(root);
    // Only fixes whose files the user can own: no shared group files with root's gid.
    const plan = fullPlan({ user: undefined, fixes: [{ action: 'rt-limits', group: 'audio', rtprio: 95, memlock: 'unlimited' }, { action: 'kernel-params', add: ['threadirqs'] }] });
    const applied = run(['apply', b64(plan), '--root', root]);
    expect(applied.result?.error).toBeUndefined();
    expect(applied.code).toBe(0);
    expect(applied.steps).toBeGreaterThan(3);
    const limits = path.join(root, 'etc/security/limits.d/95-studio-setup-audio.conf');
    expect(fs.readFileSync(limits, 'utf8')).toMatch(/@audio\s+-\s+rtprio\s+95/);
    expect(fs.statSync(limits).uid).toBe(NOBODY);
    expect(fs.existsSync(path.join(root, 'etc/default/grub.d/studio-setup.cfg'))).toBe(true);
    const status = run(['status', '--json', '--root', root]);
    expect(status.code).toBe(0);
    expect(status.result).toMatchObject({ applied: true, rebootPending: [] });
    expect(run(['revert', '--root', root]).code).toBe(0);
    expect(fingerprint(root)).toEqual(before);
  });

  it('refuses the live machine and --root / (exit 3), changing nothing', () => {
    const plan = b64(fullPlan({ user: undefined, targets: [], fixes: [{ action: 'rt-limits', group: 'audio', rtprio: 95, memlock: 'unlimited' }] }));
    for (const args of [['apply', plan], ['apply', plan, '--root', '/'], ['revert'], ['status', '--json']]) {
      const r = run(args);
      expect(r.code).toBe(3);
      expect(r.result?.error).toBe('the helper must run as root');
    }
    expect(fs.existsSync('/etc/security/limits.d/95-studio-setup-audio.conf')).toBe(false);
  });

  it('refuses a tree owned by someone else (root), changing nothing', () => {
    const root = makeRoot();
    fs.chmodSync(root, 0o755);
    const before = fingerprint(root);
    const r = run(['apply', b64(fullPlan({ user: undefined, fixes: [{ action: 'rt-limits', group: 'audio', rtprio: 95, memlock: 'unlimited' }] })), '--root', root]);
    expect(r.code).toBe(2);
    expect(String(r.result?.error)).toMatch(/someone other than you/);
    expect(fingerprint(root)).toEqual(before);
  });
});
