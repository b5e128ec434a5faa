// What crosses into root, checked again: the plan as one base64url argument
// (size, alphabet, canonical encoding, UTF-8, PLAN_SCHEMA), and the user the
// audio-group fix is for (from pkexec/sudo, cross-checked with the plan).
import { MAX_PLAN_BYTES, parsePlan, USER_NAME, type Plan } from '../../common/plan.js';
import { readNoFollow } from './fsops.js';
import type { Root } from './paths.js';
import { findProgram, type Runner } from './system.js';

/** Longest base64url argument accepted (MAX_PLAN_BYTES of JSON). */
export const MAX_PLAN_ARG = Math.ceil((MAX_PLAN_BYTES * 4) / 3);

const B64URL = /^[A-Za-z0-9_-]+$/;

/** Encode a plan's JSON as the helper's argument. */
export function encodePlan(json: string): string {
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** Decode and validate the plan argument; a one-line reason when it is refused. */
export function decodePlan(arg: string): { ok: true; plan: Plan } | { ok: false; error: string } {
  if (arg.length > MAX_PLAN_ARG) return { ok: false, error: `plan argument too large (${arg.length} characters, at most ${MAX_PLAN_ARG})` };
  if (!B64URL.test(arg)) return { ok: false, error: 'the plan argument is not base64url ([A-Za-z0-9_-] only)' };
  const bytes = Buffer.from(arg, 'base64url');
  if (bytes.toString('base64url') !== arg) return { ok: false, error: 'the plan argument is not canonical base64url' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: 'the plan is not UTF-8 text' };
  }
  return parsePlan(text);
}

function passwdName(text: string, uid: number): string | null {
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 7 && f[2] === String(uid)) return f[0] ?? null;
  }
  return null;
}

/** The name of user `uid`: the tree's /etc/passwd, else (live) `getent passwd`. */
function userName(root: Root, live: boolean, runner: Runner, uid: number): string | null {
  const local = passwdName(readNoFollow(root.host('/etc/passwd'))?.toString('utf8') ?? '', uid);
  if (local !== null || !live) return local;
  const getent = findProgram(root, 'getent');
  if (getent === null) return null;
  const r = runner([getent, 'passwd', String(uid)]);
  return r.status === 0 ? passwdName(r.stdout, uid) : null;
}

/**
 * The user for the audio-group fix: the one who authenticated (PKEXEC_UID or
 * SUDO_UID) when present, which must agree with the plan's `user` and
 * `--user`; otherwise `--user`, else the plan's. Null when none is known.
 */
export function resolveUser(
  root: Root,
  live: boolean,
  runner: Runner,
  env: NodeJS.ProcessEnv,
  plan: Plan,
  flag: string | undefined,
): { ok: true; user: string | null } | { ok: false; error: string } {
  if (flag !== undefined && !USER_NAME.test(flag)) return { ok: false, error: '--user: not a user name' };
  if (flag !== undefined && plan.user !== undefined && flag !== plan.user) {
    return { ok: false, error: `--user ${flag} does not match the plan's user ${plan.user}` };
  }
  const raw = env.PKEXEC_UID ?? env.SUDO_UID;
  const uid = raw !== undefined && /^\d{1,10}$/.test(raw) ? Number(raw) : null;
  if (uid !== null && uid !== 0) {
    const name = userName(root, live, runner, uid);
    if (name === null) return { ok: false, error: `cannot find the name of user ${uid}` };
    const claimed = flag ?? plan.user;
    if (claimed !== undefined && claimed !== name) return { ok: false, error: `the plan is for user ${claimed}, but ${name} asked to apply it` };
    return { ok: true, user: name };
  }
  return { ok: true, user: flag ?? plan.user ?? null };
}
