// The demo's two states and the derived test bundle are exactly what
// scripts/make-demo.mjs makes from the real lab captures (nothing hand-edited),
// and they tell the stories they are there for.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSnapshot } from '../../main/checks/index.js';
import { buildScan } from '../../main/common/scan.js';
import { readSnapshot } from '../../main/probe/snapshot.js';
import { DirSource } from '../../main/probe/source.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const DERIVED = ['demo/bundle', 'demo/replug', 'tests/fixtures/bundles/derived-std-nothreadirqs-6.1'];

/** Files (content) and links (target) under a directory; empty directories are not kept by git. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const abs = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, abs);
    if (e.isSymbolicLink()) out[rel] = `→ ${fs.readlinkSync(abs)}`;
    else if (e.isFile()) out[rel] = fs.readFileSync(abs, 'utf8');
  }
  return out;
}
const scanOf = (rel: string) => {
  const s = readSnapshot(new DirSource(path.join(REPO, rel)));
  return buildScan(s, checkSnapshot);
};

describe('demo and derived bundles', () => {
  it('are what scripts/make-demo.mjs makes', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-demo-'));
    try {
      execFileSync(process.execPath, [path.join(REPO, 'scripts/make-demo.mjs'), out]);
      for (const d of DERIVED) expect(tree(path.join(out, d)), d).toEqual(tree(path.join(REPO, d)));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('demo: the interface on a shared line, then (simulated) on the xHCI', () => {
    const before = scanOf('demo/bundle');
    expect(before.audioPaths.map((p) => [p.card, p.controller, p.sharedWith])).toEqual([
      [0, '0000:00:06.0', ['enp0s2']],
      [1, '0000:00:1d.0', ['i801_smbus']],
      [3, '0000:00:1b.0', []],
    ]);
    // A real capture by the app itself: every check had its data.
    expect(before.findings.filter((f) => f.status === 'unknown')).toEqual([]);
    const after = scanOf('demo/replug');
    expect(after.audioPaths.map((p) => [p.card, p.cardId, p.controller, p.sharedWith])).toContainEqual([1, 'Audio', '0000:00:04.0', []]);
    expect(after.audioPaths).toHaveLength(3);
  });

  it('derived-std-nothreadirqs-6.1: no IRQ thread anywhere, and the check says to turn them on', () => {
    const s = scanOf('tests/fixtures/bundles/derived-std-nothreadirqs-6.1');
    expect(s.irqTable.every((r) => r.threads.length === 0)).toBe(true);
    expect(s.kernel.cmdline).not.toMatch(/threadirqs/);
    const f = s.findings.find((x) => x.id === 'kernel.threaded-irqs');
    expect(f).toMatchObject({ status: 'fail', fix: { action: 'kernel-params', add: ['threadirqs'] } });
  });
});
