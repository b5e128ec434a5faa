// The contract's `report` method: the report of the app's source in the asked
// format, as a file the renderer saves. PDF comes from the process's printer
// (Electron's printToPDF); where there is none (web mode) the HTML comes back
// marked for the browser's own print.
import type { ReportFile, ReportOptions } from '../common/contract.js';
import type { AppliedStatus, ReportFormat, ReportLatency } from '../common/report/types.js';
import type { Source } from '../probe/source.js';
import { collectReport } from './collect.js';
import { appliedHere, pickLatency } from './context.js';
import { MIME_TYPES, renderReport, reportFileName, type PdfPrinter } from './export.js';

/** What the process adds to the reports it serves. */
export interface ReportServiceOptions {
  /** Prints HTML to PDF (Electron); absent: a PDF request gets the HTML to print in the browser. */
  pdf?: PdfPrinter;
  /** Latency results to include (default, for this machine: the stored ones). */
  latency?: () => ReportLatency | null;
  /** What is applied (default, for this machine: the helper's journal when readable). */
  applied?: () => AppliedStatus | null;
}

/** The `report` service over one source. */
export function reportService(src: Source, opts: ReportServiceOptions = {}): (format: ReportFormat, options: ReportOptions) => Promise<ReportFile> {
  const live = src.kind === 'live';
  return async (format, options) => {
    const latency = (opts.latency ?? (() => (live ? pickLatency([]).latency : null)))();
    const applied = (opts.applied ?? (() => (live ? appliedHere() : null)))();
    const plan = options.plan ?? applied?.plan ?? undefined;
    const input = collectReport(src, {
      redact: options.redact !== false,
      ...(plan ? { plan } : {}),
      ...(latency ? { latency } : {}),
      ...(applied ? { applied } : {}),
    });
    const delivered: ReportFormat = format === 'pdf' && !opts.pdf ? 'html' : format;
    const content = await renderReport(input, delivered, opts.pdf);
    const bytes = typeof content !== 'string';
    return {
      format: delivered,
      fileName: reportFileName(input.createdAt, delivered),
      mimeType: MIME_TYPES[delivered],
      encoding: bytes ? 'base64' : 'utf8',
      data: bytes ? Buffer.from(content).toString('base64') : content,
      ...(delivered !== format ? { print: true as const } : {}),
    };
  };
}
