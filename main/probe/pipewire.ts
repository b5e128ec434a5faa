// PipeWire's clock (quantum, rate) and realtime settings: the few keys the
// checks need from its configuration files, and the running server's settings.
import type { PipewireSetting, SystemInfo } from '../common/system.js';
import type { Source } from './source.js';

/** Keys kept from the configuration files. */
export const PIPEWIRE_KEYS = [
  'default.clock.rate',
  'default.clock.quantum',
  'default.clock.min-quantum',
  'default.clock.max-quantum',
  'rt.prio',
  'nice.level',
] as const;
const KEYS = new Set<string>(PIPEWIRE_KEYS);
const USER_DIR = '~/.config/pipewire';

/** The wanted `key = value` (or `"key": value`) assignments of a PipeWire configuration text, in order. */
export function parsePipewireConf(text: string, source: string): PipewireSetting[] {
  // pipewire.conf(5): SPA-JSON, `key = value` or JSON `"key": value`; '#' comments.
  const out: PipewireSetting[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#')) continue;
    const m = /^"?([a-z][a-z0-9.-]*)"?\s*[=:]\s*"?([^\s"#,}\]]+)/.exec(line);
    if (m && KEYS.has(m[1] as string)) out.push({ key: m[1] as string, value: m[2] as string, source });
  }
  return out;
}

/** Parse the `pw-user-conf` output: `# <file relative to the user's pipewire dir>` headers, then its key lines. */
export function parseUserConf(text: string): { main: boolean; settings: PipewireSetting[] } {
  let file: string | null = null;
  let main = false;
  const settings: PipewireSetting[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const head = /^# (pipewire\.conf(?:\.d\/[^/]+\.conf)?)$/.exec(raw.trim());
    if (head) {
      file = head[1] as string;
      if (file === 'pipewire.conf') main = true;
      continue;
    }
    if (file !== null) settings.push(...parsePipewireConf(raw, `${USER_DIR}/${file}`));
  }
  return { main, settings };
}

/** Parse `pw-metadata -n settings` (`update: id:0 key:'clock.quantum' value:'1024' type:''`). */
export function parsePwMetadata(text: string): PipewireSetting[] {
  const out: PipewireSetting[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /\bkey:'([^']*)' value:'([^']*)'/.exec(line);
    if (m && (m[1] as string).startsWith('clock.')) out.push({ key: m[1] as string, value: m[2] as string, source: 'pw-metadata -n settings' });
  }
  return out;
}

function dropIns(src: Source, dir: string): PipewireSetting[] {
  const out: PipewireSetting[] = [];
  for (const name of (src.list(dir) ?? []).filter((n) => n.endsWith('.conf'))) {
    const file = `${dir}/${name}`;
    const text = src.read(file);
    if (text !== null) out.push(...parsePipewireConf(text, file));
  }
  return out;
}

/** PipeWire settings of a source, in the order PipeWire applies them (later wins). */
export function readPipewire(src: Source): SystemInfo['pipewire'] {
  // pipewire.conf(5): the main file is the first of $XDG_CONFIG_HOME/pipewire,
  // /etc/pipewire, /usr/share/pipewire; then pipewire.conf.d/*.conf of
  // /usr/share, /etc and the user's directory are merged in that order.
  const userText = src.command('pw-user-conf');
  const user = userText === null ? { main: false, settings: [] } : parseUserConf(userText);
  const config: PipewireSetting[] = [];
  if (user.main) config.push(...user.settings.filter((s) => s.source === `${USER_DIR}/pipewire.conf`));
  else {
    for (const file of ['/etc/pipewire/pipewire.conf', '/usr/share/pipewire/pipewire.conf']) {
      const text = src.read(file);
      if (text === null) continue;
      config.push(...parsePipewireConf(text, file));
      break;
    }
  }
  config.push(...dropIns(src, '/usr/share/pipewire/pipewire.conf.d'), ...dropIns(src, '/etc/pipewire/pipewire.conf.d'));
  config.push(...user.settings.filter((s) => s.source !== `${USER_DIR}/pipewire.conf`));
  const meta = src.command('pw-settings');
  return { config, runtime: meta === null ? null : parsePwMetadata(meta) };
}
