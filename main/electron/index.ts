// Electron main process entry: one instance, one window, the contract over IPC.
//   studio-setup-app [--from DIR|REPORT.json] [--demo]
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, ipcMain, session, type BrowserWindow } from 'electron';
import { EVENT_CHANNEL } from '../common/contract.js';
import { createServices } from '../services.js';
import { findDemo } from '../services/sources.js';
import { senderCheck, setupIpc } from './ipc.js';
import { electronPdf } from './pdf.js';
import { hardenContents } from './harden.js';
import { createMainWindow, rendererIndex } from './window.js';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fromArgument(argv: string[]): string | undefined {
  const i = argv.indexOf('--from');
  return i >= 0 ? argv[i + 1] : undefined;
}

// Every renderer sandboxed, whatever a window's own options say.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  // Every web contents (the window, the PDF printer, anything else): no navigation away, no new windows, no webviews.
  app.on('web-contents-created', (_e, contents) => hardenContents(contents, pathToFileURL(rendererIndex(distDir)).href));
  void app.whenReady().then(() => {
    // Deny every permission request and check (camera, notifications, ...): the app needs none.
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    const demo = process.argv.includes('--demo') ? findDemo() : null;
    // PDF exports print through this Electron's own Chromium (the web mode falls back to the browser's print).
    const services = createServices(demo ? undefined : fromArgument(process.argv), { pdf: electronPdf, ...(demo ? { demo } : {}) });
    const origin = pathToFileURL(rendererIndex(distDir)).href;
    setupIpc(ipcMain, services, senderCheck(() => win?.webContents.id ?? null, origin));
    win = createMainWindow(distDir);
    const unsubscribe = services.subscribe((e) => win?.webContents.send(EVENT_CHANNEL, e));
    win.on('closed', () => {
      unsubscribe();
      services.close();
      win = null;
    });
  });
  app.on('window-all-closed', () => app.quit());
}
