// Apply and Revert: one click, the helper's steps as they come (progress
// events), then the re-probe the answer carries.
import type { StudioApi, StudioEvent } from '../../main/common/contract.js';
import type { Plan } from '../../main/common/plan.js';
import type { ApplyResponse, HelperStep } from '../../main/common/wizard.js';

/** Apply/revert state (Svelte 5 runes). */
export class Applier {
  running = $state<'apply' | 'revert' | null>(null);
  steps = $state<HelperStep[]>([]);
  last = $state<(ApplyResponse & { task: 'apply' | 'revert' }) | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly api: StudioApi) {}

  /** A progress event from main. */
  onEvent(e: StudioEvent): void {
    if (e.type !== 'progress' || e.task !== this.running) return;
    if (!this.steps.some((s) => s.step === e.step && s.what === e.what)) this.steps = [...this.steps, { step: e.step, of: e.of, what: e.what }];
  }

  private async run(task: 'apply' | 'revert', call: () => Promise<ApplyResponse>): Promise<ApplyResponse | null> {
    this.running = task;
    this.steps = [];
    this.error = null;
    this.last = null;
    try {
      const r = await call();
      // The answer carries every step the helper reported, also those no event brought.
      if (r.steps.length > this.steps.length) this.steps = r.steps;
      this.last = { ...r, task };
      return r;
    } catch (e) {
      this.error = (e as Error).message;
      return null;
    } finally {
      this.running = null;
    }
  }

  /** Forget the last run (the source changed). */
  reset(): void {
    this.steps = [];
    this.last = null;
    this.error = null;
  }

  /** Apply a plan. */
  apply(plan: Plan): Promise<ApplyResponse | null> {
    return this.run('apply', () => this.api.apply($state.snapshot(plan)));
  }

  /** Undo everything applied. */
  revert(): Promise<ApplyResponse | null> {
    return this.run('revert', () => this.api.revert());
  }
}
