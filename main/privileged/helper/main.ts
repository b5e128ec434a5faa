// The helper's command line (docs/privileged.md "Helper command line"): one verb
// per run, root only, the plan as one base64url argument, the spec's exit codes.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { applyPlan } from './apply.js';
import { LockHeld, acquireLock } from './lock.js';
import { Refused, Root } from './paths.js';
import { Progress, type Out } from './progress.js';
import { revertJournal } from './revert.js';
import { formatStatus, statusOf } from './status.js';
import { spawnRunner, type Runner } from './system.js';
import { decodePlan, resolveUser } from './validate.js';

/** Exit codes. */
export const EXIT = { ok: 0, failed: 1, invalid: 2, notRoot: 3, locked: 4, rolledBack: 5, revertIncomplete: 6 } as const;
/** One of them. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The verbs. */
export const VERBS = ['apply', 'revert', 'status'] as const;
/** A verb. */
export type Verb = (typeof VERBS)[number];

/** How the helper is run (tests and the in-process CLI inject these). */
export interface HelperIo {
  out: Out;
  env: NodeJS.ProcessEnv;
  runner?: Runner;
  /** Effective uid (defaults to the process's). */
  uid?: number;
}

const USAGE = 'usage (as root; --root DIR also as a normal user): helper.js apply PLAN_B64URL [--root DIR] [--dry-run] [--user NAME] | revert [--root DIR] | status [--root DIR] [--json]';

class Usage extends Error {}

function parse(argv: string[]) {
  const [verb, ...rest] = argv;
  if (!(VERBS as readonly string[]).includes(verb ?? '')) throw new Usage(verb === undefined ? 'missing verb' : `unknown verb ${JSON.stringify(verb).slice(0, 40)}`);
  const options = {
    root: { type: 'string' },
    'dry-run': { type: 'boolean' },
    user: { type: 'string' },
    json: { type: 'boolean' },
  } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new Usage((e as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const v = parsed.values;
  const wanted = verb === 'apply' ? 1 : 0;
  if (parsed.positionals.length !== wanted) throw new Usage(wanted === 1 ? 'apply takes exactly one plan argument' : `${verb} takes no argument`);
  if (verb !== 'apply' && (v['dry-run'] || v.user !== undefined)) throw new Usage('--dry-run and --user are for apply');
  if (verb !== 'status' && v.json) throw new Usage('--json is for status');
  return { verb: verb as Verb, plan: parsed.positionals[0], root: v.root, dryRun: v['dry-run'] === true, user: v.user, json: v.json === true };
}

function openRoot(dir: string | undefined): Root {
  if (dir === undefined) return new Root('/');
  if (dir.length > 4096 || dir.includes('\0')) throw new Usage('--root: unusable path');
  const abs = path.resolve(dir);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new Usage(`--root ${abs} does not exist`);
  }
  if (!st.isDirectory()) throw new Usage(`--root ${abs} is not a directory`);
  return new Root(abs);
}

/** Run one helper verb; returns the exit code. */
export function runHelper(argv: string[], io: HelperIo): ExitCode {
  const fail = (code: ExitCode, error: string): ExitCode => {
    io.out.err(`studio-setup-helper: ${error}`);
    io.out.json({ result: { ok: false, code, error } });
    return code;
  };
  let args: ReturnType<typeof parse>;
  let root: Root;
  try {
    args = parse(argv);
    root = openRoot(args.root);
  } catch (e) {
    if (e instanceof Usage) return fail(EXIT.invalid, `${e.message} (${USAGE})`);
    throw e;
  }
  // A normal user may run --root DIR (the app's rehearsal of a bundle, the demo):
  // every file it writes is under DIR, no command runs and no live value is
  // written, and it can touch nothing its own permissions do not already allow.
  if ((io.uid ?? process.getuid?.() ?? -1) !== 0 && (args.root === undefined || root.isLive)) return fail(EXIT.notRoot, 'the helper must run as root');
  const live = args.root === undefined;
  const runner = io.runner ?? spawnRunner;
  const progress = new Progress(root, io.out, io.env, args.verb !== 'status' && !args.dryRun);
  try {
    if (args.verb === 'status') {
      const report = statusOf(root);
      if (args.json) io.out.json({ result: { ok: true, code: 0, ...report } });
      else io.out.text(formatStatus(report));
      return EXIT.ok;
    }
    if (args.verb === 'revert') {
      const lock = acquireLock(root);
      const r = revertJournal(root, live, runner, progress);
      if (r.problems.length > 0) {
        lock.release();
        progress.result({ ok: false, code: EXIT.revertIncomplete, error: 'revert incomplete', problems: r.problems, notes: r.notes });
        io.out.err(`studio-setup-helper: revert incomplete: ${r.problems.join('; ')}`);
        return EXIT.revertIncomplete;
      }
      // Not mirrored: a complete revert leaves no run directory behind.
      io.out.json({ result: { ok: true, code: 0, nothing: r.nothing, notes: r.notes, checkpoints: progress.checkpoints } });
      return EXIT.ok;
    }
    const decoded = decodePlan(args.plan ?? '');
    if (!decoded.ok) return fail(EXIT.invalid, decoded.error);
    const who = resolveUser(root, live, runner, io.env, decoded.plan, args.user);
    if (!who.ok) return fail(EXIT.invalid, who.error);
    const r = applyPlan({ root, live, runner, progress, user: who.user }, decoded.plan, args.dryRun);
    if (r.code === 0) {
      const result = { ok: true, ...r };
      // Neither a dry run nor a no-op leaves a trace, not even the progress file.
      if (args.dryRun || r.already) io.out.json({ result });
      else progress.result(result);
      return EXIT.ok;
    }
    io.out.err(`studio-setup-helper: ${r.error}`);
    // A refusal changed nothing, not even the progress file.
    if (r.code === EXIT.invalid) io.out.json({ result: { ok: false, ...r } });
    else progress.result({ ok: false, ...r });
    return r.code;
  } catch (e) {
    if (e instanceof Refused) return fail(EXIT.invalid, e.message);
    if (e instanceof LockHeld) return fail(EXIT.locked, e.message);
    return fail(EXIT.failed, (e as Error).message);
  }
}
