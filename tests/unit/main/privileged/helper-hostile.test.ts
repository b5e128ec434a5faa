// Hostile input: every malformed, out-of-range, oversized or injected plan and
// every symlink planted where the helper writes is refused with exit 2, a clear
// message, and the tree (and what planted links point to) unchanged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { b64, fingerprint, fullPlan, helper, makeRoot, noRunner, removeRoots } from './fixtures.js';

afterAll(removeRoots);

const base = fullPlan();
const target0 = base.targets[0] as Record<string, unknown>;
const usbTarget = base.targets[1] as Record<string, unknown>;

const INJECT = ['$(id)', '`id`', '"; rm -rf /', "'; rm -rf / #", '../../etc/shadow', 'a\nb', '${IFS}id', '|id', '&& id', '\\"'];

/** [name, plan document (object or raw JSON text), expected message]. */
const HOSTILE: [string, unknown, RegExp][] = [
  ['priority 99', { ...base, targets: [{ ...target0, priority: 99 }] }, /targets\.0\.priority: Too big/],
  ['priority 50', { ...base, targets: [{ ...target0, priority: 50 }] }, /targets\.0\.priority: Too small/],
  ['priority 90.5', { ...base, targets: [{ ...target0, priority: 90.5 }] }, /targets\.0\.priority/],
  ['priority "90"', { ...base, targets: [{ ...target0, priority: '90' }] }, /targets\.0\.priority/],
  ['rtprio 100', { ...base, fixes: [{ action: 'rt-limits', group: 'audio', rtprio: 100, memlock: 'unlimited' }] }, /fixes\.0\.rtprio/],
  ['sysctl value -1', { ...base, fixes: [{ action: 'sysctl', key: 'vm.swappiness', value: -1 }] }, /fixes\.0\.value/],
  ['an arbitrary sysctl', { ...base, fixes: [{ action: 'sysctl', key: 'kernel.core_pattern', value: 1 }] }, /fixes\.0\.key/],
  ['an arbitrary unit', { ...base, fixes: [{ action: 'disable-service', unit: 'sshd.service' }] }, /fixes\.0\.unit/],
  ['an arbitrary kernel parameter', { ...base, fixes: [{ action: 'kernel-params', add: ['init=/bin/sh'] }] }, /fixes\.0\.add\.0/],
  ['another group', { ...base, fixes: [{ action: 'audio-group', group: 'sudo' }] }, /fixes\.0\.group/],
  ['a path key at the top', { ...base, path: '/etc/shadow' }, /Unrecognized key/],
  ['a path key in a target', { ...base, targets: [{ ...target0, path: '/etc/shadow' }] }, /Unrecognized key/],
  ['a file key in a fix', { ...base, fixes: [{ action: 'sysctl', key: 'vm.swappiness', value: 10, file: '/etc/shadow' }] }, /Unrecognized key/],
  ['an unknown action', { ...base, fixes: [{ action: 'write-file', path: '/etc/shadow', content: 'x' }] }, /fixes\.0\.action/],
  ['an unknown kind', { ...base, targets: [{ ...target0, kind: 'path' }] }, /targets\.0\.kind/],
  ['targets not an array', { ...base, targets: {} }, /targets/],
  ['fixes null', { ...base, fixes: null }, /fixes/],
  ['a JSON array', [base], /document|expected object/i],
  ['JSON null', null, /document|expected object/i],
  ['a number', 42, /document|expected object/i],
  ['version 2', { ...base, version: 2 }, /version/],
  ['a foreign format', { ...base, format: 'something-else' }, /format/],
  ['33 targets', { ...base, targets: Array.from({ length: 33 }, () => target0) }, /targets: Too big/],
  ['a fix twice', { ...base, fixes: [base.fixes[0], base.fixes[0]] }, /appears twice/],
  ['not JSON', '{"format": "studio-setup-plan",', /not JSON/],
  ['over 32 KiB', { ...base, padding: 'x'.repeat(40 * 1024) }, /too large/],
  ['one byte over 32 KiB', { ...base, padding: 'x'.repeat(32 * 1024 + 1 - JSON.stringify({ ...base, padding: '' }).length) }, /plan argument too large \(43692 characters, at most 43691\)/],
  ...INJECT.flatMap((bad): [string, unknown, RegExp][] => [
    [`user ${JSON.stringify(bad)}`, { ...base, user: bad }, /user/],
    [`controller ${JSON.stringify(bad)}`, { ...base, targets: [{ ...target0, controller: bad }] }, /controller/],
    [`USB id ${JSON.stringify(bad)}`, { ...base, targets: [{ ...usbTarget, id: bad }] }, /targets\.0\.id/],
    [`serial ${JSON.stringify(bad)}`, { ...base, targets: [{ ...usbTarget, serial: bad }] }, /serial/],
    [`autosuspend id ${JSON.stringify(bad)}`, { ...base, fixes: [{ action: 'usb-autosuspend', id: bad }] }, /fixes\.0\.id/],
    [`sysctl key ${JSON.stringify(bad)}`, { ...base, fixes: [{ action: 'sysctl', key: bad, value: 1 }] }, /fixes\.0\.key/],
    [`unit ${JSON.stringify(bad)}`, { ...base, fixes: [{ action: 'disable-service', unit: bad }] }, /fixes\.0\.unit/],
    [`kernel parameter ${JSON.stringify(bad)}`, { ...base, fixes: [{ action: 'kernel-params', add: [bad] }] }, /fixes\.0\.add/],
    [`governor ${JSON.stringify(bad)}`, { ...base, fixes: [{ action: 'cpu-governor', governor: bad }] }, /fixes\.0\.governor/],
    [`format ${JSON.stringify(bad)}`, { ...base, format: bad }, /format/],
  ]),
];

