// The IRQ part: irq.conf from the plan's targets, the applier, its units, the
// hotplug rule and the wants symlinks (journaled like files: no `systemctl
// enable`), then (live) the applier's --list recorded as thread steps BEFORE its
// --apply, and every thread re-read to verify.
import type { Plan } from '../../common/plan.js';
import { previewPlan, type PreviewRow } from '../../common/preview.js';
import type { Snapshot } from '../../common/types.js';
import { parseIrqThreadName } from '../../probe/threads.js';
import { readSnapshot } from '../../probe/snapshot.js';
import { DirSource, LiveSource } from '../../probe/source.js';
import { ASSETS } from './assets.js';
import type { Ctx } from './ctx.js';
import { HEADER, rtirqWouldRun } from './fixes.js';
import { CONF_DIR, LIB_DIR, Refused, SLEEP_TARGETS } from './paths.js';
import { readThread } from './system.js';

/** The applier's configuration. */
export const IRQ_CONF = `${CONF_DIR}/irq.conf`;
/** The installed applier. */
export const APPLIER = `${LIB_DIR}/studio-setup-irq`;
/** The boot unit. */
export const UNIT = '/etc/systemd/system/studio-setup-irq.service';
/** The resume unit. */
export const RESUME_UNIT = '/etc/systemd/system/studio-setup-irq-resume.service';
/** The hotplug rule. */
export const IRQ_RULE = '/etc/udev/rules.d/60-studio-setup-irq.rules';

/** Does the plan need the applier (targets, or a governor it must set at boot)? */
export function needsApplier(plan: Plan): boolean {
  return plan.targets.length > 0 || plan.fixes.some((f) => f.action === 'cpu-governor');
}

/** irq.conf for a plan (docs/privileged.md "The IRQ applier"); every value is schema-checked data. */
export function irqConf(plan: Plan): string {
  const lines = plan.targets.map((t) =>
    t.kind === 'pci' ? `pci ${t.controller} ${t.priority}` : `usb ${t.id} ${t.priority}${t.serial ? ` ${t.serial}` : ''}`,
  );
  for (const f of plan.fixes) if (f.action === 'cpu-governor') lines.push(`governor ${f.governor}`);
  return `${HEADER}# kind identity priority [serial]\n${lines.map((l) => l + '\n').join('')}`;
}

/** Refuse to fight rtirq: it must be masked by this plan (or already off). */
export function checkRtirq(ctx: Ctx, plan: Plan): void {
  if (plan.targets.length === 0) return;
  const masks = plan.fixes.some((f) => f.action === 'disable-service' && (f.unit === 'rtirq.service' || f.unit === 'rtirq-resume.service'));
  if (!masks && rtirqWouldRun(ctx)) {
    throw new Refused(
      'rtirq is installed and enabled: at every boot and resume it would set these threads again by name. Include the fix that disables rtirq (disable-service rtirq.service) or disable rtirq first',
    );
  }
}

/** Write irq.conf and install the applier, units, rule and wants symlinks. */
export function installIrq(ctx: Ctx, plan: Plan): void {
  ctx.begin(`IRQ configuration (${IRQ_CONF})`);
  ctx.mkdir(CONF_DIR);
  ctx.writeFile(IRQ_CONF, irqConf(plan), { mode: 0o644 });
  ctx.begin(`boot applier (${APPLIER})`);
  ctx.writeFile(APPLIER, ASSETS.applier, { mode: 0o755 });
  ctx.begin('systemd units and udev rule');
  ctx.writeFile(UNIT, ASSETS.unit, { mode: 0o644 });
  ctx.writeFile(RESUME_UNIT, ASSETS.resumeUnit, { mode: 0o644 });
  ctx.writeFile(IRQ_RULE, ASSETS.rule, { mode: 0o644 });
  ctx.begin('enable the units at boot and after resume');
  ctx.symlink('/etc/systemd/system/multi-user.target.wants/studio-setup-irq.service', UNIT);
  for (const t of SLEEP_TARGETS) ctx.symlink(`/etc/systemd/system/${t}.target.wants/studio-setup-irq-resume.service`, RESUME_UNIT);
}

/** Make systemd and udev read what was written (recorded, not run, under --root). */
export function reload(ctx: Ctx, units: boolean, rules: boolean): void {
  if (!units && !rules) return;
  ctx.begin('reload systemd and udev');
  if (units) ctx.command([ctx.program('systemctl'), 'daemon-reload']);
  if (rules) ctx.command([ctx.program('udevadm'), 'control', '--reload']);
}

/** A line of `studio-setup-irq --list`: `pid irq action policy priority → planned`. */
export interface ListedThread {
  pid: number;
  irq: number;
  action: string;
  planned: number;
}

