// Kernel parameters through the boot loader actually in use, with its own tool:
// kernelstub (Pop!_OS), systemd-boot (/etc/kernel/cmdline + loader entries),
// grubby (Fedora/RHEL), GRUB with Debian's grub.d drop-ins + update-grub.
// Anything else is refused with the manual step. Takes effect at the next boot.
import type { KernelParam } from '../../common/findings.js';
import type { Ctx } from './ctx.js';
import { HEADER } from './fixes.js';
import { Refused } from './paths.js';
import { findProgram } from './system.js';

/** The boot loader setups the helper knows. */
export const LOADERS = ['kernelstub', 'systemd-boot', 'grubby', 'grub'] as const;
/** One of them. */
export type Loader = (typeof LOADERS)[number];

/** GRUB drop-in (Debian/Ubuntu source /etc/default/grub.d/*.cfg after /etc/default/grub). */
export const GRUB_DROPIN = '/etc/default/grub.d/studio-setup.cfg';
const ENTRIES = '/boot/loader/entries';
// systemd's LoaderInfo EFI variable (vendor GUID of the Boot Loader Interface).
const LOADER_INFO = '/sys/firmware/efi/efivars/LoaderInfo-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f';

function entryFiles(ctx: Ctx): string[] {
  return (ctx.list(ENTRIES) ?? []).filter((n) => /^[A-Za-z0-9._+-]{1,200}\.conf$/.test(n)).map((n) => `${ENTRIES}/${n}`);
}

function has(ctx: Ctx, program: string): boolean {
  return findProgram(ctx.root, program) !== null;
}

function loaderInfo(ctx: Ctx): string | null {
  const raw = ctx.readThroughLinks(LOADER_INFO);
  // 4 bytes of attributes, then UTF-16LE text; read as UTF-8 it keeps the ASCII letters between NULs.
  return raw === null ? null : raw.replace(/[^\x20-\x7e]/g, '');
}

/** Which boot loader setup this system uses, and how it was recognised; null when none is. */
export function detectLoader(ctx: Ctx): { loader: Loader; why: string } | null {
  if (ctx.exists('/etc/kernelstub/configuration') && has(ctx, 'kernelstub')) {
    return { loader: 'kernelstub', why: '/etc/kernelstub/configuration and kernelstub' };
  }
  if (/systemd-boot/.test(loaderInfo(ctx) ?? '')) return { loader: 'systemd-boot', why: 'the LoaderInfo EFI variable names systemd-boot' };
  const grubby = has(ctx, 'grubby');
  if (grubby && (entryFiles(ctx).length > 0 || ctx.exists('/boot/grub2/grub.cfg'))) {
    return { loader: 'grubby', why: 'grubby with boot loader entries' };
  }
  if (ctx.exists('/etc/default/grub') && ctx.exists('/boot/grub/grub.cfg') && has(ctx, 'update-grub')) {
    return { loader: 'grub', why: '/etc/default/grub, /boot/grub/grub.cfg and update-grub' };
  }
  if (ctx.exists('/etc/kernel/cmdline') || ctx.exists('/boot/loader/loader.conf')) {
    return { loader: 'systemd-boot', why: '/etc/kernel/cmdline or /boot/loader/loader.conf' };
  }
  return null;
}

/** Add `tokens` to a command line (space-separated), keeping everything else; unchanged when all are there. */
export function addTokens(line: string, tokens: readonly string[]): string {
  const have = line.trim().split(/\s+/).filter(Boolean);
  const missing = tokens.filter((t) => !have.includes(t));
  return missing.length === 0 ? line : `${line.replace(/\s+$/, '')} ${missing.join(' ')}`;
}

/** Remove `tokens` from lines starting with `prefix` (or every line when the prefix is empty). */
export function removeTokens(text: string, tokens: readonly string[], prefix: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (prefix !== '' && !line.startsWith(`${prefix} `)) return line;
      const words = line.split(' ');
      return words.filter((w, i) => (prefix !== '' && i === 0) || !tokens.includes(w)).join(' ');
    })
    .join('\n');
}

function editOptions(text: string, tokens: readonly string[]): string {
  return text
    .split('\n')
    .map((l) => (/^options\s/.test(l) ? addTokens(l, tokens) : l))
    .join('\n');
}

/** Which of `params` each file's command line lacks. */
function missingIn(text: string, params: readonly string[], prefix: string): string[] {
  const lines = text.split('\n').filter((l) => prefix === '' || l.startsWith(`${prefix} `));
  return params.filter((p) => lines.length === 0 || lines.some((l) => !l.split(/\s+/).includes(p)));
}

