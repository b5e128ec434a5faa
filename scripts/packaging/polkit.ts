// The polkit policy the deb/rpm install (build/linux/org.studiosetup.helper.policy):
// valid against polkit's own DTD when polkitd ships it here (else well-formed),
// and saying what this project needs: one action, named like its file, for the
// packaged helper's path only, asking an administrator's password (kept a few
// minutes for the user at the console), with a message that says what happens.
import fs from 'node:fs';
import path from 'node:path';
import { missingTool, result, runTool, type CheckResult } from './check.js';

/** Where polkitd installs the DTD its policy files follow. */
export const POLKIT_DTD = '/usr/share/polkit-1/policyconfig-1.dtd';

/** What the policy is checked against. */
export interface PolicyExpectations {
  /** The helper pkexec runs (main/privileged/client.ts PACKAGED_HELPER). */
  execPath: string;
}

/** The facts read from a policy file. */
export interface PolicyFacts {
  actions: number;
  id: string;
  message: string;
  description: string;
  allowAny: string;
  allowInactive: string;
  allowActive: string;
  execPath: string;
}

/** What is wrong with a policy's facts (empty when nothing). */
export function policyProblems(file: string, facts: PolicyFacts, expected: PolicyExpectations): string[] {
  const problems: string[] = [];
  const base = path.basename(file, '.policy');
  if (facts.actions !== 1) problems.push(`${file} declares ${facts.actions} actions; exactly one (the helper) is expected`);
  if (!/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/.test(facts.id)) problems.push(`action id "${facts.id}" is not a lower-case reverse-DNS name`);
  if (facts.id !== base) problems.push(`action id "${facts.id}" does not match the file name ${base}.policy`);
  if (facts.allowActive !== 'auth_admin_keep') problems.push(`allow_active is "${facts.allowActive}", expected auth_admin_keep (an administrator's password, kept a few minutes)`);
  for (const [key, value] of [['allow_any', facts.allowAny], ['allow_inactive', facts.allowInactive]] as const) {
    if (!['no', 'auth_admin', 'auth_admin_keep'].includes(value)) problems.push(`${key} is "${value}": without an administrator's password nobody may run the helper`);
  }
  if (facts.execPath !== expected.execPath) problems.push(`org.freedesktop.policykit.exec.path is "${facts.execPath}", expected ${expected.execPath} (the path the app runs through pkexec)`);
  if (facts.message.length < 40 || !/password/i.test(facts.message)) problems.push(`the message "${facts.message}" should tell the user why the password is asked for`);
  if (!/undo/i.test(facts.message)) problems.push('the message should say that every change can be undone');
  if (facts.description.length === 0) problems.push('the action has no description');
  return problems;
}

function xpath(file: string, expr: string): string {
  const r = runTool('xmllint', ['--nonet', '--xpath', expr, file]);
  return r.code === 0 ? r.stdout.trim() : '';
}

/** Read the facts with xmllint's XPath. */
export function readPolicy(file: string): PolicyFacts {
  const action = '/policyconfig/action';
  return {
    actions: Number(xpath(file, `count(${action})`)) || 0,
    id: xpath(file, `string(${action}/@id)`),
    message: xpath(file, `normalize-space(${action}/message[not(@xml:lang)])`),
    description: xpath(file, `normalize-space(${action}/description[not(@xml:lang)])`),
    allowAny: xpath(file, `normalize-space(${action}/defaults/allow_any)`),
    allowInactive: xpath(file, `normalize-space(${action}/defaults/allow_inactive)`),
    allowActive: xpath(file, `normalize-space(${action}/defaults/allow_active)`),
    execPath: xpath(file, `normalize-space(${action}/annotate[@key="org.freedesktop.policykit.exec.path"])`),
  };
}

/** Lint the policy file: DTD (or well-formedness), then this project's rules. */
export function checkPolicy(file: string, expected: PolicyExpectations, dtd: string = POLKIT_DTD): CheckResult {
  const name = `polkit policy (${path.basename(file)})`;
  if (!fs.existsSync(file)) return result(name, [`${file} is missing`]);
  const haveDtd = fs.existsSync(dtd);
  const lint = runTool('xmllint', ['--noout', '--nonet', ...(haveDtd ? ['--dtdvalid', dtd] : []), file]);
  if (lint.missing) return result(name, [missingTool('xmllint', 'libxml2-utils')]);
  if (lint.code !== 0) return result(name, lint.stderr.trim().split('\n').filter(Boolean));
  const notes = [haveDtd ? `valid against ${dtd}` : `well-formed (no ${dtd} here: install polkitd for the DTD check)`];
  return result(name, policyProblems(file, readPolicy(file), expected), notes);
}
