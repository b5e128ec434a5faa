// What the services read: the source the app was started on (this computer, a
// bundle, a report), someone's report opened in its place ("Open report",
// read-only), or — the demo — the demo bundle's second state once "Simulate
// moving the interface" swapped it in. Reports bring what they measured,
// planned and applied; those are read back here, each part validated.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { SourceInfo } from '../common/contract.js';
import { RESULT_SCHEMA, type LatencyResult } from '../common/latency/result.js';
import { PLAN_SCHEMA, type Plan } from '../common/plan.js';
import type { AppliedStatus } from '../common/report/types.js';
import { MAX_REPORT_BYTES, openSource, SourceError, sourceFromReportJson } from '../probe/open.js';
import { DirSource, type Source } from '../probe/source.js';

/** What a report brings besides its bundle. */
export interface ReportExtras {
  name: string;
  createdAt: string | null;
  redacted: boolean;
  latency: LatencyResult[];
  plan: Plan | null;
  applied: AppliedStatus | null;
}

const applied = z.object({
  applied: z.boolean(),
  state: z.string().max(40).nullable(),
  createdAt: z.string().max(64).nullable(),
  plan: PLAN_SCHEMA.nullable(),
  files: z.array(z.object({ path: z.string().max(4096), state: z.enum(['ok', 'changed', 'missing']) })).max(1000),
  threads: z
    .array(
      z.object({
        pid: z.number().int(),
        comm: z.string().max(64),
        controller: z.string().max(64),
        now: z.object({ policy: z.string().max(16), priority: z.number().int() }),
        planned: z.number().int(),
        ok: z.boolean(),
      }),
    )
    .max(1000)
    .nullable(),
  unresolved: z.array(z.string().max(1000)).max(100),
  rebootPending: z.array(z.string().max(100)).max(20),
  notes: z.array(z.string().max(1000)).max(100),
});
const extrasSchema = z.object({
  createdAt: z.string().max(64).optional(),
  redacted: z.boolean().optional(),
  plan: z.unknown().optional(),
  applied: z.unknown().optional(),
  latency: z.object({ results: z.array(z.unknown()).max(100) }).optional(),
});

/** A report's text → its source and extras (a part that does not validate is left out, never trusted). */
export function readReport(name: string, text: string): { source: Source; extras: ReportExtras } {
  if (text.length > MAX_REPORT_BYTES) throw new SourceError(`${name} is too large for a report`);
  const source = sourceFromReportJson(text, name);
  const doc = extrasSchema.safeParse(JSON.parse(text));
  const d = doc.success ? doc.data : {};
  const plan = PLAN_SCHEMA.safeParse(d.plan);
  const app = applied.safeParse(d.applied);
  const latency = (d.latency?.results ?? []).flatMap((r) => {
    const ok = RESULT_SCHEMA.safeParse(r);
    return ok.success ? [ok.data] : [];
  });
  return {
    source,
    extras: {
      name,
      createdAt: d.createdAt ?? null,
      redacted: d.redacted === true,
      latency,
      plan: plan.success ? plan.data : null,
      applied: app.success ? app.data : null,
    },
  };
}

/** The demo's two states (bundle directories). */
export interface DemoDirs {
  bundle: string;
  replug: string;
}

/** The repository's demo/ (next to app/ when run from the build, or from the sources); null when not shipped. */
export function findDemo(from: string = path.dirname(fileURLToPath(import.meta.url))): DemoDirs | null {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const bundle = path.join(dir, 'demo', 'bundle');
    if (fs.existsSync(path.join(bundle, 'proc', 'interrupts'))) return { bundle, replug: path.join(dir, 'demo', 'replug') };
    dir = path.dirname(dir);
  }
  return null;
}

/** The source the services read now, and how it came to be. */
export class SourceState {
  private readonly original: Source;
  private readonly originalExtras: ReportExtras | null;
  private current: Source;
  private extras: ReportExtras | null;
  private opened = false;
  private replugged = false;

  constructor(
    from: Source | string | undefined,
    private readonly demo: DemoDirs | null = null,
  ) {
    if (demo) this.original = new DirSource(demo.bundle);
    else if (typeof from === 'string' && fs.statSync(from).isFile()) {
      const r = readReport(path.basename(from), fs.readFileSync(from, 'utf8'));
      this.original = r.source;
      this.originalExtras = r.extras;
    } else this.original = typeof from === 'object' ? from : openSource(from);
    this.originalExtras ??= null;
    this.current = this.original;
    this.extras = this.originalExtras;
  }

  /** The source read now. */
  get source(): Source {
    return this.current;
  }

  /** A report's plan, applied state and measurements (null for a machine or a bundle). */
  get report(): ReportExtras | null {
    return this.extras;
  }

  /** What the renderer is told about the source. */
  info(): SourceInfo {
    const src = this.current;
    const label = this.demo && !this.opened ? `the demo machine (a capture of the project's QEMU test machine${this.replugged ? ', interface moved' : ''})` : labelOf(src);
    return {
      kind: src.kind,
      label,
      apply: src.kind === 'live' ? 'system' : src.kind === 'bundle' ? 'rehearsal' : 'none',
      demo: this.demo && !this.opened ? { replugged: this.replugged } : null,
      openedReport: this.opened && this.extras ? { name: this.extras.name, createdAt: this.extras.createdAt, redacted: this.extras.redacted } : null,
      // The client runs the helper directly when this process is root (main/privileged/client.ts).
      asksPassword: src.kind === 'live' && process.getuid?.() !== 0,
      canMeasure: src.kind !== 'report',
    };
  }

  /** Which machine socket labels belong to: this computer, the demo (both its states), or the capture or report by name. */
  machineKey(): string {
    if (this.current.kind === 'live') return 'this computer';
    if (this.demo && !this.opened) return 'demo';
    return labelOf(this.current);
  }

  /** Read someone's report instead (throws SourceError with a readable message). */
  openReport(name: string, text: string): void {
    let parsed: ReturnType<typeof readReport>;
    try {
      parsed = readReport(path.basename(name) || 'report.json', text);
    } catch (e) {
      if (e instanceof SyntaxError) throw new SourceError(`${name} is not JSON`);
      throw e;
    }
    this.current = parsed.source;
    this.extras = parsed.extras;
    this.opened = true;
  }

  /** Back to the original source (the demo in the state it was left in). */
  closeReport(): void {
    this.opened = false;
    this.extras = this.originalExtras;
    this.current = this.demo ? new DirSource(this.replugged ? this.demo.replug : this.demo.bundle) : this.original;
  }

  /** Demo only: swap between the demo's two states; returns the sources before and after. */
  replug(): { before: Source; after: Source } {
    if (!this.demo) throw new Error('"Simulate moving the interface" is only offered in the demo');
    if (this.opened) throw new Error('close the opened report first');
    const before = this.current;
    this.replugged = !this.replugged;
    this.current = new DirSource(this.replugged ? this.demo.replug : this.demo.bundle);
    return { before, after: this.current };
  }
}

function labelOf(src: Source): string {
  if (src.kind === 'live') return 'this computer';
  const name = src.label.replace(/^(bundle|report)\s+/, '').replace(/\/+$/, '').split('/').pop() ?? '';
  return src.kind === 'bundle' ? `the capture ${name}` : `the report ${name}`;
}
