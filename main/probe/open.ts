// Open what `--from` names: nothing (the live machine), a bundle directory, or
// an exported report (JSON with the bundle embedded).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DirSource, LiveSource, MemorySource, type Source } from './source.js';

/** Why a --from argument could not be used. */
export class SourceError extends Error {}

// Bundle data embedded in a report: relative paths → text / link target.
const relPath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'NUL in path');
const bundleSchema = z.object({
  files: z.record(relPath, z.string().max(16 * 1024 * 1024)),
  links: z.record(relPath, z.string().max(4096)),
});
const reportSchema = z.object({
  format: z.literal('studio-setup-report'),
  version: z.number().int().min(1),
  bundle: bundleSchema,
});

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
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourceError(
      `${label} is not a Studio Setup report (${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'invalid'})`,
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
