// Every packaging input checked without building a package (electron-builder
// cannot download Electron, fpm or the AppImage tools here): the configuration,
// the desktop entries, the polkit policy, the maintainer scripts and wrapper,
// the units, the icons, shellcheck on all shell scripts, Electron's security
// lint. Prints one block per check and "packaging: N passed, M failed".
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PACKAGED_HELPER } from '../../main/privileged/client.js';
import { HELPER_FILE } from '../helper-bundle.js';
import { checkBuilderConfig, linuxOf } from './builder.js';
import { result, type CheckResult } from './check.js';
import { checkDesktopEntries } from './desktop.js';
import { checkElectronegativity } from './electronegativity.js';
import { checkIcons } from './icons.js';
import { checkMaintainerScripts } from './maintainer.js';
import { checkPolicy } from './polkit.js';
import { checkShellScripts } from './shell.js';
import { checkUnits } from './units.js';

/** The polkit policy the packages install. */
export const POLICY_FILE = 'org.studiosetup.helper.policy';

/** app-builder-lib's internal API is used: the installed version must be the one package.json pins. */
export function pinCheck(repo: string): CheckResult {
  const name = 'app-builder-lib pinned';
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const pinned = pkg.devDependencies?.['app-builder-lib'];
  const builder = pkg.devDependencies?.['electron-builder'];
  const installed = (JSON.parse(fs.readFileSync(createRequire(path.join(repo, 'package.json')).resolve('app-builder-lib/package.json'), 'utf8')) as { version: string }).version;
  const problems: string[] = [];
  if (!pinned || !/^\d+\.\d+\.\d+$/.test(pinned)) problems.push(`package.json must pin app-builder-lib to an exact version (getConfig, validateConfiguration and LinuxTargetHelper are internal), not "${pinned}"`);
  else if (pinned !== installed) problems.push(`app-builder-lib ${installed} is installed but package.json pins ${pinned}: npm ci`);
  if (builder !== pinned) problems.push(`electron-builder (${builder}) and app-builder-lib (${pinned}) must be the same exact version`);
  return result(name, problems, [`app-builder-lib ${installed}`]);
}

/** Run every check. */
export async function runChecks(repo: string): Promise<CheckResult[]> {
  const linuxDir = path.join(repo, 'build/linux');
  const checks: CheckResult[] = [pinCheck(repo)];
  const { check, config, app } = await checkBuilderConfig(repo, HELPER_FILE);
  checks.push(check);
  if (config && app) {
    checks.push(await checkDesktopEntries(config, app));
    const linux = linuxOf(config);
    const executableName = linux.executableName ?? 'studio-setup';
    const installDir = `/opt/${config.productName ?? app.productName ?? ''}`;
    const deb = config.deb ?? {};
    checks.push(
      checkMaintainerScripts(
        { afterInstall: path.join(repo, deb.afterInstall ?? ''), afterRemove: path.join(repo, deb.afterRemove ?? ''), wrapper: path.join(linuxDir, path.basename(PACKAGED_HELPER)) },
        { installDir, executableName, wrapper: PACKAGED_HELPER, helperFile: HELPER_FILE, policyFile: POLICY_FILE },
        // The macros electron-builder offers its templates (FpmTarget), with this configuration's values.
        { executable: executableName, sanitizedProductName: config.productName ?? '', productFilename: executableName },
      ),
    );
    const rpm = config.rpm ?? {};
    if (rpm.afterInstall !== deb.afterInstall || rpm.afterRemove !== deb.afterRemove) checks.push(result('rpm scripts', ['rpm and deb must share after-install.sh and after-remove.sh (the checks above cover those)']));
  }
  checks.push(checkPolicy(path.join(linuxDir, POLICY_FILE), { execPath: PACKAGED_HELPER }));
  checks.push(checkUnits(linuxDir));
  checks.push(checkIcons(path.join(repo, 'build/icons'), [path.join(repo, 'build/icon.svg'), path.join(repo, 'build/icon-small.svg')]));
  checks.push(checkShellScripts(repo));
  checks.push(checkElectronegativity(repo));
  return checks;
}

/** Print the results; returns the exit code (1 when any check has a problem). */
export function report(checks: CheckResult[], out: (line: string) => void = (l) => console.log(l), verbose = false): number {
  for (const c of checks) {
    out(`${c.problems.length === 0 ? 'ok  ' : 'FAIL'} ${c.name}`);
    for (const p of c.problems) out(`       ✗ ${p}`);
    for (const n of verbose || c.problems.length > 0 ? c.notes : c.notes.slice(0, 2)) out(`       · ${n}`);
  }
  const failed = checks.filter((c) => c.problems.length > 0).length;
  out(`packaging: ${checks.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}
