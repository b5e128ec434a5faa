// The Report step's Export: the report in a format, saved through the
// browser's download (Electron asks where to save). A PDF asked for where only
// the browser can print comes back as HTML to open and print.
import type { ReportFile, StudioApi } from '../../main/common/contract.js';
import type { Plan } from '../../main/common/plan.js';
import type { ReportFormat } from '../../main/common/report/types.js';

/** A file ready for the user: its name and a link to it. */
export interface Delivered {
  format: ReportFormat;
  fileName: string;
  url: string;
  print: boolean;
  bytes: number;
}

function blobOf(file: ReportFile): Blob {
  if (file.encoding === 'utf8') return new Blob([file.data], { type: file.mimeType });
  const bin = atob(file.data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: file.mimeType });
}

/** Export state (Svelte 5 runes). */
export class Exporter {
  busy = $state<ReportFormat | null>(null);
  last = $state<Delivered | null>(null);
  error = $state<string | null>(null);
  redact = $state(true);

  constructor(private readonly api: StudioApi) {}

  /** Make the report and hand it to the browser to save (or, to print, to open). */
  async export(format: ReportFormat, plan: Plan | null): Promise<void> {
    this.busy = format;
    this.error = null;
    try {
      const file = await this.api.report(format, { redact: this.redact, ...(plan ? { plan: $state.snapshot(plan) } : {}) });
      const blob = blobOf(file);
      if (this.last) URL.revokeObjectURL(this.last.url);
      const url = URL.createObjectURL(blob);
      this.last = { format: file.format, fileName: file.fileName, url, print: file.print === true, bytes: blob.size };
      if (!file.print) {
        const a = document.createElement('a');
        a.href = url;
        a.download = file.fileName;
        a.click();
      }
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.busy = null;
    }
  }
}
