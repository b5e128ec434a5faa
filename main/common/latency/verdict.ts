// The plain verdict, in LatencyMon's spirit: what the worst wake-up latency
// measured means for an audio buffer of 64/128/256 frames at 48 kHz.
//
// The audio thread wakes once per period and must finish its work before the
// next one; whatever the wake-up is late comes out of the time left for the
// plugins. Two allowances:
// - the plugins' own share: at a DSP load of 50 % (a comfortable session) half
//   the period is spoken for, so a wake-up later than half the period drops out;
// - the measurement's length: a run of seconds or minutes meets fewer rare
//   events than an evening's session, and the worst case of a heavy tail grows
//   with the time watched; we expect the session's worst to be up to twice the
//   measured one.
// Hence: safe when worst <= period / 4 (both allowances hold), marginal up to
// period / 2 (fine at light DSP load or if the measured worst is the real one),
// unsafe beyond (a wake-up that late leaves the plugins less than half a period).
import { BUFFER_FRAMES, SAMPLE_RATE } from './types.js';

/** How a buffer size fares given the worst latency measured. */
export type Safety = 'safe' | 'marginal' | 'unsafe' | 'unknown';

/** Safe below this share of the period, marginal below MARGINAL_SHARE, unsafe above (see the file's comment). */
export const SAFE_SHARE = 0.25;
/** Upper end of 'marginal' as a share of the period. */
export const MARGINAL_SHARE = 0.5;
/** Below this many seconds the verdict says the run was short. */
export const SHORT_RUN_SECONDS = 60;

/** One buffer size's verdict. */
export interface BufferVerdict {
  frames: number;
  /** One period at SAMPLE_RATE, µs. */
  periodUs: number;
  safety: Safety;
}

/** The verdict of one measurement. */
export interface Verdict {
  /** Worst wake-up latency over all CPUs, µs (null: unknown). */
  worstUs: number | null;
  buffers: BufferVerdict[];
  /** Smallest buffer judged safe, null when none is. */
  smallestSafe: number | null;
  /** One sentence for people. */
  headline: string;
  /** Further plain sentences (short run, overflows, unknowns). */
  notes: string[];
}

/** One period of `frames` at `rate`, µs. */
export function periodUs(frames: number, rate = SAMPLE_RATE): number {
  return (frames / rate) * 1_000_000;
}

/** How one buffer size fares given the worst wake-up latency. */
export function safetyOf(worstUs: number | null, frames: number, rate = SAMPLE_RATE): Safety {
  if (worstUs === null) return 'unknown';
  const p = periodUs(frames, rate);
  return worstUs <= p * SAFE_SHARE ? 'safe' : worstUs <= p * MARGINAL_SHARE ? 'marginal' : 'unsafe';
}

/** Milliseconds for people: 1.33 ms, 5.33 ms. */
export function ms(us: number): string {
  return `${(us / 1000).toFixed(2)} ms`;
}

/** A latency for people: µs below 10 ms, ms above. */
export function latencyText(us: number): string {
  return us < 10_000 ? `${Math.round(us)} µs` : ms(us);
}

/** The verdict for the worst latency measured over `seconds`. */
export function verdictOf(worstUs: number | null, opts: { seconds: number; overflows?: number | null; samples?: number | null }): Verdict {
  const buffers = BUFFER_FRAMES.map((frames) => ({ frames, periodUs: periodUs(frames), safety: safetyOf(worstUs, frames) }));
  const safe = buffers.find((b) => b.safety === 'safe');
  const notes: string[] = [];
  let headline: string;
  const at = (b: BufferVerdict) => `${b.frames} frames (${ms(b.periodUs)})`;
  if (worstUs === null) {
    headline = 'The worst-case latency is unknown: the measurement did not finish or its output was incomplete.';
  } else {
    const worst = `Worst wake-up latency ${latencyText(worstUs)}`;
    const first = buffers[0]!;
    if (safe === first) headline = `${worst}: this machine handles real-time audio well; ${at(first)} at 48 kHz is safe.`;
    else if (safe) {
      const risky = buffers.filter((b) => b.frames < safe.frames).map((b) => `${b.frames}`);
      headline = `${worst}: use ${at(safe)} or more at 48 kHz; ${risky.join(' and ')} frames risk dropouts.`;
    } else {
      const marginal = buffers.find((b) => b.safety === 'marginal');
      headline = marginal
        ? `${worst}: only ${at(marginal)} or more is usable at 48 kHz, with little headroom; expect occasional dropouts.`
        : `${worst}: dropouts are likely even at ${at(buffers[buffers.length - 1]!)} at 48 kHz.`;
    }
  }
  if (opts.seconds < SHORT_RUN_SECONDS) {
    notes.push(`A short run (${opts.seconds} s): rare delays may not have happened yet; a few minutes under your usual load gives a firmer answer.`);
  }
  if (opts.overflows) {
    const share = opts.samples ? ` (${((100 * opts.overflows) / opts.samples).toPrecision(2)} % of wake-ups)` : '';
    notes.push(`${opts.overflows} wake-up(s) were later than the histogram's range${share}.`);
  }
  notes.push(`Safe means the worst case stays under a quarter of the period, marginal under half: the plugins need the rest, and a longer session meets rarer delays.`);
  return { worstUs, buffers, smallestSafe: safe?.frames ?? null, headline, notes };
}
