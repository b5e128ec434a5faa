// The renderer's only way out: the contract, over Electron's preload bridge
// (window.studio) or, in web mode, over the loopback HTTP bridge with the token
// from the page address (#token=...). Typed from main/common/contract.ts.
import { STUDIO_METHODS, type StudioApi, type StudioEvent, type StudioEvents } from '../../main/common/contract.js';

declare global {
  interface Window {
    studio?: StudioApi;
    studioEvents?: StudioEvents;
  }
}

type Reply = { ok: true; value: unknown } | { ok: false; error: string };

function webApi(token: string): StudioApi {
  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    const res = await fetch('/api/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Studio-Token': token },
      body: JSON.stringify({ method, args }),
    });
    if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    const reply = (await res.json()) as Reply;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  return Object.fromEntries(STUDIO_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)])) as unknown as StudioApi;
}

function webEvents(token: string): StudioEvents {
  return {
    subscribe(listener) {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (m) => listener(JSON.parse(m.data as string) as StudioEvent);
      return () => source.close();
    },
  };
}

/** The contract (methods and events) as this renderer reaches it. */
export function connect(): { api: StudioApi; events: StudioEvents } {
  if (window.studio && window.studioEvents) return { api: window.studio, events: window.studioEvents };
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token) {
    // Keep the token for reloads of this tab, but out of the visible address.
    sessionStorage.setItem('studio-token', token);
    history.replaceState(null, '', location.pathname);
  }
  const saved = token ?? sessionStorage.getItem('studio-token');
  if (!saved) throw new Error('This page needs the address printed by "studio-setup --web" (it carries the access token).');
  return { api: webApi(saved), events: webEvents(saved) };
}
