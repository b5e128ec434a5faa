// The deb/rpm maintainer scripts and the helper wrapper (build/linux/): rendered
// as electron-builder renders them (its ${macro} templates), then RUN against
// stand-in commands that only log their arguments, so the check sees what each
// would do as root: after-install puts the wrapper, the helper and the polkit
// action in place; after-remove takes exactly those away on removal, nothing on
// an upgrade, and never touches what the user applied (/etc/studio-setup,
// /var/lib/studio-setup and the rest, undone by the app's Revert).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { result, type CheckResult } from './check.js';

/** What the packaged layout must agree on. */
export interface Layout {
  /** /opt/<sanitized product name>: where deb and rpm put the app. */
  installDir: string;
  executableName: string;
  /** The wrapper pkexec runs (PACKAGED_HELPER). */
  wrapper: string;
  /** The helper's file name (app/dist/helper/NAME). */
  helperFile: string;
  /** The polkit policy file's name. */
  policyFile: string;
}

/** Paths of the user's applied state: an uninstall must leave them to the app's Revert. */
export const USER_STATE = ['/etc/studio-setup', '/var/lib/studio-setup', '/run/studio-setup', '/usr/local/lib/studio-setup', '/etc/systemd', '/etc/udev', '/etc/security', '/etc/sysctl.d', '/etc/default', '/etc/kernel', '/boot', '/etc/group'];

/** electron-builder's template step (FpmTarget writeConfigFile): ${name} macros; an unknown one fails its build. */
export function renderTemplate(text: string, macros: Record<string, string>): string {
  return text.replace(/\$\{([a-zA-Z]+)\}/g, (_m, name: string) => {
    if (!(name in macros)) throw new Error(`Macro ${name} is not defined`);
    return macros[name] as string;
  });
}

const STUBS = ['install', 'rm', 'rmdir', 'ln', 'chmod', 'cp', 'readlink', 'unshare', 'update-alternatives', 'update-mime-database', 'update-desktop-database', 'apparmor_status', 'apparmor_parser'];

/** Run a maintainer script with every command it may call replaced by a logger; returns "command args…" lines. */
export function traceScript(script: string, args: string[]): { calls: string[]; code: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-maint-'));
  try {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const log = path.join(dir, 'calls');
    for (const name of STUBS) {
      // apparmor_status: "not enabled", so the AppArmor branch stays out of the trace.
      const exit = name === 'apparmor_status' ? 1 : 0;
      fs.writeFileSync(path.join(bin, name), `#!/bin/sh\nprintf '%s\\n' "${name} $*" >> '${log}'\nexit ${exit}\n`, { mode: 0o755 });
    }
    const file = path.join(dir, 'script');
    fs.writeFileSync(file, script, { mode: 0o755 });
    const r = spawnSync('/bin/sh', [file, ...args], { env: { PATH: bin }, encoding: 'utf8', cwd: dir, timeout: 10_000 });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    return { calls, code: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function touchesUserState(call: string): boolean {
  return /^(rm|rmdir|install|cp|ln|chmod)\b/.test(call) && USER_STATE.some((p) => call.includes(p));
}

/** What is wrong with the rendered after-install / after-remove / wrapper. */
export function maintainerProblems(files: { afterInstall: string; afterRemove: string; wrapper: string }, l: Layout): string[] {
  const p: string[] = [];
  const lib = path.posix.dirname(l.wrapper);
  const helper = `${lib}/${l.helperFile}`;
  const policy = `/usr/share/polkit-1/actions/${l.policyFile}`;
  for (const [name, text] of Object.entries(files)) {
    if (text.includes('${')) p.push(`${name}: "\${" in a maintainer file (electron-builder takes it for a template macro)`);
    if (!text.startsWith('#!/bin/sh\n')) p.push(`${name}: must be a POSIX sh script (#!/bin/sh)`);
  }
  const app = `${l.installDir}/${l.executableName}`;
  const execLine = `exec "${app}" ${helper} "$@"`;
  if (!files.wrapper.split('\n').includes(execLine)) p.push(`the wrapper must end in: ${execLine}`);
  if (!/^export ELECTRON_RUN_AS_NODE$/m.test(files.wrapper) || !/^ELECTRON_RUN_AS_NODE=1$/m.test(files.wrapper)) p.push('the wrapper must export ELECTRON_RUN_AS_NODE=1');
  for (const [name, text] of [['after-install', files.afterInstall], ['after-remove', files.afterRemove]] as const) {
    if (!text.includes(`app='${l.installDir}'`)) p.push(`${name}: app= must be '${l.installDir}' (where deb and rpm install the app)`);
    if (!text.includes(`exe='${l.executableName}'`)) p.push(`${name}: exe= must be '${l.executableName}'`);
  }

  const install = traceScript(files.afterInstall, ['configure']);
  if (install.code !== 0) p.push(`after-install exited ${install.code} on stand-in commands: ${install.output.trim().slice(0, 300)}`);
  const want = [
    `install -o root -g root -m 0755 ${l.installDir}/resources/linux/studio-setup-helper ${l.wrapper}`,
    `install -o root -g root -m 0644 ${l.installDir}/resources/app.asar.unpacked/dist/helper/${l.helperFile} ${helper}`,
    `install -o root -g root -m 0644 ${l.installDir}/resources/linux/${l.policyFile} ${policy}`,
  ];
  for (const w of want) if (!install.calls.includes(w)) p.push(`after-install does not run: ${w}`);
  for (const c of install.calls.filter(touchesUserState)) p.push(`after-install touches the user's applied state: ${c}`);

  const removed = [`rm -f ${l.wrapper} ${helper}`, `rm -f ${policy}`];
  for (const arg of ['remove', 'purge', '0']) {
    const r = traceScript(files.afterRemove, [arg]);
    if (r.code !== 0) p.push(`after-remove ${arg} exited ${r.code}: ${r.output.trim().slice(0, 300)}`);
    for (const w of removed) if (!r.calls.includes(w)) p.push(`after-remove ${arg} does not run: ${w}`);
    for (const c of r.calls.filter(touchesUserState)) p.push(`after-remove ${arg} touches the user's applied state: ${c}`);
  }
  for (const arg of ['upgrade', '1', 'failed-upgrade']) {
    const r = traceScript(files.afterRemove, [arg]);
    if (r.calls.length > 0) p.push(`after-remove ${arg} (an upgrade) must change nothing, but runs: ${r.calls.join('; ')}`);
  }
  return p;
}

/** Render and check the maintainer scripts and the wrapper. */
export function checkMaintainerScripts(paths: { afterInstall: string; afterRemove: string; wrapper: string }, layout: Layout, macros: Record<string, string>): CheckResult {
  const name = 'deb/rpm maintainer scripts and helper wrapper';
  const files = { afterInstall: '', afterRemove: '', wrapper: '' };
  const problems: string[] = [];
  for (const key of ['afterInstall', 'afterRemove', 'wrapper'] as const) {
    try {
      const text = fs.readFileSync(paths[key], 'utf8');
      files[key] = key === 'wrapper' ? text : renderTemplate(text, macros);
    } catch (e) {
      problems.push(`${paths[key]}: ${(e as Error).message}`);
    }
  }
  if (problems.length > 0) return result(name, problems);
  return result(name, maintainerProblems(files, layout), [`wrapper ${layout.wrapper} → ${layout.installDir}/${layout.executableName} (as Node) ${path.posix.dirname(layout.wrapper)}/${layout.helperFile}`]);
}
