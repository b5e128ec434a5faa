// PDF in the app: the HTML report printed by Electron's own Chromium
// (webContents.printToPDF) in a hidden window that runs no script and may load
// nothing but the report file itself, in a private in-memory session.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session } from 'electron';

// An in-memory partition (no "persist:" prefix): nothing of it reaches the disk.
const PARTITION = 'studio-setup-report-pdf';

/** Print an HTML report to PDF bytes (A4, backgrounds on, the report's own print CSS). */
export async function electronPdf(html: string): Promise<Uint8Array> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-setup-pdf-'));
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, html, { mode: 0o600 });
  const url = pathToFileURL(file).href;
  const ses = session.fromPartition(PARTITION);
  ses.webRequest.onBeforeRequest((details, cb) => cb({ cancel: details.url !== url }));
  ses.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  const win = new BrowserWindow({
    show: false,
    webPreferences: { session: ses, javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false, disableBlinkFeatures: 'Auxclick' },
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  try {
    await win.loadURL(url);
    const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false });
    return new Uint8Array(pdf);
  } finally {
    win.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
