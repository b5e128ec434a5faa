// The boot applier (build/linux/studio-setup-irq, POSIX sh) against the rule it
// must share with main/common/resolve.ts: on the same synthetic trees, `--root
// DIR --list` and resolveTarget on readSnapshot(DIR) pick the same threads with
// the same priorities, under every POSIX shell available (dash, bash --posix,
// busybox sh). Then the sh side alone: malformed and hostile configuration, the
// refusals, and --apply end to end in a private mount namespace (root only).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { IrqTarget } from '../../../../main/common/plan.js';
import { resolveTarget } from '../../../../main/common/resolve.js';
import { parseList } from '../../../../main/privileged/helper/irq.js';
import { readSnapshot } from '../../../../main/probe/snapshot.js';
import { DirSource } from '../../../../main/probe/source.js';
import { removeTrees } from '../../helpers/sysfs-tree.js';
import { buildMachine, confPath, UFLAGS, type Fn, type Machine, type Task } from './irq-machine.js';

const SCRIPT = path.resolve(import.meta.dirname, '../../../../build/linux/studio-setup-irq');

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}
const SHELLS: string[][] = [['dash'], ['bash', '--posix'], ['busybox', 'sh']].filter((s) => has(s[0] as string));

afterAll(removeTrees, 60_000);

type Target = { kind: 'pci'; controller: string; priority: number } | { kind: 'usb'; id: string; serial?: string; priority: number };

function confLine(t: Target): string {
  return t.kind === 'pci' ? `pci ${t.controller} ${t.priority}` : `usb ${t.id} ${t.priority}${t.serial ? ` ${t.serial}` : ''}`;
}

