// One measurement: cyclictest on every CPU at SCHED_FIFO MEASURE_PRIORITY,
// memory locked, 1 ms interval, histogram to a file, optional background load,
// progress while it runs, and a clean stop on cancel (SIGINT to cyclictest, the
// load stopped, every process waited for, temporary files removed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { missingToolMessage } from '../common/latency/install.js';
import { parseCyclictestJson } from '../common/latency/json.js';
import { mergeJson, parseHistogramText, stripEscapes } from '../common/latency/parse.js';
import { buildResult, type LatencyResult, type LatencySettings } from '../common/latency/result.js';
import { checkMeasureArgs, HISTOGRAM_US, INTERVAL_US, MEASURE_PRIORITY, type LoadKind } from '../common/latency/types.js';
import { startLoad, type Load } from './load.js';
import { spawnGroup, stopGroup } from './process.js';
import { probeCyclictest, readOsRelease, which, type CyclictestInfo } from './tool.js';

/** What a measurement is asked to do. */
export interface MeasureOptions {
  seconds: number;
  load: LoadKind;
  label?: string | null;
  /** Environment for the tools (PATH decides which cyclictest runs). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onProgress?: (p: MeasureProgress) => void;
  /** A directory on the user's disk for the io load (default: the system's temporary directory). */
  scratch?: string;
  /** Recorded in the result: run here, or by the privileged helper. */
  via?: LatencySettings['via'];
}

/** Progress of a running measurement. */
export interface MeasureProgress {
  elapsed: number;
  total: number;
  /** The worst latency seen so far on any CPU, µs (from cyclictest's live display). */
  maxUs: number | null;
}

/** Why a measurement gave no result. */
export type MeasureFailure = 'invalid' | 'missing-tool' | 'not-permitted' | 'cancelled' | 'failed';

/** A result, or why there is none (never a made-up number). */
export type MeasureOutcome = { ok: true; result: LatencyResult } | { ok: false; reason: MeasureFailure; message: string };

/** cyclictest's arguments for a measurement (the histogram and JSON files in `dir`). */
export function cyclictestArgs(info: Omit<CyclictestInfo, 'path' | 'version'>, seconds: number, dir: string): string[] {
  const args = ['-m', '-S', '-p', String(MEASURE_PRIORITY), '-i', String(INTERVAL_US), '-D', String(seconds), '-h', String(HISTOGRAM_US)];
  args.push(`--histfile=${path.join(dir, 'histogram.txt')}`);
  if (info.json) args.push(`--json=${path.join(dir, 'run.json')}`);
  // Without it cyclictest holds /dev/cpu_dma_latency at 0 while it runs and
  // hides the C-state exits an audio thread really meets ("before" would look
  // better than it is); the plan's own cpu-dma-latency fix is what should help.
  if (info.defaultSystem) args.push('--default-system');
  // -M: reprint the live display only on a new maximum (that is the progress we show).
  args.push('-M');
  if (info.unbuffered) args.push('-u');
  return args;
}

const T_MAX = /^T:\s*\d+\s*\(\s*\d+\)\s*P:\s*\d+\s*I:\s*\d+\s*C:\s*(\d+)\s.*Max:\s*(\d+)/;

/** The worst `Max:` of the live display's `T:` lines in `chunk` (threads that have not woken yet excluded). */
export function liveMax(chunk: string): number | null {
  let max: number | null = null;
  for (const line of stripEscapes(chunk).text.split(/\r?\n/)) {
    const m = T_MAX.exec(line.trim());
    if (m && m[1] !== '0') max = Math.max(max ?? 0, Number(m[2]));
  }
  return max;
}

