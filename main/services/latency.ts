// The Verify step's measurement: cyclictest on this computer (main/latency),
// directly when the user's limits allow SCHED_FIFO 80 with locked memory, else
// through the privileged helper (one password prompt; it cannot stream, so the
// progress then counts the seconds only). Results of this computer are stored
// with the CLI's; a capture's session keeps its own in memory (they measure
// this computer, not the captured one, and must not mix with this computer's
// history); a report shows the measurements it carries.
import { installHints } from '../common/latency/install.js';
import { cleanLabel, readResult, type LatencyResult } from '../common/latency/result.js';
import type { LatencyOutcome, LatencyRequest } from '../common/wizard.js';
import { currentAccess, type Access } from '../latency/access.js';
import { measureLatency, type MeasureOptions, type MeasureOutcome } from '../latency/run.js';
import { latencyDir, listResults, saveResult } from '../latency/store.js';
import { readOsRelease } from '../latency/tool.js';
import type { Client } from './system.js';

/** Where a measurement's result belongs. */
export type LatencyScope = 'stored' | 'session' | 'report';

/** What the measurement runs on (tests replace parts). */
export interface LatencyDeps {
  env: NodeJS.ProcessEnv;
  access: () => Access;
  measure: (opts: MeasureOptions) => Promise<MeasureOutcome>;
  client: Client;
}

/** Default dependencies (the client is the services'). */
export function latencyDeps(env: NodeJS.ProcessEnv, client: Client): LatencyDeps {
  return { env, access: currentAccess, measure: measureLatency, client };
}

/** Progress as the events carry it. */
export type LatencyProgress = { elapsed: number; total: number; maxUs: number | null };

/** One measurement at a time. */
export class LatencyService {
  private running: AbortController | null = null;
  private busy = false;
  private readonly session: LatencyResult[] = [];
  constructor(private readonly deps: LatencyDeps) {}

  /** Run a measurement. */
  async run(req: LatencyRequest, scope: LatencyScope, onProgress: (p: LatencyProgress) => void): Promise<LatencyOutcome> {
    const fail = (reason: Exclude<LatencyOutcome, { ok: true }>['reason'], message: string): LatencyOutcome => ({ ok: false, reason, message, install: [] });
    if (scope === 'report') return fail('read-only', 'This is a report from another machine: it shows its own measurements; nothing is measured here.');
    if (this.busy) return fail('busy', 'A measurement is already running.');
    this.busy = true;
    try {
      const outcome = await this.measure(req, onProgress);
      if (!outcome.ok) {
        return { ok: false, reason: outcome.reason, message: outcome.message, install: outcome.reason === 'missing-tool' ? installHints(readOsRelease()) : [] };
      }
      const result: LatencyResult = { ...outcome.result, label: cleanLabel(req.label) };
      if (scope === 'stored') saveResult(result, latencyDir(this.deps.env));
      else this.session.push(result);
      return { ok: true, result };
    } finally {
      this.busy = false;
      this.running = null;
    }
  }

  private async measure(req: LatencyRequest, onProgress: (p: LatencyProgress) => void): Promise<MeasureOutcome> {
    const access = this.deps.access();
    if (access.direct) {
      this.running = new AbortController();
      return this.deps.measure({ seconds: req.seconds, load: req.load, label: req.label, env: this.deps.env, signal: this.running.signal, onProgress, scratch: latencyDir(this.deps.env) });
    }
    // Through the helper: one prompt, no stream; the seconds are all we can show.
    const started = Date.now();
    const tick = setInterval(() => onProgress({ elapsed: Math.min(req.seconds, Math.floor((Date.now() - started) / 1000)), total: req.seconds, maxUs: null }), 1000);
    try {
      const r = await this.deps.client({ verb: 'latency', seconds: req.seconds, load: req.load });
      const res = r.result ?? {};
      if (!r.ok) {
        const reason = (['missing-tool', 'not-permitted', 'cancelled', 'invalid'] as const).find((x) => x === res.reason) ?? 'failed';
        return { ok: false, reason, message: typeof res.error === 'string' ? res.error : r.message };
      }
      const checked = readResult(JSON.stringify(res.latency ?? null));
      return checked.ok ? { ok: true, result: checked.result } : { ok: false, reason: 'failed', message: `the helper's result ${checked.error}` };
    } finally {
      clearInterval(tick);
    }
  }

  /** Stop the running measurement (only a direct one can be stopped). */
  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  /** The measurements to compare, oldest first. */
  list(scope: LatencyScope, fromReport: LatencyResult[]): LatencyResult[] {
    if (scope === 'report') return fromReport;
    if (scope === 'session') return [...this.session];
    return listResults(latencyDir(this.deps.env))
      .map((x) => x.result)
      .slice(-20);
  }
}
