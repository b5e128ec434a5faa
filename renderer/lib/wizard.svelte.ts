// The wizard: which step is shown, and the state of every step. The only
// place the contract's events arrive; the state classes are the only callers
// of the API.
import type { StudioApi, StudioEvent, StudioEvents } from '../../main/common/contract.js';
import { STEPS, type StepId } from '../steps/index.js';
import { Applier } from './applier.svelte.js';
import { Choices } from './choices.svelte.js';
import { Exporter } from './exporter.svelte.js';
import { Measure } from './measure.svelte.js';
import { Planner } from './planner.svelte.js';
import { Ports } from './ports.svelte.js';
import { Session } from './session.svelte.js';

/** The whole wizard's state (Svelte 5 runes). */
export class Wizard {
  index = $state(0);
  /** Steps the user has been on. */
  seen = $state<StepId[]>(['check']);
  readonly session: Session;
  readonly choices: Choices;
  readonly planner: Planner;
  readonly applier: Applier;
  readonly measure: Measure;
  readonly ports: Ports;
  readonly exporter: Exporter;
  /** A message for everyone (a report opened, a revert done). */
  notice = $state<string | null>(null);

  constructor(api: StudioApi, events: StudioEvents) {
    this.session = new Session(api);
    this.choices = new Choices(api);
    this.planner = new Planner(api);
    this.applier = new Applier(api);
    this.measure = new Measure(api);
    this.ports = new Ports(api);
    this.exporter = new Exporter(api);
    events.subscribe((e) => this.onEvent(e));
  }

  /** The step shown. */
  get step(): (typeof STEPS)[number] {
    return STEPS[this.index] ?? STEPS[0];
  }

  /** Load everything for the current source. */
  async start(fresh = true): Promise<void> {
    await this.session.load();
    this.planner.reset();
    // What was done on another source is not this one's.
    if (fresh) this.applier.reset();
    await Promise.all([this.choices.load(this.session.scan?.findings ?? [], fresh), this.ports.refresh(), this.measure.refresh()]);
  }

  /** Probe again ("Scan again"): the devices and their paths too. */
  async rescan(): Promise<void> {
    await this.session.rescan();
    await this.choices.load(this.session.scan?.findings ?? [], false);
  }

  /** Show step `i`. */
  go(i: number): void {
    if (i < 0 || i >= STEPS.length) return;
    this.index = i;
    const id = STEPS[i]!.id;
    if (!this.seen.includes(id)) this.seen = [...this.seen, id];
  }

  /** Is something applied that Revert can undo? */
  get canRevert(): boolean {
    return this.session.status?.applied === true && this.session.source?.apply !== 'none';
  }

  /** Revert, from any screen. */
  async revert(): Promise<void> {
    const r = await this.applier.revert();
    if (r) {
      this.session.status = r.status;
      this.notice = r.message;
      await this.session.rescan();
    }
  }

  /** Open someone's report.json; returns an error message or null. */
  async openReport(file: File): Promise<string | null> {
    const error = await this.session.openReport(file);
    if (error) return error;
    await this.start(true);
    this.notice = `Reading ${file.name}: someone's report, read-only. Every step now shows that machine.`;
    return null;
  }

  /** Back to the original source. */
  async closeReport(): Promise<void> {
    await this.session.closeReport();
    await this.start(true);
    this.notice = 'Back to the original source.';
  }

  /** The demo's simulated re-plug (the event brings the news). */
  async simulateReplug(): Promise<void> {
    await this.session.simulateReplug();
    await this.start(false);
  }

  private onEvent(e: StudioEvent): void {
    if (e.type === 'usb-change') {
      this.session.scan = e.scan;
      this.ports.onEvent(e);
      // A real hotplug: the devices and their paths changed under us.
      if (!e.simulated) void this.choices.load(e.scan.findings, false);
    }
    this.applier.onEvent(e);
    this.measure.onEvent(e);
  }
}
