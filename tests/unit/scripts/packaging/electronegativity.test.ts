// The electronegativity gate: its report read strictly, HIGH and MEDIUM fail,
// LOW is printed, a file it could not parse fails; and the real tool on a
// deliberately bad window, and on the app's own sources.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkElectronegativity, judgeFindings, parseReport } from '../../../../scripts/packaging/electronegativity.js';

const REPO = path.resolve(import.meta.dirname, '../../../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const finding = (issue: string, severity: string, confidence = 'FIRM') => ({ issue, severity, confidence, file: 'main/electron/window.ts', line: 14, column: 14, sample: 'new BrowserWindow({', description: 'why' });

function sources(files: Record<string, string>): string {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-eng-'));
  dirs.push(src);
  for (const d of ['main/electron', 'main/preload', 'renderer']) fs.mkdirSync(path.join(src, d), { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(src, f), text);
  return src;
}

describe('electronegativity report', () => {
  it('a HIGH finding fails, a MEDIUM one fails, a LOW one is only printed', () => {
    const { findings, unparsed } = parseReport(JSON.stringify({ issues: [finding('CONTEXT_ISOLATION_JS_CHECK', 'HIGH'), finding('PRELOAD_JS_CHECK', 'MEDIUM'), finding('CSP_GLOBAL_CHECK', 'LOW')], errors: [] }));
    expect(unparsed).toEqual([]);
    const verdict = judgeFindings(findings);
    expect(verdict.problems).toEqual([
      'HIGH/FIRM CONTEXT_ISOLATION_JS_CHECK at main/electron/window.ts:14:14: why — new BrowserWindow({',
      'MEDIUM/FIRM PRELOAD_JS_CHECK at main/electron/window.ts:14:14: why — new BrowserWindow({',
    ]);
    expect(verdict.notes).toHaveLength(1);
  });

  it('no findings pass; anything that is not its report is an error, not a pass', () => {
    expect(judgeFindings(parseReport('{"issues":[],"errors":[]}').findings)).toEqual({ problems: [], notes: [] });
    expect(() => parseReport('{}')).toThrow(/not an electronegativity report/);
    expect(() => parseReport('issue, severity\n')).toThrow();
    expect(() => parseReport(JSON.stringify({ issues: [{ issue: 'X' }], errors: [] }))).toThrow(/without a severity/);
  });

  it('keeps the files it could not parse', () => {
    expect(parseReport(JSON.stringify({ issues: [], errors: [{ file: 'main/electron/x.ts', message: 'Unexpected token', tolerable: false }] })).unparsed).toEqual(['main/electron/x.ts: Unexpected token']);
  });
});

describe('electronegativity on sources', { timeout: 120_000 }, () => {
  it('the app`s own Electron sources have no high or medium finding', () => {
    expect(checkElectronegativity(REPO).problems).toEqual([]);
  });

  it('fails on a window without context isolation, navigation limits or CSP', () => {
    const src = sources({
      'main/electron/index.ts':
        "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\nvoid w.loadURL('http://example.com');\n",
      'renderer/index.html': '<!doctype html><html><body></body></html>\n',
    });
    const said = checkElectronegativity(REPO, src).problems.join('\n');
    expect(said).toMatch(/HIGH\/\w+ CONTEXT_ISOLATION_JS_CHECK at main\/electron\/index.ts:2:/);
    expect(said).toMatch(/HIGH\/\w+ LIMIT_NAVIGATION_GLOBAL_CHECK/);
    expect(said).toMatch(/MEDIUM\/\w+ CSP_GLOBAL_CHECK/);
  });

  it('fails when it cannot parse a source file', () => {
    const src = sources({ 'main/electron/index.ts': 'export const = ;;; {{\n', 'renderer/index.html': fs.readFileSync(path.join(REPO, 'renderer/index.html'), 'utf8') });
    expect(checkElectronegativity(REPO, src).problems.join('\n')).toMatch(/could not parse a file.*main\/electron\/index.ts/);
  });
});
