// Guest snapshots (tests/vm/guest/snapshot.sh) read back, and compared: what "revert
// restores exactly what was there" means, checked.
//   files:   byte-identical (sha256 + size), same type, mode, owner, link target; nothing
//            added, nothing removed (directories are entries: the set of dirs is compared)
//   threads: the same policy/priority per thread key (the action name with boot-numbered
//            parts made stable: never the IRQ number or PID, which change across reboots).
//            Several threads may share a key (one per xHCI MSI-X vector): their
//            policy/priority lists are compared sorted.
import fs from 'node:fs';
import path from 'node:path';

/** @typedef {{type: string, mode: string, uid: number, gid: number, size?: number, sha256?: string, target?: string}} FileEntry */
/** @typedef {{files: Record<string, FileEntry>, threads: {key: string, comm: string, policy: string, priority: number}[]}} Snapshot */

/**
 * Every file-level difference between two snapshots, sorted by path.
 * `ignore`: paths (exact, or a prefix ending in "/") left out of the comparison.
 * @returns {{path: string, change: string, before?: string, after?: string}[]}
 */
export function compareFiles(before, after, { ignore = [] } = {}) {
  const skip = (p) => ignore.some((i) => (i.endsWith('/') ? p.startsWith(i) : p === i));
  const diffs = [];
  const paths = [...new Set([...Object.keys(before.files), ...Object.keys(after.files)])].sort();
  for (const p of paths) {
    if (skip(p)) continue;
    const a = before.files[p];
    const b = after.files[p];
    if (!b) diffs.push({ path: p, change: 'removed', before: describe(a) });
    else if (!a) diffs.push({ path: p, change: 'added', after: describe(b) });
    else if (a.type !== b.type) diffs.push({ path: p, change: 'type', before: a.type, after: b.type });
    else {
      if (a.sha256 !== b.sha256 || a.size !== b.size) {
        diffs.push({ path: p, change: 'content', before: `${a.size} bytes ${a.sha256?.slice(0, 12)}`, after: `${b.size} bytes ${b.sha256?.slice(0, 12)}` });
      }
      if (a.target !== b.target) diffs.push({ path: p, change: 'target', before: a.target, after: b.target });
      if (a.mode !== b.mode) diffs.push({ path: p, change: 'mode', before: a.mode, after: b.mode });
      if (a.uid !== b.uid || a.gid !== b.gid) diffs.push({ path: p, change: 'owner', before: `${a.uid}:${a.gid}`, after: `${b.uid}:${b.gid}` });
    }
  }
  return diffs;
}

const describe = (e) => `${e.type} ${e.mode} ${e.uid}:${e.gid}${e.target !== undefined ? ` -> ${e.target}` : ''}`;

/** Policy/priority lists per thread key, e.g. { 'xhci_hcd': ['FIFO/50', 'FIFO/50', 'FIFO/76'] }. */
export function threadsByKey(snapshot) {
  const out = {};
  for (const t of snapshot.threads) (out[t.key] ??= []).push(`${t.policy}/${t.priority}`);
  for (const list of Object.values(out)) list.sort();
  return out;
}

/**
 * Every thread key whose policy/priority list differs (a missing key shows as []).
 * @returns {{key: string, before: string[], after: string[]}[]}
 */
export function compareThreads(before, after) {
  const a = threadsByKey(before);
  const b = threadsByKey(after);
  const diffs = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[key] ?? [];
    const y = b[key] ?? [];
    if (x.join() !== y.join()) diffs.push({ key, before: x, after: y });
  }
  return diffs;
}

/** Both comparisons; `identical` when there is no difference at all. */
export function compareSnapshots(before, after, opts = {}) {
  const files = compareFiles(before, after, opts);
  const threads = compareThreads(before, after);
  return { files, threads, identical: files.length === 0 && threads.length === 0 };
}

/** Human-readable differences, for assertion messages (at most `max` lines). */
export function formatDifferences({ files, threads }, max = 40) {
  const lines = [
    ...files.map((d) => `file ${d.change}: ${d.path}${d.before !== undefined ? ` was ${d.before}` : ''}${d.after !== undefined ? ` now ${d.after}` : ''}`),
    ...threads.map((d) => `thread ${d.key}: was [${d.before.join(', ')}] now [${d.after.join(', ')}]`),
  ];
  return lines.length > max ? [...lines.slice(0, max), `... ${lines.length - max} more`].join('\n') : lines.join('\n');
}

const TYPES = { f: 'file', d: 'dir', l: 'link', p: 'fifo', s: 'socket', c: 'chardev', b: 'blockdev' };

/**
 * Read a snapshot directory written by guest/snapshot.sh into
 * { bootId, kernel, uptime, roots, files: {path: FileEntry}, threads: [{pid, comm, irq, action, key, policy, priority}] }.
 * A malformed line (a path with a tab or a newline, a missing hash) throws: never a guess.
 */
export function readSnapshot(dir) {
  const read = (name) => fs.readFileSync(path.join(dir, name), 'utf8');
  const meta = Object.fromEntries(read('meta').trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
  const files = {};
  for (const line of read('files.tsv').split('\n')) {
    if (line === '') continue;
    const f = line.split('\t');
    if (f.length !== 7 || !TYPES[f[1]] || !/^[0-7]{1,4}$/.test(f[2])) throw new Error(`${dir}/files.tsv: unreadable line ${JSON.stringify(line)}`);
    const [p, y, mode, uid, gid, size, target] = f;
    const entry = { type: TYPES[y], mode: mode.padStart(4, '0'), uid: Number(uid), gid: Number(gid) };
    if (entry.type === 'file') entry.size = Number(size);
    if (entry.type === 'link') entry.target = target;
    files[p] = entry;
  }
  for (const line of read('sha256.txt').split('\n')) {
    if (line === '') continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m || !files[m[2]]) throw new Error(`${dir}/sha256.txt: unreadable line ${JSON.stringify(line)}`);
    files[m[2]].sha256 = m[1];
  }
  const unhashed = Object.keys(files).filter((p) => files[p].type === 'file' && !files[p].sha256);
  if (unhashed.length > 0) throw new Error(`${dir}: no sha256 for ${unhashed.slice(0, 5).join(', ')}`);
  const threads = [];
  for (const line of read('threads.tsv').split('\n')) {
    if (line === '') continue;
    const [pid, comm, policy, priority, key] = line.split('\t');
    const m = /^irq\/(\d+)-(.*)$/.exec(comm ?? '');
    if (!m || key === undefined) throw new Error(`${dir}/threads.tsv: unreadable line ${JSON.stringify(line)}`);
    threads.push({ pid: Number(pid), comm, irq: Number(m[1]), action: m[2], key, policy, priority: Number(priority) });
  }
  threads.sort((a, b) => a.key.localeCompare(b.key) || a.irq - b.irq);
  return { bootId: meta.boot_id, kernel: meta.kernel, uptime: Number(meta.uptime), roots: (meta.roots ?? '').split(' '), files, threads };
}
