// The menu entries electron-builder writes, rendered by its own code
// (LinuxTargetHelper.computeDesktopEntry, internal API of the pinned
// app-builder-lib) from electron-builder.yml and app/package.json, then checked
// with desktop-file-validate and against what GNOME and KDE menus need.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Configuration, LinuxConfiguration } from 'app-builder-lib';
import { AppInfo } from 'app-builder-lib/out/appInfo.js';
import { LinuxTargetHelper, buildExecArgs } from 'app-builder-lib/out/targets/LinuxTargetHelper.js';
import type { AppPackage } from './builder.js';
import { missingTool, result, runTool, type CheckResult } from './check.js';

/** One rendered entry. */
export interface DesktopEntry {
  /** deb+rpm or AppImage. */
  target: string;
  fileName: string;
  text: string;
}

type HelperPackager = ConstructorParameters<typeof LinuxTargetHelper>[0];
type AppInfoInfo = ConstructorParameters<typeof AppInfo>[0];

/** The entries deb/rpm install (/usr/share/applications/NAME.desktop) and the AppImage carries. */
export async function renderDesktopEntries(config: Configuration, app: AppPackage): Promise<DesktopEntry[]> {
  const linux: LinuxConfiguration = config.linux ?? {};
  // The few members of a Packager that computeDesktopEntry and AppInfo read.
  const info = { metadata: app, config } as unknown as AppInfoInfo;
  const appInfo = new AppInfo(info, null, linux);
  const executableName = linux.executableName ?? appInfo.sanitizedName.toLowerCase();
  const packager = { appInfo, executableName, info, config, platformSpecificBuildOptions: linux, fileAssociations: [] } as unknown as HelperPackager;
  const helper = new LinuxTargetHelper(packager);
  const fileName = `${helper.getDesktopFileName()}.desktop`;
  const fpm = await helper.computeDesktopEntry({ ...linux, ...(config.deb ?? {}) });
  // As AppImageTarget builds its Exec line (its default arguments: --no-sandbox).
  const appImageOptions = { ...linux, ...(config.appImage ?? {}) };
  const exec = ['AppRun', buildExecArgs(appImageOptions.executableArgs ?? ['--no-sandbox']), '%U'].filter(Boolean).join(' ');
  const appImage = await helper.computeDesktopEntry(appImageOptions, exec, { 'X-AppImage-Version': appInfo.buildVersion });
  return [
    { target: 'deb+rpm', fileName, text: fpm },
    { target: 'AppImage', fileName, text: appImage },
  ];
}

/** desktop-file-validate's output: errors and warnings are problems, hints notes. */
export function parseDesktopValidate(output: string): { problems: string[]; notes: string[] } {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  return { problems: lines.filter((l) => !/:\s*hint:/.test(l)), notes: lines.filter((l) => /:\s*hint:/.test(l)) };
}

/** The [Desktop Entry] group's keys. */
export function desktopKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inMain = false;
  for (const line of text.split('\n')) {
    if (/^\[.*\]$/.test(line)) inMain = line === '[Desktop Entry]';
    else if (inMain && /^[A-Za-z0-9-]+=/.test(line)) keys.set(line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1));
  }
  return keys;
}

/** What a menu needs that desktop-file-validate does not ask for. */
export function desktopEntryProblems(text: string, expected: { icon: string; startupWMClass: string }): string[] {
  const k = desktopKeys(text);
  const p: string[] = [];
  if (k.get('Name') !== 'Studio Setup') p.push(`Name is "${k.get('Name')}", expected "Studio Setup"`);
  if (k.get('GenericName') !== 'Audio System Tuning') p.push('GenericName must be "Audio System Tuning" (KDE shows it under the name)');
  if (!k.get('Comment')) p.push('Comment is missing (GNOME shows it as the tooltip)');
  if (k.get('Icon') !== expected.icon) p.push(`Icon is "${k.get('Icon')}", expected ${expected.icon} (the name the icons are installed under)`);
  if (k.get('StartupWMClass') !== expected.startupWMClass) p.push(`StartupWMClass is "${k.get('StartupWMClass')}", expected ${expected.startupWMClass} (else the dock shows a second, anonymous icon)`);
  const categories = (k.get('Categories') ?? '').split(';');
  for (const c of ['AudioVideo', 'Audio', 'Settings']) if (!categories.includes(c)) p.push(`Categories lacks ${c}`);
  const keywords = (k.get('Keywords') ?? '').split(';');
  for (const w of ['audio', 'latency', 'jack', 'pipewire', 'realtime', 'irq']) if (!keywords.includes(w)) p.push(`Keywords lacks ${w} (menus search them)`);
  if (/--no-sandbox/.test(k.get('Exec') ?? '')) p.push('Exec turns Chromium`s sandbox off (--no-sandbox)');
  return p;
}

/** Render both entries, validate each with desktop-file-validate and our rules. */
export async function checkDesktopEntries(config: Configuration, app: AppPackage): Promise<CheckResult> {
  const name = 'desktop entries (desktop-file-validate)';
  let entries: DesktopEntry[];
  try {
    entries = await renderDesktopEntries(config, app);
  } catch (e) {
    return result(name, [`electron-builder could not render the desktop entry: ${(e as Error).message}`]);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-desktop-'));
  const problems: string[] = [];
  const notes: string[] = [];
  try {
    const icon = config.linux?.executableName ?? '';
    const startupWMClass = (app.desktopName ?? '').replace(/\.desktop$/, '');
    for (const e of entries) {
      const file = path.join(dir, e.target, e.fileName);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, e.text);
      const run = runTool('desktop-file-validate', [file]);
      if (run.missing) return result(name, [missingTool('desktop-file-validate', 'desktop-file-utils')]);
      const said = parseDesktopValidate(`${run.stdout}\n${run.stderr}`.split(`${path.dirname(file)}/`).join(''));
      if (run.code !== 0 && said.problems.length === 0) said.problems.push(`desktop-file-validate failed (exit ${run.code})`);
      problems.push(...said.problems.map((l) => `${e.target}: ${l}`), ...desktopEntryProblems(e.text, { icon, startupWMClass }).map((l) => `${e.target}: ${l}`));
      notes.push(...said.notes.map((l) => `${e.target}: ${l}`), `${e.target} ${e.fileName}: ${e.text.trim().split('\n').join(' | ')}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return result(name, problems, notes);
}