/** Add kernel parameters through the detected boot loader. */
export function applyKernelParams(ctx: Ctx, params: KernelParam[]): void {
  const found = detectLoader(ctx);
  ctx.begin(`kernel parameters ${params.join(' ')} (${found?.loader ?? 'no boot loader recognised'})`);
  if (!found) {
    throw new Refused(
      `cannot tell which boot loader this system uses (looked for kernelstub, systemd-boot, grubby, GRUB with update-grub, /etc/kernel/cmdline): add ${params.join(' ')} to the kernel command line by hand`,
    );
  }
  ctx.note(`the kernel parameters ${params.join(' ')} take effect after a reboot (set through ${found.loader}: ${found.why})`);
  if (found.loader === 'grub') {
    ctx.writeFile(GRUB_DROPIN, `${HEADER}GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT ${params.join(' ')}"\n`, { mode: 0o644 });
    const update = [ctx.program('update-grub')];
    ctx.command(update, { changes: ['/boot/grub/grub.cfg'], drift: { '/boot/grub/grub.cfg': { kind: 'regenerate', argv: update } } });
    verifyHas(ctx, '/boot/grub/grub.cfg', params);
  } else if (found.loader === 'grubby') {
    const entries = entryFiles(ctx);
    const missing = params.filter((p) => entries.some((e) => missingIn(ctx.read(e) ?? '', [p], 'options').length > 0) || entries.length === 0);
    if (missing.length === 0) return ctx.note(`every boot entry already has ${params.join(' ')}`);
    const grubby = ctx.program('grubby');
    const undo = [grubby, '--update-kernel=ALL', `--remove-args=${missing.join(' ')}`];
    // grubby also rewrites GRUB_CMDLINE_LINUX in /etc/default/grub (Fedora 33+) and, on older releases, grubenv.
    const changes = [...entries, ...['/etc/default/grub', '/boot/grub2/grubenv'].filter((f) => ctx.exists(f))];
    const drift = Object.fromEntries(changes.map((c) => [c, { kind: 'regenerate' as const, argv: undo }]));
    ctx.command([grubby, '--update-kernel=ALL', `--args=${missing.join(' ')}`], { changes, drift, undo });
    for (const e of entryFiles(ctx)) verifyHas(ctx, e, missing);
  } else if (found.loader === 'kernelstub') {
    const kernelstub = ctx.program('kernelstub');
    const config = ctx.read('/etc/kernelstub/configuration') ?? '';
    const missing = params.filter((p) => !kernelstubHas(config, p));
    for (const p of missing) {
      ctx.command([kernelstub, '-a', p], { changes: ['/etc/kernelstub/configuration'], undo: [kernelstub, '-d', p] });
    }
  } else {
    applySystemdBoot(ctx, params);
  }
}

function applySystemdBoot(ctx: Ctx, params: KernelParam[]): void {
  const cmdline = ctx.read('/etc/kernel/cmdline');
  if (cmdline !== null) {
    const added = missingIn(cmdline, params, '');
    if (added.length > 0) {
      ctx.writeFile('/etc/kernel/cmdline', addTokens(cmdline.replace(/\n$/, ''), added) + '\n', {
        mode: 0o644,
        keepOwner: true,
        drift: { kind: 'tokens', tokens: added, prefix: '' },
      });
    }
  } else {
    // kernel-install falls back to /proc/cmdline without the loader's own arguments; start from the same.
    const running = ctx.read('/proc/cmdline') ?? ctx.readThroughLinks('/proc/cmdline');
    if (running === null) throw new Refused('cannot read /proc/cmdline to start /etc/kernel/cmdline from');
    const base = running.trim().split(/\s+/).filter((w) => w && !/^(BOOT_IMAGE|initrd)=/.test(w)).join(' ');
    ctx.writeFile('/etc/kernel/cmdline', addTokens(base, params) + '\n', { mode: 0o644 });
  }
  const entries = entryFiles(ctx);
  if (entries.length === 0) ctx.note(`no entries in ${ENTRIES}: /etc/kernel/cmdline applies from the next kernel installation`);
  for (const e of entries) {
    const text = ctx.read(e);
    if (text === null) continue;
    const added = missingIn(text, params, 'options');
    if (added.length === 0) continue;
    ctx.writeFile(e, editOptions(text, added), { mode: 0o644, keepOwner: true, drift: { kind: 'tokens', tokens: added, prefix: 'options' } });
  }
}

// /etc/kernelstub/configuration is JSON: {"user": {"kernel_options": [...]}}.
function kernelstubHas(text: string, param: string): boolean {
  try {
    const options = (JSON.parse(text) as { user?: { kernel_options?: unknown } }).user?.kernel_options;
    return Array.isArray(options) && options.includes(param);
  } catch {
    return false;
  }
}

function verifyHas(ctx: Ctx, file: string, params: readonly string[]): void {
  if (!ctx.live || ctx.planning) return;
  const text = ctx.read(file) ?? '';
  const lost = params.filter((p) => !text.split(/\s+/).includes(p));
  if (lost.length > 0) throw new Error(`${file} does not carry ${lost.join(' ')} after the update`);
}
