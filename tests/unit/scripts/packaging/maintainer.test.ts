// The maintainer scripts, run against stand-in commands: after-install puts the
// wrapper, the helper and the polkit action in place; after-remove takes exactly
// those away on removal and nothing on an upgrade; neither touches what the user
// applied. Mutations show each rule fails with a sentence.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGED_HELPER } from '../../../../main/privileged/client.js';
import { HELPER_FILE } from '../../../../scripts/helper-bundle.js';
import { maintainerProblems, renderTemplate, traceScript, type Layout } from '../../../../scripts/packaging/maintainer.js';

const LINUX = path.resolve(import.meta.dirname, '../../../../build/linux');
const read = (f: string) => fs.readFileSync(path.join(LINUX, f), 'utf8');
const FILES = { afterInstall: read('after-install.sh'), afterRemove: read('after-remove.sh'), wrapper: read('studio-setup-helper') };
const LAYOUT: Layout = { installDir: '/opt/Studio Setup', executableName: 'studio-setup', wrapper: PACKAGED_HELPER, helperFile: HELPER_FILE, policyFile: 'org.studiosetup.helper.policy' };

describe('maintainer scripts', () => {
  it('the packaged scripts and wrapper pass every rule', () => {
    expect(maintainerProblems(FILES, LAYOUT)).toEqual([]);
  });

  it('after-install installs the three files root-owned, and the /usr/bin link', () => {
    const { calls, code } = traceScript(FILES.afterInstall, ['configure']);
    expect(code).toBe(0);
    expect(calls).toContain('update-alternatives --install /usr/bin/studio-setup studio-setup /opt/Studio Setup/studio-setup 100');
    expect(calls.filter((c) => c.startsWith('install ')).slice(-3)).toEqual([
      'install -o root -g root -m 0755 /opt/Studio Setup/resources/linux/studio-setup-helper /usr/lib/studio-setup/studio-setup-helper',
      'install -d -o root -g root -m 0755 /usr/share/polkit-1/actions',
      'install -o root -g root -m 0644 /opt/Studio Setup/resources/linux/org.studiosetup.helper.policy /usr/share/polkit-1/actions/org.studiosetup.helper.policy',
    ]);
  });

  it('after-remove: removal takes our files away; an upgrade (deb "upgrade", rpm 1) changes nothing', () => {
    for (const arg of ['remove', 'purge', '0']) {
      const { calls } = traceScript(FILES.afterRemove, [arg]);
      expect(calls).toEqual([
        'update-alternatives --remove studio-setup /opt/Studio Setup/studio-setup',
        'rm -f /usr/lib/studio-setup/studio-setup-helper /usr/lib/studio-setup/helper.mjs',
        'rmdir /usr/lib/studio-setup',
        'rm -f /usr/share/polkit-1/actions/org.studiosetup.helper.policy',
      ]);
    }
    for (const arg of ['upgrade', '1', '2']) expect(traceScript(FILES.afterRemove, [arg]).calls).toEqual([]);
  });

  it('fails a script that removes what the user applied, or acts on an upgrade', () => {
    const greedy = { ...FILES, afterRemove: FILES.afterRemove.replace('rmdir /usr/lib/studio-setup', 'rm -rf /etc/studio-setup /var/lib/studio-setup\nrmdir /usr/lib/studio-setup') };
    expect(maintainerProblems(greedy, LAYOUT).join('\n')).toMatch(/after-remove remove touches the user's applied state: rm -rf \/etc\/studio-setup/);
    const unguarded = { ...FILES, afterRemove: FILES.afterRemove.replace('  *) exit 0 ;;', '  *) ;;') };
    expect(maintainerProblems(unguarded, LAYOUT).join('\n')).toMatch(/after-remove upgrade \(an upgrade\) must change nothing/);
  });

  it('fails a wrapper that runs another program, and a dollar-brace electron-builder would take for a macro', () => {
    const other = { ...FILES, wrapper: FILES.wrapper.replace('/usr/lib/studio-setup/helper.mjs "$@"', '"$HELPER" "$@"') };
    expect(maintainerProblems(other, LAYOUT).join('\n')).toMatch(/the wrapper must end in: exec "\/opt\/Studio Setup\/studio-setup" \/usr\/lib\/studio-setup\/helper.mjs "\$@"/);
    const braces = { ...FILES, afterInstall: FILES.afterInstall.replace("exe='studio-setup'", "exe='studio-setup'\n: \"${exe}\"") };
    expect(maintainerProblems(braces, LAYOUT).join('\n')).toMatch(/afterInstall: "\$\{" in a maintainer file/);
  });

  it('renders templates as electron-builder does: known macros replaced, an unknown one is an error', () => {
    expect(renderTemplate("'/opt/${sanitizedProductName}/${executable}'", { sanitizedProductName: 'Studio Setup', executable: 'studio-setup' })).toBe("'/opt/Studio Setup/studio-setup'");
    expect(() => renderTemplate('echo ${HOME}', {})).toThrow('Macro HOME is not defined');
  });
});
