// Electron main process entry: one instance, one window, the contract over IPC.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, ipcMain, session, type BrowserWindow } from 'electron';
import { EVENT_CHANNEL } from '../common/contract.js';
import { createServices } from '../services.js';
import { openSource } from '../probe/open.js';
import { senderCheck, setupIpc } from './ipc.js';
import { electronPdf } from './pdf.js';
import { createMainWindow, rendererIndex } from './window.js';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fromArgument(argv: string[]): string | undefined {
  const i = argv.indexOf('--from');
  return i >= 0 ? argv[i + 1] : undefined;
}

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
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  void app.whenReady().then(() => {
    // Deny every permission request (camera, notifications, ...): the app needs none.
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    // PDF exports print through this Electron's own Chromium (the web mode falls back to the browser's print).
    const services = createServices(openSource(fromArgument(process.argv)), {}, { pdf: electronPdf });
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
