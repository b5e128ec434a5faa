// The main window: sandboxed, isolated, no Node in the renderer; navigation and
// new windows are blocked for every web contents (harden.ts). The renderer's
// CSP is in renderer/index.html.
import path from 'node:path';
import { BrowserWindow, nativeTheme } from 'electron';

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
    // The page's own background (renderer/lib/theme.css), so opening does not flash the other scheme.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#f6f7f9',
    webPreferences: {
      // electronegativity PRELOAD_JS_CHECK asks for a review of every preload: this one is
      // main/preload/index.ts, which exposes only the contract's methods (derived from
      // main/common/contract.ts) through contextBridge to a sandboxed, isolated page.
      preload: path.join(distDir, 'preload', 'index.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click on a link would ask for a new window (denied in harden.ts anyway).
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(rendererIndex(distDir));
  return win;
}
