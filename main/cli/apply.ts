// `studio-setup apply PLAN.json [--dry-run] [--root DIR]`: validate the plan
// here, then apply it through the privileged helper (in-process as root, else
// with a password prompt). Accepts a plan or `plan --json`'s {plan, preview, notes}.
import fs from 'node:fs';
import { parsePlan, PLAN_FORMAT } from '../common/plan.js';
import { runVerb, type VerbDeps } from '../privileged/verbs.js';
import { parse, UsageError, type Io } from './args.js';

// Far above any plan (32 KiB) and a preview around it; keeps a wrong file from being read whole.
const MAX_FILE = 4 * 1024 * 1024;

/** The plan's JSON text inside a file: the plan itself, or the `plan` of `plan --json`'s output. */
export function planText(text: string): string {
  try {
    const doc = JSON.parse(text) as { format?: unknown; plan?: unknown } | null;
    if (doc && typeof doc === 'object' && doc.format !== PLAN_FORMAT && doc.plan && typeof doc.plan === 'object') return JSON.stringify(doc.plan);
  } catch {
    // parsePlan says what is wrong.
  }
  return text;
}

/** apply PLAN.json [--dry-run] [--root DIR] */
export async function applyCommand(argv: string[], io: Io, deps?: VerbDeps): Promise<number> {
  const { values, positionals } = parse(argv, { 'dry-run': { type: 'boolean' }, root: { type: 'string' } }, { min: 1, max: 1, names: 'PLAN.json' });
  const file = positionals[0] as string;
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_FILE) throw new UsageError(`${file} is too large for a plan`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = parsePlan(planText(text));
  if (!parsed.ok) throw new UsageError(`${file}: ${parsed.error}`);
  const req = { verb: 'apply' as const, plan: parsed.plan, dryRun: values['dry-run'] === true, ...(values.root !== undefined ? { root: values.root } : {}) };
  return runVerb(req, { out: (t) => io.out(t), err: (t) => io.err(t) }, deps);
}
