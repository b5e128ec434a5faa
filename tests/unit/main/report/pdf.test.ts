import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumPdf, findChromium, PdfError } from '../../../../main/report/pdf.js';

describe('findChromium', () => {
  it('takes $STUDIO_SETUP_CHROMIUM when it is executable, else the first browser on PATH', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-chromium-'));
    const fake = path.join(dir, 'chromium-browser');
    fs.writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'chromium'), 'not executable', { mode: 0o644 });
    expect(findChromium({ PATH: dir })).toBe(fake);
    expect(findChromium({ PATH: dir, STUDIO_SETUP_CHROMIUM: fake })).toBe(fake);
    expect(findChromium({ PATH: dir, STUDIO_SETUP_CHROMIUM: path.join(dir, 'chromium') })).toBeNull();
    expect(findChromium({ PATH: path.join(dir, 'nothing') })).toBeNull();
    fs.rmSync(dir, { recursive: true });
  });
});

describe('chromiumPdf', () => {
  it('without Chromium: a PdfError that says what to do instead', async () => {
    await expect(chromiumPdf('<p>x</p>', { chromium: null })).rejects.toThrow(PdfError);
    await expect(chromiumPdf('<p>x</p>', { chromium: null })).rejects.toThrow(/STUDIO_SETUP_CHROMIUM.*--format html/);
  });

  it('a browser that writes nothing is an error, not an empty PDF', async () => {
    await expect(chromiumPdf('<p>x</p>', { chromium: '/bin/true' })).rejects.toThrow(/wrote no PDF/);
  });

  it.skipIf(findChromium() === null)('prints an HTML page to PDF bytes and leaves no temporary files', async () => {
    const before = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('studio-setup-pdf-'));
    const pdf = await chromiumPdf('<!DOCTYPE html><title>t</title><h1>Hello</h1>');
    expect(Buffer.from(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('studio-setup-pdf-'))).toEqual(before);
  });
});
