// The distribution (os-release) and the CPU model and count (/proc/cpuinfo), for
// the report's machine summary; through the source, so a capture keeps them.
import type { CpuInfo, MachineInfo, OsRelease } from '../common/machine.js';
import type { Source } from './source.js';

const OS_KEYS = { PRETTY_NAME: 'prettyName', NAME: 'name', ID: 'id', VERSION_ID: 'versionId', VERSION_CODENAME: 'codename' } as const;
const MAX_VALUE = 200;

/** Parse os-release(5): `KEY=value` lines, values optionally in shell quotes. */
export function parseOsRelease(text: string): OsRelease {
  const out: OsRelease = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(raw.trim());
    if (!m) continue;
    const key = OS_KEYS[m[1] as keyof typeof OS_KEYS];
    if (!key) continue;
    let v = (m[2] as string).trim();
    // os-release(5): "Variable assignment values must be enclosed in double or
    // single quotes if they include spaces, semicolons or other special characters".
    const q = /^"((?:[^"\\]|\\.)*)"$/.exec(v) ?? /^'([^']*)'$/.exec(v);
    if (q) v = (q[1] as string).replace(/\\(["\\$`])/g, '$1');
    if (v !== '' && v.length <= MAX_VALUE) out[key] = v;
  }
  return out;
}

/** Parse /proc/cpuinfo: the model (first `model name`, else `Processor`, `cpu`), the board (`Model`, `Hardware`) and the count of `processor` entries. */
export function parseCpuinfo(text: string): CpuInfo {
  const fields = new Map<string, string>();
  let count = 0;
  for (const raw of text.split(/\r?\n/)) {
    const m = /^([^:\t]+?)\s*:\s*(.*)$/.exec(raw);
    if (!m) continue;
    const key = (m[1] as string).trim();
    const value = (m[2] as string).trim();
    // x86 and ARM both print `processor : N` once per CPU (arch/*/kernel/cpuinfo.c);
    // old ARM kernels print one `Processor : ARMv7 ...` line instead.
    if (key === 'processor' && /^\d+$/.test(value)) count++;
    if (value !== '' && !fields.has(key)) fields.set(key, value.slice(0, MAX_VALUE));
  }
  const model = fields.get('model name') ?? fields.get('Processor') ?? fields.get('cpu') ?? null;
  const board = fields.get('Model') ?? fields.get('Hardware');
  return {
    model: model === null ? null : model.replace(/\s+/g, ' '),
    ...(board ? { board: board.replace(/\s+/g, ' ') } : {}),
    count: count > 0 ? count : null,
  };
}

/** Distribution and CPU of a source (/etc/os-release, else /usr/lib/os-release; /proc/cpuinfo). */
export function readMachine(src: Source): MachineInfo {
  const osText = src.read('/etc/os-release') ?? src.read('/usr/lib/os-release');
  const cpuText = src.read('/proc/cpuinfo');
  return { os: osText === null ? null : parseOsRelease(osText), cpu: cpuText === null ? null : parseCpuinfo(cpuText) };
}
