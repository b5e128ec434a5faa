// The revert comparison (snapshot.mjs) on hand-made snapshots, and guest/snapshot.sh read back: it must find every kind of
// difference, and none where there is none.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compareFiles, compareSnapshots, compareThreads, formatDifferences, readSnapshot, threadsByKey } from './snapshot.mjs';

const file = (over = {}) => ({ type: 'file', mode: '0644', uid: 0, gid: 0, size: 3, sha256: 'a'.repeat(64), ...over });
const thread = (key, priority, policy = 'FIFO', irq = 16) => ({ key, comm: `irq/${irq}-${key}`, irq, policy, priority, pid: 100 + irq });

const base = () => ({
  bootId: 'one',
  files: {
    '/etc': { type: 'dir', mode: '0755', uid: 0, gid: 0 },
    '/etc/fstab': file(),
    '/etc/mtab': { type: 'link', mode: '0777', uid: 0, gid: 0, target: '../proc/self/mounts' },
    '/usr/local/sbin/x': file({ mode: '0755' }),
  },
  threads: [
    thread('snd_hda_intel:0000:00:1b.0', 50, 'FIFO', 35),
    thread('xhci_hcd', 50, 'FIFO', 31),
    thread('xhci_hcd', 50, 'FIFO', 32),
    thread('uhci_hcd:0000:00:1d.0', 50, 'FIFO', 16),
  ],
});

test('identical snapshots: no difference', () => {
  const diff = compareSnapshots(base(), base());
  assert.deepEqual(diff, { files: [], threads: [], identical: true });
  assert.equal(formatDifferences(diff), '');
});

test('threads are matched by key, not PID or IRQ number (a reboot renumbers both)', () => {
  const after = base();
  after.bootId = 'two';
  after.threads = after.threads.map((t) => ({ ...t, pid: t.pid + 1000, irq: t.irq + 2, comm: `irq/${t.irq + 2}-${t.key}` })).reverse();
  assert.ok(compareSnapshots(base(), after).identical);
});

test('every file change is found: content, size, mode, owner, type, link target, added, removed', () => {
  const after = base();
  after.files['/etc/fstab'] = file({ sha256: 'b'.repeat(64) });
  after.files['/usr/local/sbin/x'] = file({ mode: '0700', uid: 1000 });
  after.files['/etc/mtab'] = { ...after.files['/etc/mtab'], target: '/proc/mounts' };
  after.files['/etc/new.conf'] = file();
  delete after.files['/etc'];
  after.files['/etc'] = { type: 'link', mode: '0777', uid: 0, gid: 0, target: 'x' };
  const changes = compareFiles(base(), after).map((d) => `${d.change} ${d.path}`);
  assert.deepEqual(changes, [
    'type /etc',
    'content /etc/fstab',
    'target /etc/mtab',
    'added /etc/new.conf',
    'mode /usr/local/sbin/x',
    'owner /usr/local/sbin/x',
  ]);
  const removed = base();
  delete removed.files['/etc/fstab'];
  assert.deepEqual(compareFiles(base(), removed), [{ path: '/etc/fstab', change: 'removed', before: 'file 0644 0:0' }]);
});

test('same content but another size is a content change', () => {
  const after = base();
  after.files['/etc/fstab'] = file({ size: 4 });
  assert.deepEqual(compareFiles(base(), after).map((d) => d.change), ['content']);
});

test('ignore: exact paths and prefixes ending in /', () => {
  const after = base();
  after.files['/etc/fstab'] = file({ sha256: 'c'.repeat(64) });
  after.files['/usr/local/sbin/x'] = file({ mode: '0700' });
  assert.deepEqual(compareFiles(base(), after, { ignore: ['/etc/fstab', '/usr/local/'] }), []);
  assert.equal(compareFiles(base(), after, { ignore: ['/etc/fs'] }).length, 2, 'a prefix without / matches only itself');
});

test('a thread left at another priority or policy is found', () => {
  const after = base();
  after.threads[0] = { ...after.threads[0], priority: 90 };
  after.threads[3] = { ...after.threads[3], policy: 'OTHER', priority: 0 };
  assert.deepEqual(compareThreads(base(), after), [
    { key: 'snd_hda_intel:0000:00:1b.0', before: ['FIFO/50'], after: ['FIFO/90'] },
    { key: 'uhci_hcd:0000:00:1d.0', before: ['FIFO/50'], after: ['OTHER/0'] },
  ]);
});

test('several threads under one key (xHCI vectors): compared as sorted lists', () => {
  const after = base();
  after.threads[1] = { ...after.threads[1], priority: 76 };
  assert.deepEqual(threadsByKey(after).xhci_hcd, ['FIFO/50', 'FIFO/76']);
  assert.deepEqual(compareThreads(base(), after), [{ key: 'xhci_hcd', before: ['FIFO/50', 'FIFO/50'], after: ['FIFO/50', 'FIFO/76'] }]);
  // one vector gone (a thread that no longer exists) is a difference too
  const fewer = base();
  fewer.threads.splice(2, 1);
  assert.deepEqual(compareThreads(base(), fewer), [{ key: 'xhci_hcd', before: ['FIFO/50', 'FIFO/50'], after: ['FIFO/50'] }]);
});

test('a thread key that appears or disappears is found', () => {
  const after = base();
  after.threads.push(thread('snd_ens1370', 50, 'FIFO', 22));
  after.threads = after.threads.filter((t) => !t.key.startsWith('uhci'));
  assert.deepEqual(compareThreads(base(), after), [
    { key: 'snd_ens1370', before: [], after: ['FIFO/50'] },
    { key: 'uhci_hcd:0000:00:1d.0', before: ['FIFO/50'], after: [] },
  ]);
});