describe('hostile plans', () => {
  const root = makeRoot();
  const before = fingerprint(root);

  it.each(HOSTILE)('%s: refused with exit 2, tree unchanged', (_name, doc, message) => {
    const arg = b64(typeof doc === 'string' ? doc : JSON.stringify(doc));
    const r = helper(['apply', arg, '--root', root, '--user', 'alice'], { runner: noRunner });
    expect(r.code).toBe(2);
    expect(r.result?.error).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fingerprint(root)).toEqual(before);
  });

  it.each([
    ['not base64url', '$(id)'],
    ['standard base64 characters', 'eyJhIjoxfQ+/'],
    ['padding', 'eyJhIjoxfQ=='],
    ['non-canonical trailing bits', 'eyJhIjoxfR'],
    ['not UTF-8', Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')],
    ['an empty argument', ''],
    ['far too long', 'A'.repeat(64 * 1024)],
  ])('a plan argument that is %s: refused with exit 2', (_name, arg) => {
    const r = helper(['apply', arg, '--root', root], { runner: noRunner });
    expect(r.code).toBe(2);
    expect(r.result?.error).toMatch(/base64url|UTF-8|too large|not JSON|invalid plan/);
    expect(fingerprint(root)).toEqual(before);
  });

  it('free-text reasons are display-only: metacharacters there reach no file and no command', () => {
    const r2 = makeRoot();
    const reason = '$(id) `id` "; rm -rf / \\" | & ; < >';
    const plan = fullPlan({ targets: [{ ...(base.targets[0] as object), reason } as (typeof base.targets)[number]] });
    const seen: string[][] = [];
    const r = helper(['apply', b64(plan), '--root', r2, '--user', 'alice'], { runner: (argv) => (seen.push([...argv]), { status: 0, stdout: '', stderr: '' }) });
    expect(r.code).toBe(0);
    expect(seen).toEqual([]);
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
    const holding = walk(r2).filter((f) => fs.readFileSync(f, 'utf8').includes('rm -rf'));
    expect(holding.map((f) => path.relative(r2, f))).toEqual(['var/lib/studio-setup/journal.json']);
  });
});

