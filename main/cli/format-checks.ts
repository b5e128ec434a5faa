// The "Checks" part of `studio-setup scan`: the verdict first, then what to
// fix (with why, what to do and what Studio Setup can do), then what could not
// be checked, then what is fine — briefly.
import { byUrgency, type Finding, type Fix } from '../common/findings.js';
import type { ScanResult } from '../common/scan.js';

const WIDTH = 100;

/** Wrap `text` to WIDTH columns, the first line after `first`, the others indented by `indent`. */
export function wrap(text: string, first: string, indent: string): string[] {
  const out: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      out.push(line);
      line = indent + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  out.push(line);
  return out;
}

/** What Studio Setup would change for a fix, in words. */
export function describeFix(f: Fix): string {
  switch (f.action) {
    case 'kernel-params':
      return `add ${f.add.join(' ')} to the kernel command line through your boot loader`;
    case 'rt-limits':
      return `give the audio group realtime priority up to ${f.rtprio} and unlimited locked memory (/etc/security/limits.d)`;
    case 'audio-group':
      return 'add you to the audio group';
    case 'cpu-governor':
      return "set every CPU's governor to performance, at every boot";
    case 'sysctl':
      return `set ${f.key} = ${f.value} (/etc/sysctl.d)`;
    case 'usb-autosuspend':
      return `keep USB device ${f.id} always powered (a udev rule)`;
    case 'cpu-dma-latency':
      return 'let the audio group write /dev/cpu_dma_latency (a udev rule)';
    case 'disable-service':
      return `disable ${f.unit} (revert turns it back on)`;
  }
}

const WHEN = { reboot: ' (takes effect after a reboot)', relogin: ' (takes effect after you log out and back in)' } as const;

function shown(v: Finding['value']): string {
  return v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
}

function problem(f: Finding): string[] {
  const tag = f.status === 'fail' ? 'FAIL' : 'WARN';
  // memlock's value is in bytes (JSON); people read MiB.
  const value = f.id === 'limits.memlock' && typeof f.value === 'number' ? `${Math.round(f.value / 1048576)} MiB` : shown(f.value);
  const lines = [`  ${tag}  ${f.title}${value ? `: ${value}` : ''}  (${f.severity})`];
  const pad = '        ';
  lines.push(...wrap(f.explanation, `${pad}Why: `, `${pad}     `));
  lines.push(...wrap(f.advice, `${pad}Do:  `, `${pad}     `));
  if (f.fix) lines.push(...wrap(`Studio Setup can ${describeFix(f.fix)}${f.needs ? WHEN[f.needs] : ''}.`, pad, pad));
  for (const step of f.manual ?? []) lines.push(...wrap(step, `${pad}- `, `${pad}  `));
  for (const e of f.evidence) lines.push(...wrap(`${e.source}: ${e.value}`, `${pad}seen `, `${pad}     `));
  return lines;
}

/** The Checks section (verdict first) as lines. */
export function formatChecks(s: Pick<ScanResult, 'findings' | 'verdict'>): string[] {
  const out = wrap(s.verdict.text, 'Verdict: ', '         ');
  if (s.findings.length === 0) return out;
  const bad = byUrgency(s.findings.filter((f) => f.status === 'fail' || f.status === 'warn'));
  out.push('', 'Checks');
  for (const f of bad) out.push(...problem(f));
  const blind = s.findings.filter((f) => f.status === 'unknown');
  if (blind.length) {
    out.push('  Not checked (this source does not hold what they need):');
    for (const f of blind) out.push(...wrap(f.explanation.replace(/^This could not be checked: /, ''), `    ${f.title}: `, '      '));
  }
  const info = s.findings.filter((f) => f.status === 'info');
  for (const f of info) out.push(...wrap(`${f.title}: ${shown(f.value)}. ${f.explanation}`, '  info  ', '        '));
  const ok = s.findings.filter((f) => f.status === 'ok');
  if (ok.length) out.push(...wrap(ok.map((f) => `${f.title}${shown(f.value) ? ` (${shown(f.value)})` : ''}`).join('; '), '  ok    ', '        '));
  return out;
}
