// The scan as renderer state: loads once, can be refreshed.
import type { SourceInfo, StudioApi } from '../../main/common/contract.js';
import type { ScanResult } from '../../main/common/scan.js';

/** Scan state (Svelte 5 runes). */
export class ScanState {
  result = $state<ScanResult | null>(null);
  source = $state<SourceInfo | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  constructor(private readonly api: StudioApi) {}
  /** Probe again. */
  async refresh(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.source ??= await this.api.sourceInfo();
      this.result = await this.api.scan();
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.loading = false;
    }
  }
}
