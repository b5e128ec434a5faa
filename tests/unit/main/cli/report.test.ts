import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../../main/cli/index.js';
import { formatOfName } from '../../../../main/cli/report.js';
import { findChromium } from '../../../../main/report/pdf.js';
import { captureIo } from '../../helpers/io.js';

const BUNDLES = path.resolve(import.meta.dirname, '../../../fixtures/bundles');
const LAB = path.join(BUNDLES, 'lab-rt-6.1');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-report-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const run = async (...argv: string[]) => {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, ...io };
};

describe('studio-setup report', () => {
  it('prints Markdown by default: the verdict right under the title', async () => {
    const r = await run('report', '--from', LAB);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('# Studio Setup report: Linux 6.1.0-56-rt-amd64');
    expect(lines[2]).toMatch(/^\*\*Almost ready:\*\* Works, with these 2 things to fix first/);
  });

  it('writes JSON that `scan --from` reads back to the same analysis', async () => {
    const file = path.join(tmp, 'lab.json');
    const w = await run('report', '--from', LAB, '--format', 'json', '-o', file);
    expect(w.code).toBe(0);
    expect(w.stdout).toMatch(/^wrote .*lab\.json \(json, \d+ KiB; redacted: /);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({ format: 'studio-setup-report', version: 1, redacted: true });
    expect(Object.keys(doc)).toEqual(['format', 'version', 'createdAt', 'generator', 'redacted', 'redaction', 'machine', 'scan', 'bundle']);
    const direct = JSON.parse((await run('scan', '--from', LAB, '--json')).stdout);
    const reread = JSON.parse((await run('scan', '--from', file, '--json')).stdout);
    const strip = (s: Record<string, unknown>) => ({ ...s, source: null, takenAt: null });
    // The lab's host name ("lab") is redacted in the bundle: it shows in the kernel identity only.
    expect(strip(reread)).toEqual(strip({ ...direct, kernel: { ...direct.kernel, hostname: '<host>', uname: direct.kernel.uname.replace(' lab ', ' <host> ') } }));
  });

  it('takes the format from the file name, HTML to stdout, and keeps everything with --no-redact', async () => {
    expect([formatOfName('a.htm'), formatOfName('b.markdown'), formatOfName('c.PDF'), formatOfName('d.txt'), formatOfName(undefined)]).toEqual(['html', 'md', 'pdf', null, null]);
    const html = await run('report', '--from', LAB, '--format', 'html');
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    const file = path.join(tmp, 'raw.md');
    expect((await run('report', '--from', LAB, '-o', file, '--no-redact')).stdout).toMatch(/\(md, \d+ KiB; NOT redacted\)/);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/Not redacted/);
  });

  it('refuses unusable arguments and unreadable or foreign --from with exit 2 and one line', async () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, '{"format": "studio-setup-report", "version": 1}');
    const cases = [
      [['report', '--format', 'docx', '--from', LAB], /--format must be one of html, md, json, pdf, not docx/],
      [['report', '--format', 'pdf', '--from', LAB], /--format pdf needs -o FILE/],
      [['report', '--from', '/nonexistent'], /cannot read --from \/nonexistent: ENOENT/],
      [['report', '--from', bad], /bad\.json is not a Studio Setup report \(bundle: /],
      [['report', '--from', LAB, '-o', path.join(tmp, 'no', 'such', 'dir.md')], /cannot write .*dir\.md: ENOENT/],
      [['report', 'extra'], /unexpected argument: extra/],
      [['report', '--from', LAB, '--latency', 'before'], /--latency is for a report of this machine/],
    ] as const;
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('says how to get a PDF when no Chromium is found (exit 1)', async () => {
    const saved = process.env.STUDIO_SETUP_CHROMIUM;
    process.env.STUDIO_SETUP_CHROMIUM = '/nonexistent/chromium';
    try {
      const r = await run('report', '--from', LAB, '-o', path.join(tmp, 'x.pdf'));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no Chromium found to print the PDF with .*STUDIO_SETUP_CHROMIUM.*--format html/);
      expect(fs.existsSync(path.join(tmp, 'x.pdf'))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.STUDIO_SETUP_CHROMIUM;
      else process.env.STUDIO_SETUP_CHROMIUM = saved;
    }
  });

  it.skipIf(findChromium() === null)('prints a PDF through Chromium', async () => {
    const file = path.join(tmp, 'lab.pdf');
    const r = await run('report', '--from', LAB, '-o', file);
    expect(r.code, r.stderr).toBe(0);
    const pdf = fs.readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
  });
});
