// The simple system fixes: RT limits, sysctls, USB autosuspend, /dev/cpu_dma_latency,
// masking a conflicting service, the CPU governor. The audio group, kernel
// parameters and the IRQ part have their own files.
import type { ConflictingUnit, Fix } from '../../common/findings.js';
import type { Ctx } from './ctx.js';
import { groupLine } from './group.js';
import { Refused } from './paths.js';

/** First line of every file the helper writes. */
export const HEADER = '# written by studio-setup; do not edit (studio-setup revert removes it)\n';

/** The limits file. */
export const LIMITS_PATH = '/etc/security/limits.d/95-studio-setup-audio.conf';
/** The sysctl file. */
export const SYSCTL_PATH = '/etc/sysctl.d/60-studio-setup.conf';
/** The USB autosuspend rule. */
export const USB_RULE_PATH = '/etc/udev/rules.d/61-studio-setup-usb-power.rules';
/** The cpu_dma_latency rule. */
export const DMA_RULE_PATH = '/etc/udev/rules.d/62-studio-setup-cpu-dma-latency.rules';

type FixOf<A extends Fix['action']> = Extract<Fix, { action: A }>;

/** limits.d: realtime priority and locked memory for @audio. */
export function applyRtLimits(ctx: Ctx, f: FixOf<'rt-limits'>): void {
  ctx.begin(`realtime limits for group ${f.group} (${LIMITS_PATH})`);
  ctx.writeFile(LIMITS_PATH, `${HEADER}@${f.group} - rtprio ${f.rtprio}\n@${f.group} - memlock ${f.memlock}\n`, { mode: 0o644 });
}

/** sysctl.d file, and (live) the values now, with the old ones journaled. */
export function applySysctls(ctx: Ctx, fixes: FixOf<'sysctl'>[]): void {
  if (fixes.length === 0) return;
  ctx.begin(`kernel settings ${fixes.map((f) => f.key).join(', ')} (${SYSCTL_PATH})`);
  ctx.writeFile(SYSCTL_PATH, HEADER + fixes.map((f) => `${f.key} = ${f.value}\n`).join(''), { mode: 0o644 });
  for (const f of fixes) ctx.sysfs(`/proc/sys/${f.key.replace(/\./g, '/')}`, String(f.value));
  // The values are already set; sysctl -p proves the file reads back as intended.
  if (ctx.live) ctx.command([ctx.program('sysctl'), '-p', SYSCTL_PATH]);
}

/** A udev rule keeping the chosen USB devices awake, and (live) power/control=on for those present. */
export function applyUsbAutosuspend(ctx: Ctx, fixes: FixOf<'usb-autosuspend'>[]): void {
  if (fixes.length === 0) return;
  ctx.begin(`USB autosuspend off for ${fixes.map((f) => f.id).join(', ')}`);
  const lines = fixes.map((f) => {
    const [vendor, product] = f.id.split(':');
    return `ACTION=="add", SUBSYSTEM=="usb", ATTR{idVendor}=="${vendor}", ATTR{idProduct}=="${product}", TEST=="power/control", ATTR{power/control}="on"\n`;
  });
  ctx.writeFile(USB_RULE_PATH, HEADER + lines.join(''), { mode: 0o644 });
  const ids = new Set(fixes.map((f) => f.id));
  for (const name of ctx.list('/sys/bus/usb/devices') ?? []) {
    if (!/^\d{1,3}-[0-9.]{1,40}$/.test(name)) continue;
    const dir = `/sys/bus/usb/devices/${name}`;
    const id = `${readAttr(ctx, `${dir}/idVendor`)}:${readAttr(ctx, `${dir}/idProduct`)}`;
    if (ids.has(id)) ctx.sysfs(`${dir}/power/control`, 'on');
  }
}

// sysfs attributes are read through the device's link (these are read-only values).
function readAttr(ctx: Ctx, p: string): string {
  try {
    return (ctx.readThroughLinks(p) ?? '').trim();
  } catch {
    return '';
  }
}

/** A udev rule giving /dev/cpu_dma_latency to the audio group, and (live) the same now. */
export function applyCpuDmaLatency(ctx: Ctx, f: FixOf<'cpu-dma-latency'>): void {
  ctx.begin(`/dev/cpu_dma_latency for group ${f.group}`);
  const line = groupLine(ctx.read('/etc/group') ?? '', f.group);
  if (!line) throw new Refused(`there is no group ${f.group} on this system`);
  ctx.writeFile(DMA_RULE_PATH, `${HEADER}KERNEL=="cpu_dma_latency", GROUP="${f.group}", MODE="0660"\n`, { mode: 0o644 });
  ctx.perm('/dev/cpu_dma_latency', { mode: 0o660, gid: line.gid });
}

/** Mask services that would fight the plan (rtirq's two units always together), stopping them first when live. */
export function applyDisableServices(ctx: Ctx, fixes: FixOf<'disable-service'>[]): void {
  const units = new Set<ConflictingUnit>(fixes.map((f) => f.unit));
  if (units.has('rtirq.service') || units.has('rtirq-resume.service')) {
    units.add('rtirq.service');
    units.add('rtirq-resume.service');
  }
  for (const unit of [...units].sort()) {
    ctx.begin(`disable ${unit} (mask)`);
    let wasActive = false;
    if (ctx.live && !ctx.planning) {
      wasActive = ctx.runner([ctx.program('systemctl'), 'is-active', '--quiet', unit]).status === 0;
    }
    const step = ctx.recordStep({ kind: 'service', unit, wasActive, performed: ctx.live && wasActive });
    // rtirq's ExecStop restores the priorities it saved, so it leaves nothing behind.
    if (step && ctx.live && wasActive) ctx.command([ctx.program('systemctl'), 'stop', unit]);
    ctx.symlink(`/etc/systemd/system/${unit}`, '/dev/null');
  }
}

/** Is rtirq set to run (installed, not masked, enabled or active)? */
export function rtirqWouldRun(ctx: Ctx): boolean {
  const installed = ['/lib/systemd/system', '/usr/lib/systemd/system', '/etc/systemd/system'].some((d) => {
    return ctx.exists(`${d}/rtirq.service`) && ctx.readLink(`${d}/rtirq.service`) !== '/dev/null';
  });
  if (!installed || ctx.readLink('/etc/systemd/system/rtirq.service') === '/dev/null') return false;
  const wants = (ctx.list('/etc/systemd/system') ?? []).filter((n) => n.endsWith('.wants'));
  if (wants.some((w) => ctx.exists(`/etc/systemd/system/${w}/rtirq.service`))) return true;
  return ctx.live && ctx.runner([ctx.program('systemctl'), 'is-active', '--quiet', 'rtirq.service']).status === 0;
}

/** The CPU governor now (live), each CPU's previous one journaled; persisted by irq.conf's governor line. */
export function applyGovernorLive(ctx: Ctx, f: FixOf<'cpu-governor'>): void {
  const cpus = (ctx.list('/sys/devices/system/cpu') ?? []).filter((n) => /^cpu\d{1,5}$/.test(n));
  let set = 0;
  for (const cpu of cpus) {
    const base = `/sys/devices/system/cpu/${cpu}/cpufreq`;
    const available = readAttr(ctx, `${base}/scaling_available_governors`).split(/\s+/);
    if (!available.includes(f.governor)) continue;
    ctx.sysfs(`${base}/scaling_governor`, f.governor);
    set++;
  }
  if (set === 0) ctx.note(`no CPU here offers the ${f.governor} governor now; irq.conf keeps it for the boot applier`);
}
