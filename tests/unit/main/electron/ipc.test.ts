// The IPC layer with a fake ipcMain: one handler per contract method (no more,
// no fewer), every one refusing other senders and validating its arguments
// before anything runs.
import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { STUDIO_METHODS, channel, type StudioApi } from '../../../../main/common/contract.js';
import { senderCheck, setupIpc, type IpcMainLike } from '../../../../main/electron/ipc.js';

type Handler = Parameters<IpcMainLike['handle']>[1];

function fakeIpc() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (ch: string, fn: Handler) => {
      if (handlers.has(ch)) throw new Error(`second handler for ${ch}`);
      handlers.set(ch, fn);
    },
  };
}
const calls: string[] = [];
// Every method answers its own name, so a test sees which one ran.
const services = Object.fromEntries(
  STUDIO_METHODS.map((m) => [
    m,
    async () => {
      calls.push(m);
      return m;
    },
  ]),
) as unknown as StudioApi;
const ORIGIN = 'file:///opt/studio/app/dist/renderer/index.html';
const event = (over: { id?: number; url?: string; parent?: object | null } = {}) =>
  ({
    sender: { id: over.id ?? 7 },
    senderFrame: { url: over.url ?? ORIGIN, parent: over.parent ?? null },
  }) as unknown as IpcMainInvokeEvent;

// Arguments each method accepts (validated against the contract's schemas).
const PLAN = { format: 'studio-setup-plan', version: 1, createdAt: '2026-11-22T00:00:00Z', targets: [], fixes: [] };
const GOOD: Record<(typeof STUDIO_METHODS)[number], unknown[]> = {
  sourceInfo: [],
  scan: [],
  chainDevices: [],
  plan: [{ interface: 2, disk: [{ kind: 'pci', controller: '0000:00:1f.2' }], midi: [{ kind: 'usb', id: '1235:8210' }], fixes: ['kernel.threaded-irqs'] }],
  apply: [PLAN],
  revert: [],
  status: [],
  latencyRun: [{ seconds: 10, load: 'none', label: 'before' }],
  latencyCancel: [],
  latencyList: [],
  portLabels: [],
  setPortLabel: ['0000:00:14.0', '1.4', 'rear left'],
  report: ['html', { redact: true, plan: PLAN }],
  openReport: ['report.json', '{}'],
  closeReport: [],
  simulateReplug: [],
};

describe('setupIpc', () => {
  const ipc = fakeIpc();
  setupIpc(ipc, services, senderCheck(() => 7, ORIGIN));

  it('registers exactly one handler per contract method', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(STUDIO_METHODS.map(channel).sort());
    expect(STUDIO_METHODS.length).toBe(16);
  });

  it.each(STUDIO_METHODS)('%s: answers our window, with valid arguments', async (m) => {
    calls.length = 0;
    expect(await ipc.handlers.get(channel(m))?.(event(), ...GOOD[m])).toEqual({ ok: true, value: m });
    expect(calls).toEqual([m]);
  });

  it.each(STUDIO_METHODS)('%s: refuses other webContents, sub-frames and foreign pages, running nothing', async (m) => {
    calls.length = 0;
    const h = ipc.handlers.get(channel(m));
    for (const e of [event({ id: 8 }), event({ parent: {} }), event({ url: 'https://evil.example/' }), event({ url: 'file:///tmp/evil.html' })]) {
      expect(await h?.(e, ...GOOD[m])).toEqual({ ok: false, error: 'untrusted sender' });
    }
    expect(calls).toEqual([]);
  });

  it.each(STUDIO_METHODS)('%s: refuses arguments the contract does not allow', async (m) => {
    calls.length = 0;
    const r = await ipc.handlers.get(channel(m))?.(event(), ...GOOD[m], { evil: true });
    expect(r?.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('refuses a hostile plan before it reaches a service', async () => {
    calls.length = 0;
    const evil = { ...PLAN, targets: [{ kind: 'pci', controller: '$(reboot)', role: 'interface', priority: 90, reason: '' }] };
    expect((await ipc.handlers.get(channel('apply'))?.(event(), evil))?.ok).toBe(false);
    expect((await ipc.handlers.get(channel('apply'))?.(event(), { ...PLAN, fixes: [{ action: 'kernel-params', add: ['init=/bin/sh'] }] }))?.ok).toBe(false);
    expect(calls).toEqual([]);
  });
});
