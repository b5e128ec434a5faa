// Electron security lint: @doyensec/electronegativity (1.10.3, pinned) on the
// Electron sources — main/electron, main/preload and the renderer's index.html
// (its CSP). The sources, not app/dist: bundling drops the `eng-disable`
// comments that carry each suppression's reason, and the tool cannot parse the
// bundled renderer. It is run through its programmatic API by
// electronegativity-run.mjs (its CLI's CSV can lose every row under load, see
// there); any HIGH or MEDIUM finding fails, and so does a file it could not
// parse (its findings would be missing); LOW and INFORMATIONAL are printed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { result, runTool, type CheckResult } from './check.js';

/** One finding. */
export interface Finding {
  issue: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
  description: string;
}

/** Severities that fail the build. */
export const FAILING = ['HIGH', 'MEDIUM'] as const;

// It looks Electron's release list up on GitHub to flag outdated versions: a
// network answer that changes by the day (the electron we may use is held back
// by Node 20, ../shared/TOOLCHAIN.md). Electron updates are a dependency matter.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const RUNNER = path.join(import.meta.dirname, 'electronegativity-run.mjs');

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The runner's JSON: the findings, and the files it could not parse; throws when it is not that. */
export function parseReport(json: string): { findings: Finding[]; unparsed: string[] } {
  const data = JSON.parse(json) as { issues?: unknown; errors?: unknown };
  if (!Array.isArray(data.issues) || !Array.isArray(data.errors)) throw new Error('not an electronegativity report (no issues and errors lists)');
  const findings = (data.issues as Record<string, unknown>[]).map((raw) => {
    const severity = text(raw.severity).toUpperCase();
    if (!severity) throw new Error(`a finding without a severity: ${JSON.stringify(raw).slice(0, 200)}`);
    return {
      issue: text(raw.issue),
      severity,
      confidence: text(raw.confidence).toUpperCase(),
      file: text(raw.file),
      location: raw.line === undefined ? '' : `${text(raw.line)}:${text(raw.column)}`,
      sample: text(raw.sample),
      description: text(raw.description),
    };
  });
  const unparsed = (data.errors as Record<string, unknown>[]).map((e) => `${text(e.file)}: ${text(e.message)}`);
  return { findings, unparsed };
}

/** One line for a finding. */
export function describeFinding(f: Finding): string {
  const where = f.file && f.file !== 'N/A' ? `${f.file}:${f.location}` : 'the whole app';
  return `${f.severity}/${f.confidence} ${f.issue} at ${where}: ${f.description}${f.sample && f.sample !== 'N/A' ? ` — ${f.sample.slice(0, 160)}` : ''}`;
}

/** The verdict on a set of findings: HIGH and MEDIUM are problems, the rest notes. */
export function judgeFindings(findings: Finding[]): { problems: string[]; notes: string[] } {
  const failing = new Set<string>(FAILING);
  return {
    problems: findings.filter((f) => failing.has(f.severity)).map(describeFinding),
    notes: findings.filter((f) => !failing.has(f.severity)).map(describeFinding),
  };
}

/** Copy the Electron sources into a scratch tree with their repository paths. */
function stageSources(repo: string, into: string): void {
  for (const dir of ['main/electron', 'main/preload']) fs.cpSync(path.join(repo, dir), path.join(into, dir), { recursive: true });
  fs.mkdirSync(path.join(into, 'renderer'), { recursive: true });
  fs.copyFileSync(path.join(repo, 'renderer/index.html'), path.join(into, 'renderer/index.html'));
}

/** Run electronegativity (installed in repo) on the Electron sources under sources (default: repo) and judge what it found. */
export function checkElectronegativity(repo: string, sources: string = repo): CheckResult {
  const name = 'electronegativity (main/electron, main/preload, renderer/index.html)';
  const require = createRequire(path.join(repo, 'package.json'));
  let electronVersion: string;
  let toolVersion: string;
  try {
    toolVersion = (JSON.parse(fs.readFileSync(require.resolve('@doyensec/electronegativity/package.json'), 'utf8')) as { version: string }).version;
    electronVersion = (JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
  } catch (e) {
    return result(name, [`electronegativity or electron is not installed (npm ci): ${(e as Error).message}`]);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-electronegativity-'));
  try {
    const input = path.join(work, 'src');
    stageSources(sources, input);
    const out = path.join(work, 'report.json');
    const run = runTool(process.execPath, [RUNNER, input, electronVersion, out, ...EXCLUDED_CHECKS], { cwd: repo, timeoutMs: 120_000 });
    if (run.code !== 0 || !fs.existsSync(out)) return result(name, [`electronegativity failed (exit ${run.code}): ${(run.stderr || run.stdout).trim().slice(0, 400)}`]);
    const { findings, unparsed } = parseReport(fs.readFileSync(out, 'utf8'));
    const { problems, notes } = judgeFindings(findings);
    const unread = unparsed.map((u) => `electronegativity could not parse a file, so its findings are unknown: ${u}`);
    return result(name, [...unread, ...problems], [`electronegativity ${toolVersion}, Electron ${electronVersion}; not run: ${EXCLUDED_CHECKS.join(', ')} (needs the network)`, ...notes]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
