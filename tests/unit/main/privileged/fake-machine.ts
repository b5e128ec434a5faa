// A simulated live machine inside a throw-away root: /proc/PID/stat for kernel
// IRQ threads, and a runner that plays systemctl, udevadm, sysctl, gpasswd,
// update-grub, chrt and the boot applier on that tree, so the helper's live
// code paths (run, verify, roll back, undo after a reboot) run without root effects.
import fs from 'node:fs';
import path from 'node:path';
import type { Policy } from '../../../../main/common/types.js';
import { applyPlan, type ApplyOutcome } from '../../../../main/privileged/helper/apply.js';
import { Root } from '../../../../main/privileged/helper/paths.js';
import { Progress } from '../../../../main/privileged/helper/progress.js';
import { revertJournal, type RevertOutcome } from '../../../../main/privileged/helper/revert.js';
import type { Runner } from '../../../../main/privileged/helper/system.js';
import type { Plan } from '../../../../main/common/plan.js';
import { makeRoot } from './fixtures.js';

const POLICY_NUMBER: Record<string, number> = { OTHER: 0, FIFO: 1, RR: 2, BATCH: 3, IDLE: 5 };
const PROGRAMS = ['/usr/bin/systemctl', '/usr/bin/udevadm', '/usr/sbin/sysctl', '/usr/sbin/gpasswd', '/usr/bin/chrt'];
const APPLIER = '/usr/local/lib/studio-setup/studio-setup-irq';

/** /proc/PID/stat text for a task (fields 40/41: rt_priority, policy; flags with PF_KTHREAD). */
export function statLine(pid: number, comm: string, ppid: number, policy: Policy, priority: number): string {
  const f = Array.from({ length: 50 }, () => '0');
  f[0] = 'S';
  f[1] = String(ppid);
  f[6] = String(0x00200040);
  f[37] = String(priority);
  f[38] = String(POLICY_NUMBER[policy] ?? 0);
  return `${pid} (${comm}) ${f.join(' ')}\n`;
}

/** A thread of the fake machine. */
export interface FakeThread {
  pid: number;
  comm: string;
  irq: number;
  action: string;
  policy: Policy;
  priority: number;
}

/** The fake machine: its root, its runner, and what was run. */
export interface FakeMachine {
  root: string;
  runner: Runner;
  log: string[];
  active: Set<string>;
  /** Make the next matching command fail. */
  failing: Set<string>;
  /** Threads the fake applier "forgets" to set. */
  stubborn: Set<number>;
  setThread(t: FakeThread): void;
  removeThread(pid: number): void;
  thread(pid: number): { policy: string; priority: number } | null;
}

const GRUB_CFG = (params: string) =>
  `### BEGIN /etc/grub.d/10_linux ###\nmenuentry 'Debian GNU/Linux' {\n\tlinux\t/boot/vmlinuz-6.1.0-56-amd64 root=UUID=1234 ro quiet${params}\n\tinitrd\t/boot/initrd.img-6.1.0-56-amd64\n}\n`;

