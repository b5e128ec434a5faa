// The plan for the current choices, made by main (planner + preview).
import type { StudioApi } from '../../main/common/contract.js';
import type { PlanResponse, WizardChoices } from '../../main/common/wizard.js';

/** The plan and its preview (Svelte 5 runes). */
export class Planner {
  response = $state<PlanResponse | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The choices the response is for (JSON), so a repeat asks nothing. */
  private made = '';

  constructor(private readonly api: StudioApi) {}

  /** Plan for `choices` (again only when they changed, or when forced). */
  async make(choices: WizardChoices, force = false): Promise<void> {
    const key = JSON.stringify(choices);
    if (!force && key === this.made && this.response) return;
    this.loading = true;
    this.error = null;
    try {
      this.response = await this.api.plan(choices);
      this.made = key;
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.loading = false;
    }
  }

  /** Forget the plan (the source changed). */
  reset(): void {
    this.response = null;
    this.made = '';
  }
}
