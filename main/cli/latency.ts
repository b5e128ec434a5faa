// `studio-setup latency`: measure scheduling latency (cyclictest), show the
// numbers, the histogram and the verdict, store the result, compare with an
// earlier one.
import { compareResults } from '../common/latency/compare.js';
import { cleanLabel, type LatencyResult } from '../common/latency/result.js';
import { formatComparison, formatResult } from '../common/latency/text.js';
import { checkMeasureArgs, parseSeconds, type LoadKind } from '../common/latency/types.js';
import { latencyText } from '../common/latency/verdict.js';
import { currentAccess, type Access } from '../latency/access.js';
import { measureLatency, type MeasureOptions, type MeasureOutcome } from '../latency/run.js';
import { findResult, latencyDir, saveResult } from '../latency/store.js';
import { outcomeOfVerbResult } from '../latency/verb.js';
import { parse, processIo, UsageError, type Io } from './args.js';

/** Default measurement length, seconds. */
export const DEFAULT_SECONDS = 30;

/** What the command runs on (tests replace parts). */
export interface LatencyDeps {
  env: NodeJS.ProcessEnv;
  access: () => Access;
  measure: (opts: MeasureOptions) => Promise<MeasureOutcome>;
  /** Measures through the privileged helper (a password prompt); absent: no helper available. */
  helper?: (seconds: number, load: LoadKind) => Promise<MeasureOutcome>;
  /** Progress on a terminal line (stderr is a TTY). */
  tty: boolean;
}

/** The privileged helper through the client (pkexec or sudo-prompt: it cannot stream, so no progress). */
async function viaHelper(seconds: number, load: LoadKind): Promise<MeasureOutcome> {
  const { runPrivileged } = await import('../privileged/client.js');
  const r = await runPrivileged({ verb: 'latency', seconds, load });
  return outcomeOfVerbResult(r.result, r.message);
}

const defaults = (): LatencyDeps => ({ env: process.env, access: currentAccess, measure: measureLatency, helper: viaHelper, tty: process.stderr.isTTY === true });

/** Build the command with its dependencies. */
export function makeLatencyCommand(deps: Partial<LatencyDeps> = {}) {
  return async (argv: string[], io: Io = processIo): Promise<number> => {
    const d = { ...defaults(), ...deps };
    const { values } = parse(
      argv,
      { seconds: { type: 'string' }, load: { type: 'string' }, label: { type: 'string' }, json: { type: 'boolean' }, compare: { type: 'string' } },
      { min: 0, max: 0, names: '' },
    );
    const seconds = parseSeconds(values.seconds, DEFAULT_SECONDS);
    const load = values.load ?? 'none';
    const invalid = checkMeasureArgs(seconds, load);
    if (invalid) throw new UsageError(invalid);
    const dir = latencyDir(d.env);
    // Find what to compare with before spending the measurement's time.
    let before: LatencyResult | null = null;
    if (values.compare !== undefined) {
      const found = findResult(values.compare, dir);
      if (!found.ok) throw new UsageError(`--compare: ${found.error}`);
      before = found.result;
    }
    const access = d.access();
    if (!access.direct && !d.helper) {
      io.err(
        `studio-setup latency: ${access.why}.\n` +
          `  Run it with root rights (sudo studio-setup latency ${argv.join(' ')}), or apply the realtime-limits fix and log in again.\n`,
      );
      return 1;
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    // Kept for the whole run: a second Ctrl-C must not kill us while the children are being stopped.
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    let lastLine = -1;
    const onProgress = (p: { elapsed: number; total: number; maxUs: number | null }) => {
      const text = `measuring: ${p.elapsed}/${p.total} s${p.maxUs === null ? '' : `, worst so far ${latencyText(p.maxUs)}`}`;
      if (d.tty) io.err(`\r\x1b[K${text}`);
      else if (p.elapsed === p.total || p.elapsed - lastLine >= 10) {
        lastLine = p.elapsed;
        io.err(`${text}\n`);
      }
    };
    let outcome: MeasureOutcome;
    try {
      if (access.direct) {
        outcome = await d.measure({ seconds, load: load as LoadKind, env: d.env, signal: controller.signal, onProgress, scratch: dir });
      } else {
        io.err(`${access.why}: measuring through the privileged helper (${seconds} s after the password).\n`);
        outcome = await d.helper!(seconds, load as LoadKind);
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (d.tty) io.err('\r\x1b[K');
    }
    if (!outcome.ok) {
      io.err(`studio-setup latency: ${outcome.message}\n`);
      if (!access.direct && outcome.reason === 'failed') io.err(`  You can also run it with root rights: sudo studio-setup latency ${argv.join(' ')}\n`);
      return 1;
    }
    const result: LatencyResult = { ...outcome.result, label: cleanLabel(values.label) };
    const file = saveResult(result, dir);
    const comparison = before ? compareResults(before, result) : null;
    if (values.json) io.out(JSON.stringify(comparison ? { ...result, comparison } : result, null, 2) + '\n');
    else {
      io.out(formatResult(result));
      if (comparison) io.out('\n' + formatComparison(comparison));
      io.out(`\nStored in ${file}\n`);
    }
    return 0;
  };
}

/** latency [--seconds N] [--load none|cpu|io] [--label TEXT] [--json] [--compare LABEL_OR_FILE] */
export const latencyCommand = makeLatencyCommand();
