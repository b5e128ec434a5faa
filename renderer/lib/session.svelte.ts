// What the wizard is looking at: the source, its scan, and what is applied.
// Loads once; reloaded when the source changes (a report opened or closed,
// the demo's simulated re-plug) and after Apply or Revert.
import type { SourceInfo, StudioApi } from '../../main/common/contract.js';
import type { ScanResult } from '../../main/common/scan.js';
import type { ApplyStatus } from '../../main/common/wizard.js';

/** The source, its scan and the applied state (Svelte 5 runes). */
export class Session {
  source = $state<SourceInfo | null>(null);
  scan = $state<ScanResult | null>(null);
  status = $state<ApplyStatus | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** Set while a report is being opened or closed. */
  switching = $state(false);
  /** Set while "Scan again" runs. */
  rescanning = $state(false);

  constructor(private readonly api: StudioApi) {}

  /** Read the source, scan it and ask what is applied. */
  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.source = await this.api.sourceInfo();
      await this.readScan();
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.loading = false;
    }
  }

  /** Probe again (after a change). */
  async rescan(): Promise<void> {
    this.rescanning = true;
    try {
      await this.readScan();
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.rescanning = false;
    }
  }

  /** Read someone's report.json instead; returns an error message or null. */
  async openReport(file: File): Promise<string | null> {
    this.switching = true;
    try {
      this.source = await this.api.openReport(file.name, await file.text());
      return null;
    } catch (e) {
      return (e as Error).message;
    } finally {
      this.switching = false;
    }
  }

  /** Back to the original source. */
  async closeReport(): Promise<void> {
    this.switching = true;
    try {
      this.source = await this.api.closeReport();
    } finally {
      this.switching = false;
    }
  }

  private async readScan(): Promise<void> {
    this.scan = await this.api.scan();
    this.status = await this.api.status();
  }

  /** The demo's "Simulate moving the interface". */
  async simulateReplug(): Promise<void> {
    this.source = await this.api.simulateReplug();
  }
}
