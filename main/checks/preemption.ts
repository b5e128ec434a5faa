// The kernel's preemption model from `uname -v`, the kernel configuration and
// `preempt=` on the command line — told right: `preempt=full` is NOT
// PREEMPT_RT and does not thread interrupts.
import type { KernelInfo } from '../common/types.js';
import { cmdlineWords } from './finding.js';

/** The preemption models (Documentation/scheduler/sched-preemption.rst; PREEMPT_RT). */
export const PREEMPTION_MODELS = ['rt', 'full', 'lazy', 'voluntary', 'none'] as const;
/** A preemption model. */
export type PreemptionModel = (typeof PREEMPTION_MODELS)[number];

/** What the kernel's identity says about preemption. */
export interface Preemption {
  /** The model in force; null when it cannot be told. */
  model: PreemptionModel | null;
  /** PREEMPT_DYNAMIC: the model is chosen at boot with `preempt=`; null when unknown. */
  dynamic: boolean | null;
  /** The build's default model (from the configuration), when known. */
  builtDefault: PreemptionModel | null;
  /** The `preempt=` value on the command line as written, if any. */
  cmdline: string | null;
  /** `preempt=` is present but has no effect (not a dynamic kernel, or not a valid mode). */
  ignored: 'not-dynamic' | 'invalid' | null;
  /** Caveats for the explanation. */
  notes: string[];
}

const DYNAMIC_MODES = new Set<string>(['none', 'voluntary', 'full', 'lazy']);

/** Kernel release as [major, minor], or null. */
export function releaseOf(k: KernelInfo): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(k.release ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function configModel(cfg: Record<string, string>): PreemptionModel | null {
  // kernel/Kconfig.preempt: PREEMPT_RT (a separate option since 6.12, in the
  // choice before); the choice PREEMPT_NONE / PREEMPT_VOLUNTARY / PREEMPT /
  // PREEMPT_LAZY (6.13+); CONFIG_PREEMPT_RT_FULL is the old out-of-tree patch's.
  if (cfg.CONFIG_PREEMPT_RT === 'y' || cfg.CONFIG_PREEMPT_RT_FULL === 'y') return 'rt';
  if (cfg.CONFIG_PREEMPT_LAZY === 'y') return 'lazy';
  if (cfg.CONFIG_PREEMPT === 'y') return 'full';
  if (cfg.CONFIG_PREEMPT_VOLUNTARY === 'y') return 'voluntary';
  if (cfg.CONFIG_PREEMPT_NONE === 'y') return 'none';
  return null;
}

/** A whole configuration, or capture's subset of it (main/probe/capture.ts configSubset): an option it lacks is not set. */
export function configComplete(k: KernelInfo): boolean {
  // A real .config has thousands of entries and CONFIG_CC_VERSION_TEXT (5.8+);
  // capture keeps every PREEMPT/HZ/NO_HZ/HIGH_RES_TIMERS/SMP option, "is not
  // set" lines included; the lab's bundles hold a few grepped lines only.
  const cfg = k.config ?? {};
  return Object.keys(cfg).length >= 500 || 'CONFIG_CC_VERSION_TEXT' in cfg || ('CONFIG_SMP' in cfg && 'CONFIG_HZ' in cfg);
}

function isDynamic(k: KernelInfo, unameDynamic: boolean): boolean | null {
  const cfg = k.config ?? {};
  if (unameDynamic || cfg.CONFIG_PREEMPT_DYNAMIC === 'y') return true;
  if (cfg.CONFIG_PREEMPT_DYNAMIC === 'n' || configComplete(k)) return false;
  // PREEMPT_DYNAMIC came in 5.12; from 5.18 uname -v names it, before it showed "PREEMPT".
  const rel = releaseOf(k);
  if (rel && (rel[0] < 5 || (rel[0] === 5 && rel[1] < 12))) return false;
  if (rel && k.version && (rel[0] > 5 || rel[1] >= 18)) return false;
  return null;
}

/** Work out the preemption model of a kernel. */
export function preemptionOf(k: KernelInfo): Preemption {
  const v = k.version ?? '';
  const cfg = k.config ?? {};
  const notes: string[] = [];
  // init/Makefile (5.18+, "sched/preempt: Tell about PREEMPT_DYNAMIC on kernel
  // headers"): uname -v carries one of PREEMPT, PREEMPT_DYNAMIC, PREEMPT_RT;
  // older RT-patch kernels print "PREEMPT RT".
  const unameRt = /\bPREEMPT[_ ]RT\b/.test(v);
  const unameDynamic = /\bPREEMPT_DYNAMIC\b/.test(v);
  const unamePreempt = /\bPREEMPT\b(?![_ ]?(RT|DYNAMIC))/.test(v);
  const builtDefault = configModel(cfg);
  const dynamic = isDynamic(k, unameDynamic);
  // Documentation/admin-guide/kernel-parameters.txt "preempt=": the last one given wins.
  const words = cmdlineWords(k.cmdline ?? '').filter((w) => w.startsWith('preempt='));
  const cmdline = words.length ? (words[words.length - 1] as string).slice('preempt='.length) : null;
  let ignored: Preemption['ignored'] = null;
  const rt = unameRt || builtDefault === 'rt' || k.realtimeFile === true;
  if (rt) return { model: 'rt', dynamic, builtDefault, cmdline, ignored, notes };
  let model: PreemptionModel | null = builtDefault;
  if (model === null && unamePreempt) {
    model = 'full';
    const rel = releaseOf(k);
    if (!rel || rel[0] > 6 || (rel[0] === 6 && rel[1] >= 13)) notes.push('uname -v cannot tell full from lazy preemption and the kernel configuration was not available');
  }
  if (model === null && v !== '' && !unameDynamic) notes.push('uname -v shows no PREEMPT flag: voluntary or none, the configuration would tell which');
  if (cmdline !== null) {
    if (dynamic === false) ignored = 'not-dynamic';
    else if (!DYNAMIC_MODES.has(cmdline)) ignored = 'invalid';
    else {
      model = cmdline as PreemptionModel;
      if (dynamic === null) notes.push('preempt= is honoured only by PREEMPT_DYNAMIC kernels, which this one is assumed to be');
    }
  }
  if (model === null && unameDynamic && cmdline === null) notes.push('a dynamic kernel whose default model is in its configuration, which was not available');
  return { model, dynamic, builtDefault, cmdline, ignored, notes };
}
