// `studio-setup capture DIR`: write a bundle of this machine.
import { captureBundle } from '../probe/capture.js';
import { parse, UsageError, type Io } from './args.js';

/** capture DIR */
export async function captureCommand(argv: string[], io: Io): Promise<number> {
  const { positionals } = parse(argv, {}, { min: 1, max: 1, names: 'the bundle directory (studio-setup capture DIR)' });
  const dir = positionals[0] as string;
  let result;
  try {
    result = captureBundle(dir);
  } catch (e) {
    throw new UsageError(`cannot write ${dir}: ${(e as Error).message}`);
  }
  io.out(`captured ${result.files} files, ${result.links} links and ${result.commands} command outputs into ${dir}\n`);
  for (const w of result.warnings) io.err(`warning: ${w.file}: ${w.message}\n`);
  return 0;
}
