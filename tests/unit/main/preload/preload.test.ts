// The sandboxed preload exposes exactly the contract: window.studio with one
// function per method (each an invoke on its own channel) and
// window.studioEvents with subscribe — nothing else crosses.
import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, STUDIO_METHODS, channel } from '../../../../main/common/contract.js';

const exposed = new Map<string, Record<string, unknown>>();
const invoked: unknown[][] = [];
const listeners = new Map<string, (...a: unknown[]) => void>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.set(name, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      return args[0] === 'studio:scan' ? { ok: false, error: 'no machine' } : { ok: true, value: 'v' };
    },
    on: (ch: string, fn: (...a: unknown[]) => void) => listeners.set(ch, fn),
    removeListener: (ch: string) => listeners.delete(ch),
  },
}));

describe('preload', () => {
  it('exposes the contract and nothing else', async () => {
    await import('../../../../main/preload/index.js');
    expect([...exposed.keys()].sort()).toEqual(['studio', 'studioEvents']);
    expect(Object.keys(exposed.get('studio') ?? {}).sort()).toEqual([...STUDIO_METHODS].sort());
    expect(Object.keys(exposed.get('studioEvents') ?? {})).toEqual(['subscribe']);
  });

  it('each method invokes its own channel and unwraps the reply', async () => {
    const studio = exposed.get('studio') as Record<string, (...a: unknown[]) => Promise<unknown>>;
    expect(await studio.setPortLabel?.('0000:00:14.0', '1', 'rear')).toBe('v');
    expect(invoked.at(-1)).toEqual([channel('setPortLabel'), '0000:00:14.0', '1', 'rear']);
    await expect(studio.scan?.()).rejects.toThrow('no machine');
  });

  it('events arrive on the event channel until unsubscribed', () => {
    const events = exposed.get('studioEvents') as { subscribe(l: (e: unknown) => void): () => void };
    const got: unknown[] = [];
    const off = events.subscribe((e) => got.push(e));
    listeners.get(EVENT_CHANNEL)?.({}, { type: 'latency-progress', elapsed: 1, total: 10, maxUs: null });
    expect(got).toEqual([{ type: 'latency-progress', elapsed: 1, total: 10, maxUs: null }]);
    off();
    expect(listeners.has(EVENT_CHANNEL)).toBe(false);
  });
});
