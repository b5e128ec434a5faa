// Argument parsing shared by the sub-commands: node:util parseArgs, strict, with
// a one-line message and exit code 2 for anything unusable.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Parse `argv` for one sub-command; unknown options and missing values become UsageErrors. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  positionals: { min: number; max: number; names: string },
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const n = parsed.positionals.length;
  if (n < positionals.min || n > positionals.max) {
    throw new UsageError(n < positionals.min ? `missing ${positionals.names}` : `unexpected argument: ${parsed.positionals[positionals.max]}`);
  }
  return parsed;
}

/** Output channel of a command (tests capture it). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Process stdout/stderr. */
export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};