describe('planted symlinks and loose permissions', () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-outside-'));
  fs.writeFileSync(path.join(outside, 'shadow'), 'root:secret:1::::::\n');
  fs.writeFileSync(path.join(outside, 'grub.cfg'), 'menuentry x {}\n');
  const outsideBefore = () => fingerprint(outside);
  afterAll(() => fs.rmSync(outside, { recursive: true, force: true }));

  const CASES: [string, () => string, RegExp][] = [
    ['/etc/security/limits.d → outside', () => makeRoot({ '/etc/security/limits.d/audio.conf': null }, { '/etc/security/limits.d': outside }), /limits\.d is a symbolic link/],
    ['/etc/studio-setup/irq.conf → /etc/shadow', () => makeRoot({ '/etc/shadow': 'root:*:1::::::\n' }, { '/etc/studio-setup/irq.conf': '/etc/shadow' }), /irq\.conf: it is a symbolic link/],
    ['/etc/studio-setup → outside', () => makeRoot({}, { '/etc/studio-setup': outside }), /\/etc\/studio-setup.*(symbolic link|directory)/],
    ['/var/lib/studio-setup → outside', () => makeRoot({}, { '/var/lib/studio-setup': outside }), /studio-setup.*(symbolic link|directory)/],
    ['/run/studio-setup → outside', () => makeRoot({}, { '/run/studio-setup': outside }), /run\/studio-setup.*(symbolic link|directory)/],
    ['/etc/udev → outside', () => makeRoot({}, { '/etc/udev': outside }), /\/etc\/udev is a symbolic link/],
    ['a rule file → /etc/passwd', () => makeRoot({}, { '/etc/udev/rules.d/61-studio-setup-usb-power.rules': '/etc/passwd' }), /61-studio-setup-usb-power\.rules: it is a symbolic link/],
    ['multi-user.target.wants → outside', () => makeRoot({ '/etc/systemd/system/multi-user.target.wants/cron.service': null }, { '/etc/systemd/system/multi-user.target.wants': outside }), /multi-user\.target\.wants is a symbolic link/],
    ['/etc/group → outside', () => makeRoot({ '/etc/group': null }, { '/etc/group': path.join(outside, 'shadow') }), /\/etc\/group: it is a symbolic link/],
    ['/boot/grub → outside', () => makeRoot({ '/boot/grub/grub.cfg': null }, { '/boot/grub': outside }), /\/boot\/grub is a symbolic link/],
  ];

  it.each(CASES)('%s: refused with exit 2, nothing written (inside or outside the root)', (_name, make, message) => {
    const root = make();
    const before = fingerprint(root);
    const out = outsideBefore();
    const r = helper(['apply', b64(fullPlan()), '--root', root, '--user', 'alice'], { runner: noRunner });
    expect(r.code).toBe(2);
    expect(r.result?.error).toMatch(message);
    expect(fingerprint(root)).toEqual(before);
    expect(outsideBefore()).toEqual(out);
  });

  it('a directory writable by others, or not owned by root, is refused', () => {
    const root = makeRoot();
    fs.chmodSync(path.join(root, '/etc/sysctl.d'), 0o777);
    const before = fingerprint(root);
    const r = helper(['apply', b64(fullPlan()), '--root', root, '--user', 'alice']);
    expect(r.code).toBe(2);
    expect(r.result?.error).toMatch(/\/etc\/sysctl\.d is writable by someone other than root/);
    expect(fingerprint(root)).toEqual(before);
    const root2 = makeRoot();
    fs.chownSync(path.join(root2, '/etc/udev/rules.d'), 1000, 1000);
    const before2 = fingerprint(root2);
    expect(helper(['apply', b64(fullPlan()), '--root', root2, '--user', 'alice']).code).toBe(2);
    expect(fingerprint(root2)).toEqual(before2);
  });

  it("a temporary twin planted as a link is replaced, never followed (what it points to is untouched)", () => {
    const root = makeRoot({ '/etc/shadow': 'root:*:1::::::\n' }, { '/etc/sysctl.d/60-studio-setup.conf.studio-setup.tmp': '/etc/shadow' });
    const shadow = fs.readFileSync(path.join(root, '/etc/shadow'), 'utf8');
    const r = helper(['apply', b64(fullPlan()), '--root', root, '--user', 'alice']);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(root, '/etc/shadow'), 'utf8')).toBe(shadow);
    expect(fs.readFileSync(path.join(root, '/etc/sysctl.d/60-studio-setup.conf'), 'utf8')).toContain('vm.swappiness = 10');
  });
});
