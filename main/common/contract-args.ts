// Argument schemas of the contract's methods: every transport validates a call
// against these before it runs a service (the renderer is not trusted).
import { z } from 'zod';
import { STUDIO_METHODS, type StudioApi, type StudioMethod } from './contract.js';
import { LABEL_MAX } from './latency/result.js';
import { LOADS, SECONDS_RANGE } from './latency/types.js';
import { PLAN_SCHEMA, pciAddress, usbId, usbSerial } from './plan.js';
import { REPORT_FORMATS } from './report/types.js';

/** Largest report.json "Open report" accepts (as main/probe/open.ts MAX_REPORT_BYTES). */
export const MAX_OPEN_REPORT = 64 * 1024 * 1024;
/** Longest name of a USB socket. */
export const PORT_LABEL_MAX = 40;

const chainDevice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pci'), controller: pciAddress }).strict(),
  z.object({ kind: z.literal('usb'), id: usbId, serial: usbSerial.optional() }).strict(),
]);
const choices = z
  .object({
    interface: z.number().int().min(0).max(255).nullable(),
    disk: z.array(chainDevice).max(8),
    midi: z.array(chainDevice).max(8),
    fixes: z.array(z.string().regex(/^[a-z0-9._-]{1,64}$/, 'a finding id')).max(64),
  })
  .strict();
// Printable text only: control and format characters never reach a file or the page.
const text = (max: number) => z.string().max(max).regex(/^[^\p{Cc}\p{Cf}]*$/u, 'no control characters');

/** A socket's controller key: a PCI address, or `busN` when only the bus is known. */
export const PORT_CONTROLLER = /^(?:[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]|bus\d{1,3})$/;
/** A port path below the root hub (`2`, `1.4`). */
export const PORT_PATH = /^\d{1,3}(?:\.\d{1,3}){0,6}$/;

/** Argument schemas: every transport validates calls against these before running a service. */
export const ARG_SCHEMAS = {
  sourceInfo: z.tuple([]),
  scan: z.tuple([]),
  chainDevices: z.tuple([]),
  plan: z.tuple([choices]),
  apply: z.tuple([PLAN_SCHEMA]),
  revert: z.tuple([]),
  status: z.tuple([]),
  latencyRun: z.tuple([
    z
      .object({
        seconds: z.number().int().min(SECONDS_RANGE.min).max(SECONDS_RANGE.max),
        load: z.enum(LOADS),
        label: text(LABEL_MAX),
      })
      .strict(),
  ]),
  latencyCancel: z.tuple([]),
  latencyList: z.tuple([]),
  portLabels: z.tuple([]),
  setPortLabel: z.tuple([z.string().regex(PORT_CONTROLLER), z.string().regex(PORT_PATH), text(PORT_LABEL_MAX)]),
  report: z.tuple([z.enum(REPORT_FORMATS), z.object({ redact: z.boolean().optional(), plan: PLAN_SCHEMA.optional() }).strict()]),
  openReport: z.tuple([text(255), z.string().max(MAX_OPEN_REPORT)]),
  closeReport: z.tuple([]),
  simulateReplug: z.tuple([]),
} as const satisfies Record<StudioMethod, z.ZodTuple>;

// Compile-time check: what a schema accepts is what the method takes.
type Disagree = { [K in StudioMethod]: z.infer<(typeof ARG_SCHEMAS)[K]> extends Parameters<StudioApi[K]> ? never : K }[StudioMethod];
const _schemasAgree: [Disagree] extends [never] ? true : Disagree = true;
void _schemasAgree;

/** Validate the arguments of a call; returns the parsed arguments or an error message. */
export function validateArgs(method: string, args: unknown): { ok: true; method: StudioMethod; args: unknown[] } | { ok: false; error: string } {
  if (!(STUDIO_METHODS as readonly string[]).includes(method)) return { ok: false, error: `unknown method ${JSON.stringify(method).slice(0, 60)}` };
  const m = method as StudioMethod;
  const parsed = ARG_SCHEMAS[m].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: `bad arguments for ${m}: ${where}${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, method: m, args: parsed.data as unknown[] };
}
