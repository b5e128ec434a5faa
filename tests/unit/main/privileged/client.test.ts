// The client with fake runners: the exact string sudo-prompt gets (shell-inert
// alphabet only, nothing the user typed), direct execFile as root, pkexec on the
// packaged helper, and readable messages for every outcome.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  appImageFile,
  bundledHelper,
  helperArgs,
  interpret,
  PACKAGED_HELPER,
  PKEXEC,
  PROMPT_NAME,
  runPrivileged,
  SAFE_TOKEN,
  sudoCommand,
  type ClientDeps,
  type RawRun,
} from '../../../../main/privileged/client.js';
import { HELPER_FILE } from '../../../../scripts/helper-bundle.js';
import { fullPlan } from './fixtures.js';

interface Calls {
  sudo: { command: string; options: { name: string } }[];
  exec: { file: string; args: string[]; env: NodeJS.ProcessEnv }[];
}

const OK_RUN: RawRun = { code: 0, stdout: '{"progress":{"step":1,"of":1,"what":"x"}}\n{"result":{"ok":true,"code":0,"steps":3}}\n', stderr: '' };

function fakeDeps(over: Partial<ClientDeps> = {}, reply: RawRun = OK_RUN): { deps: ClientDeps; calls: Calls } {
  const calls: Calls = { sudo: [], exec: [] };
  const deps: ClientDeps = {
    sudo: async (command, options) => (calls.sudo.push({ command, options }), reply),
    execFile: async (file, args, env) => (calls.exec.push({ file, args, env }), reply),
    uid: 1000,
    execPath: '/opt/studio-setup/studio-setup',
    electron: true,
    helperJs: '/opt/studio-setup/resources/app/dist/main/helper.js',
    packagedHelper: () => null,
    cwd: '/home/alice',
    ...over,
  };
  return { deps, calls };
}

// A plan whose free-text fields hold everything a shell would act on.
const nasty = fullPlan({
  targets: [{ kind: 'pci', controller: '0000:00:1b.0', role: 'interface', priority: 90, reason: '$(id) `id` "; rm -rf / \\" | & ; \' < > \n' }],
  createdAt: '$(reboot)',
});