const readOrNull = (file: string): string | null => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/** Run one measurement. */
export async function measureLatency(opts: MeasureOptions): Promise<MeasureOutcome> {
  const invalid = checkMeasureArgs(opts.seconds, opts.load);
  if (invalid) return { ok: false, reason: 'invalid', message: invalid };
  const env = opts.env ?? process.env;
  if (opts.signal?.aborted) return { ok: false, reason: 'cancelled', message: 'cancelled before it started' };
  const info = await probeCyclictest(env);
  if (!info) return { ok: false, reason: 'missing-tool', message: missingToolMessage(readOsRelease()) };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-latency-'));
  let load: Load | null = null;
  try {
    try {
      load = startLoad(opts.load, { hackbench: which('hackbench', env.PATH), dd: which('dd', env.PATH), scratch: opts.scratch ?? os.tmpdir() });
    } catch (e) {
      return { ok: false, reason: 'failed', message: (e as Error).message };
    }
    const args = cyclictestArgs(info, opts.seconds, dir);
    const startedAt = new Date();
    const g = spawnGroup(info.path, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, LC_ALL: 'C' } });
    // Written by the callbacks below, read once cyclictest has exited.
    const seen = { maxUs: null as number | null, stderr: '', spawnError: null as string | null, cancelled: false, overdue: false };
    g.child.once('error', (e) => (seen.spawnError = e.message));
    let partial = '';
    g.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      // Only whole lines: a "Max:" cut between two chunks would read as a smaller number.
      const text = partial + chunk;
      const end = text.lastIndexOf('\n') + 1;
      partial = text.slice(end).slice(-1000);
      const m = liveMax(text.slice(0, end));
      if (m !== null) seen.maxUs = Math.max(seen.maxUs ?? 0, m);
    });
    g.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (seen.stderr = (seen.stderr + chunk).slice(-4000)));
    const progress = () => {
      const elapsed = Math.min(opts.seconds, Math.floor((Date.now() - startedAt.getTime()) / 1000));
      opts.onProgress?.({ elapsed, total: opts.seconds, maxUs: seen.maxUs });
    };
    progress();
    const tick = setInterval(progress, 1000);
    const cancel = () => {
      seen.cancelled = true;
      // SIGINT is cyclictest's own clean stop (it ends the threads and writes its files).
      void stopGroup(g, 'SIGINT', 5000);
    };
    opts.signal?.addEventListener('abort', cancel, { once: true });
    // Aborted while the tool was probed or the load started: the listener came too late.
    if (opts.signal?.aborted) cancel();
    // cyclictest ends by itself after -D; this only guards against one that hangs.
    const guard = setTimeout(() => {
      seen.overdue = true;
      void stopGroup(g, 'SIGINT', 5000);
    }, (opts.seconds + 30) * 1000);
    const { code, signal } = await g.exited;
    clearTimeout(guard);
    clearInterval(tick);
    opts.signal?.removeEventListener('abort', cancel);
    await stopGroup(g, 'SIGINT', 5000);
    await load.stop();
    const finishedAt = new Date();
    if (seen.cancelled) return { ok: false, reason: 'cancelled', message: 'the measurement was cancelled; nothing was stored' };
    if (seen.spawnError) return { ok: false, reason: 'failed', message: `cyclictest did not start: ${seen.spawnError}` };
    if (seen.overdue) return { ok: false, reason: 'failed', message: `cyclictest did not finish within ${opts.seconds + 30} s and was stopped` };
    if (code !== 0) {
      const why = seen.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400) || `exit ${code ?? signal}`;
      const denied = /Unable to change scheduling policy|Operation not permitted|missing capabilities|mlockall/i.test(seen.stderr);
      return { ok: false, reason: denied ? 'not-permitted' : 'failed', message: `cyclictest failed: ${why}` };
    }
    const histText = readOrNull(path.join(dir, 'histogram.txt'));
    const parsed = histText === null ? null : parseHistogramText(histText);
    if (!parsed || !parsed.ok) return { ok: false, reason: 'failed', message: `cyclictest wrote no readable histogram${parsed ? `: ${parsed.error}` : ''}` };
    let run = parsed.run;
    const jsonText = readOrNull(path.join(dir, 'run.json'));
    const json = jsonText === null ? null : parseCyclictestJson(jsonText);
    if (json?.ok) run = mergeJson(run, json.run);
    const settings: LatencySettings = {
      tool: 'cyclictest',
      toolVersion: info.version,
      seconds: opts.seconds,
      load: opts.load,
      priority: MEASURE_PRIORITY,
      intervalUs: INTERVAL_US,
      histogramUs: HISTOGRAM_US,
      pmQos: !info.defaultSystem,
      via: opts.via ?? 'direct',
      command: ['cyclictest', ...args.map((a) => a.replace(dir, '$TMP'))],
    };
    const result = buildResult(run, { label: opts.label, startedAt, finishedAt, settings, kernel: os.release(), cpus: os.cpus().length || null });
    result.warnings.push(...load.problems);
    return { ok: true, result };
  } finally {
    await load?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
