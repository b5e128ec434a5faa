// Which files are shell scripts (by name, #! line through env or busybox, or a
// shellcheck shell= directive), and shellcheck failing on a real mistake.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkShellScripts, findShellScripts, isShellScript, shebangShell } from '../../../../scripts/packaging/shell.js';

const REPO = path.resolve(import.meta.dirname, '../../../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('shell scripts', () => {
  it.each([
    ['#!/bin/sh', 'sh'],
    ['#!/usr/bin/env bash', 'bash'],
    ['#!/usr/bin/env -S bash -eu', 'bash'],
    ['#!/bin/busybox sh', 'sh'],
    ['#! /bin/dash -e', 'dash'],
    ['#!/usr/bin/env node', null],
    ['#!/usr/bin/env -S python3 -IS', null],
    ['# not a shebang', null],
  ])('%s → %s', (line, shell) => {
    expect(shebangShell(line)).toBe(shell);
  });

  it('by name, by #! line, by directive', () => {
    expect(isShellScript('x.sh', '')).toBe(true);
    expect(isShellScript('init', '#!/bin/busybox sh\n')).toBe(true);
    expect(isShellScript('lib', '# shellcheck shell=bash\n# helpers\n')).toBe(true);
    expect(isShellScript('x.mjs', '#!/usr/bin/env node\n')).toBe(false);
  });

  it('finds the packaging scripts, the applier and the VM suite`s scripts', () => {
    const found = findShellScripts(REPO);
    for (const f of ['build/linux/after-install.sh', 'build/linux/after-remove.sh', 'build/linux/studio-setup-helper', 'build/linux/studio-setup-irq', 'scripts/install-test-deps.sh', '.ci/run']) expect(found).toContain(f);
    expect(found.some((f) => f.startsWith('tests/vm/'))).toBe(true);
    expect(found.some((f) => f.includes('node_modules'))).toBe(false);
  });

  it('shellcheck fails on an unquoted expansion, naming the file and line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sc-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'bad.sh'), '#!/bin/sh\nrm -rf $1/tmp\n');
    const r = checkShellScripts(dir, ['bad.sh']);
    expect(r.problems.join('\n')).toMatch(/^bad\.sh:2:\d+: .*SC2086/m);
  });
});
