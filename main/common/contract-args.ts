// Argument schemas of the contract's methods: every transport validates a call
// against these before it runs a service (the renderer is not trusted).
import { z } from 'zod';
import { STUDIO_METHODS, type StudioMethod } from './contract.js';
import { PLAN_SCHEMA } from './plan.js';
import { REPORT_FORMATS } from './report/types.js';

/** Argument schemas: every transport validates calls against these before running a service. */
export const ARG_SCHEMAS = {
  sourceInfo: z.tuple([]),
  scan: z.tuple([]),
  report: z.tuple([z.enum(REPORT_FORMATS), z.object({ redact: z.boolean().optional(), plan: PLAN_SCHEMA.optional() }).strict()]),
} as const satisfies Record<StudioMethod, z.ZodTuple>;

/** Validate the arguments of a call; returns the parsed arguments or an error message. */
export function validateArgs(method: string, args: unknown): { ok: true; method: StudioMethod; args: unknown[] } | { ok: false; error: string } {
  if (!(STUDIO_METHODS as readonly string[]).includes(method)) return { ok: false, error: `unknown method ${JSON.stringify(method).slice(0, 60)}` };
  const m = method as StudioMethod;
  const parsed = ARG_SCHEMAS[m].safeParse(args);
  if (!parsed.success) return { ok: false, error: `bad arguments for ${m}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  return { ok: true, method: m, args: parsed.data as unknown[] };
}
