// Human output of `studio-setup scan`: the audio paths first (what the musician
// asked), then the IRQ table and the USB controllers.
import type { AudioPath, IrqTableRow, UsbController } from '../common/analysis/index.js';
import type { ScanResult } from '../common/scan.js';
import { formatChecks } from './format-checks.js';

/** Render rows as aligned columns. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function sched(t: { policy: string; priority: number }): string {
  return t.policy === 'FIFO' || t.policy === 'RR' ? `${t.policy} ${t.priority}` : t.policy;
}

function pathLines(p: AudioPath): string[] {
  const where =
    p.bus === 'usb'
      ? `USB bus ${p.usbBus ?? '?'} port ${p.usbPortPath ?? '?'} → controller ${p.controller ?? 'unknown'}${p.controllerDriver ? ` (${p.controllerDriver})` : ''}`
      : `${p.bus} ${p.controller ?? p.device}`;
  const out = [`card ${p.card} ${p.name} [${p.cardId}] — ${where}`];
  if (p.bridges.length > 0) out.push(`    behind PCI bridges ${p.bridges.join(' → ')}`);
  for (const i of p.irqs) {
    const kind = i.msi === true ? 'MSI' : i.msi === false ? 'legacy line' : 'line';
    const state = i.active ? 'in use' : i.action ? 'idle' : 'not requested';
    const threads = i.threads.length ? i.threads.map((t) => `${t.comm} (pid ${t.pid}, ${sched(t)})`).join(', ') : 'no IRQ thread';
    const others = i.actions.filter((a) => a !== i.action);
    const shared = others.length ? `shared with ${[...new Set(others)].join(', ')}` : 'alone on its line';
    out.push(`    IRQ ${i.irq} (${kind}, ${state}, ${i.total ?? '?'} events): ${threads}; ${shared}`);
  }
  for (const u of p.unknown) out.push(`    unknown: ${u}`);
  return out;
}

function irqRows(rows: IrqTableRow[]): string[][] {
  return rows.flatMap((r) => {
    const threads = r.threads.length ? r.threads : [null];
    return threads.map((t, k) => [
      k === 0 ? r.irq : '',
      t ? t.comm : '-',
      t ? sched(t) : '-',
      k === 0 ? String(r.total ?? '?') : '',
      k === 0 ? r.actions.join(', ') : '',
      k === 0 ? [r.shared ? 'shared' : '', r.sound ? 'sound' : ''].filter(Boolean).join(',') : '',
    ]);
  });
}

function controllerLines(c: UsbController): string[] {
  const head = `${c.controller ?? 'controller unknown'}${c.driver ? ` (${c.driver})` : ''} — bus ${c.buses.join(' + ')}; IRQ ${
    c.irqs.map((i) => i.irq).join(', ') || '?'
  }; ${c.quiet === true ? 'quiet (nothing else on its lines)' : c.quiet === false ? `shared with ${[...new Set(c.irqs.flatMap((i) => i.sharedWith))].join(', ')}` : 'sharing unknown'}`;
  const devs = c.devices
    .filter((d) => !d.isHub)
    .map((d) => `    ${d.bus}-${d.portPath ?? '?'}  ${d.id ?? '????:????'}  ${d.name ?? '(no name)'}  ${d.speed ? `${d.speed}M` : ''}  ${d.classes.join('/')}${d.audio ? '  ← audio' : ''}`);
  return [head, ...(devs.length ? devs : ['    (nothing plugged in)'])];
}

/** The whole human-readable scan. */
export function formatScan(s: ScanResult): string {
  const k = s.kernel;
  const parts: string[] = [];
  parts.push(`Studio Setup scan of ${s.source.label}`, ...formatChecks(s), '');
  parts.push(`Kernel: ${k.release ?? 'unknown'}${k.version ? `  ${k.version}` : ''}`);
  parts.push(`CPUs: ${s.cpuCount ?? 'unknown'}   USB from: ${s.from.usb ?? 'not captured'}   threads from: ${s.from.threads ?? 'not captured'}`);
  parts.push('', 'Audio paths');
  if (s.audioPaths.length === 0) parts.push('  no sound card found' + (s.soundCards.length === 0 && s.usbAudio.length > 0 ? ' (USB audio devices are listed below)' : ''));
  for (const p of s.audioPaths) parts.push(...pathLines(p).map((l) => '  ' + l));
  parts.push('', 'IRQ table');
  parts.push(
    s.irqTable.length
      ? table(['IRQ', 'THREAD', 'POLICY', 'EVENTS', 'DEVICES', 'NOTE'], irqRows(s.irqTable)).replace(/^/gm, '  ').trimEnd()
      : '  no interrupt data',
  );
  parts.push('', 'USB controllers');
  if (s.usbControllers.length === 0) parts.push('  no USB data');
  for (const c of s.usbControllers) parts.push(...controllerLines(c).map((l) => '  ' + l));
  if (s.warnings.length > 0) {
    parts.push('', 'Warnings');
    for (const w of s.warnings) parts.push(`  ${w.file}: ${w.message}`);
  }
  return parts.join('\n') + '\n';
}
