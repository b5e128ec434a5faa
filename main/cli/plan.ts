// `studio-setup plan`: the audio chain and chosen fixes → a plan, and its
// preview on this machine (or --from): every thread today → planned, with the
// reasons, and what needs a reboot or a re-login.
import os from 'node:os';
import { runChecks } from '../checks/index.js';
import { USER_NAME, type Plan } from '../common/plan.js';
import { makePlan, type ChainDevice, type PlanChoices } from '../common/planner.js';
import { previewPlan, type Preview } from '../common/preview.js';
import { openSource } from '../probe/open.js';
import { readSnapshot } from '../probe/snapshot.js';
import { parse, UsageError, type Io } from './args.js';

/** A --disk/--midi value: a PCI address (`0000:00:1f.2` or `00:1f.2`) or a USB id (`vvvv:pppp`). */
export function parseDevice(text: string, flag: string): ChainDevice {
  const t = text.trim().toLowerCase();
  if (/^[0-9a-f]{4}:[0-9a-f]{4}$/.test(t)) return { kind: 'usb', id: t };
  const pci = /^(?:([0-9a-f]{4}):)?([0-9a-f]{2}:[0-9a-f]{2}\.[0-7])$/.exec(t);
  if (pci) return { kind: 'pci', controller: `${pci[1] ?? '0000'}:${pci[2]}` };
  throw new UsageError(`${flag} ${JSON.stringify(text)}: want a PCI address (0000:00:1f.2) or a USB id (1235:8210)`);
}

// Who the audio-group fix is for: the one who runs this (through sudo: the one who called sudo).
function currentUser(env: NodeJS.ProcessEnv): string | undefined {
  let name = env.SUDO_USER;
  if (name === undefined) {
    try {
      name = os.userInfo().username;
    } catch {
      return undefined;
    }
  }
  return name !== 'root' && USER_NAME.test(name) ? name : undefined;
}

/** The plan's preview for people. */
export function formatPlan(plan: Plan, preview: Preview, notes: string[]): string {
  const out: string[] = ['IRQ threads (today → planned):'];
  if (preview.rows.length === 0) out.push('  (none resolves on this machine now)');
  const w = Math.max(6, ...preview.rows.map((r) => r.comm.length));
  for (const r of preview.rows) {
    const now = `${r.now.policy} ${r.now.priority}`.padEnd(9);
    out.push(`  ${String(r.pid).padStart(6)}  ${r.comm.padEnd(w)}  ${now} → FIFO ${r.planned.priority}${r.change ? '' : ' (already)'}  ${r.role}: ${r.reason}`);
  }
  for (const u of preview.unresolved) out.push(`  not resolved now: ${u.reason} (${u.problems.join('; ')})`);
  out.push('', 'System fixes:');
  if (plan.fixes.length === 0) out.push('  (none chosen: add --fix <finding id>)');
  for (const f of plan.fixes) {
    const detail = 'key' in f ? ` ${f.key} = ${f.value}` : 'unit' in f ? ` ${f.unit}` : 'id' in f ? ` ${f.id}` : 'add' in f ? ` ${f.add.join(' ')}` : 'rtprio' in f ? ` rtprio ${f.rtprio}, memlock ${f.memlock}` : '';
    out.push(`  ${f.action}${detail}`);
  }
  if (preview.needs.includes('reboot')) out.push('', 'Needs a reboot: the kernel parameters take effect at the next boot.');
  if (preview.needs.includes('relogin')) out.push(`${preview.needs.includes('reboot') ? '' : '\n'}Needs a re-login: group and limits apply to new sessions.`);
  for (const n of notes) out.push(`Note: ${n}`);
  out.push('', 'Save it with --json > plan.json, then apply it: studio-setup apply plan.json');
  return out.join('\n') + '\n';
}

/** plan [--from DIR|REPORT.json] --interface <card> [--disk D]... [--midi D]... [--fix ID]... [--user NAME] [--json] */
export async function planCommand(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parse(
    argv,
    {
      from: { type: 'string' },
      interface: { type: 'string' },
      disk: { type: 'string', multiple: true },
      midi: { type: 'string', multiple: true },
      fix: { type: 'string', multiple: true },
      user: { type: 'string' },
      json: { type: 'boolean' },
    },
    { min: 0, max: 0, names: '' },
  );
  if (values.interface === undefined || values.interface.trim() === '') throw new UsageError('missing --interface <card id or index> (see: studio-setup scan)');
  if (values.user !== undefined && !USER_NAME.test(values.user)) throw new UsageError(`--user ${JSON.stringify(values.user)}: not a user name`);
  const snapshot = readSnapshot(openSource(values.from));
  const findings = runChecks(snapshot);
  const user = values.user ?? (values.from === undefined ? currentUser(env) : undefined);
  const choices: PlanChoices = {
    interface: /^\d{1,3}$/.test(values.interface) ? Number(values.interface) : values.interface,
    disk: (values.disk ?? []).map((d) => parseDevice(d, '--disk')),
    midi: (values.midi ?? []).map((d) => parseDevice(d, '--midi')),
    fixes: values.fix ?? [],
    ...(user ? { user } : {}),
  };
  const r = makePlan(snapshot, findings, choices);
  if (!r.ok) {
    io.err(`studio-setup plan: ${r.error}\n`);
    return 2;
  }
  const preview = previewPlan(r.plan, snapshot);
  io.out(values.json ? JSON.stringify({ plan: r.plan, preview, notes: r.notes }, null, 2) + '\n' : formatPlan(r.plan, preview, r.notes));
  return 0;
}