function writeConf(root: string, text: string): void {
  fs.mkdirSync(path.dirname(confPath(root)), { recursive: true });
  fs.writeFileSync(confPath(root), text);
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
function run(shell: string[], args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const r = spawnSync(shell[0] as string, [...shell.slice(1), SCRIPT, ...args], { encoding: 'utf8', env, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What the TypeScript side plans: `pid irq action policy priority -> planned` lines, first target wins (preview.ts). */
function tsPlan(root: string, targets: Target[]): { lines: string[]; problems: string[]; absent: boolean } {
  const snap = readSnapshot(new DirSource(root));
  const seen = new Set<number>();
  const lines: string[] = [];
  const problems: string[] = [];
  let absent = false;
  for (const t of targets) {
    const target: IrqTarget = { ...t, role: 'interface', reason: '' };
    const r = resolveTarget(target, snap);
    problems.push(...r.problems);
    if (t.kind === 'usb' && r.controller === null && r.problems.some((p) => p.includes('not plugged in'))) absent = true;
    for (const th of r.threads) {
      if (seen.has(th.pid)) continue;
      seen.add(th.pid);
      lines.push(`${th.pid} ${th.irq} ${th.action ?? '-'} ${th.policy} ${th.priority} -> ${t.priority}`);
    }
  }
  return { lines: lines.sort(), problems, absent };
}

/** Run the cross-check on one machine; returns the agreed `pid:priority` pairs. */
function crossCheck(m: Machine, targets: Target[]): string[] {
  const root = buildMachine(m);
  writeConf(root, targets.map(confLine).join('\n') + '\n');
  const ts = tsPlan(root, targets);
  for (const shell of SHELLS) {
    const r = run(shell, ['--root', root, '--list']);
    const lines = r.stdout.split('\n').filter(Boolean).sort();
    expect({ shell: shell.join(' '), lines }).toEqual({ shell: shell.join(' '), lines: ts.lines });
    // Exit status: 0 when every target resolved, 3 when only USB devices are missing, else 1.
    const want = ts.problems.length === 0 ? 0 : ts.absent && ts.problems.every((p) => p.includes('not plugged in')) ? 3 : 1;
    expect({ shell: shell.join(' '), status: r.status, stderr: r.stderr }).toMatchObject({ status: want });
  }
  fs.rmSync(root, { recursive: true, force: true });
  return ts.lines.map((l) => {
    const f = l.split(' ');
    return `${f[0]}:${f[f.length - 1]}`;
  });
}

// The lab's q35 guest (tests/fixtures/lab, ../shared/lab/README.md), plus a
// controller behind a PCIe bridge, on a 6.x kernel that shows names whole.
const HDA: Fn = { address: '0000:00:1b.0', driver: 'snd_hda_intel', msi: [33], msiKind: 'msi', irq: 33, cards: [1] };
const HDMI: Fn = { address: '0000:01:00.1', bridges: ['0000:00:01.0'], driver: 'snd_hda_intel', msi: [34], msiKind: 'msi', irq: 34, cards: [4] };
const XHCI: Fn = {
  address: '0000:00:04.0',
  driver: 'xhci_hcd',
  msi: [29, 30, 31],
  irq: 20,
  buses: [{ bus: 5, devices: [{ ports: '1', id: '1235:8210', serial: 'ABC123', card: 3 }] }, { bus: 6 }],
};
const UHCI1: Fn = { address: '0000:00:1d.0', driver: 'uhci_hcd', irq: 16, buses: [{ bus: 2, devices: [{ ports: '2', id: '46f4:0001', card: 2 }] }] };
const UHCI2: Fn = { address: '0000:00:1d.1', driver: 'uhci_hcd', irq: 17, buses: [{ bus: 3 }] };
const UHCI3: Fn = { address: '0000:00:1d.2', driver: 'uhci_hcd', irq: 17, buses: [{ bus: 4, devices: [{ ports: '1', id: '0d8c:0014' }] }] };
const EHCI: Fn = { address: '0000:00:1d.7', driver: 'ehci-pci', irq: 19, buses: [{ bus: 1, devices: [{ ports: '1', id: '46f4:0001' }] }] };
const SMBUS: Fn = { address: '0000:00:1f.3', driver: 'i801_smbus', irq: 16 };
const ENS: Fn = { address: '0000:00:06.0', driver: 'snd_ens1370', irq: 22, cards: [0] };
const NIC: Fn = { address: '0000:00:02.0', driver: 'e1000', irq: 22 };
// Recording disks: libata names its handler "ahci[<address>]", NVMe one "nvme0qN" per queue.
const AHCI: Fn = { address: '0000:00:1f.2', driver: 'ahci', msi: [32], msiKind: 'msi', irq: 32 };
const NVME: Fn = { address: '0000:02:00.0', bridges: ['0000:00:1c.0'], driver: 'nvme', msi: [60, 61, 62], msiKind: 'msix', irq: 0 };
const PORT: Fn = { address: '0000:00:08.3', driver: 'pcieport', msi: [24], msiKind: 'msi', irq: 24 };
const BEHIND: Fn = {
  address: '0000:66:00.4',
  bridges: ['0000:00:08.3'],
  driver: 'xhci_hcd',
  msi: [40, 41],
  irq: 0,
  buses: [{ bus: 7, devices: [{ ports: '2', id: '05e3:0610', hub: true }, { ports: '2.4', id: '0582:01d6', serial: 'X', card: 5 }] }, { bus: 8 }],
};

let next = 100;
const k = (comm: string, extra: Partial<Task> = {}): Task => ({ pid: next++, comm, ...extra });
const LAB_TASKS: Task[] = [
  k('irq/33-snd_hda_intel:card1'),
  k('irq/33-s-snd_hda_intel:card1'),
  k('irq/34-snd_hda_intel:card4'),
  k('irq/29-xhci_hcd'),
  k('irq/30-xhci_hcd'),
  k('irq/31-xhci_hcd'),
  k('irq/16-i801_smbus'),
  k('irq/16-uhci_hcd:usb2'),
  k('irq/17-uhci_hcd:usb3'),
  k('irq/17-uhci_hcd:usb4'),
  k('irq/19-ehci_hcd:usb1'),
  k('irq/22-snd_ens1370'),
  k('irq/22-enp0s2'),
  k('irq/24-PCIe PME'),
  k('irq/24-aerdrv'),
  k('irq/40-xhci_hcd'),
  k('irq/41-xhci_hcd'),
  k('irq/32-ahci[0000:00:1f.2]'),
  k('irq/60-nvme0q0'),
  k('irq/61-nvme0q1'),
  k('irq/62-nvme0q2'),
  k('irq/9-acpi', { prio: 50 }),
  // User processes named like IRQ threads: never touched.
  k('irq/5-x', { ppid: 1000, flags: UFLAGS, policy: 0 }),
  k('irq/33-snd_hda_intel:card1', { ppid: 1, flags: UFLAGS, policy: 0 }),
  k('irq/16-uhci_hcd:usb2) S 2', { ppid: 1, flags: UFLAGS, policy: 0 }),
  k('ksoftirqd/0'),
];
const LAB: Machine = { pci: [HDA, HDMI, XHCI, UHCI1, UHCI2, UHCI3, EHCI, SMBUS, ENS, NIC, PORT, BEHIND, AHCI, NVME], tasks: LAB_TASKS };
const pidOf = (comm: string, tasks: Task[] = LAB_TASKS): number => (tasks.find((t) => t.comm === comm && t.flags === undefined) as Task).pid;

describe.runIf(SHELLS.length > 0)('studio-setup-irq --list agrees with resolve.ts', () => {
  it(`runs under ${SHELLS.map((s) => s.join(' ')).join(', ')}`, () => {
    expect(SHELLS.map((s) => s[0])).toContain('dash');
  });

  it('HDA on MSI: its card thread and its secondary, not the HDMI codec of another controller', () => {
    const got = crossCheck(LAB, [{ kind: 'pci', controller: HDA.address, priority: 90 }]);
    expect(got.sort()).toEqual([`${pidOf('irq/33-snd_hda_intel:card1')}:90`, `${pidOf('irq/33-s-snd_hda_intel:card1')}:90`].sort());
  });

  it('xHCI with 3 MSI-X vectors and 2 root hubs, by the USB id and serial of the interface on it', () => {
    const got = crossCheck(LAB, [{ kind: 'usb', id: '1235:8210', serial: 'ABC123', priority: 89 }]);
    expect(got.sort()).toEqual(['irq/29-xhci_hcd', 'irq/30-xhci_hcd', 'irq/31-xhci_hcd'].map((c) => `${pidOf(c)}:89`).sort());
  });

  it('UHCI companion on an INTx line shared with i801_smbus: only the UHCI thread', () => {
    expect(crossCheck(LAB, [{ kind: 'pci', controller: UHCI1.address, priority: 85 }])).toEqual([`${pidOf('irq/16-uhci_hcd:usb2')}:85`]);
  });

  it('two UHCI on one shared line (uhci_hcd:usb3, uhci_hcd:usb4): the one whose bus it is', () => {
    expect(crossCheck(LAB, [{ kind: 'usb', id: '0d8c:0014', priority: 80 }])).toEqual([`${pidOf('irq/17-uhci_hcd:usb4')}:80`]);
    expect(crossCheck(LAB, [{ kind: 'pci', controller: UHCI2.address, priority: 80 }])).toEqual([`${pidOf('irq/17-uhci_hcd:usb3')}:80`]);
  });

  it('ES1370 sharing its line with the NIC: only the sound card', () => {
    expect(crossCheck(LAB, [{ kind: 'pci', controller: ENS.address, priority: 88 }])).toEqual([`${pidOf('irq/22-snd_ens1370')}:88`]);
  });

  it('a controller behind a PCIe bridge, through a hub; the bridge itself ("PCIe PME", with a space) serves nothing by name', () => {
    const got = crossCheck(LAB, [{ kind: 'usb', id: '0582:01d6', serial: 'X', priority: 87 }]);
    expect(got.sort()).toEqual([`${pidOf('irq/40-xhci_hcd')}:87`, `${pidOf('irq/41-xhci_hcd')}:87`].sort());
    expect(crossCheck(LAB, [{ kind: 'pci', controller: PORT.address, priority: 70 }])).toEqual([]);
  });

  it('recording disks: the AHCI handler libata names after the device, every NVMe queue', () => {
    expect(crossCheck(LAB, [{ kind: 'pci', controller: AHCI.address, priority: 85 }])).toEqual([`${pidOf('irq/32-ahci[0000:00:1f.2]')}:85`]);
    const got = crossCheck(LAB, [{ kind: 'pci', controller: NVME.address, priority: 84 }]);
    expect(got.sort()).toEqual(['irq/60-nvme0q0', 'irq/61-nvme0q1', 'irq/62-nvme0q2'].map((c) => `${pidOf(c)}:84`).sort());
  });

  it('several targets: the first wins a shared thread; absent devices and controllers', () => {
    const targets: Target[] = [
      { kind: 'usb', id: '46f4:0001', priority: 90 }, // on usb1 (EHCI) and usb2 (UHCI): the first by bus
      { kind: 'pci', controller: EHCI.address, priority: 60 },
      { kind: 'pci', controller: HDA.address, priority: 85 },
      { kind: 'usb', id: 'dead:beef', priority: 80 },
    ];
    const got = crossCheck(LAB, targets);
    expect(got).toContain(`${pidOf('irq/19-ehci_hcd:usb1')}:90`);
    expect(got).toHaveLength(3);
    crossCheck(LAB, [{ kind: 'pci', controller: '0000:00:1f.6', priority: 70 }, ...targets.slice(0, 1)]);
    crossCheck(LAB, [{ kind: 'usb', id: 'dead:beef', priority: 80 }]);
  });

  it('the same USB id on bus 2 and bus 10: the probe order (numeric), not the name order', () => {
    const ten: Fn = { address: '0000:03:00.0', driver: 'xhci_hcd', msi: [50], buses: [{ bus: 10, devices: [{ ports: '1', id: '46f4:0001' }] }] };
    const m: Machine = { pci: [UHCI1, SMBUS, ten], tasks: [k('irq/16-uhci_hcd:usb2'), k('irq/50-xhci_hcd')] };
    expect(crossCheck(m, [{ kind: 'usb', id: '46f4:0001', priority: 90 }])).toHaveLength(1);
  });

  it('names cut to 15 bytes on an older kernel (every name is short): matched by prefix', () => {
    const tasks = [k('irq/33-snd_hda_'), k('irq/16-uhci_hcd'), k('irq/16-i801_smb'), k('irq/22-snd_ens1'), k('irq/22-enp0s2'), k('irq/17-uhci_hcd'), k('irq/17-uhci_hcd')];
    const m: Machine = { pci: [HDA, UHCI1, SMBUS, ENS, NIC, UHCI2, UHCI3], tasks };
    expect(crossCheck(m, [{ kind: 'pci', controller: HDA.address, priority: 90 }])).toEqual([`${tasks[0]?.pid}:90`]);
    expect(crossCheck(m, [{ kind: 'pci', controller: ENS.address, priority: 90 }])).toEqual([`${tasks[3]?.pid}:90`]);
    // Cut names cannot tell two UHCI on one line apart: both, on both sides.
    expect(crossCheck(m, [{ kind: 'pci', controller: UHCI3.address, priority: 80 }])).toHaveLength(2);
    crossCheck(m, [{ kind: 'pci', controller: UHCI1.address, priority: 80 }]);
    // One longer name proves this kernel shows them whole: then nothing is a prefix.
    const whole: Machine = { ...m, tasks: [...tasks, k('irq/32-ahci[0000:00:1f.2]')] };
    expect(crossCheck(whole, [{ kind: 'pci', controller: HDA.address, priority: 90 }])).toEqual([]);
  });

  it('2.6 realtime-preempt names (IRQ-16, "IRQ 17") serve whatever owns the line', () => {
    const m: Machine = { pci: [UHCI1, SMBUS, UHCI2], tasks: [k('IRQ-16'), k('IRQ 17'), k('IRQ-017'), k('irq/016-uhci_hcd:usb2')] };
    expect(crossCheck(m, [{ kind: 'pci', controller: UHCI1.address, priority: 80 }])).toHaveLength(1);
    expect(crossCheck(m, [{ kind: 'pci', controller: UHCI2.address, priority: 80 }])).toHaveLength(1);
  });

  it('kernel threads by PF_KTHREAD, or by PPid 2 only when pid 2 is kthreadd', () => {
    const tasks = [k('irq/33-snd_hda_intel:card1', { ppid: 0 }), k('irq/33-snd_hda_intel:card1', { flags: UFLAGS, policy: 1, prio: 50 })];
    expect(crossCheck({ pci: [HDA], tasks }, [{ kind: 'pci', controller: HDA.address, priority: 90 }])).toHaveLength(2);
    // In a PID namespace pid 2 is anybody: PPid 2 proves nothing.
    const ns: Machine = { pci: [HDA], tasks, kthreadd: { pid: 2, comm: 'bash', ppid: 1, flags: UFLAGS } };
    expect(crossCheck(ns, [{ kind: 'pci', controller: HDA.address, priority: 90 }])).toEqual([`${tasks[0]?.pid}:90`]);
    crossCheck({ pci: [HDA], tasks, kthreadd: null }, [{ kind: 'pci', controller: HDA.address, priority: 90 }]);
  });

  it('MSI-X with an empty msi_irqs/ falls back to the INTx line; policies other than FIFO are shown', () => {
    const fn: Fn = { ...HDA, msi: [], irq: 21 };
    const tasks = [k('irq/21-snd_hda_intel:card1', { policy: 0, prio: 0 }), k('irq/33-snd_hda_intel:card1', { policy: 2, prio: 20 })];
    expect(crossCheck({ pci: [fn], tasks }, [{ kind: 'pci', controller: HDA.address, priority: 90 }])).toEqual([`${tasks[0]?.pid}:90`]);
  });

  it('a driver link whose target a capture did not keep still names the driver', () => {
    const tasks = [k('irq/33-snd_hda_intel:card1'), k('irq/22-snd_ens1370'), k('irq/22-enp0s2')];
    const m: Machine = { pci: [HDA, ENS, NIC], tasks };
    const root = buildMachine(m);
    fs.rmSync(path.join(root, 'sys/bus/pci/drivers'), { recursive: true });
    const targets: Target[] = [{ kind: 'pci', controller: ENS.address, priority: 80 }, { kind: 'pci', controller: HDA.address, priority: 90 }];
    writeConf(root, targets.map(confLine).join('\n'));
    const ts = tsPlan(root, targets);
    expect(ts.lines).toHaveLength(2);
    for (const shell of SHELLS) expect(run(shell, ['--root', root]).stdout.split('\n').filter(Boolean).sort()).toEqual(ts.lines);
  });

  it('agrees on random machines', () => {
    const pool = [16, 17, 18, 19, 22, 29, 30, 33];
    const arbFn = (i: number): fc.Arbitrary<Fn> =>
      fc.record({
        usb: fc.boolean(),
        driver: fc.constantFrom('xhci_hcd', 'uhci_hcd', 'ehci-pci', 'snd_hda_intel', 'snd_ens1370', 'e1000', 'nvme'),
        msi: fc.option(fc.uniqueArray(fc.constantFrom(...pool), { maxLength: 3 }), { nil: undefined }),
        irq: fc.constantFrom(0, ...pool),
        cards: fc.uniqueArray(fc.nat(9), { maxLength: 2 }),
        ids: fc.array(fc.constantFrom('1235:8210', '46f4:0001'), { maxLength: 2 }),
      }).map((r): Fn => {
        const fn: Fn = { address: `0000:0${i}:00.0`, driver: r.driver, irq: r.irq, ...(r.msi ? { msi: r.msi } : {}) };
        if (r.usb) fn.buses = [{ bus: i * 2 + 1, devices: r.ids.map((id, j) => ({ ports: String(j + 1), id })) }, { bus: i * 2 + 2 }];
        else fn.cards = r.cards.map((c) => c * 4 + i); // unique across functions
        return fn;
      });
    const names = ['xhci_hcd', 'XHCI_HCD:USB3', 'uhci_hcd:usb1', 'uhci_hcd:usb2', 'ehci_hcd:usb4', 'ohci_hcd:usb03', 'snd_hda_intel', 'snd_hda_intel:card1', 'snd_hda_intel:card6'];
    const arbTask = fc.record({
      irq: fc.constantFrom(...pool),
      // Any name but a newline (a kernel thread's name never holds one; stat is one line).
      name: fc.oneof(fc.constantFrom(...names, 'e1000', 'snd_ens1370', 'nvme0q1', 'PCIe PME', ''), fc.string({ maxLength: 12 }).map((x) => x.replace(/\n/g, ' '))),
      secondary: fc.boolean(),
      cut: fc.boolean(),
      old: fc.integer({ min: 0, max: 9 }),
      user: fc.integer({ min: 0, max: 5 }),
    });
    const machine = fc.record({
      fns: fc.tuple(arbFn(1), arbFn(2), arbFn(3)),
      tasks: fc.array(arbTask, { maxLength: 12 }),
      targets: fc.array(
        fc.oneof(
          fc.record({ kind: fc.constant('pci' as const), controller: fc.constantFrom('0000:01:00.0', '0000:02:00.0', '0000:03:00.0', '0000:04:00.0'), priority: fc.integer({ min: 51, max: 98 }) }),
          fc.record({ kind: fc.constant('usb' as const), id: fc.constantFrom('1235:8210', '46f4:0001'), priority: fc.integer({ min: 51, max: 98 }) }),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(machine, ({ fns, tasks, targets }) => {
        let pid = 300;
        const ts: Task[] = tasks.map((t) => {
          let comm = t.old === 0 ? `IRQ-${t.irq}` : `irq/${t.irq}-${t.secondary ? 's-' : ''}${t.name}`;
          if (t.cut) comm = Buffer.from(comm).subarray(0, 15).toString('latin1');
          return t.user === 0 ? { pid: pid++, comm, ppid: 1, flags: UFLAGS } : { pid: pid++, comm };
        });
        crossCheck({ pci: fns, tasks: ts }, targets);
      }),
      { numRuns: Number(process.env.IRQ_CROSS_RUNS ?? 30) },
    );
  });
});

describe.runIf(SHELLS.length > 0)('studio-setup-irq configuration and refusals', () => {
  const root = buildMachine(LAB);
  const dash = SHELLS[0] as string[];

  it('ignores malformed lines with a message, keeps the good ones, and says so in its status', () => {
    const conf = [
      '# comment',
      '   # indented comment',
      '',
      'pci 0000:00:1b.0 90',
      'pci 0000:00:1B.0 90', // upper case
      'pci 0000:00:1b.0 99', // above 98
      'pci 0000:00:1b.0 50', // the kernel's default, not a boost
      'pci 0000:00:1b.0', // no priority
      'pci 0000:00:1b.0 90 extra',
      'usb 1235:8210 89 ABC 123',
      'usb 1235:821 89',
      'usb 1235:8210 89 ' + 'S'.repeat(65),
      'usb 1235:8210 89 bad/serial',
      'governor powersave',
      'frobnicate 1 2',
      'pci 0000:00:1b.0 90\r',
    ].join('\n');
    writeConf(root, conf);
    for (const shell of SHELLS) {
      const r = run(shell, ['--root', root]);
      expect(r.stdout).toContain(`${pidOf('irq/33-snd_hda_intel:card1')} 33 snd_hda_intel:card1 FIFO 50 -> 90`);
      const complaints = r.stderr.split('\n').filter((l) => l.includes('ignored'));
      expect(complaints.map((l) => /irq\.conf:(\d+):/.exec(l)?.[1])).toEqual(['5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16']);
      expect(r.status).toBe(1);
    }
  });

  it('never evaluates configuration, sysfs or thread names as code', () => {
    // Relative, so that "$(touch pwned)" can also be a sysfs driver name.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-irq-cwd-'));
    const hostile = [
      'pci $(touch pwned) 90',
      'pci `touch pwned` 90',
      'pci 0000:00:1b.0 90; touch pwned',
      'pci 0000:00:1b.0 90 && touch pwned',
      'usb 1235:8210 89 $(touch\tpwned)',
      'usb 1235:8210 89 `touch pwned`',
      'usb 1235:8210 89 x|touch',
      'usb 1235:8210 89 $(touch)',
      '$(touch pwned)',
      'pci 0000:00:1b.0 $((1+89))',
      'pci 0000:00:1b.0 9*',
      'governor performance;touch pwned',
      'pci 0000:00:1b.0 90',
    ].join('\n');
    const m: Machine = {
      pci: [{ ...HDA, driver: '$(touch pwned)' }, { ...XHCI, buses: [{ bus: 5, devices: [{ ports: '1', id: '1235:8210', serial: '$(touch pwned)' }] }] }],
      tasks: [k('irq/33-$(touch pwned)'), k('irq/29-`touch pwned`'), k('irq/30-xhci_hcd')],
    };
    const r0 = buildMachine(m);
    writeConf(r0, hostile);
    for (const shell of SHELLS) {
      const r = spawnSync(shell[0] as string, [...shell.slice(1), SCRIPT, '--root', r0], { cwd, encoding: 'utf8', env: { ...process.env, IFS: '0' } });
      expect(r.stdout).toContain(' 33 $(touch pwned) FIFO 50 -> 90');
      expect(r.stderr.split('\n').filter((l) => l.includes('ignored'))).toHaveLength(12);
      expect(fs.readdirSync(cwd)).toEqual([]);
      expect(r.status).toBe(1);
    }
  });

  it('refuses --apply with --root, bad arguments, and an unreadable config', () => {
    writeConf(root, 'pci 0000:00:1b.0 90\n');
    const before = fs.readFileSync(path.join(root, `proc/${pidOf('irq/33-snd_hda_intel:card1')}/stat`), 'utf8');
    for (const shell of SHELLS) {
      const r = run(shell, ['--root', root, '--apply']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--apply refused with --root/);
      expect(fs.existsSync(path.join(root, 'run'))).toBe(false);
      expect(run(shell, ['--frob']).status).toBe(2);
      expect(run(shell, ['--root']).status).toBe(2);
      expect(run(shell, ['--root', path.join(root, 'nope')]).status).toBe(2);
      expect(run(shell, ['--root', root, '--config', path.join(root, 'nope.conf')]).status).toBe(2);
    }
    expect(fs.readFileSync(path.join(root, `proc/${pidOf('irq/33-snd_hda_intel:card1')}/stat`), 'utf8')).toBe(before);
  });

  it("prints what the helper's parseList reads (main/privileged/helper/irq.ts)", () => {
    writeConf(root, 'usb 1235:8210 89 ABC123\npci 0000:00:1b.0 90\npci 0000:00:08.3 60\n');
    const r = run(dash, ['--root', root, '--list']);
    const listed = parseList(r.stdout);
    expect(listed).toHaveLength(r.stdout.trim().split('\n').length);
    expect(listed).toContainEqual({ pid: pidOf('irq/33-s-snd_hda_intel:card1'), irq: 33, action: 'snd_hda_intel:card1', planned: 90 });
    expect(listed.filter((l) => l.action === 'xhci_hcd' && l.planned === 89)).toHaveLength(3);
  });

  it('takes --config as given, also with --root', () => {
    const other = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'studio-conf-')), 'irq.conf');
    fs.writeFileSync(other, 'pci 0000:00:06.0 77');
    const r = run(dash, ['--root', root, '--config', other, '--list']);
    expect(r.stdout.trim()).toBe(`${pidOf('irq/22-snd_ens1370')} 22 snd_ens1370 FIFO 50 -> 77`);
    expect(r.status).toBe(0);
  });
});

// --apply for real needs root: /proc, /sys, /run and chrt are bind-mounted over
// in a private mount namespace (unshare -m), so the script runs unchanged while
// its chrt rewrites the fake stat lines. The VM suite does it on real kernels.
const CAN_UNSHARE = process.getuid?.() === 0 && has('unshare') && spawnSync('unshare', ['-m', 'true']).status === 0;

describe.runIf(CAN_UNSHARE && SHELLS.length > 0)('studio-setup-irq --apply (private mount namespace)', () => {
  // A chrt that edits the stat line of the fake /proc: fields 40 (rt_priority) and 41 (policy).
  const FAKE_CHRT = `#!/bin/sh
echo "chrt $*" >> /run/chrt.log
case $1 in -f) p=1 ;; -r) p=2 ;; -o) p=0 ;; -b) p=3 ;; -i) p=5 ;; *) exit 1 ;; esac
[ "$2" = -p ] || exit 1
prio=$3 f=/proc/$4/stat
IFS= read -r line < "$f" || { echo "chrt: failed to set pid $4's policy: No such process" >&2; exit 1; }
case $line in *"(irq/41-"*) echo "chrt: failed to set pid $4's policy: Operation not permitted" >&2; exit 1 ;; esac
head=\${line%")"*}
set -f
set -- \${line##*")"}
out='' i=3
for w in "$@"; do
  case $i in 40) w=$prio ;; 41) w=$p ;; esac
  out="$out $w" i=$((i + 1))
done
printf '%s)%s\\n' "$head" "$out" > "$f"
`;
  function applyIn(root: string, shell: string[], args: string[] = ['--apply']): Run {
    const bin = path.join(root, 'fakebin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'chrt'), FAKE_CHRT, { mode: 0o755 });
    fs.mkdirSync(path.join(root, 'run/studio-setup'), { recursive: true });
    fs.mkdirSync(path.join(root, 'sys'), { recursive: true });
    const cmd = [
      `mount --bind ${root}/proc /proc`,
      `mount --bind ${root}/sys /sys`,
      `mount --bind ${root}/run /run`,
      `mount --bind ${bin}/chrt $(command -v chrt)`,
      `exec ${shell.join(' ')} ${SCRIPT} --config ${confPath(root)} ${args.join(' ')}`,
    ].join(' && ');
    const r = spawnSync('unshare', ['-m', 'sh', '-c', cmd], { encoding: 'utf8', env: { ...process.env, PATH: `${process.env.PATH}` } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  const state = (root: string): string => fs.readFileSync(path.join(root, 'run/studio-setup/irq.state'), 'utf8');
  const sched = (root: string, pid: number): string => {
    const w = fs.readFileSync(path.join(root, `proc/${pid}/stat`), 'utf8').split(') ')[1]?.split(' ') ?? [];
    return `${w[38]}/${w[37]}`;
  };

  it.each(SHELLS.map((s) => [s.join(' '), s]))('applies, records, keeps the first record, restores what moved away (%s)', (_name, shell) => {
    const hda = pidOf('irq/33-snd_hda_intel:card1');
    const hda2 = pidOf('irq/33-s-snd_hda_intel:card1');
    const xhci = ['irq/29-xhci_hcd', 'irq/30-xhci_hcd', 'irq/31-xhci_hcd'].map((c) => pidOf(c));
    const uhci = pidOf('irq/16-uhci_hcd:usb2');
    const acpi = pidOf('irq/9-acpi');
    const m: Machine = {
      ...LAB,
      tasks: LAB.tasks.map((t) => (t.pid === uhci ? { ...t, policy: 0, prio: 0 } : t)),
      pci: [...LAB.pci, { address: '0000:00:1f.0', driver: 'lpc_ich', irq: 9 }],
    };
    const root = buildMachine(m);
    // cpu0 and cpu1 offer performance, cpu2's driver does not (left alone, said on stderr).
    const cpus = [0, 1, 2].map((c) => path.join(root, `sys/devices/system/cpu/cpu${c}/cpufreq/scaling_governor`));
    for (const [i, g] of cpus.entries()) {
      fs.mkdirSync(path.dirname(g), { recursive: true });
      fs.writeFileSync(g, 'schedutil\n');
      fs.writeFileSync(path.join(path.dirname(g), 'scaling_available_governors'), i < 2 ? 'conservative ondemand userspace powersave performance schedutil\n' : 'schedutil\n');
    }
    // The interface on the xHCI and the UHCI-side device, the HDA, the governor.
    writeConf(root, 'usb 1235:8210 89 ABC123\npci 0000:00:1b.0 90\nusb 46f4:0001 80\ngovernor performance\n');
    // The interface is also on the EHCI bus 1 (first by bus): move it off for this run.
    fs.rmSync(path.join(root, 'sys/bus/usb/devices/1-1'));
    // A record from an earlier run this boot: its previous value must survive.
    fs.mkdirSync(path.join(root, 'run/studio-setup'), { recursive: true });
    fs.writeFileSync(path.join(root, 'run/studio-setup/irq.state'), `# old\n${hda} FIFO 50 irq/33-snd_hda_intel:card1\n${acpi} OTHER 0 irq/9-acpi\n999 FIFO 50 irq/99-gone\n`);
    const r1 = applyIn(root, shell);
    expect(r1.stderr).toBe('studio-setup-irq: /sys/devices/system/cpu/cpu2/cpufreq offers no performance governor; left at schedutil\n');
    expect(r1.status).toBe(0);
    expect(sched(root, hda)).toBe('1/90');
    for (const p of xhci) expect(sched(root, p)).toBe('1/89');
    expect(sched(root, uhci)).toBe('1/80');
    expect(sched(root, acpi)).toBe('0/0'); // restored: it serves no target
    expect(r1.stdout).toMatch(new RegExp(`^restored ${acpi} irq/9-acpi -> OTHER 0$`, 'm'));
    expect(r1.stdout).toMatch(new RegExp(`^set ${uhci} 16 irq/16-uhci_hcd:usb2 OTHER 0 -> FIFO 80$`, 'm'));
    expect(cpus.map((g) => fs.readFileSync(g, 'utf8'))).toEqual(['performance\n', 'performance\n', 'schedutil\n']);
    const lines = state(root).split('\n').filter((l) => /^\d/.test(l)).sort();
    expect(lines).toEqual(
      [`${hda} FIFO 50 irq/33-snd_hda_intel:card1`, `${hda2} FIFO 50 irq/33-s-snd_hda_intel:card1`, ...xhci.map((p) => `${p} FIFO 50 ${LAB_TASKS.find((t) => t.pid === p)?.comm}`), `${uhci} OTHER 0 irq/16-uhci_hcd:usb2`].sort(),
    );

    // Second run: nothing to change, records unchanged (never the boosted values).
    const r2 = applyIn(root, shell, ['--apply', '--quiet']);
    expect(r2).toMatchObject({ status: 0, stdout: '' });
    expect(state(root).split('\n').filter((l) => /^\d/.test(l)).sort()).toEqual(lines);
    const log = fs.readFileSync(path.join(root, 'run/chrt.log'), 'utf8').trim().split('\n');
    expect(log).toHaveLength(1 + 3 + 2 + 1); // acpi restore, 3 xhci, 2 hda, uhci

    // The interface moves from the UHCI to the EHCI: the UHCI thread goes back to what it had.
    fs.rmSync(path.join(root, 'sys/bus/usb/devices/2-2'));
    fs.symlinkSync('../../../devices/pci0000:00/0000:00:1d.7/usb1/1-1', path.join(root, 'sys/bus/usb/devices/1-1'));
    const r3 = applyIn(root, shell);
    expect(r3.status).toBe(0);
    expect(sched(root, uhci)).toBe('0/0');
    expect(sched(root, pidOf('irq/19-ehci_hcd:usb1'))).toBe('1/80');
    expect(state(root)).not.toContain('uhci_hcd:usb2');
    expect(state(root)).toContain(`${pidOf('irq/19-ehci_hcd:usb1')} FIFO 50 irq/19-ehci_hcd:usb1`);
  });

  it('fails loudly and changes nothing it cannot record; reports a chrt failure', () => {
    const shell = SHELLS[0] as string[];
    const root = buildMachine(LAB);
    writeConf(root, 'pci 0000:00:1b.0 90\n');
    fs.mkdirSync(path.join(root, 'run/studio-setup/irq.state'), { recursive: true }); // not writable as a file
    const r = applyIn(root, shell);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot write .*irq\.state: nothing changed/);
    expect(sched(root, pidOf('irq/33-snd_hda_intel:card1'))).toBe('1/50');

    const root2 = buildMachine(LAB);
    writeConf(root2, 'usb 0582:01d6 87 X\n'); // behind the bridge: irq/41 refuses (fake EPERM)
    const r2 = applyIn(root2, shell);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/could not set irq\/41-xhci_hcd \(pid \d+\) to FIFO 87/);
    expect(sched(root2, pidOf('irq/40-xhci_hcd'))).toBe('1/87');
  });

  it('exits 3 when only a USB target is absent, after applying the rest', () => {
    const root = buildMachine(LAB);
    writeConf(root, 'usb dead:beef 90\npci 0000:00:06.0 88\n');
    const r = applyIn(root, SHELLS[0] as string[]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/USB device dead:beef is not plugged in/);
    expect(sched(root, pidOf('irq/22-snd_ens1370'))).toBe('1/88');
  });
});