/** Build the machine: the lab tree plus two IRQ threads (HDA at FIFO 50, EHCI at FIFO 85) and rtirq active. */
export function fakeMachine(): FakeMachine {
  const stubs = Object.fromEntries(PROGRAMS.map((p) => [p, '#!/bin/sh\n']));
  const root = makeRoot({ ...stubs, '/proc/sys/fs/inotify/max_user_watches': '8192\n', '/boot/grub/grub.cfg': GRUB_CFG('') });
  const host = (p: string) => path.join(root, p);
  const write = (p: string, text: string) => {
    fs.mkdirSync(path.dirname(host(p)), { recursive: true });
    fs.writeFileSync(host(p), text);
  };
  const read = (p: string) => fs.readFileSync(host(p), 'utf8');
  const threads = new Map<number, FakeThread>();
  const setThread = (t: FakeThread) => {
    threads.set(t.pid, t);
    write(`/proc/${t.pid}/stat`, statLine(t.pid, t.comm, 2, t.policy, t.priority));
  };
  write('/proc/2/stat', statLine(2, 'kthreadd', 0, 'OTHER', 0));
  setThread({ pid: 252, comm: 'irq/33-snd_hda_intel:card1', irq: 33, action: 'snd_hda_intel:card1', policy: 'FIFO', priority: 50 });
  setThread({ pid: 217, comm: 'irq/19-ehci_hcd:usb2', irq: 19, action: 'ehci_hcd:usb2', policy: 'FIFO', priority: 85 });
  const log: string[] = [];
  const active = new Set(['rtirq.service']);
  const failing = new Set<string>();
  const stubborn = new Set<number>();
  // The applier's irq.state: what it changed, to restore when a thread no longer serves a target.
  const changed = new Map<number, { policy: Policy; priority: number }>();
  const planned = (): Map<number, number> => {
    const conf = fs.existsSync(host('/etc/studio-setup/irq.conf')) ? read('/etc/studio-setup/irq.conf') : '';
    const out = new Map<number, number>();
    for (const m of conf.matchAll(/^(pci|usb) (\S+) (\d+)/gm)) {
      if (m[2] === '0000:00:1b.0') out.set(252, Number(m[3]));
      if (m[2] === '46f4:0001') out.set(217, Number(m[3]));
    }
    return out;
  };
  const editMembers = (file: string, user: string, add: boolean) => {
    if (!fs.existsSync(host(file))) return;
    fs.copyFileSync(host(file), host(`${file}-`));
    const text = read(file).replace(/^(audio:[^:]*:[^:]*:)(.*)$/m, (_all, head: string, members: string) => {
      const list = members.split(',').filter(Boolean).filter((m) => m !== user);
      return head + (add ? [...list, user] : list).join(',');
    });
    fs.writeFileSync(host(file), text);
  };
  const runner: Runner = (argv) => {
    const line = argv.join(' ');
    log.push(line);
    const ok = (stdout = '') => ({ status: 0, stdout, stderr: '' });
    if ([...failing].some((f) => line.includes(f))) return { status: 1, stdout: '', stderr: `${argv[0]}: simulated failure` };
    const [cmd, ...args] = argv;
    const name = path.basename(cmd ?? '');
    if (name === 'systemctl') {
      if (args[0] === 'is-active') return { status: active.has(args[2] ?? '') ? 0 : 3, stdout: '', stderr: '' };
      if (args[0] === 'stop') active.delete(args[1] ?? '');
      if (args[0] === 'start') active.add(args[1] ?? '');
      return ok();
    }
    if (name === 'udevadm') return ok();
    if (name === 'sysctl') {
      for (const m of read(args[1] ?? '').matchAll(/^([a-z_.]+) = (\d+)$/gm)) write(`/proc/sys/${(m[1] ?? '').replace(/\./g, '/')}`, `${m[2]}\n`);
      return ok();
    }
    if (name === 'gpasswd') {
      editMembers('/etc/group', args[1] ?? '', args[0] === '-a');
      editMembers('/etc/gshadow', args[1] ?? '', args[0] === '-a');
      return ok();
    }
    if (name === 'update-grub') {
      const dropin = host('/etc/default/grub.d/studio-setup.cfg');
      const params = fs.existsSync(dropin) ? (/DEFAULT (.*)"/.exec(read('/etc/default/grub.d/studio-setup.cfg'))?.[1] ?? '') : '';
      write('/boot/grub/grub.cfg', GRUB_CFG(params ? ` ${params}` : ''));
      return ok();
    }
    if (name === 'chrt') {
      const pid = Number(args[3]);
      const t = threads.get(pid);
      const policy: Policy = args[0] === '-f' ? 'FIFO' : args[0] === '-r' ? 'RR' : 'OTHER';
      if (t) setThread({ ...t, policy, priority: Number(args[2]) });
      return t ? ok() : { status: 1, stdout: '', stderr: 'no such process' };
    }
    if (cmd === APPLIER) {
      const want = planned();
      if (args[0] === '--list') {
        // as the real one: a PCI target (the HDA) without a thread is a problem (exit 1)
        if (want.has(252) && !threads.has(252)) return { status: 1, stdout: '', stderr: 'studio-setup-irq: no IRQ thread serves 0000:00:1b.0 (are interrupts threaded on this kernel?)\n' };
        return ok([...want].map(([pid, prio]) => { const t = threads.get(pid) as FakeThread; return `${pid} ${t.irq} ${t.action} ${t.policy} ${t.priority} → ${prio}`; }).join('\n') + '\n');
      }
      for (const [pid, before] of changed) {
        const t = threads.get(pid);
        if (t && !want.has(pid)) setThread({ ...t, ...before });
        if (!want.has(pid)) changed.delete(pid);
      }
      for (const [pid, prio] of want) {
        const t = threads.get(pid);
        if (!t || stubborn.has(pid)) continue;
        if (!changed.has(pid)) changed.set(pid, { policy: t.policy, priority: t.priority });
        setThread({ ...t, policy: 'FIFO', priority: prio });
      }
      return ok();
    }
    return { status: 127, stdout: '', stderr: `${line}: not simulated` };
  };
  return {
    root,
    runner,
    log,
    active,
    failing,
    stubborn,
    setThread,
    removeThread: (pid) => {
      threads.delete(pid);
      fs.rmSync(host(`/proc/${pid}`), { recursive: true, force: true });
    },
    thread: (pid) => {
      const t = threads.get(pid);
      return t ? { policy: t.policy, priority: t.priority } : null;
    },
  };
}

const quiet = { json: () => undefined, text: () => undefined, err: () => undefined };

/** Apply a plan live on the fake machine. */
export function liveApply(m: FakeMachine, plan: Plan, user: string | null = 'alice'): ApplyOutcome {
  const root = new Root(m.root);
  return applyPlan({ root, live: true, runner: m.runner, progress: new Progress(root, quiet, {}, true), user }, plan, false);
}

/** Revert live on the fake machine. */
export function liveRevert(m: FakeMachine): RevertOutcome {
  const root = new Root(m.root);
  return revertJournal(root, true, m.runner, new Progress(root, quiet, {}, true));
}
