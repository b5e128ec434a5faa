// The Verify step's latency measurements: run (with progress events) or
// cancel one, and the results to compare — the newest "before" and the newest
// measurement after it.
import type { StudioApi, StudioEvent } from '../../main/common/contract.js';
import type { LatencyResult } from '../../main/common/latency/result.js';
import type { LoadKind } from '../../main/common/latency/types.js';
import type { LatencyOutcome } from '../../main/common/wizard.js';

/** Measurement state (Svelte 5 runes). */
export class Measure {
  results = $state<LatencyResult[]>([]);
  running = $state<string | null>(null);
  progress = $state<{ elapsed: number; total: number; maxUs: number | null } | null>(null);
  /** The last run that gave no result, and why. */
  failure = $state<Exclude<LatencyOutcome, { ok: true }> | null>(null);
  seconds = $state(30);
  load = $state<LoadKind>('none');
  error = $state<string | null>(null);
  cancelling = $state(false);

  constructor(private readonly api: StudioApi) {}

  /** The newest measurement labelled "before". */
  get before(): LatencyResult | null {
    return this.results.findLast((r) => r.label === 'before') ?? null;
  }

  /** The newest measurement after the "before" one (or the newest, when there is no "before"). */
  get after(): LatencyResult | null {
    const b = this.before;
    const later = this.results.filter((r) => r !== b && (!b || r.startedAt > b.startedAt));
    return later.at(-1) ?? null;
  }

  /** Load the stored (or the report's) measurements. */
  async refresh(): Promise<void> {
    this.failure = null;
    try {
      this.results = await this.api.latencyList();
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  /** A latency-progress event. */
  onEvent(e: StudioEvent): void {
    if (e.type === 'latency-progress' && this.running) this.progress = { elapsed: e.elapsed, total: e.total, maxUs: e.maxUs };
  }

  /** Measure, labelled `before` or `after`. */
  async run(label: 'before' | 'after'): Promise<void> {
    this.running = label;
    this.failure = null;
    this.error = null;
    this.progress = { elapsed: 0, total: this.seconds, maxUs: null };
    try {
      const r = await this.api.latencyRun({ seconds: this.seconds, load: this.load, label });
      if (r.ok) this.results = [...this.results, r.result];
      else this.failure = r;
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.running = null;
      this.progress = null;
      this.cancelling = false;
    }
  }

  /** Stop the running measurement. */
  async cancel(): Promise<void> {
    this.cancelling = true;
    if (!(await this.api.latencyCancel())) {
      this.cancelling = false;
      this.error = 'This measurement runs through the password-protected helper and cannot be stopped from here; it ends by itself.';
    }
  }
}
