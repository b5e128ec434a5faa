// The CLI's way to the helper: as root, the helper code in-process (same
// validation, same journal); as a normal user, the client (a password prompt).
// Either way the helper's JSON lines become text for people.
import type { Plan } from '../common/plan.js';
import { runPrivileged, type PrivilegedRequest, type PrivilegedResponse } from './client.js';
import { applyPlan } from './helper/apply.js';
import { runHelper } from './helper/main.js';
import { Root } from './helper/paths.js';
import { Progress, type Out } from './helper/progress.js';
import { formatStatus, type StatusReport } from './helper/status.js';
import { spawnRunner } from './helper/system.js';

/** Where a verb prints. */
export interface VerbIo {
  out(text: string): void;
  err(text: string): void;
}

/** What a verb runs on (tests replace parts). */
export interface VerbDeps {
  uid: number;
  env: NodeJS.ProcessEnv;
  client: (req: PrivilegedRequest) => Promise<PrivilegedResponse>;
}

/** The real dependencies. */
export function defaultVerbDeps(): VerbDeps {
  return { uid: process.getuid?.() ?? -1, env: process.env, client: (req) => runPrivileged(req) };
}

/** A verb request from the CLI. */
export type VerbRequest =
  | { verb: 'apply'; plan: Plan; root?: string; dryRun?: boolean }
  | { verb: 'revert'; root?: string }
  | { verb: 'status'; root?: string; json?: boolean };

/** The helper's result object, in sentences. */
export function describeResult(verb: VerbRequest['verb'], r: Record<string, unknown>): string {
  const lines: string[] = [];
  if (r.ok !== true) return `${typeof r.error === 'string' ? r.error : 'failed'}\n`;
  if (verb === 'apply') {
    if (r.dryRun === true) lines.push('Dry run: nothing was changed. The helper would:', ...((r.described as string[] | undefined) ?? []).map((d) => `  ${d}`));
    else lines.push(r.already === true ? 'This plan is already applied; nothing changed.' : `Applied (${String(r.steps)} steps journaled; studio-setup revert undoes them).`);
    const needs = (r.needs as string[] | undefined) ?? [];
    if (needs.includes('reboot')) lines.push('Reboot for the kernel parameters to take effect.');
    if (needs.includes('relogin')) lines.push('Log out and back in for the group and limits to apply.');
  } else if (verb === 'revert') {
    lines.push(r.nothing === true ? 'Nothing was applied; nothing to revert.' : 'Reverted: everything is as it was before apply.');
  }
  for (const n of (r.notes as string[] | undefined) ?? []) lines.push(`Note: ${n}`);
  return lines.join('\n') + '\n';
}

function helperArgv(req: VerbRequest): string[] {
  const root = req.root !== undefined ? ['--root', req.root] : [];
  if (req.verb === 'apply') return ['apply', Buffer.from(JSON.stringify(req.plan), 'utf8').toString('base64url'), ...root];
  if (req.verb === 'status') return ['status', '--json', ...root];
  return ['revert', ...root];
}

function print(req: VerbRequest, result: Record<string, unknown> | null, io: VerbIo): void {
  if (result === null) return;
  if (req.verb === 'status' && result.ok === true) io.out(req.json ? JSON.stringify(result, null, 2) + '\n' : formatStatus(result as unknown as StatusReport));
  else if (result.ok === true) io.out(describeResult(req.verb, result));
}

/** Run a verb; returns the exit code (the helper's: 0, 2 to 6, or 1). */
export async function runVerb(req: VerbRequest, io: VerbIo, deps: VerbDeps = defaultVerbDeps()): Promise<number> {
  // A dry run changes nothing: it runs here, as whoever you are, reading what it can.
  if (req.verb === 'apply' && req.dryRun) {
    const root = new Root(req.root ?? '/');
    const quiet: Out = { json: () => undefined, text: () => undefined, err: () => undefined };
    const r = applyPlan({ root, live: req.root === undefined, runner: spawnRunner, progress: new Progress(root, quiet, {}, false), user: req.plan.user ?? null }, req.plan, true);
    if (r.code !== 0) {
      io.err(`${r.error}\n`);
      return r.code;
    }
    io.out(describeResult('apply', { ok: true, ...r }));
    return 0;
  }
  if (deps.uid === 0) {
    let result: Record<string, unknown> | null = null;
    const out: Out = {
      json: (o) => {
        const line = o as { progress?: { step: number; of: number; what: string }; result?: Record<string, unknown> };
        if (line.progress) io.err(`[${line.progress.step}/${line.progress.of}] ${line.progress.what}\n`);
        if (line.result) result = line.result;
      },
      text: (t) => io.out(t),
      err: (t) => io.err(`${t}\n`),
    };
    const code = runHelper(helperArgv(req), { out, env: deps.env });
    print(req, result, io);
    return code;
  }
  if (req.root !== undefined) {
    io.err('--root is for tests and needs root (run it with sudo)\n');
    return 2;
  }
  const response = await deps.client(req.verb === 'apply' ? { verb: 'apply', plan: req.plan } : req.verb === 'status' ? { verb: 'status' } : { verb: 'revert' });
  for (const p of response.progress) io.err(`[${p.step}/${p.of}] ${p.what}\n`);
  if (!response.ok) {
    io.err(`${response.message}\n`);
    return response.code !== null && response.code >= 1 && response.code <= 6 ? response.code : 1;
  }
  print(req, response.result, io);
  return 0;
}
