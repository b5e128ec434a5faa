// The main window: sandboxed, isolated, no Node in the renderer, no navigation,
// no new windows. The renderer's CSP is in renderer/index.html.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, shell } from 'electron';

/** Absolute path of the built renderer's index.html. */
export function rendererIndex(distDir: string): string {
  return path.join(distDir, 'renderer', 'index.html');
}

/** Create the main window (hidden until ready). */
export function createMainWindow(distDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Studio Setup',
    backgroundColor: '#1b1d23',
    webPreferences: {
      preload: path.join(distDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const allowed = pathToFileURL(rendererIndex(distDir)).href;
  win.webContents.on('will-navigate', (e, url) => {
    if (url !== allowed) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(rendererIndex(distDir));
  return win;
}
