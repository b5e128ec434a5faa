// The sandboxed preload: exposes exactly the contract's methods as `window.studio`,
// each an ipcRenderer.invoke on its channel. Nothing else crosses.
import { contextBridge, ipcRenderer } from 'electron';
import { STUDIO_METHODS, channel, type StudioApi } from '../common/contract.js';

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

contextBridge.exposeInMainWorld('studio', api);
