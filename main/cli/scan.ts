// `studio-setup scan`: probe (or re-read) and print the analysis.
import { checkSnapshot } from '../checks/index.js';
import { buildScan } from '../common/scan.js';
import { openSource } from '../probe/open.js';
import { readSnapshot } from '../probe/snapshot.js';
import { parse, type Io } from './args.js';
import { formatScan } from './format-scan.js';

/** scan [--from DIR|REPORT.json] [--json] */
export async function scanCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, { from: { type: 'string' }, json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
  const scan = buildScan(readSnapshot(openSource(values.from)), checkSnapshot);
  io.out(values.json ? JSON.stringify(scan, null, 2) + '\n' : formatScan(scan));
  return 0;
}
