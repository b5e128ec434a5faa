// The polkit policy: the real file passes (DTD-valid where polkitd ships the
// DTD); broken XML, a password-free default, another exec path or a message
// that does not say what happens fail with a sentence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGED_HELPER } from '../../../../main/privileged/client.js';
import { checkPolicy, policyProblems, readPolicy, type PolicyFacts } from '../../../../scripts/packaging/polkit.js';

const POLICY = path.resolve(import.meta.dirname, '../../../../build/linux/org.studiosetup.helper.policy');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function variant(edit: (xml: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-polkit-'));
  dirs.push(dir);
  const file = path.join(dir, path.basename(POLICY));
  fs.writeFileSync(file, edit(fs.readFileSync(POLICY, 'utf8')));
  return file;
}

describe('polkit policy', () => {
  it('the packaged policy passes and says what it will do', () => {
    const r = checkPolicy(POLICY, { execPath: PACKAGED_HELPER });
    expect(r.problems).toEqual([]);
    const facts = readPolicy(POLICY);
    expect(facts).toMatchObject({ actions: 1, id: 'org.studiosetup.helper', allowActive: 'auth_admin_keep', execPath: '/usr/lib/studio-setup/studio-setup-helper' });
    expect(facts.message).toBe('Studio Setup needs your password to change interrupt priorities and system settings for audio. Every change can be undone.');
  });

  it('fails on XML that is not well-formed, naming the line', () => {
    const r = checkPolicy(variant((x) => x.replace('</defaults>', '')), { execPath: PACKAGED_HELPER });
    expect(r.problems.join('\n')).toMatch(/org\.studiosetup\.helper\.policy:\d+/);
  });

  it('fails when a user gets root without a password, or pkexec would run another path', () => {
    const r = checkPolicy(
      variant((x) => x.replace('<allow_active>auth_admin_keep</allow_active>', '<allow_active>yes</allow_active>').replace('<allow_any>auth_admin</allow_any>', '<allow_any>yes</allow_any>')),
      { execPath: PACKAGED_HELPER },
    );
    expect(r.problems).toEqual([
      'allow_active is "yes", expected auth_admin_keep (an administrator\'s password, kept a few minutes)',
      'allow_any is "yes": without an administrator\'s password nobody may run the helper',
    ]);
    expect(checkPolicy(POLICY, { execPath: '/usr/libexec/other' }).problems[0]).toMatch(/exec.path is "\/usr\/lib\/studio-setup\/studio-setup-helper", expected \/usr\/libexec\/other/);
  });

  it('wants one action named like its file and a message that explains', () => {
    const good: PolicyFacts = { actions: 1, id: 'org.studiosetup.helper', message: readPolicy(POLICY).message, description: 'x', allowAny: 'auth_admin', allowInactive: 'no', allowActive: 'auth_admin_keep', execPath: PACKAGED_HELPER };
    expect(policyProblems(POLICY, good, { execPath: PACKAGED_HELPER })).toEqual([]);
    const bad = policyProblems(POLICY, { ...good, actions: 2, id: 'Org.Other', message: 'Authentication is required' }, { execPath: PACKAGED_HELPER });
    expect(bad).toHaveLength(5);
  });
});
