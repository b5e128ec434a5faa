// The helper as one self-contained file (what the deb/rpm copy to
// /usr/lib/studio-setup and an AppImage hands to root): built the way
// `electron-vite build` builds it, alone in its folder, importing nothing but
// Node's built-ins, and it runs: status on an empty tree, usage on nonsense.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHelperBundle, HELPER_FILE } from '../../../scripts/helper-bundle.js';

let outDir = '';
let helper = '';
const trees: string[] = [];

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-helper-bundle-'));
  helper = await buildHelperBundle(outDir);
}, 120_000);
afterAll(() => {
  for (const d of [outDir, ...trees]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

function run(args: string[]) {
  // Copied elsewhere first: the file must not need anything beside it.
  const lonely = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-helper-alone-'));
  trees.push(lonely);
  const file = path.join(lonely, HELPER_FILE);
  fs.copyFileSync(helper, file);
  return spawnSync(process.execPath, [file, ...args], { encoding: 'utf8', cwd: '/', env: { PATH: '/usr/bin:/bin' } });
}

describe('helper bundle', () => {
  it('is one file with no relative imports: only node: built-ins', () => {
    expect(fs.readdirSync(outDir)).toEqual([HELPER_FILE]);
    const source = fs.readFileSync(helper, 'utf8');
    const specifiers = [...source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/g)].map((m) => m[1]);
    expect(specifiers.length).toBeGreaterThan(0);
    for (const s of specifiers) expect(s).toMatch(/^node:/);
    expect(source).not.toMatch(/\bimport\(\s*["']\./);
    expect(source).not.toMatch(/\brequire\(\s*["']\./);
  });

  it('runs on its own: status --root on an empty tree says nothing is applied', () => {
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-helper-tree-'));
    trees.push(tree);
    const r = run(['status', '--root', tree, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { result?: { ok?: boolean; applied?: boolean } };
    expect(result.result).toMatchObject({ ok: true, applied: false });
  });

  it('answers an unknown verb with its usage and exit 2', () => {
    const r = run(['--help']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage/);
  });
});
