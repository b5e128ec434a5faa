// Apply on this computer: the privileged helper through the client (one
// password prompt; as root, directly). sudo-prompt cannot stream, so progress
// comes from polling the file the helper mirrors it to. The status a normal
// user can see without a password: the helper's state directory exists (it is
// removed by a complete revert), and the plan we applied — kept in the user's
// config directory — resolved against the live threads (their policies are
// readable by anyone). As root, the helper's own status.
import fs from 'node:fs';
import path from 'node:path';
import { PLAN_SCHEMA, type Plan } from '../common/plan.js';
import { previewPlan } from '../common/preview.js';
import type { ApplyResponse, ApplyStatus, HelperStep } from '../common/wizard.js';
import { runPrivileged, type PrivilegedRequest, type PrivilegedResponse } from '../privileged/client.js';
import { Root, STATE_DIR } from '../privileged/helper/paths.js';
import { PROGRESS_PATH } from '../privileged/helper/progress.js';
import { statusOf } from '../privileged/helper/status.js';
import { readSnapshot } from '../probe/snapshot.js';
import { LiveSource } from '../probe/source.js';
import { configDir } from './ports.js';

/** Runs one helper verb as root (the client; tests pass a fake). */
export type Client = (req: PrivilegedRequest) => Promise<PrivilegedResponse>;

/** Where this computer's state is read (tests point these at a tree). */
export interface SystemPaths {
  stateDir: string;
  progress: string;
}

const LIVE_PATHS: SystemPaths = { stateDir: STATE_DIR, progress: PROGRESS_PATH };

/** Apply, revert and status on this computer. */
export class SystemApply {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly client: Client = (req) => runPrivileged(req),
    private readonly uid: number = process.getuid?.() ?? -1,
    private readonly paths: SystemPaths = LIVE_PATHS,
  ) {}

  private get planFile(): string {
    return path.join(configDir(this.env), 'applied-plan.json');
  }

  /** Run a verb, turning the mirrored progress file into steps while it runs. */
  private async run(req: PrivilegedRequest, onStep: (s: HelperStep) => void): Promise<{ response: PrivilegedResponse; steps: HelperStep[] }> {
    const steps: HelperStep[] = [];
    const seen = (s: HelperStep): void => {
      if (steps.some((x) => x.step === s.step && x.what === s.what)) return;
      steps.push(s);
      onStep(s);
    };
    let last = '';
    const poll = setInterval(() => {
      try {
        const text = fs.readFileSync(this.paths.progress, 'utf8');
        if (text === last) return;
        last = text;
        const p = (JSON.parse(text) as { progress?: HelperStep }).progress;
        if (p && Number.isInteger(p.step) && Number.isInteger(p.of) && typeof p.what === 'string') seen({ step: p.step, of: p.of, what: p.what.slice(0, 200) });
      } catch {
        // Not there yet, or being replaced: the next poll reads it.
      }
    }, 200);
    try {
      const response = await this.client(req);
      // The helper's own lines are complete once it has finished.
      for (const p of response.progress) seen(p);
      return { response, steps };
    } finally {
      clearInterval(poll);
    }
  }

  /** Apply a plan (one password prompt). */
  async apply(plan: Plan, onStep: (s: HelperStep) => void): Promise<Omit<ApplyResponse, 'status'>> {
    const { response, steps } = await this.run({ verb: 'apply', plan }, onStep);
    const r = response.result ?? {};
    if (response.ok) {
      fs.mkdirSync(path.dirname(this.planFile), { recursive: true, mode: 0o700 });
      fs.writeFileSync(this.planFile, JSON.stringify(plan, null, 2) + '\n', { mode: 0o644 });
    }
    const message = response.ok ? (r.already === true ? 'This plan was already applied; nothing changed.' : `Applied: ${steps.length} steps done and checked.`) : response.message;
    return { ok: response.ok, message, steps, notes: strings(r.notes), needs: needsOf(r.needs) };
  }

  /** Undo everything apply did. */
  async revert(onStep: (s: HelperStep) => void): Promise<Omit<ApplyResponse, 'status'>> {
    const { response, steps } = await this.run({ verb: 'revert' }, onStep);
    const r = response.result ?? {};
    if (response.ok) fs.rmSync(this.planFile, { force: true });
    const message = response.ok ? (r.nothing === true ? 'Nothing was applied; nothing to undo.' : 'Reverted: everything is as it was before Apply.') : response.message;
    return { ok: response.ok, message, steps, notes: strings(r.notes), needs: [] };
  }

  /** What is applied on this computer now. */
  status(): ApplyStatus {
    const base: ApplyStatus = {
      target: 'system',
      applied: false,
      state: null,
      since: null,
      plan: null,
      files: null,
      threads: null,
      threadsChanged: true,
      unresolved: [],
      rebootPending: [],
      notes: [],
      needs: [],
      folder: null,
    };
    if (this.uid === 0 && this.paths === LIVE_PATHS) {
      const s = statusOf(new Root('/'));
      return { ...base, applied: s.state !== null, state: s.state, since: s.createdAt, plan: s.plan, files: s.files, threads: s.threads, unresolved: s.unresolved, rebootPending: s.rebootPending, notes: s.notes, needs: s.needs };
    }
    if (!fs.existsSync(this.paths.stateDir)) return base;
    const plan = this.savedPlan();
    const status: ApplyStatus = { ...base, applied: true, state: 'applied', notes: ['The details of the files need the password: "studio-setup status" in a terminal shows them.'] };
    if (!plan) return { ...status, notes: ['Studio Setup has changed this computer (its helper keeps a journal); the plan is not known here. Revert undoes it.'] };
    const snap = readSnapshot(new LiveSource());
    const preview = previewPlan(plan, snap);
    const cmdline = (snap.kernel.cmdline ?? '').split(/\s+/);
    return {
      ...status,
      since: plan.createdAt,
      plan,
      threads: preview.rows.map((r) => ({ pid: r.pid, comm: r.comm, controller: r.controller, now: r.now, planned: r.planned.priority, ok: !r.change })),
      unresolved: preview.unresolved.map((u) => `${u.reason}: ${u.problems.join('; ')}`),
      rebootPending: plan.fixes.flatMap((f) => (f.action === 'kernel-params' ? f.add.filter((a) => !cmdline.includes(a)) : [])),
      needs: preview.needs,
    };
  }

  private savedPlan(): Plan | null {
    try {
      const r = PLAN_SCHEMA.safeParse(JSON.parse(fs.readFileSync(this.planFile, 'utf8')));
      return r.success ? r.data : null;
    } catch {
      return null;
    }
  }
}

/** Strings of an unknown value (the helper's notes). */
export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The needs of an unknown value (the helper's `needs`). */
export function needsOf(v: unknown): ('reboot' | 'relogin')[] {
  return strings(v).filter((x): x is 'reboot' | 'relogin' => x === 'reboot' || x === 'relogin');
}
