// IPC: one ipcMain.handle per contract method. Every call is checked for its
// sender (only our own top-level window frame, loaded from our own files) and
// validated against the contract's argument schemas before it runs.
import type { IpcMainInvokeEvent } from 'electron';
import { STUDIO_METHODS, channel, type StudioApi } from '../common/contract.js';
import { dispatch, type CallResult } from '../transport.js';

/** The part of ipcMain we use (tests pass a fake). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<CallResult>): void;
}

/** Decides whether an IPC event comes from our window. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Register a handler for every contract method. */
export function setupIpc(ipc: IpcMainLike, services: StudioApi, isTrusted: SenderCheck): void {
  for (const method of STUDIO_METHODS) {
    ipc.handle(channel(method), async (event, ...args) => {
      if (!isTrusted(event)) return { ok: false, error: 'untrusted sender' };
      return dispatch(services, method, args);
    });
  }
}

/** A sender check: the event's frame is the main frame of `webContentsId` and its URL starts with `origin`. */
export function senderCheck(getWebContentsId: () => number | null, origin: string): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (event.sender.id !== getWebContentsId()) return false;
    return frame.url.startsWith(origin);
  };
}
