// studio-setup plan / apply / revert / status: plans from a capture, applied
// in-process as root under --root, and through the client as a normal user.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyCommand } from '../../../../main/cli/apply.js';
import { main } from '../../../../main/cli/index.js';
import { revertCommand } from '../../../../main/cli/revert.js';
import { statusCommand } from '../../../../main/cli/status.js';
import type { PrivilegedRequest, PrivilegedResponse } from '../../../../main/privileged/client.js';
import type { VerbDeps } from '../../../../main/privileged/verbs.js';
import { captureIo } from '../../helpers/io.js';
import { fingerprint, makeRoot, removeRoots } from '../privileged/fixtures.js';

afterAll(removeRoots);

const LAB = path.resolve(import.meta.dirname, '../../../fixtures/bundles/lab-std-threadirqs-6.1');
const run = async (...argv: string[]) => {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, ...io };
};

describe('studio-setup plan', () => {
  it('prints the thread table today → planned with reasons, and what needs a reboot', async () => {
    const r = await run('plan', '--from', LAB, '--interface', '1', '--midi', '46f4:0001', '--fix', 'kernel.preemption');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/252 {2}irq\/33-snd_hda_intel:card1 {2}FIFO 50 +→ FIFO 90 {2}interface: HDA Intel \(card 1\) at 0000:00:1b\.0/);
    expect(r.stdout).toMatch(/217 {2}irq\/19-ehci_hcd:usb2 +FIFO 85 +→ FIFO 80 {2}midi: /);
    expect(r.stdout).toContain('kernel-params preempt=full');
    expect(r.stdout).toContain('Needs a reboot');
  });

  it('--json prints {plan, preview, notes}; --disk takes PCI addresses, --midi USB ids', async () => {
    const r = await run('plan', '--from', LAB, '--interface', 'Intel', '--disk', '00:1F.2', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['plan', 'preview', 'notes']);
    expect(doc.plan.targets.map((t: { controller?: string; id?: string; role: string; priority: number }) => [t.role, t.controller ?? t.id, t.priority])).toEqual([
      ['interface', '0000:00:1b.0', 90],
      ['disk', '0000:00:1f.2', 85],
    ]);
    // libata names its handler after the controller (ahci[<address>]): the disk's thread is found.
    expect(doc.preview.rows.map((r: { role: string; comm: string; planned: { priority: number } }) => [r.role, r.comm, r.planned.priority])).toEqual([
      ['interface', 'irq/33-snd_hda_intel:card1', 90],
      ['disk', 'irq/32-ahci[0000:00:1f.2]', 85],
    ]);
  });

  it('usage errors are exit 2 with one line', async () => {
    for (const argv of [
      ['plan', '--from', LAB],
      ['plan', '--from', LAB, '--interface', '1', '--disk', '$(id)'],
      ['plan', '--from', LAB, '--interface', '1', '--user', 'Bad User'],
      ['plan', '--from', LAB, '--interface', '9'],
      ['plan', '--from', LAB, '--interface', '1', '--fix', 'no.such.finding'],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('studio-setup apply / status / revert as root (in-process, --root)', () => {
  it('applies the output of plan --json, reports status, reverts byte-identical', async () => {
    const root = makeRoot();
    const before = fingerprint(root);
    const planned = await run('plan', '--from', LAB, '--interface', '1', '--fix', 'kernel.preemption', '--json');
    const file = path.join(root, '..', `${path.basename(root)}-plan.json`);
    fs.writeFileSync(file, planned.stdout);
    try {
      const dry = await run('apply', file, '--dry-run', '--root', root);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('Dry run: nothing was changed.');
      expect(dry.stdout).toContain('create /etc/studio-setup/irq.conf');
      expect(fingerprint(root)).toEqual(before);

      const applied = await run('apply', file, '--root', root);
      expect(applied.stderr).toMatch(/^\[1\/\d+\] /);
      expect(applied.code).toBe(0);
      expect(applied.stdout).toMatch(/^Applied \(\d+ steps journaled/);
      expect(applied.stdout).toContain('Reboot for the kernel parameters to take effect.');

      const st = await run('status', '--root', root);
      expect(st.code).toBe(0);
      expect(st.stdout).toMatch(/^Applied /);
      expect(st.stdout).toContain('Files: all');
      const json = await run('status', '--root', root, '--json');
      expect(JSON.parse(json.stdout)).toMatchObject({ applied: true, rebootPending: ['preempt=full'] });

      const reverted = await run('revert', '--root', root);
      expect(reverted.code).toBe(0);
      expect(reverted.stdout).toBe('Reverted: everything is as it was before apply.\n');
      expect(fingerprint(root)).toEqual(before);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('a plan file that is not a valid plan is exit 2', async () => {
    const root = makeRoot();
    const file = path.join(root, '..', `${path.basename(root)}-bad.json`);
    fs.writeFileSync(file, JSON.stringify({ format: 'studio-setup-plan', version: 1, createdAt: 'x', targets: [{ kind: 'pci', controller: '$(id)' }], fixes: [] }));
    try {
      const r = await run('apply', file, '--root', root);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/controller/);
      expect((await run('apply', '/nonexistent/plan.json')).code).toBe(2);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});

describe('as a normal user: through the client', () => {
  const fake = (response: Partial<PrivilegedResponse>) => {
    const asked: PrivilegedRequest[] = [];
    const deps: VerbDeps = {
      uid: 1000,
      env: {},
      client: async (req) => {
        asked.push(req);
        return { ok: true, code: 0, message: 'Done.', result: null, progress: [], ...response };
      },
    };
    return { deps, asked };
  };

  it('apply asks the client with the plan; the helper`s progress and result are shown', async () => {
    const root = makeRoot();
    const planned = await run('plan', '--from', LAB, '--interface', '1', '--json');
    const file = path.join(root, '..', `${path.basename(root)}-user-plan.json`);
    fs.writeFileSync(file, planned.stdout);
    try {
      const { deps, asked } = fake({ progress: [{ step: 1, of: 2, what: 'IRQ configuration' }], result: { ok: true, code: 0, steps: 9, needs: [], notes: [] } });
      const io = captureIo();
      expect(await applyCommand([file], io, deps)).toBe(0);
      expect(asked).toEqual([{ verb: 'apply', plan: JSON.parse(planned.stdout).plan }]);
      expect(io.stderr).toBe('[1/2] IRQ configuration\n');
      expect(io.stdout).toMatch(/^Applied \(9 steps journaled/);
      const denied = fake({ ok: false, code: null, message: 'You cancelled the password prompt.' });
      const io2 = captureIo();
      expect(await applyCommand([file], io2, denied.deps)).toBe(1);
      expect(io2.stderr).toBe('You cancelled the password prompt.\n');
      const locked = fake({ ok: false, code: 4, message: 'Another Studio Setup change is in progress; try again when it has finished.' });
      expect(await applyCommand([file], captureIo(), locked.deps)).toBe(4);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('status and revert go through the client; --root needs root', async () => {
    const st = fake({ result: { ok: true, code: 0, applied: false, state: null, files: [], threads: null, unresolved: [], rebootPending: [], notes: [], needs: [] } });
    const io = captureIo();
    expect(await statusCommand([], io, st.deps)).toBe(0);
    expect(st.asked).toEqual([{ verb: 'status' }]);
    expect(io.stdout).toBe('Nothing is applied.\n');
    const rv = fake({ result: { ok: true, code: 0, nothing: true, notes: [] } });
    const io2 = captureIo();
    expect(await revertCommand([], io2, rv.deps)).toBe(0);
    expect(io2.stdout).toBe('Nothing was applied; nothing to revert.\n');
    const io3 = captureIo();
    expect(await revertCommand(['--root', '/tmp'], io3, rv.deps)).toBe(2);
    expect(io3.stderr).toMatch(/--root is for tests and needs root/);
  });

  it('plan, apply, revert and status are in the help', async () => {
    const r = await run('help');
    for (const c of ['plan [--from', 'apply PLAN.json', 'revert', 'status [--json]']) expect(r.stdout).toContain(c);
  });
});