describe('client', () => {
  it('sudo-prompt gets one string: fixed interpreter, bundled helper, verb, base64url plan; name "Studio Setup"', async () => {
    const { deps, calls } = fakeDeps();
    const r = await runPrivileged({ verb: 'apply', plan: nasty }, deps);
    expect(r.ok).toBe(true);
    expect(calls.sudo).toHaveLength(1);
    const { command, options } = calls.sudo[0] as Calls['sudo'][number];
    expect(options).toEqual({ name: 'Studio Setup' });
    const b64 = Buffer.from(JSON.stringify(nasty), 'utf8').toString('base64url');
    expect(command).toBe(`ELECTRON_RUN_AS_NODE=1 /opt/studio-setup/studio-setup /opt/studio-setup/resources/app/dist/main/helper.js apply ${b64}`);
    expect(command).toMatch(/^[A-Za-z0-9_./:=+,\- ]+$/);
    for (const token of command.split(' ')) expect(token).toMatch(SAFE_TOKEN);
    expect(b64).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(PROMPT_NAME).toMatch(/^[a-z0-9 ]{1,70}$/i);
  });

  it('the string survives sudo-prompt`s quoting and two shells unchanged (nothing is expanded)', () => {
    const command = sudoCommand({ execPath: '/usr/bin/node', helperJs: '/app/helper.js', electron: false }, helperArgs({ verb: 'apply', plan: nasty }));
    // What sudo-prompt builds on Linux (index.js, Linux()): /bin/bash -c "echo SUDOPROMPT; <command>", only " escaped;
    // printf stands in for the interpreter to show the argv the helper would get.
    const escaped = `printf '%s\\n' ${command}`.replace(/"/g, '\\"');
    const out = execFileSync('/bin/sh', ['-c', `/bin/bash -c "echo SUDOPROMPT; ${escaped}"`], { encoding: 'utf8' });
    expect(out.split('\n').filter(Boolean)).toEqual(['SUDOPROMPT', ...command.split(' ')]);
  });

  it('an install path with spaces (/opt/Studio Setup) is single-quoted and reaches the helper as one argument', () => {
    const deps = { execPath: '/opt/Studio Setup/studio-setup', helperJs: '/opt/Studio Setup/resources/app/dist/main/helper.js', electron: true };
    const command = sudoCommand(deps, ['revert']);
    expect(command).toBe("ELECTRON_RUN_AS_NODE=1 '/opt/Studio Setup/studio-setup' '/opt/Studio Setup/resources/app/dist/main/helper.js' revert");
    const escaped = `printf '%s\\n' ${command.replace(/^ELECTRON_RUN_AS_NODE=1 /, '')}`.replace(/"/g, '\\"');
    const out = execFileSync('/bin/sh', ['-c', `/bin/bash -c "echo SUDOPROMPT; ${escaped}"`], { encoding: 'utf8' });
    expect(out.split('\n').filter(Boolean)).toEqual(['SUDOPROMPT', deps.execPath, deps.helperJs, 'revert']);
  });

  it('outside Electron the interpreter is Node itself (no ELECTRON_RUN_AS_NODE)', async () => {
    const { deps, calls } = fakeDeps({ electron: false, execPath: '/usr/bin/node' });
    await runPrivileged({ verb: 'revert' }, deps);
    expect(calls.sudo[0]?.command).toBe('/usr/bin/node /opt/studio-setup/resources/app/dist/main/helper.js revert');
  });

  it('refuses to build a string from an unsafe install path or working directory (no prompt shown)', async () => {
    for (const over of [
      { execPath: "/home/a'b/studio-setup" },
      { execPath: 'relative/studio-setup' },
      { helperJs: '/tmp/$(id)/helper.js' },
      { helperJs: '/tmp/`id`/helper.js' },
      { helperJs: '/tmp/x";id;"/helper.js' },
      { cwd: '/home/alice/$(reboot)' },
      { cwd: '/home/alice/a"b' },
    ]) {
      const { deps, calls } = fakeDeps(over);
      const r = await runPrivileged({ verb: 'status' }, deps);
      expect(r.ok).toBe(false);
      expect(r.message).toMatch(/cannot ask for the password safely/);
      expect(calls.sudo).toHaveLength(0);
    }
  });

  it('as root: execFile of the interpreter with the helper, no shell, no prompt', async () => {
    const { deps, calls } = fakeDeps({ uid: 0 });
    await runPrivileged({ verb: 'status' }, deps);
    expect(calls.sudo).toHaveLength(0);
    expect(calls.exec[0]?.file).toBe('/opt/studio-setup/studio-setup');
    expect(calls.exec[0]?.args).toEqual(['/opt/studio-setup/resources/app/dist/main/helper.js', 'status', '--json']);
    expect(calls.exec[0]?.env.ELECTRON_RUN_AS_NODE).toBe('1');
  });

  it('with the packaged root-owned helper: pkexec on it, no shell', async () => {
    const { deps, calls } = fakeDeps({ packagedHelper: () => PACKAGED_HELPER });
    await runPrivileged({ verb: 'apply', plan: fullPlan() }, deps);
    expect(calls.sudo).toHaveLength(0);
    expect(calls.exec[0]?.file).toBe(PKEXEC);
    expect(calls.exec[0]?.args.slice(0, 2)).toEqual([PACKAGED_HELPER, 'apply']);
  });

  it.each([
    [{ code: null, stdout: '', stderr: '', error: 'Request dismissed' }, 'sudo-prompt', 'You cancelled the password prompt.'],
    [{ code: 126, stdout: '', stderr: '' }, 'pkexec', 'You cancelled the password prompt.'],
    [{ code: 127, stdout: '', stderr: '' }, 'pkexec', 'You are not allowed to make this change (authorization failed).'],
    [{ code: 1, stdout: '', stderr: '', error: 'User did not grant permission.' }, 'sudo-prompt', 'The password prompt was cancelled or the password was not accepted.'],
    [{ code: 1, stdout: '', stderr: '', error: 'No polkit authentication agent found.' }, 'sudo-prompt', 'No password prompt is available (no polkit authentication agent is running).'],
    [{ code: null, stdout: '', stderr: '', error: 'Unable to find pkexec or kdesudo.' }, 'sudo-prompt', 'No password prompt is available here (pkexec is not installed): run the command with sudo.'],
    [{ code: 2, stdout: '{"result":{"ok":false,"code":2,"error":"refusing /etc/x: it is a symbolic link"}}\n', stderr: '' }, 'direct', 'Nothing was changed: refusing /etc/x: it is a symbolic link'],
    [{ code: 3, stdout: '{"result":{"ok":false,"code":3,"error":"the helper must run as root"}}\n', stderr: '' }, 'direct', 'The helper did not run as root; nothing was changed.'],
    [{ code: 4, stdout: '{"result":{"ok":false,"code":4,"error":"another"}}\n', stderr: '' }, 'sudo-prompt', 'Another Studio Setup change is in progress; try again when it has finished.'],
    [{ code: 5, stdout: '{"result":{"ok":false,"code":5,"error":"apply failed and was rolled back: update-grub failed (exit 1)"}}\n', stderr: '' }, 'sudo-prompt', 'Applying failed and every change was undone: apply failed and was rolled back: update-grub failed (exit 1)'],
    [{ code: 6, stdout: '{"result":{"ok":false,"code":6,"error":"revert incomplete"}}\n', stderr: '' }, 'sudo-prompt', 'Undoing is incomplete: run revert again (status shows what is left): revert incomplete'],
    [{ code: null, stdout: '', stderr: 'Killed\n' }, 'direct', 'The helper stopped unexpectedly: Killed.'],
  ] as [RawRun, 'direct' | 'pkexec' | 'sudo-prompt', string][])('%# → a sentence', (raw, via, message) => {
    expect(interpret(raw, via).message).toBe(message);
  });

  it('the latency verb: closed arguments only, refused outside 1..600 s and none|cpu|io', async () => {
    const { deps, calls } = fakeDeps({ electron: false, execPath: '/usr/bin/node' });
    await runPrivileged({ verb: 'latency', seconds: 30, load: 'io' }, deps);
    expect(calls.sudo[0]?.command).toBe('/usr/bin/node /opt/studio-setup/resources/app/dist/main/helper.js latency --seconds 30 --load io');
    const bad = await runPrivileged({ verb: 'latency', seconds: 0, load: 'none' }, deps);
    expect(bad).toMatchObject({ ok: false, code: 2 });
    const worse = await runPrivileged({ verb: 'latency', seconds: 30, load: '$(id)' as 'none' }, deps);
    expect(worse).toMatchObject({ ok: false, code: 2 });
    expect(calls.sudo).toHaveLength(1);
  });

  it('finds the single-file helper beside the main build, also from a chunk, and unpacked beside app.asar', () => {
    expect(bundledHelper('file:///opt/app/dist/main/chunks/verbs-abc123.js')).toBe(`/opt/app/dist/helper/${HELPER_FILE}`);
    expect(bundledHelper('file:///opt/app/dist/main/index.js')).toBe('/opt/app/dist/helper/helper.mjs');
    expect(bundledHelper('file:///opt/Studio%20Setup/resources/app.asar/dist/main/chunks/client-x.js')).toBe(
      '/opt/Studio Setup/resources/app.asar.unpacked/dist/helper/helper.mjs',
    );
  });

  it('from an AppImage: root runs the .AppImage file on a copy of the helper (it cannot read the user`s mount); the copy is removed', async () => {
    const removed: string[] = [];
    const { deps, calls } = fakeDeps({
      execPath: '/tmp/.mount_StudioXyz/studio-setup',
      helperJs: '/tmp/.mount_StudioXyz/resources/app.asar.unpacked/dist/helper/helper.mjs',
      appImage: '/home/alice/Applications/Studio Setup-0.1.0.AppImage',
      stageHelper: (from) => ({ file: `/tmp/studio-setup-helper-Ab12/${from.split('/').pop()}`, remove: () => removed.push('staged') }),
    });
    await runPrivileged({ verb: 'revert' }, deps);
    expect(calls.sudo[0]?.command).toBe("ELECTRON_RUN_AS_NODE=1 '/home/alice/Applications/Studio Setup-0.1.0.AppImage' /tmp/studio-setup-helper-Ab12/helper.mjs revert");
    expect(removed).toEqual(['staged']);
    const unsafe = await runPrivileged({ verb: 'revert' }, { ...deps, appImage: '/home/alice/$(id).AppImage' });
    expect(unsafe.message).toMatch(/cannot ask for the password safely/);
    expect(removed).toEqual(['staged', 'staged']);
    expect(calls.sudo).toHaveLength(1);
  });

  it('knows it runs from an AppImage only when the runtime says so and this executable is inside its mount', () => {
    const env = { APPIMAGE: '/home/a/S.AppImage', APPDIR: '/tmp/.mount_S1' };
    expect(appImageFile(env, '/tmp/.mount_S1/studio-setup')).toBe('/home/a/S.AppImage');
    expect(appImageFile(env, '/opt/Studio Setup/studio-setup')).toBeNull();
    expect(appImageFile({ APPDIR: '/tmp/.mount_S1' }, '/tmp/.mount_S1/studio-setup')).toBeNull();
    expect(appImageFile({ ...env, APPIMAGE: 'S.AppImage' }, '/tmp/.mount_S1/studio-setup')).toBeNull();
  });

  it('keeps the progress lines and the result object', () => {
    const r = interpret(OK_RUN, 'direct');
    expect(r).toMatchObject({ ok: true, code: 0, message: 'Done.', progress: [{ step: 1, of: 1, what: 'x' }], result: { steps: 3 } });
  });
});
