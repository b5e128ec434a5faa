// The kernel checks that decide whether IRQ priorities can be tuned at all:
// the preemption model and threaded interrupts (verified on the audio lines).
import type { Analysis } from '../common/analysis/index.js';
import type { Evidence, Finding } from '../common/findings.js';
import type { Snapshot } from '../common/types.js';
import { cmdlineWords, ev, finding, FROM, unknown, type CheckHead } from './finding.js';
import { preemptionOf, type Preemption } from './preemption.js';

const PREEMPTION: CheckHead = { id: 'kernel.preemption', title: 'Kernel preemption model', severity: 'recommended' };
const THREADED: CheckHead = { id: 'kernel.threaded-irqs', title: 'Threaded interrupts', severity: 'required' };

// One sentence each, without the final period (notes may follow in parentheses).
const MODEL_TEXT = {
  rt: 'This is a PREEMPT_RT (real-time) kernel: almost all kernel code can be interrupted and every interrupt handler runs in a thread with a priority, the best base for low latency',
  full: 'This kernel is fully preemptible — it can switch to your audio thread almost anywhere — but it is not a real-time (PREEMPT_RT) kernel and full preemption does not put interrupts in threads (that is `threadirqs`)',
  lazy: 'This kernel uses lazy preemption — realtime threads such as audio preempt at once, ordinary tasks at the next tick — but it is not PREEMPT_RT and does not put interrupts in threads',
  voluntary: 'This kernel uses voluntary preemption: it switches to your audio thread only at points it chose, so a long kernel operation can delay it by milliseconds',
  none: 'This kernel does not preempt (a server setting): kernel work runs to the end before your audio thread gets the CPU, the worst case for audio',
} as const;

function preemptionEvidence(s: Snapshot, p: Preemption): Evidence[] {
  const k = s.kernel;
  const cfg = k.config ?? {};
  const keys = ['CONFIG_PREEMPT_RT', 'CONFIG_PREEMPT_DYNAMIC', 'CONFIG_PREEMPT_LAZY', 'CONFIG_PREEMPT', 'CONFIG_PREEMPT_VOLUNTARY', 'CONFIG_PREEMPT_NONE'];
  const set = keys.filter((key) => cfg[key] !== undefined).map((key) => `${key}=${cfg[key]}`);
  const out = [ev(FROM.unameV, k.version), ev(`${FROM.config} (${k.configSource ?? 'none'})`, k.config ? set.join(' ') || 'no PREEMPT options' : null), ev(FROM.cmdline, k.cmdline === undefined ? null : p.cmdline === null ? 'no preempt=' : `preempt=${p.cmdline}`)];
  if (k.realtimeFile) out.push(ev(FROM.realtime, 'present (out-of-tree RT patch)'));
  out.push(ev('PREEMPT_DYNAMIC', p.dynamic === null ? 'unknown' : p.dynamic ? 'yes: preempt= picks the model at boot' : 'no'));
  return out;
}

