// The plan: typed, validated data and the only thing that crosses into root.
// IRQ targets name devices by what survives reboots and hotplug (a controller's
// PCI address, a USB device's vendor:product), never an IRQ number or a PID;
// they are resolved to threads afresh at every apply, boot, resume and hotplug.
// The helper validates the plan again with PLAN_SCHEMA before touching anything.
import { z } from 'zod';
import { CONFLICTING_UNITS, KERNEL_PARAMS, SYSCTL_KEYS, type Fix } from './findings.js';

/** Identifies a plan document. */
export const PLAN_FORMAT = 'studio-setup-plan';

/** Roles on the audio chain, highest priority first. */
export const ROLES = ['interface', 'disk', 'midi'] as const;
/** A device's role in the audio chain. */
export type Role = (typeof ROLES)[number];

/** Highest priority the plan may give (99 is left to the kernel's own watchdog/migration threads). */
export const MAX_PRIORITY = 98;
/** Lowest: one above the kernel's default for IRQ threads (50), so a planned thread always outranks the rest. */
export const MIN_PRIORITY = 51;

/** A PCI address as the plan names controllers (`0000:00:14.0`). */
export const pciAddress = z.string().regex(/^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/, 'a PCI address like 0000:00:14.0');
/** A USB vendor:product id (`1235:8210`). */
export const usbId = z.string().regex(/^[0-9a-f]{4}:[0-9a-f]{4}$/, 'a USB id like 1235:8210');
// Serial numbers are free text in USB descriptors: only a shell-inert subset is kept.
/** A USB serial number, shell-inert. */
export const usbSerial = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (at most 64)');
const priority = z.number().int().min(MIN_PRIORITY).max(MAX_PRIORITY);
const role = z.enum(ROLES);
// Shown to the user only; never written to a shell or a config file.
const reason = z.string().max(300);

const targetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pci'), controller: pciAddress, role, priority, reason }).strict(),
  z.object({ kind: z.literal('usb'), id: usbId, serial: usbSerial.optional(), role, priority, reason }).strict(),
]);

const fixSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('kernel-params'), add: z.array(z.enum(KERNEL_PARAMS)).min(1).max(KERNEL_PARAMS.length) }).strict(),
  z
    .object({
      action: z.literal('rt-limits'),
      group: z.literal('audio'),
      rtprio: z.number().int().min(1).max(99),
      memlock: z.literal('unlimited'),
    })
    .strict(),
  z.object({ action: z.literal('audio-group'), group: z.literal('audio') }).strict(),
  z.object({ action: z.literal('cpu-governor'), governor: z.literal('performance') }).strict(),
  z.object({ action: z.literal('sysctl'), key: z.enum(SYSCTL_KEYS), value: z.number().int().min(0).max(16 * 1024 * 1024) }).strict(),
  z.object({ action: z.literal('usb-autosuspend'), id: usbId }).strict(),
  z.object({ action: z.literal('cpu-dma-latency'), group: z.literal('audio') }).strict(),
  z.object({ action: z.literal('disable-service'), unit: z.enum(CONFLICTING_UNITS) }).strict(),
]);

/** A Unix user name as useradd accepts it (the audio-group fix adds this user). */
export const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/** The plan document, strictly: unknown keys, wrong types and out-of-range values are refused. */
export const PLAN_SCHEMA = z
  .object({
    format: z.literal(PLAN_FORMAT),
    version: z.literal(1),
    createdAt: z.string().max(40),
    user: z.string().regex(USER_NAME, 'a Unix user name').optional(),
    targets: z.array(targetSchema).max(32),
    fixes: z.array(fixSchema).max(16),
  })
  .strict();

/** An IRQ target: a device by stable identity, with its SCHED_FIFO priority. */
export type IrqTarget = z.infer<typeof targetSchema>;
/** A validated plan. */
export type Plan = z.infer<typeof PLAN_SCHEMA>;

// The schema and the Fix type must describe the same thing.
type SameFix = z.infer<typeof fixSchema> extends Fix ? (Fix extends z.infer<typeof fixSchema> ? true : never) : never;
const _fixesAgree: SameFix = true;
void _fixesAgree;

/** What makes two fixes the same change (a plan holds each at most once). */
export function fixKey(f: Fix): string {
  if (f.action === 'sysctl') return `sysctl:${f.key}`;
  if (f.action === 'usb-autosuspend') return `usb-autosuspend:${f.id}`;
  if (f.action === 'disable-service') return `disable-service:${f.unit}`;
  return f.action;
}

/** Largest plan document accepted (bytes of JSON). */
export const MAX_PLAN_BYTES = 32 * 1024;

/** Parse and validate a plan from JSON text; returns the plan or a one-line reason. */
export function parsePlan(text: string): { ok: true; plan: Plan } | { ok: false; error: string } {
  if (text.length > MAX_PLAN_BYTES) return { ok: false, error: `plan too large (${text.length} bytes, at most ${MAX_PLAN_BYTES})` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'plan is not JSON' };
  }
  const r = PLAN_SCHEMA.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, error: `invalid plan: ${i ? `${i.path.join('.') || 'document'}: ${i.message}` : 'invalid'}` };
  }
  const actions = r.data.fixes.map((f) => fixKey(f));
  const dup = actions.find((a, i) => actions.indexOf(a) !== i);
  if (dup) return { ok: false, error: `invalid plan: fix ${dup} appears twice` };
  return { ok: true, plan: r.data };
}
