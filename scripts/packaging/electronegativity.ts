// Electron security lint: @doyensec/electronegativity (1.10.3, pinned) on the
// Electron sources — main/electron, main/preload and the renderer's index.html
// (its CSP). The sources, not app/dist: bundling drops the `eng-disable`
// comments that carry each suppression's reason, and the tool cannot parse the
// bundled renderer. It exits 0 whatever it finds, so its CSV is read here: any
// HIGH or MEDIUM finding fails; LOW and INFORMATIONAL ones are printed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { result, runTool, type CheckResult } from './check.js';

/** One row of electronegativity's CSV. */
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

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

/** The findings in electronegativity's CSV output; throws when it is not that output. */
export function parseFindings(csv: string): Finding[] {
  const [header, ...rows] = parseCsv(csv);
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const col = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`electronegativity's CSV has no "${name}" column (header: ${names.join(', ') || 'none'})`);
    return i;
  };
  const at = { issue: col('issue'), severity: col('severity'), confidence: col('confidence'), file: col('filename'), location: col('location'), sample: col('sample'), description: col('description') };
  return rows.map((r) => ({
    issue: (r[at.issue] ?? '').trim(),
    severity: (r[at.severity] ?? '').trim().toUpperCase(),
    confidence: (r[at.confidence] ?? '').trim().toUpperCase(),
    file: (r[at.file] ?? '').trim(),
    location: (r[at.location] ?? '').trim(),
    sample: (r[at.sample] ?? '').trim(),
    description: (r[at.description] ?? '').trim(),
  }));
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

/** Lines of its console output that say a file could not be parsed (its findings would be missing). */
export function parseErrors(output: string): string[] {
  // eslint-disable-next-line no-control-regex -- its console output is coloured
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  return plain.split('\n').filter((l) => /^\s*(Tolerable error parsing|Error parsing) /.test(l));
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
  let cli: string;
  let electronVersion: string;
  try {
    const pkgFile = require.resolve('@doyensec/electronegativity/package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { bin: Record<string, string> };
    cli = path.join(path.dirname(pkgFile), pkg.bin.electronegativity ?? 'dist/index.js');
    electronVersion = (JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
  } catch (e) {
    return result(name, [`electronegativity or electron is not installed (npm ci): ${(e as Error).message}`]);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-electronegativity-'));
  try {
    const input = path.join(work, 'src');
    stageSources(sources, input);
    const csv = path.join(work, 'findings.csv');
    const run = runTool(process.execPath, [cli, '-i', input, '-e', electronVersion, '-o', csv, '-r', '-x', EXCLUDED_CHECKS.join(',')], { cwd: work, timeoutMs: 120_000 });
    if (!fs.existsSync(csv)) return result(name, [`electronegativity wrote no report (exit ${run.code}): ${(run.stderr || run.stdout).trim().slice(0, 400)}`]);
    const unparsed = parseErrors(run.stdout + run.stderr).map((l) => `electronegativity could not read a file, so its findings are unknown: ${l.trim()}`);
    const { problems, notes } = judgeFindings(parseFindings(fs.readFileSync(csv, 'utf8')));
    return result(name, [...unparsed, ...problems], [`Electron ${electronVersion}; not run: ${EXCLUDED_CHECKS.join(', ')} (needs the network)`, ...notes]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
