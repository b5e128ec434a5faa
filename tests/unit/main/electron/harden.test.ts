// Every web contents: no navigation off the app's page, no redirects, no
// frames elsewhere, no new windows (https links go to the user's browser), no
// webviews.
import { describe, expect, it, vi } from 'vitest';

// No Electron binary is needed: only `shell` is imported, and the tests pass their own opener.
vi.mock('electron', () => ({ shell: { openExternal: async () => undefined } }));

import { hardenContents, isOwnPage, type Hardenable } from '../../../../main/electron/harden.js';

const PAGE = 'file:///opt/studio/app/dist/renderer/index.html';

function fakeContents() {
  const on = new Map<string, (e: { preventDefault(): void; url?: string; isMainFrame?: boolean }, url?: string) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const contents = {
    on: (name: string, fn: never) => {
      on.set(name, fn);
      return contents;
    },
    setWindowOpenHandler: (fn: never) => {
      openHandler = fn;
    },
  } as unknown as Hardenable;
  const fire = (name: string, url: string, isMainFrame = true): boolean => {
    let prevented = false;
    on.get(name)?.({ preventDefault: () => (prevented = true), url, isMainFrame }, url);
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('hardenContents', () => {
  const opened: string[] = [];
  const f = fakeContents();
  hardenContents(f.contents, PAGE, (u) => opened.push(u));

  it('keeps navigation on the page', () => {
    expect(f.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(f.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(f.fire('will-navigate', `${PAGE}.evil`)).toBe(true);
    expect(f.fire('will-navigate', PAGE)).toBe(false);
    expect(f.fire('will-navigate', `${PAGE}#step`)).toBe(false);
    expect(f.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(f.fire('will-frame-navigate', PAGE, false)).toBe(true);
    expect(f.fire('will-frame-navigate', 'https://evil.example/', true)).toBe(true);
  });

  it('blocks webviews and every new window; https links open in the browser', () => {
    expect(f.fire('will-attach-webview', 'x')).toBe(true);
    expect(f.open('https://wiki.linuxaudio.org/')).toEqual({ action: 'deny' });
    expect(f.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(f.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://wiki.linuxaudio.org/']);
  });

  it('isOwnPage', () => {
    expect(isOwnPage(PAGE, PAGE)).toBe(true);
    expect(isOwnPage(`${PAGE}?x`, PAGE)).toBe(false);
  });
});
