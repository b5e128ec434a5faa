// Stored results: one JSON file per measurement under
// $XDG_STATE_HOME/studio-setup/latency/ (default ~/.local/state/...), named by
// time and label, so "before" and "after" can be compared later and reported.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readResult, type LatencyResult } from '../common/latency/result.js';

/** The directory results are stored in, for this environment. */
export function latencyDir(env: NodeJS.ProcessEnv = process.env): string {
  // The XDG base directory spec: a relative $XDG_STATE_HOME is invalid and ignored.
  const base = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'studio-setup', 'latency');
}

/** A file name for a result: its start time and a slug of its label. */
export function fileNameOf(r: LatencyResult): string {
  const time = r.startedAt.replace(/[:.]/g, '-');
  const slug = (r.label ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .toLowerCase();
  return `${time}${slug ? `-${slug}` : ''}.json`;
}

/** Store a result (written to a temporary name, then renamed); returns its path. */
export function saveResult(r: LatencyResult, dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, fileNameOf(r));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(r, null, 2) + '\n', { mode: 0o644 });
  fs.renameSync(tmp, file);
  return file;
}

/** Every readable result in `dir`, oldest first (unreadable files are skipped). */
export function listResults(dir: string): { file: string; result: LatencyResult }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: { file: string; result: LatencyResult }[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const r = readResult(fs.readFileSync(file, 'utf8'));
      if (r.ok) out.push({ file, result: r.result });
    } catch {
      // Unreadable (permissions, a directory named *.json): not a result.
    }
  }
  return out.sort((a, b) => a.result.startedAt.localeCompare(b.result.startedAt));
}

/** Find a result by file path, or the newest stored one with that label (case-insensitive). */
export function findResult(labelOrFile: string, dir: string): { ok: true; file: string; result: LatencyResult } | { ok: false; error: string } {
  const looksLikeFile = labelOrFile.includes('/') || labelOrFile.endsWith('.json');
  if (looksLikeFile || fs.existsSync(labelOrFile)) {
    let text: string;
    try {
      text = fs.readFileSync(labelOrFile, 'utf8');
    } catch (e) {
      if (looksLikeFile) return { ok: false, error: `cannot read ${labelOrFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
      text = '';
    }
    if (text !== '') {
      const r = readResult(text);
      return r.ok ? { ok: true, file: labelOrFile, result: r.result } : { ok: false, error: `${labelOrFile} ${r.error}` };
    }
  }
  const wanted = labelOrFile.trim().toLowerCase();
  const found = listResults(dir).filter((x) => x.result.label?.toLowerCase() === wanted);
  const newest = found[found.length - 1];
  if (!newest) return { ok: false, error: `no stored result labelled "${labelOrFile}" in ${dir}` };
  return { ok: true, ...newest };
}
