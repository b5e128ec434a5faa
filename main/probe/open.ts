// Open what `--from` names: nothing (the live machine), a bundle directory, or
// an exported report (JSON with the bundle embedded).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { REPORT_FORMAT, REPORT_VERSION } from '../common/report/types.js';
import { DirSource, LiveSource, MemorySource, type Source } from './source.js';

// capture.ts's BUNDLE_FORMAT (not imported: capture pulls in every probe).
const BUNDLE_MANIFEST = 'studio-setup-bundle';

/** Why a --from argument could not be used. */
export class SourceError extends Error {}

// Bundle data embedded in a report: relative paths → text / link target, and
// the directories that exist though empty (docs/bundle.md). The rest of the
// report (scan, plan, ...) is for people: the analysis is redone from the bundle.
const relPath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'NUL in path');
const bundleSchema = z.object({
  files: z.record(relPath, z.string().max(16 * 1024 * 1024)),
  links: z.record(relPath, z.string().max(4096)),
  dirs: z.array(relPath).max(1_000_000).optional(),
});
const reportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  version: z
    .number()
    .int()
    .min(1)
    .max(REPORT_VERSION, `version newer than ${REPORT_VERSION}: made by a newer Studio Setup, update this one to read it`),
  createdAt: z.string().max(64).optional(),
  redacted: z.boolean().optional(),
  bundle: bundleSchema,
});

// What people pass by mistake, and what to pass instead.
function foreignHint(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  if (o.format === BUNDLE_MANIFEST) return "it is a bundle's bundle.json: pass the bundle's directory instead";
  if ('audioPaths' in o && 'irqTable' in o) return 'it is `scan --json` output, which holds no capture: export a report with `studio-setup report --format json`';
  return null;
}

/** The largest report JSON accepted. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/** Read the bundle embedded in a report file's JSON text. */
export function sourceFromReportJson(text: string, label: string): Source {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SourceError(`${label} is not JSON (${(e as Error).message})`);
  }
  const hint = foreignHint(json);
  if (hint) throw new SourceError(`${label} is not a Studio Setup report: ${hint}`);
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourceError(
      // Control characters from a hostile file never reach the terminal.
      `${label} is not a Studio Setup report (${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'invalid'})`.replace(/\p{Cc}/gu, '?'),
    );
  }
  return new MemorySource(parsed.data.bundle, `report ${label}`);
}

/** Open the live machine (no argument), a bundle directory or a report file. */
export function openSource(from?: string): Source {
  if (from === undefined) return new LiveSource();
  let st: fs.Stats;
  try {
    st = fs.statSync(from);
  } catch (e) {
    throw new SourceError(`cannot read --from ${from}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (st.isDirectory()) {
    try {
      fs.readdirSync(from);
    } catch (e) {
      throw new SourceError(`cannot read --from ${from}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return new DirSource(from);
  }
  if (!st.isFile()) throw new SourceError(`--from ${from} is neither a bundle directory nor a report file`);
  if (st.size > MAX_REPORT_BYTES) throw new SourceError(`--from ${from} is too large for a report (${st.size} bytes)`);
  let text: string;
  try {
    text = fs.readFileSync(from, 'utf8');
  } catch (e) {
    throw new SourceError(`cannot read --from ${from}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return sourceFromReportJson(text, path.basename(from));
}