/** kernel.preemption: rt | full | lazy | voluntary | none, dynamic or not. */
export function checkPreemption(s: Snapshot): Finding {
  const p = preemptionOf(s.kernel);
  const evidence = preemptionEvidence(s, p);
  const notes = p.notes.length ? ` (${p.notes.join('; ')})` : '';
  const ignored =
    p.ignored === 'not-dynamic'
      ? `\`preempt=${p.cmdline}\` on your command line does nothing, as this kernel is not PREEMPT_DYNAMIC. `
      : p.ignored === 'invalid'
        ? `\`preempt=${p.cmdline}\` is not a mode the kernel knows (none, voluntary, full, lazy) and is ignored. `
        : '';
  const rebootFix = p.dynamic === true ? { fix: { action: 'kernel-params' as const, add: ['preempt=full' as const] }, needs: 'reboot' as const } : {};
  const installRt = [
    'Install a low-latency or real-time kernel: Debian `sudo apt install linux-image-rt-amd64`, Ubuntu `sudo apt install linux-lowlatency` (or add preempt=full on 24.04+), Fedora `kernel-rt`, Arch `linux-rt` or `linux-zen`.',
    'Reboot into it (choose it in the boot menu if it is not the default).',
  ];
  const why = 'The preemption model decides how quickly the kernel hands the CPU to your audio thread';
  if (p.model === null) {
    if (s.kernel.version === undefined && s.kernel.config === undefined) return unknown(PREEMPTION, 'the bundle has neither `uname -v` nor the kernel configuration', evidence);
    if (p.dynamic === true) {
      return finding(PREEMPTION, {
        status: 'unknown',
        value: null,
        evidence,
        explanation: `${why}, and this PREEMPT_DYNAMIC kernel's default model is not known${notes}.`,
        advice: `${ignored}Add preempt=full to the kernel command line to be sure (Studio Setup can), then reboot.`,
        ...rebootFix,
      });
    }
    return finding(PREEMPTION, {
      status: 'warn',
      value: null,
      evidence,
      explanation: `${why}, and this kernel is not fully preemptible${notes}.`,
      advice: `${ignored}Use a fully preemptible or real-time kernel.`,
      manual: installRt,
    });
  }
  const good = p.model === 'rt' || p.model === 'full' || p.model === 'lazy';
  const dyn = p.dynamic && p.model !== 'rt' ? 'This PREEMPT_DYNAMIC kernel takes its model from `preempt=` on the command line: ' : '';
  return finding(PREEMPTION, {
    status: good && !p.ignored ? 'ok' : 'warn',
    value: p.model,
    evidence,
    explanation: `${MODEL_TEXT[p.model]}${notes}.`,
    advice:
      ignored +
      (good
        ? p.model === 'rt'
          ? 'Nothing to do.'
          : 'Fine for most sessions; a PREEMPT_RT kernel lowers the worst case further if you still get dropouts at small buffers.'
        : p.dynamic
          ? `${dyn}switch to full preemption by adding preempt=full (Studio Setup can), then reboot.`
          : 'Install and boot a low-latency or real-time kernel.'),
    ...(good ? {} : p.dynamic ? rebootFix : { manual: installRt }),
  });
}

// Words that were meant to be `threadirqs` (musnix shipped `threadirq` for
// eight years): kernel parameters are case-sensitive and unknown ones are
// silently passed on to init, so a near miss does nothing.
function isThreadirqs(w: string): boolean {
  // init/main.c do_early_param: "threadirqs" or "threadirqs=<anything>" (the value is ignored).
  return w === 'threadirqs' || w.startsWith('threadirqs=');
}

/** Edit distance (insertions, deletions, substitutions) between two short words. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** A word of the command line that was probably meant to be `threadirqs`. */
export function isThreadirqsTypo(word: string): boolean {
  const name = word.split('=')[0] ?? '';
  if (isThreadirqs(word) || name.length < 7 || name.length > 14) return false;
  return editDistance(name.toLowerCase(), 'threadirqs') <= 2;
}

