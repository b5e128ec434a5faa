// shellcheck on every shell script in the repository: the IRQ applier, the
// packages' maintainer scripts and helper wrapper, scripts/*.sh, the VM suite.
// A script is a file named *.sh, or one whose #! line runs a POSIX shell or
// bash (also through env or busybox), or that names its shell to shellcheck.
import fs from 'node:fs';
import path from 'node:path';
import { missingTool, result, runTool, type CheckResult } from './check.js';

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'posh']);

/** The shell a #! line runs, or null when it runs something else. */
export function shebangShell(firstLine: string): string | null {
  if (!firstLine.startsWith('#!')) return null;
  const words = firstLine.slice(2).trim().split(/\s+/);
  let i = 0;
  const base = (w: string | undefined) => (w ?? '').split('/').pop() ?? '';
  if (base(words[i]) === 'env') {
    i++;
    while ((words[i] ?? '').startsWith('-')) i++;
  }
  if (base(words[i]) === 'busybox') i++;
  const shell = base(words[i]);
  return SHELLS.has(shell) ? shell : null;
}

/** Is this file (its name and first bytes) a shell script? */
export function isShellScript(file: string, head: string): boolean {
  if (file.endsWith('.sh')) return true;
  if (shebangShell(head.split('\n', 1)[0] ?? '') !== null) return true;
  return /^# shellcheck shell=/m.test(head);
}

/** The repository's files: tracked, and new ones not ignored (git), else a walk without node_modules. */
export function repoFiles(repo: string): string[] {
  const git = runTool('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo });
  if (git.code === 0) return [...new Set(git.stdout.split('\0').filter(Boolean))].sort();
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(repo, rel), { withFileTypes: true })) {
      if (['.git', 'node_modules', 'dist', 'test-results', '.vm-cache'].includes(e.name)) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** Every shell script in the repository, repository-relative. */
export function findShellScripts(repo: string): string[] {
  return repoFiles(repo).filter((rel) => {
    const file = path.join(repo, rel);
    let fd: number | undefined;
    try {
      if (!fs.statSync(file).isFile()) return false;
      fd = fs.openSync(file, 'r');
      const buf = Buffer.alloc(512);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      return isShellScript(rel, buf.toString('utf8', 0, n));
    } catch {
      return false;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  });
}

/** shellcheck on the given files (following `source`d files next to each script). */
export function checkShellScripts(repo: string, files: string[] = findShellScripts(repo)): CheckResult {
  const name = 'shellcheck';
  if (files.length === 0) return result(name, ['no shell scripts found: the search is broken']);
  const run = runTool('shellcheck', ['--external-sources', '--source-path=SCRIPTDIR', '--format=gcc', ...files], { cwd: repo });
  if (run.missing) return result(name, [missingTool('shellcheck', 'shellcheck')]);
  const findings = run.stdout.split('\n').filter(Boolean);
  const problems = run.code === 0 ? [] : findings.length > 0 ? findings : [`shellcheck failed (exit ${run.code}): ${run.stderr.trim().slice(0, 400)}`];
  return result(name, problems, [`${files.length} scripts: ${files.join(' ')}`]);
}
