import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { STUDIO_METHODS, channel, type StudioApi } from '../../../../main/common/contract.js';
import { senderCheck, setupIpc, type IpcMainLike } from '../../../../main/electron/ipc.js';

type Handler = Parameters<IpcMainLike['handle']>[1];

function fakeIpc() {
  const handlers = new Map<string, Handler>();
  return { handlers, handle: (ch: string, fn: Handler) => void handlers.set(ch, fn) };
}
const services = {
  sourceInfo: async () => ({ kind: 'live', label: 'this machine' }),
  scan: async () => ({ schema: 1 }),
} as unknown as StudioApi;
const ORIGIN = 'file:///opt/studio/app/dist/renderer/index.html';
const event = (over: { id?: number; url?: string; parent?: object | null } = {}) =>
  ({
    sender: { id: over.id ?? 7 },
    senderFrame: { url: over.url ?? ORIGIN, parent: over.parent ?? null },
  }) as unknown as IpcMainInvokeEvent;

describe('setupIpc', () => {
  const ipc = fakeIpc();
  setupIpc(ipc, services, senderCheck(() => 7, ORIGIN));

  it('registers exactly one handler per contract method', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(STUDIO_METHODS.map(channel).sort());
  });

  it('answers our window', async () => {
    expect(await ipc.handlers.get('studio:sourceInfo')?.(event())).toEqual({ ok: true, value: { kind: 'live', label: 'this machine' } });
  });

  it('refuses other webContents, sub-frames and foreign pages', async () => {
    const h = ipc.handlers.get('studio:scan');
    for (const e of [event({ id: 8 }), event({ parent: {} }), event({ url: 'https://evil.example/' })]) {
      expect(await h?.(e)).toEqual({ ok: false, error: 'untrusted sender' });
    }
  });

  it('validates arguments', async () => {
    const r = await ipc.handlers.get('studio:scan')?.(event(), { evil: true });
    expect(r?.ok).toBe(false);
  });
});
