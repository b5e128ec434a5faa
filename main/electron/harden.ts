// What every web contents of the app may not do: navigate anywhere but the
// renderer's own page, open windows (https links go to the user's browser),
// attach webviews, or follow a dropped file. Applied from app's
// `web-contents-created`, so no window can be made without it.
import { shell, type WebContents } from 'electron';

/** The part of WebContents hardening touches (tests pass a fake). */
export type Hardenable = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Is `url` the app's own page (the renderer's index.html, any fragment)? */
export function isOwnPage(url: string, allowed: string): boolean {
  return url === allowed || url.startsWith(`${allowed}#`);
}

// electronegativity OPEN_EXTERNAL_JS_CHECK (review openExternal): the only caller is the
// window-open handler below, which passes nothing but https:// URLs (no file:, smb:, or
// custom schemes that could start a local program); the renderer cannot call it.
/** Block navigation, redirects, new windows and webviews on `contents`. */
export function hardenContents(contents: Hardenable, allowed: string, openExternal: (url: string) => void = (u) => void shell.openExternal(u)): void { // eng-disable OPEN_EXTERNAL_JS_CHECK
  const block = (e: { preventDefault(): void }, url: string): void => {
    if (!isOwnPage(url, allowed)) e.preventDefault();
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-frame-navigate', (e) => {
    if (!e.isMainFrame || !isOwnPage(e.url, allowed)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Documentation links open in the user's browser, never inside the app.
    if (/^https:\/\/[^\s]+$/.test(url)) openExternal(url);
    return { action: 'deny' };
  });
}
