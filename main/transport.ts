// What every transport does with a call: validate the method and its arguments
// against the contract, run the service, and turn failures into plain messages.
import type { StudioApi } from './common/contract.js';
import { validateArgs } from './common/contract-args.js';

/** Outcome of one call, as it crosses a transport. */
export type CallResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Validate and dispatch one call to the services. */
export async function dispatch(services: StudioApi, method: string, args: unknown): Promise<CallResult> {
  const v = validateArgs(method, args);
  if (!v.ok) return v;
  try {
    const fn = services[v.method] as (...a: unknown[]) => Promise<unknown>;
    return { ok: true, value: await fn.apply(services, v.args) };
  } catch (e) {
    return { ok: false, error: (e as Error).message || String(e) };
  }
}
