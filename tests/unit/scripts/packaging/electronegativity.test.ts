// The electronegativity gate: its CSV read exactly (quoted commas, doubled
// quotes, newlines in samples), HIGH and MEDIUM fail, LOW is printed; a file
// it could not parse fails too; and the real tool on a deliberately bad window.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkElectronegativity, judgeFindings, parseCsv, parseErrors, parseFindings } from '../../../../scripts/packaging/electronegativity.js';

const REPO = path.resolve(import.meta.dirname, '../../../..');
const HEADER = 'issue, severity, confidence, filename, location, sample, description, url\n';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('electronegativity output', () => {
  it('parses quoted fields with commas, doubled quotes and newlines', () => {
    expect(parseCsv('a,"b, c","say ""hi""","two\nlines"\r\nx,y,,z\n')).toEqual([
      ['a', 'b, c', 'say "hi"', 'two\nlines'],
      ['x', 'y', '', 'z'],
    ]);
  });

  it('a HIGH finding fails, a MEDIUM one fails, a LOW one is only printed', () => {
    const csv =
      HEADER +
      'NODE_INTEGRATION_JS_CHECK,"HIGH","FIRM","main/electron/window.ts","14:14","const win = new BrowserWindow({ webPreferences: { nodeIntegration: true } })","Disable nodeIntegration for untrusted origins",https://x\n' +
      'PRELOAD_JS_CHECK,"MEDIUM","FIRM","main/electron/window.ts","24:6","preload: path.join(distDir, ""preload"", ""index.cjs""),","Review the use of preload scripts",https://x\n' +
      'CSP_GLOBAL_CHECK,"LOW","FIRM","renderer/index.html","6:0","default-src \'none\'","One or more CSP directives detected seems to be vulnerable",https://x\n';
    const findings = parseFindings(csv);
    expect(findings.map((f) => [f.issue, f.severity])).toEqual([
      ['NODE_INTEGRATION_JS_CHECK', 'HIGH'],
      ['PRELOAD_JS_CHECK', 'MEDIUM'],
      ['CSP_GLOBAL_CHECK', 'LOW'],
    ]);
    expect(findings[1]?.sample).toBe('preload: path.join(distDir, "preload", "index.cjs"),');
    const verdict = judgeFindings(findings);
    expect(verdict.problems).toHaveLength(2);
    expect(verdict.problems[0]).toMatch(/^HIGH\/FIRM NODE_INTEGRATION_JS_CHECK at main\/electron\/window.ts:14:14/);
    expect(verdict.notes).toHaveLength(1);
  });

  it('no findings: nothing to report; not its CSV: an error, not a pass', () => {
    expect(judgeFindings(parseFindings(HEADER))).toEqual({ problems: [], notes: [] });
    expect(() => parseFindings('')).toThrow(/no "issue" column/);
    expect(() => parseFindings('<html>error</html>\n')).toThrow(/no "issue" column/);
  });

  it('notices files it could not parse (their findings would be missing)', () => {
    expect(parseErrors('ok\n\u001b[31mError parsing /x/y.ts - Unexpected token\u001b[39m\nTolerable error parsing /z.js - x\n')).toHaveLength(2);
    expect(parseErrors('Could not retrieve updated translations for the current locale\n')).toEqual([]);
  });
});

describe('electronegativity on sources', () => {
  it('fails on a window without context isolation, navigation limits or CSP', () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-eng-'));
    dirs.push(src);
    fs.mkdirSync(path.join(src, 'main/electron'), { recursive: true });
    fs.mkdirSync(path.join(src, 'main/preload'), { recursive: true });
    fs.mkdirSync(path.join(src, 'renderer'));
    fs.writeFileSync(
      path.join(src, 'main/electron/index.ts'),
      "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\nvoid w.loadURL('http://example.com');\n",
    );
    fs.writeFileSync(path.join(src, 'renderer/index.html'), '<!doctype html><html><body></body></html>\n');
    const r = checkElectronegativity(REPO, src);
    const said = r.problems.join('\n');
    expect(said).toMatch(/HIGH\/\w+ CONTEXT_ISOLATION_JS_CHECK at main\/electron\/index.ts:2:/);
    expect(said).toMatch(/HIGH\/\w+ LIMIT_NAVIGATION_GLOBAL_CHECK/);
    expect(said).toMatch(/MEDIUM\/\w+ CSP_GLOBAL_CHECK/);
  });
});