/** kernel.threaded-irqs: RT or `threadirqs`, and irq/N threads present for the audio devices' lines. */
export function checkThreadedIrqs(s: Snapshot, a: Analysis): Finding {
  const p = preemptionOf(s.kernel);
  const words = s.kernel.cmdline === undefined ? null : cmdlineWords(s.kernel.cmdline);
  const flag = words?.find(isThreadirqs) ?? null;
  const typos = (words ?? []).filter(isThreadirqsTypo);
  const forced = p.model === 'rt' || flag !== null;
  const forcedThreading = s.kernel.config?.CONFIG_IRQ_FORCED_THREADING;
  const lines = a.audioPaths.flatMap((path) => {
    const active = path.irqs.filter((i) => i.active);
    return (active.length ? active : path.irqs.filter((i) => i.action !== null)).map((i) => ({ card: path.card, name: path.name, irq: i.irq, threads: i.threads }));
  });
  const haveThreads = s.threads !== null;
  const bare = haveThreads ? lines.filter((l) => l.threads.length === 0) : [];
  const anyIrqThread = (s.threads?.irq.length ?? 0) > 0;
  const evidence = [
    ev(FROM.cmdline, words === null ? null : flag ?? (typos.length ? `no threadirqs (but: ${typos.join(' ')})` : 'no threadirqs')),
    ev('kernel.preemption', p.model ?? 'unknown'),
    ev(FROM.threads, !haveThreads ? null : lines.length ? lines.map((l) => `card ${l.card} IRQ ${l.irq}: ${l.threads.map((t) => t.comm).join(', ') || 'no thread'}`).join('; ') : `${s.threads?.irq.length ?? 0} irq/ threads, no audio line known`),
  ];
  if (forcedThreading) evidence.push(ev(FROM.config, `CONFIG_IRQ_FORCED_THREADING=${forcedThreading}`));
  // Each explanation is one sentence: what is in force, and what it means for ranking the audio interrupt.
  const rank = 'each device\'s interrupt handler runs in a kernel thread that can be ranked above everything else, the audio interface\'s first';
  const fix = { fix: { action: 'kernel-params' as const, add: ['threadirqs' as const] }, needs: 'reboot' as const };
  const typoText = typos.length ? `\`${typos.join('`, `')}\` on the command line is a misspelling the kernel silently ignores (the parameter is \`threadirqs\`)` : '';
  const typoAdvice = typos.length ? `Remove the misspelled \`${typos.join(' ')}\` from the kernel command line. ` : '';
  if (forced && p.model !== 'rt' && forcedThreading === 'n') {
    return finding(THREADED, {
      status: 'fail',
      value: false,
      evidence,
      explanation: 'This kernel was built without CONFIG_IRQ_FORCED_THREADING, so `threadirqs` does nothing and no interrupt handler can be ranked above the rest.',
      advice: 'Use a distribution kernel (they all have forced threading) or a PREEMPT_RT kernel.',
      manual: ['Install your distribution\'s standard, low-latency or real-time kernel and boot it with threadirqs.'],
    });
  }
  if (forced) {
    const how = p.model === 'rt' ? 'PREEMPT_RT threads every interrupt' : '`threadirqs` is on the kernel command line';
    if (haveThreads && !anyIrqThread) {
      return finding(THREADED, {
        status: 'fail',
        value: false,
        evidence,
        explanation: `${how}, yet no irq/ thread exists at all, so the setting is not taking effect and nothing can be ranked.`,
        advice: 'Check that the machine was rebooted after adding threadirqs, and that the boot loader really passes it (`cat /proc/cmdline`).',
        ...fix,
      });
    }
    if (bare.length > 0) {
      return finding(THREADED, {
        status: 'warn',
        value: true,
        evidence,
        explanation: `${how}, but ${bare.map((l) => `card ${l.card}'s IRQ ${l.irq}`).join(', ')} has no irq/ thread, so its handler runs outside any thread and cannot be ranked.`,
        advice: 'Scan again while the device is in use; if the thread is still missing, its driver asked not to be threaded (IRQF_NO_THREAD) and another port or card is the way out.',
      });
    }
    return finding(THREADED, {
      status: 'ok',
      value: true,
      evidence,
      explanation: `${how}, so ${rank}${lines.length && haveThreads ? ', and the audio devices\' lines have their threads' : haveThreads ? '' : ' (the threads were not captured, so they could not be seen)'}.`,
      advice: typos.length ? `${typoAdvice}It does nothing.` : 'Nothing to do.',
    });
  }
  if (words === null && !(lines.length > 0 && haveThreads && bare.length === 0)) {
    return unknown(THREADED, 'the bundle has no /proc/cmdline and no sign of threaded audio lines', evidence);
  }
  if (words === null) {
    return finding(THREADED, {
      status: 'ok',
      value: true,
      evidence,
      explanation: `Every audio device's interrupt line has its irq/ thread, so ${rank} (the kernel command line was not captured).`,
      advice: 'Nothing to do.',
    });
  }
  const selfThreaded = lines.length > 0 && haveThreads && bare.length === 0;
  return finding(THREADED, {
    status: typos.length || !selfThreaded ? 'fail' : 'warn',
    value: false,
    evidence,
    explanation: typos.length
      ? `${typoText}, so interrupts are not threaded and the audio interrupt cannot be ranked above the others.`
      : selfThreaded
        ? 'Interrupts are not force-threaded (neither PREEMPT_RT nor `threadirqs`; `preempt=full` does not thread them), so although the audio drivers thread their own handlers, their hard-interrupt part and softirq work still run ahead of everything else.'
        : `Interrupts are not threaded (neither PREEMPT_RT nor \`threadirqs\`; \`preempt=full\` does not thread them${anyIrqThread ? ', and the few irq/ threads belong to drivers that thread themselves' : ''}), so the audio interrupt cannot be ranked above the others.`,
    advice: `${typoAdvice}Add threadirqs to the kernel command line (Studio Setup can, through your boot loader), then reboot.`,
    ...fix,
    ...(typos.length ? { manual: [`Remove the misspelled \`${typos.join(' ')}\` from the kernel command line (GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then \`sudo update-grub\`).`] } : {}),
  });
}

/** The preemption and threading checks. */
export function kernelChecks(s: Snapshot, a: Analysis): Finding[] {
  return [checkPreemption(s), checkThreadedIrqs(s, a)];
}