test('formatDifferences: one line per difference, capped', () => {
  const after = base();
  after.files['/etc/fstab'] = file({ sha256: 'd'.repeat(64), size: 9 });
  after.threads[0] = { ...after.threads[0], priority: 90 };
  const diff = compareSnapshots(base(), after);
  assert.equal(diff.identical, false);
  assert.equal(
    formatDifferences(diff),
    'file content: /etc/fstab was 3 bytes aaaaaaaaaaaa now 9 bytes dddddddddddd\n' +
      'thread snd_hda_intel:0000:00:1b.0: was [FIFO/50] now [FIFO/90]',
  );
  assert.match(formatDifferences(diff, 1), /\.\.\. 1 more$/);
});

test('guest/snapshot.sh + readSnapshot + compareSnapshots on a real tree: a change is found, a restore is identical', () => {
  const script = fileURLToPath(new URL('../guest/snapshot.sh', import.meta.url));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vm-snapshot-'));
  try {
    fs.mkdirSync(path.join(root, 'etc/default'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc/default/rtirq'), 'RTIRQ_PRIO_HIGH=90\n');
    fs.symlinkSync('default/rtirq', path.join(root, 'etc/link'));
    fs.chmodSync(path.join(root, 'etc/default/rtirq'), 0o640);
    fs.writeFileSync(path.join(root, 'etc/setuid'), '');
    fs.chmodSync(path.join(root, 'etc/setuid'), 0o4755);
    const snap = (name) => {
      execFileSync('bash', [script, path.join(root, name), path.join(root, 'etc')]);
      return readSnapshot(path.join(root, name));
    };
    const pre = snap('pre');
    const f = pre.files[path.join(root, 'etc/default/rtirq')];
    assert.equal(f.type, 'file');
    assert.equal(f.mode, '0640');
    assert.equal(f.size, 19);
    assert.equal(f.sha256, crypto.createHash('sha256').update('RTIRQ_PRIO_HIGH=90\n').digest('hex'));
    assert.equal(pre.files[path.join(root, 'etc/setuid')].mode, '4755');
    assert.deepEqual(pre.files[path.join(root, 'etc/link')], { type: 'link', mode: '0777', uid: process.getuid(), gid: process.getgid(), target: 'default/rtirq' });
    assert.equal(pre.files[path.join(root, 'etc/default')].type, 'dir');
    assert.ok(Array.isArray(pre.threads));
    for (const t of pre.threads) assert.match(t.comm, /^irq\/\d+-/);
    assert.match(pre.bootId, /^[0-9a-f-]{36}$/);

    // "apply": change content and mode, add a file and a directory; "revert": put everything back
    fs.writeFileSync(path.join(root, 'etc/default/rtirq'), 'RTIRQ_PRIO_HIGH=95\n');
    fs.chmodSync(path.join(root, 'etc/default/rtirq'), 0o644);
    fs.writeFileSync(path.join(root, 'etc/studio.conf'), 'x\n');
    fs.mkdirSync(path.join(root, 'etc/studio-setup'));
    const applied = compareFiles(pre, snap('applied')).map((d) => `${d.change} ${path.relative(root, d.path)}`);
    assert.deepEqual(applied, ['content etc/default/rtirq', 'mode etc/default/rtirq', 'added etc/studio-setup', 'added etc/studio.conf']);

    fs.writeFileSync(path.join(root, 'etc/default/rtirq'), 'RTIRQ_PRIO_HIGH=90\n');
    fs.chmodSync(path.join(root, 'etc/default/rtirq'), 0o640);
    fs.rmSync(path.join(root, 'etc/studio.conf'));
    fs.rmdirSync(path.join(root, 'etc/studio-setup'));
    assert.deepEqual(compareFiles(pre, snap('reverted')), []);
    if (process.getuid?.() === 0) {
      fs.chownSync(path.join(root, 'etc/default/rtirq'), 1000, 1000);
      assert.deepEqual(compareFiles(pre, snap('chowned')).map((d) => d.change), ['owner']);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('readSnapshot refuses what it cannot read exactly', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vm-snapshot-bad-'));
  try {
    const write = (files, sums, threads = '') => {
      fs.writeFileSync(path.join(dir, 'meta'), 'boot_id=x\nkernel=k\nuptime=1\nroots=/etc\n');
      fs.writeFileSync(path.join(dir, 'files.tsv'), files);
      fs.writeFileSync(path.join(dir, 'sha256.txt'), sums);
      fs.writeFileSync(path.join(dir, 'threads.tsv'), threads);
    };
    const h = 'a'.repeat(64);
    write('/etc\td\t755\t0\t0\t4096\t\n/etc/a\tf\t644\t0\t0\t1\t\n', `${h}  /etc/a\n`, '12\tirq/16-uhci_hcd:usb1\tFIFO\t50\tuhci_hcd:0000:00:1d.0\n');
    const ok = readSnapshot(dir);
    assert.deepEqual(ok.threads, [{ pid: 12, comm: 'irq/16-uhci_hcd:usb1', irq: 16, action: 'uhci_hcd:usb1', key: 'uhci_hcd:0000:00:1d.0', policy: 'FIFO', priority: 50 }]);
    write('/etc/a\tb\tc\tf\t644\t0\t0\t1\t\n', '');
    assert.throws(() => readSnapshot(dir), /unreadable line/);
    write('/etc/a\tf\t644\t0\t0\t1\t\n', '');
    assert.throws(() => readSnapshot(dir), /no sha256 for \/etc\/a/);
    write('/etc/a\tf\t644\t0\t0\t1\t\n', `\\${h}  /etc/a\\nb\n`);
    assert.throws(() => readSnapshot(dir), /unreadable line/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
