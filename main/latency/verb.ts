// The privileged helper's `latency` verb: the same measurement, run as root
// when the user's limits do not allow SCHED_FIFO at MEASURE_PRIORITY with
// locked memory. Arguments from a closed set (`--seconds 1..600`, `--load
// none|cpu|io`); output in the helper's protocol: `{"progress": {...}}` lines,
// then one `{"result": {...}}` line. The result is not stored here (root's state
// directory is not the user's): the client stores what the helper printed.
import { parseArgs } from 'node:util';
import { readResult } from '../common/latency/result.js';
import { checkMeasureArgs, parseSeconds, type LoadKind } from '../common/latency/types.js';
import { latencyText } from '../common/latency/verdict.js';
import { measureLatency, type MeasureOutcome } from './run.js';

/** The helper's exit codes this verb uses (docs/privileged.md). */
export const VERB_EXIT = { ok: 0, failed: 1, invalid: 2, notRoot: 3 } as const;

/** Where the verb writes (the helper's Out fits). */
export interface VerbOut {
  json(obj: unknown): void;
  err(text: string): void;
}

/** How the verb is run (tests inject these). */
export interface VerbOptions {
  out: VerbOut;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  signal?: AbortSignal;
}

/** The helper arguments for a measurement (fixed words and digits only: shell-inert). */
export function latencyVerbArgs(seconds: number, load: LoadKind): string[] {
  return ['latency', '--seconds', String(seconds), '--load', load];
}

/** Run `latency --seconds N --load KIND` (argv without the verb); returns the exit code. */
export async function latencyVerb(argv: string[], opts: VerbOptions): Promise<number> {
  const fail = (code: number, error: string, reason?: string): number => {
    opts.out.err(`studio-setup-helper: ${error}`);
    opts.out.json({ result: { ok: false, code, error, ...(reason ? { reason } : {}) } });
    return code;
  };
  let values: { seconds?: string; load?: string };
  try {
    const parsed = parseArgs({ args: argv, options: { seconds: { type: 'string' }, load: { type: 'string' } }, strict: true, allowPositionals: false });
    values = parsed.values;
  } catch (e) {
    return fail(VERB_EXIT.invalid, `latency: ${(e as Error).message.split('\n')[0]}`);
  }
  const seconds = parseSeconds(values.seconds, 30);
  const load = values.load ?? 'none';
  const invalid = checkMeasureArgs(seconds, load);
  if (invalid) return fail(VERB_EXIT.invalid, `latency: ${invalid}`);
  if ((opts.uid ?? process.getuid?.() ?? -1) !== 0) return fail(VERB_EXIT.notRoot, 'the helper must run as root');
  const outcome = await measureLatency({
    seconds,
    load: load as LoadKind,
    via: 'helper',
    // The io load writes where recordings live: a disk, not a tmpfs /tmp.
    scratch: '/var/tmp',
    // The helper runs with a fixed PATH of system directories, never the caller's.
    env: { ...(opts.env ?? {}), PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (p) =>
      opts.out.json({ progress: { step: p.elapsed, of: p.total, what: `measuring latency${p.maxUs === null ? '' : `: worst so far ${latencyText(p.maxUs)}`}` } }),
  });
  if (!outcome.ok) return fail(VERB_EXIT.failed, `latency: ${outcome.message}`, outcome.reason);
  opts.out.json({ result: { ok: true, code: 0, latency: outcome.result } });
  return VERB_EXIT.ok;
}

/** The helper's `result` object (however it was read) as an outcome, validated; `message` when there is none. */
export function outcomeOfVerbResult(result: unknown, message = 'the helper printed no result'): MeasureOutcome {
  if (result === null || typeof result !== 'object') return { ok: false, reason: 'failed', message };
  const r = result as { ok?: unknown; error?: unknown; reason?: unknown; latency?: unknown };
  if (r.ok !== true) {
    const reason = (['missing-tool', 'not-permitted', 'cancelled', 'invalid'] as const).find((x) => x === r.reason) ?? 'failed';
    return { ok: false, reason, message: typeof r.error === 'string' ? r.error : message };
  }
  const checked = readResult(JSON.stringify(r.latency ?? null));
  return checked.ok ? { ok: true, result: checked.result } : { ok: false, reason: 'failed', message: `the helper's result ${checked.error}` };
}

/** Read the helper's output (JSON lines) back into an outcome, on the user's side. */
export function readVerbOutput(stdout: string): MeasureOutcome {
  let last: unknown = null;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{"result"')) continue;
    try {
      last = (JSON.parse(line) as { result?: unknown }).result ?? null;
    } catch {
      // A torn line: keep looking.
    }
  }
  return outcomeOfVerbResult(last);
}

/** The verb as the helper process's whole job: SIGINT/SIGTERM cancel it cleanly; sets process.exitCode. */
export async function latencyVerbMain(argv: string[], out: VerbOut): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    process.exitCode = await latencyVerb(argv, { out, env: process.env, signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
