// `studio-setup revert [--root DIR]`: undo everything apply did, through the
// privileged helper (in-process as root, else with a password prompt).
import { runVerb, type VerbDeps } from '../privileged/verbs.js';
import { parse, type Io } from './args.js';

/** revert [--root DIR] */
export async function revertCommand(argv: string[], io: Io, deps?: VerbDeps): Promise<number> {
  const { values } = parse(argv, { root: { type: 'string' } }, { min: 0, max: 0, names: '' });
  return runVerb({ verb: 'revert', ...(values.root !== undefined ? { root: values.root } : {}) }, { out: (t) => io.out(t), err: (t) => io.err(t) }, deps);
}
