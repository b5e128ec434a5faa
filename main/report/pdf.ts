// PDF from the command line: the HTML report printed by a headless Chromium
// (the app itself uses Electron's printToPDF, main/electron/pdf.ts). The page
// has no script and loads nothing; Chromium gets a throw-away profile so it
// never touches (or waits for) the user's own browser.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** No Chromium to print with, or it failed: the message says what to do. */
export class PdfError extends Error {}

/** Browsers that print to PDF headless, in the order they are looked for on PATH. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'microsoft-edge-stable', 'brave-browser'] as const;

/** The flags every headless run gets (../shared/TOOLCHAIN.md): no sandbox (containers), no GPU, no background traffic. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pdf-header-footer',
] as const;

/** The Chromium to use: $STUDIO_SETUP_CHROMIUM, else the first of CHROMIUM_NAMES on PATH; null when none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const given = env.STUDIO_SETUP_CHROMIUM;
  if (given) return isExecutable(given) ? given : null;
  const dirs = (env.PATH ?? '').split(':').filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    for (const dir of [...dirs, '/snap/bin']) {
      const p = path.join(dir, name);
      if (isExecutable(p)) return p;
    }
  }
  return null;
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Print `html` to PDF bytes with a headless Chromium. */
export async function chromiumPdf(html: string, opts: { chromium?: string | null; timeoutMs?: number } = {}): Promise<Uint8Array> {
  const chromium = opts.chromium === undefined ? findChromium() : opts.chromium;
  if (!chromium) {
    throw new PdfError(
      `no Chromium found to print the PDF with (looked for ${CHROMIUM_NAMES.join(', ')} on PATH; set STUDIO_SETUP_CHROMIUM to a Chromium or Chrome binary). ` +
        'Or export --format html and print it from any browser (Print → Save as PDF).',
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-setup-pdf-'));
  try {
    const page = path.join(dir, 'report.html');
    const pdf = path.join(dir, 'report.pdf');
    fs.writeFileSync(page, html);
    const args = [...CHROMIUM_FLAGS, `--user-data-dir=${path.join(dir, 'profile')}`, `--print-to-pdf=${pdf}`, pathToFileURL(page).href];
    const stderr = await new Promise<string>((resolve, reject) => {
      execFile(chromium, args, { timeout: opts.timeoutMs ?? 90_000, maxBuffer: 4 * 1024 * 1024 }, (err, _out, errText) => {
        if (err && !fs.existsSync(pdf)) reject(new PdfError(`${chromium} could not print the PDF: ${err.message.split('\n')[0]}${lastLine(errText)}`));
        else resolve(errText);
      });
    });
    const bytes = fs.existsSync(pdf) ? fs.readFileSync(pdf) : null;
    if (!bytes || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new PdfError(`${chromium} wrote no PDF${lastLine(stderr)}`);
    return new Uint8Array(bytes);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function lastLine(text: string): string {
  const line = text.trim().split('\n').pop()?.trim();
  return line ? ` (${line.slice(0, 200)})` : '';
}
