// The sandboxed preload: exposes exactly the contract — its methods as
// `window.studio` (each an ipcRenderer.invoke on its channel) and its events as
// `window.studioEvents`. Nothing else crosses.
import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, STUDIO_METHODS, channel, type StudioApi, type StudioEvent, type StudioEvents } from '../common/contract.js';

type Reply = { ok: true; value: unknown } | { ok: false; error: string };

const api = Object.fromEntries(
  STUDIO_METHODS.map((m) => [
    m,
    async (...args: unknown[]) => {
      const reply = (await ipcRenderer.invoke(channel(m), ...args)) as Reply;
      if (!reply.ok) throw new Error(reply.error);
      return reply.value;
    },
  ]),
) as unknown as StudioApi;

const events: StudioEvents = {
  subscribe(listener) {
    const handler = (_e: unknown, event: StudioEvent): void => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('studio', api);
contextBridge.exposeInMainWorld('studioEvents', events);
