// `studio-setup status [--json] [--root DIR]`: what is applied, whether each
// persisted file still holds what was written, the thread priorities vs the plan.
import { runVerb, type VerbDeps } from '../privileged/verbs.js';
import { parse, type Io } from './args.js';

/** status [--json] [--root DIR] */
export async function statusCommand(argv: string[], io: Io, deps?: VerbDeps): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' }, root: { type: 'string' } }, { min: 0, max: 0, names: '' });
  const req = { verb: 'status' as const, json: values.json === true, ...(values.root !== undefined ? { root: values.root } : {}) };
  return runVerb(req, { out: (t) => io.out(t), err: (t) => io.err(t) }, deps);
}
