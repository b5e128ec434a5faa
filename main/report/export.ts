// One report in one format, as the CLI and the app's Export button deliver it:
// text for HTML, Markdown and JSON; bytes for PDF from whichever printer the
// process has (Chromium from the CLI, Electron's printToPDF in the app).
import { renderHtml } from '../common/report/html/index.js';
import { renderJson } from '../common/report/json.js';
import { renderMarkdown } from '../common/report/markdown.js';
import type { ReportFormat, ReportInput } from '../common/report/types.js';

/** Prints an HTML document to PDF bytes. */
export type PdfPrinter = (html: string) => Promise<Uint8Array>;

/** MIME type of each format. */
export const MIME_TYPES = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json',
  pdf: 'application/pdf',
} as const satisfies Record<ReportFormat, string>;

/** A file name for a report made at `createdAt` (`studio-setup-report-2026-11-22.html`). */
export function reportFileName(createdAt: string, format: ReportFormat): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(createdAt)?.[0] ?? 'report';
  return `studio-setup-report-${day}.${format}`;
}

/** Render a report: text for html/md/json, PDF bytes through `pdf`. */
export async function renderReport(input: ReportInput, format: ReportFormat, pdf?: PdfPrinter): Promise<string | Uint8Array> {
  switch (format) {
    case 'html':
      return renderHtml(input);
    case 'md':
      return renderMarkdown(input);
    case 'json':
      return renderJson(input);
    case 'pdf':
      if (!pdf) throw new Error('no PDF printer in this process');
      return pdf(renderHtml(input));
  }
}