/** Parse the applier's --list output (other lines are ignored). */
export function parseList(text: string): ListedThread[] {
  const out: ListedThread[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d{1,10})\s+(\d{1,9})\s+(\S{1,64})\s+\S+\s+\S+\s*(?:→|->)\s*(\d{1,2})\s*$/.exec(line);
    if (m) out.push({ pid: Number(m[1]), irq: Number(m[2]), action: m[3] as string, planned: Number(m[4]) });
  }
  return out;
}

// One snapshot per run: the plan pass and the apply pass see the same tree.
const snapshots = new WeakMap<object, Snapshot>();

function preview(ctx: Ctx, plan: Plan): PreviewRow[] | null {
  if (!ctx.root.isLive && (!ctx.exists('/proc') || !ctx.exists('/sys'))) return null;
  let snap = snapshots.get(ctx.root);
  if (!snap) {
    snap = readSnapshot(ctx.root.isLive ? new LiveSource() : new DirSource(ctx.root.dir));
    snapshots.set(ctx.root, snap);
  }
  return previewPlan(plan, snap).rows;
}

/**
 * True when the plan itself turns on `threadirqs` and the running kernel has neither it
 * on its command line nor PREEMPT_RT: the devices' handlers only become threads at the
 * next boot, so there is nothing to set now (the applier would find no thread serving
 * a PCI target and fail, rolling back the fix that would have made one).
 */
export function threadsAfterReboot(ctx: Ctx, plan: Plan): boolean {
  const planned = plan.fixes.some((f) => f.action === 'kernel-params' && f.add.includes('threadirqs'));
  if (!planned) return false;
  const cmdline = ctx.read('/proc/cmdline') ?? ctx.readThroughLinks('/proc/cmdline');
  if (cmdline === null) return false;
  const rt = (ctx.read('/sys/kernel/realtime') ?? ctx.readThroughLinks('/sys/kernel/realtime'))?.trim() === '1';
  return !rt && !cmdline.trim().split(/\s+/).includes('threadirqs');
}

/** Record every thread's original policy/priority, then (live) run the applier and verify. */
export function applyThreads(ctx: Ctx, plan: Plan): void {
  if (plan.targets.length === 0) return;
  ctx.begin('IRQ thread priorities');
  if (threadsAfterReboot(ctx, plan)) {
    ctx.note('interrupts are not threaded on the running kernel yet: the boot unit sets the IRQ threads after the reboot that brings threadirqs');
    return;
  }
  const rows = preview(ctx, plan);
  if (rows === null) {
    ctx.note('no /proc and /sys under --root: no thread recorded');
    return;
  }
  if (!ctx.live) {
    for (const r of rows) {
      const action = parseIrqThreadName(r.comm)?.action ?? null;
      if (ctx.planning) ctx.described.push(`record thread ${r.pid} ${r.comm}: ${r.now.policy} ${r.now.priority} → FIFO ${r.planned.priority}`);
      else ctx.recordStep({ kind: 'thread', pid: r.pid, comm: r.comm, irq: r.irq, action, controller: r.controller, before: r.now, planned: r.planned.priority, performed: false });
    }
    return;
  }
  if (ctx.planning) {
    for (const r of rows) ctx.described.push(`thread ${r.pid} ${r.comm}: ${r.now.policy} ${r.now.priority} → FIFO ${r.planned.priority}`);
    return;
  }
  // Exit 3: a USB target is not plugged in now (the hotplug rule applies it later).
  const listed = parseList(ctx.command([APPLIER, '--list'], { okStatus: [0, 3] }));
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  for (const l of listed) {
    const t = readThread(ctx.root, l.pid);
    if (t === null) throw new Error(`thread ${l.pid} listed by the applier is gone`);
    const name = parseIrqThreadName(t.comm);
    // "-": 2.6's IRQ-N threads have no action name.
    const action = l.action === '-' ? null : l.action;
    const same = name !== null && name.irq === l.irq && (name.action === action || (name.truncated && action !== null && action.startsWith(name.action ?? '')));
    if (t.ppid !== 2 || !same) throw new Error(`the applier listed ${l.pid} (${t.comm}), which is not the kernel IRQ thread irq/${l.irq}-${l.action}`);
    const controller = byPid.get(l.pid)?.controller ?? null;
    ctx.recordStep({ kind: 'thread', pid: l.pid, comm: t.comm, irq: l.irq, action: name.action, controller, before: { policy: t.policy, priority: t.priority }, planned: l.planned, performed: true });
  }
  const missed = rows.filter((r) => !listed.some((l) => l.pid === r.pid));
  if (missed.length > 0) ctx.note(`the applier and the preview disagree on threads ${missed.map((r) => r.comm).join(', ')}`);
  ctx.command([APPLIER, '--apply'], { okStatus: [0, 3] });
  for (const l of listed) {
    const t = readThread(ctx.root, l.pid);
    if (!t || t.policy !== 'FIFO' || t.priority !== l.planned) {
      throw new Error(`thread ${l.pid} is ${t ? `${t.policy} ${t.priority}` : 'gone'} after the applier ran, not FIFO ${l.planned}`);
    }
  }
}
