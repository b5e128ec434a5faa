// electron-builder.yml without building: loaded and schema-checked by
// electron-builder's own code (app-builder-lib's getConfig and
// validateConfiguration, internal API: app-builder-lib is pinned to the
// electron-builder version in package.json), then this project's rules:
// targets, the app directory with only runtime files, the helper unpacked, the
// files the deb/rpm install, the package metadata deb and rpm require.
import fs from 'node:fs';
import path from 'node:path';
import type { Configuration, LinuxConfiguration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { result, type CheckResult } from './check.js';

/** app/package.json, the packaged app's manifest (the fields we read). */
export interface AppPackage {
  name?: string;
  productName?: string;
  version?: string;
  description?: string;
  desktopName?: string;
  main?: string;
  license?: string;
  homepage?: string;
  author?: string | { name?: string; email?: string };
  dependencies?: Record<string, string>;
}

/** electron-builder.yml, loaded and validated; throws electron-builder's own message when invalid. */
export async function loadBuilderConfig(repo: string, file = 'electron-builder.yml'): Promise<Configuration> {
  const config = await getConfig(repo, file, null);
  const quiet = { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1];
  await validateConfiguration(config, quiet);
  return config;
}

/** The app directory's manifest. */
export function readAppPackage(repo: string, config: Configuration): AppPackage {
  return JSON.parse(fs.readFileSync(path.join(repo, config.directories?.app ?? 'app', 'package.json'), 'utf8')) as AppPackage;
}

/** The linux section (always an object once the rules pass). */
export function linuxOf(config: Configuration): LinuxConfiguration {
  return config.linux ?? {};
}

function targetArchs(linux: LinuxConfiguration): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const list = Array.isArray(linux.target) ? linux.target : linux.target ? [linux.target] : [];
  for (const t of list) {
    if (typeof t === 'string') out.set(t, ['x64']);
    else out.set(t.target, (Array.isArray(t.arch) ? t.arch : t.arch ? [t.arch] : ['x64']).map(String));
  }
  return out;
}

function fileSetSources(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.map((v) => (typeof v === 'string' ? v : (v as { from?: string }).from ?? '')).filter(Boolean);
}

/** The patterns of `files` (getConfig turns the list into [{ filter: [...] }]). */
function filePatterns(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((v) => (typeof v === 'string' ? [v] : [((v as { filter?: string | string[] }).filter ?? [])].flat()));
}

/** What this project requires of the configuration and app/package.json. */
export function configProblems(repo: string, config: Configuration, app: AppPackage): string[] {
  const p: string[] = [];
  const linux = linuxOf(config);
  if (!config.appId) p.push('appId is not set');
  if (config.productName !== 'Studio Setup') p.push(`productName is "${config.productName}", expected "Studio Setup"`);
  if (config.directories?.app !== 'app') p.push('directories.app must be app (the two-package.json layout: only app/ ships)');
  if (config.directories?.buildResources !== 'build') p.push('directories.buildResources must be build');
  const targets = targetArchs(linux);
  for (const t of ['AppImage', 'deb', 'rpm']) if (!(targets.get(t) ?? []).includes('x64')) p.push(`linux.target lacks ${t} for x64`);
  const category = linux.category ?? '';
  for (const c of ['AudioVideo', 'Audio', 'Settings']) if (!category.split(';').includes(c)) p.push(`linux.category lacks ${c}`);
  if (!linux.executableName) p.push('linux.executableName is not set (the install path, /usr/bin link and icon name follow it)');
  const files = filePatterns(config.files);
  const extra = files.filter((f) => !['dist/**/*', 'package.json'].includes(f) && !f.startsWith('!'));
  if (!files.includes('dist/**/*') || !files.includes('package.json') || extra.length > 0) p.push(`files must be dist/**/* and package.json, and exclusions (the runtime files only), not ${files.join(', ')}`);
  const unpack = Array.isArray(config.asarUnpack) ? config.asarUnpack : config.asarUnpack ? [config.asarUnpack] : [];
  if (!unpack.includes('dist/helper/**')) p.push('asarUnpack must hold dist/helper/** (the helper runs as a child process, as root too)');
  if (config.electronFuses?.runAsNode === false) p.push('electronFuses.runAsNode must stay on: the helper is Electron run as Node');
  for (const from of fileSetSources(linux.extraResources)) if (!fs.existsSync(path.join(repo, from))) p.push(`linux.extraResources: ${from} does not exist`);
  for (const target of ['deb', 'rpm'] as const) {
    const opts = config[target] as { afterInstall?: string | null; afterRemove?: string | null } | null | undefined;
    for (const key of ['afterInstall', 'afterRemove'] as const) {
      const f = opts?.[key];
      if (!f) p.push(`${target}.${key} is not set`);
      else if (!fs.existsSync(path.join(repo, f))) p.push(`${target}.${key}: ${f} does not exist`);
    }
  }
  // deb and rpm refuse to build without these (FpmTarget), and the desktop entry needs them.
  for (const key of ['name', 'version', 'description', 'license', 'homepage'] as const) if (!app[key]) p.push(`app/package.json has no ${key}`);
  if (typeof app.author !== 'object' || !app.author.email) p.push('app/package.json author has no email (deb and rpm need a maintainer address)');
  if (app.desktopName !== `${linux.executableName}.desktop`) p.push(`app/package.json desktopName must be ${linux.executableName}.desktop (Electron's window id = the menu entry's name)`);
  if (app.dependencies && Object.keys(app.dependencies).length > 0) p.push('app/package.json has dependencies: electron-vite bundles everything, app/ ships no node_modules');
  if (fs.existsSync(path.join(repo, 'app', 'node_modules'))) p.push('app/node_modules exists: it would be packaged');
  return p;
}

/** The built files the package needs (npm run build writes them). */
export function builtProblems(repo: string, app: AppPackage, helperFile: string): string[] {
  const need = [app.main ?? 'dist/main/index.js', 'dist/preload/index.cjs', 'dist/renderer/index.html', `dist/helper/${helperFile}`];
  return need.filter((f) => !fs.existsSync(path.join(repo, 'app', f))).map((f) => `app/${f} is missing: run npm run build first`);
}

/** Load, validate and check electron-builder.yml and app/package.json. */
export async function checkBuilderConfig(repo: string, helperFile: string): Promise<{ check: CheckResult; config: Configuration | null; app: AppPackage | null }> {
  const name = 'electron-builder configuration';
  let config: Configuration;
  try {
    config = await loadBuilderConfig(repo);
  } catch (e) {
    return { check: result(name, [`electron-builder rejects electron-builder.yml: ${(e as Error).message}`]), config: null, app: null };
  }
  const app = readAppPackage(repo, config);
  const problems = [...configProblems(repo, config, app), ...builtProblems(repo, app, helperFile)];
  const targets = [...targetArchs(linuxOf(config))].map(([t, a]) => `${t} (${a.join(', ')})`).join(', ');
  return { check: result(name, problems, [`schema of electron-builder 26.17.0: valid`, `targets: ${targets}`]), config, app };
}
