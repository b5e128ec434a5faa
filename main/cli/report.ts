// `studio-setup report [--from DIR|REPORT.json] --format html|md|json|pdf [-o FILE] [--no-redact]`:
// the whole setup in a shareable file, redacted unless asked not to. For this
// machine it adds the stored latency results and, as root, what is applied.
import fs from 'node:fs';
import path from 'node:path';
import { REPORT_FORMATS, type ReportFormat } from '../common/report/types.js';
import { openSource } from '../probe/open.js';
import { collectReport } from '../report/collect.js';
import { appliedHere, pickLatency } from '../report/context.js';
import { renderReport } from '../report/export.js';
import { chromiumPdf, PdfError } from '../report/pdf.js';
import { parse, UsageError, type Io } from './args.js';

const isFormat = (f: string): f is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(f);

/** The format a file name implies (`report.html` → html, `x.markdown` → md), or null. */
export function formatOfName(file: string | undefined): ReportFormat | null {
  const ext = path.extname(file ?? '').slice(1).toLowerCase();
  if (ext === 'htm') return 'html';
  if (ext === 'markdown') return 'md';
  return isFormat(ext) ? ext : null;
}

/** report [--from DIR|REPORT.json] [--format html|md|json|pdf] [-o FILE] [--no-redact] [--latency LABEL|FILE ...] */
export async function reportCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse(
    argv,
    {
      from: { type: 'string' },
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      'no-redact': { type: 'boolean' },
      latency: { type: 'string', multiple: true },
    },
    { min: 0, max: 0, names: '' },
  );
  const format = values.format ?? formatOfName(values.output) ?? 'md';
  if (!isFormat(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not ${format}`);
  if (format === 'pdf' && values.output === undefined) throw new UsageError('--format pdf needs -o FILE (a PDF does not go to a terminal)');
  const src = openSource(values.from);
  const live = src.kind === 'live';
  if (!live && values.latency) throw new UsageError('--latency is for a report of this machine (its results are stored here), not with --from');
  const picked = live ? pickLatency(values.latency ?? []) : { latency: null, errors: [] };
  for (const e of picked.errors) io.err(`studio-setup report: --latency: ${e}\n`);
  if (picked.errors.length) return 2;
  const applied = live ? appliedHere() : null;
  const input = collectReport(src, {
    redact: values['no-redact'] !== true,
    ...(picked.latency ? { latency: picked.latency } : {}),
    ...(applied ? { applied, plan: applied.plan ?? undefined } : {}),
  });
  let content: string | Uint8Array;
  try {
    content = await renderReport(input, format, (html) => chromiumPdf(html));
  } catch (e) {
    if (e instanceof PdfError) {
      io.err(`studio-setup report: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (values.output === undefined) {
    io.out(content as string);
    return 0;
  }
  try {
    fs.writeFileSync(values.output, content);
  } catch (e) {
    throw new UsageError(`cannot write ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const size = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
  const redacted = input.redaction ? 'redacted: user and host names, serials and MAC addresses replaced' : 'NOT redacted';
  io.out(`wrote ${values.output} (${format}, ${Math.max(1, Math.round(size / 1024))} KiB; ${redacted})\n`);
  return 0;
}
