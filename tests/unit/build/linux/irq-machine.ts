// Synthetic machines for the IRQ applier's cross-check: /sys laid out as the
// kernel does it (relative links from /sys/bus and /sys/class into /sys/devices,
// root hubs and sound cards under their parent, bridges in the path) and /proc
// with one stat line per task, so the sh applier and the TypeScript probes read
// the very same tree.
import path from 'node:path';
import { makeTree, rel, type TreeSpec } from '../../helpers/sysfs-tree.js';

/** A USB device on a root bus; `ports` like "2" or "2.4" (its parent hub must be listed too). */
export interface UsbDev {
  ports: string;
  id: string;
  serial?: string;
  hub?: boolean;
  /** ALSA card index of its audio interface. */
  card?: number;
}

/** A PCI function. */
export interface Fn {
  address: string;
  /** Upstream bridges, root first (`0000:00:08.3`). */
  bridges?: string[];
  driver?: string;
  msi?: number[];
  msiKind?: 'msi' | 'msix';
  /** The `irq` attribute (INTx line, or first MSI vector). */
  irq?: number;
  cards?: number[];
  buses?: { bus: number; devices?: UsbDev[] }[];
}

/** A task in /proc. Kernel threads by default (PPid 2, PF_KTHREAD); policy 1 = FIFO. */
export interface Task {
  pid: number;
  comm: string;
  ppid?: number;
  flags?: number;
  policy?: number;
  prio?: number;
}

/** A whole machine. `kthreadd: null` leaves pid 2 out. */
export interface Machine {
  pci: Fn[];
  tasks: Task[];
  kthreadd?: Task | null;
}

/** PF_KTHREAD | PF_NOFREEZE | PF_FORKNOEXEC, as kernel threads show (include/linux/sched.h). */
export const KFLAGS = 0x00200000 | 0x8040;
/** PF_RANDOMIZE | PF_SUPERPRIV: an ordinary process. */
export const UFLAGS = 0x400100;

/** A /proc/PID/stat line with the 52 fields of fs/proc/array.c do_task_stat (6.x). */
export function statLine(t: Task): string {
  const f: (string | number)[] = new Array<string | number>(52).fill(0);
  const kernel = (t.flags ?? KFLAGS) & 0x00200000;
  const policy = t.policy ?? (kernel ? 1 : 0);
  const prio = t.prio ?? (policy === 1 || policy === 2 ? 50 : 0);
  Object.assign(f, { 0: t.pid, 1: `(${t.comm})`, 2: 'S', 3: t.ppid ?? 2, 7: -1, 8: t.flags ?? KFLAGS, 17: prio ? -1 - prio : 20 });
  Object.assign(f, { 19: 1, 24: '18446744073709551615', 37: 17, 39: prio, 40: policy });
  return f.join(' ') + '\n';
}

/** Write the machine as a tree; returns its root. */
export function buildMachine(m: Machine): string {
  const spec: Required<TreeSpec> = { files: {}, links: {}, dirs: [] };
  const link = (from: string, to: string): void => {
    spec.links[from] = rel(from, to);
  };
  const cards: string[] = [];
  const addCard = (k: number, parent: string, driver: string, long: string): void => {
    const dir = `${parent}/sound/card${k}`;
    spec.files[`${dir}/id`] = `Card${k}\n`;
    link(`${dir}/device`, parent);
    link(`/sys/class/sound/card${k}`, dir);
    cards[k] = ` ${k} [Card${k}${' '.repeat(Math.max(0, 11 - String(k).length))}]: ${driver} - Card ${k}\n                      ${long}\n`;
  };
  let devnum = 2;
  for (const fn of m.pci) {
    const domain = fn.address.slice(0, 4);
    const dev = `/sys/devices/pci${domain}:00/${[...(fn.bridges ?? []), fn.address].join('/')}`;
    link(`/sys/bus/pci/devices/${fn.address}`, dev);
    link(`${dev}/subsystem`, '/sys/bus/pci');
    spec.files[`${dev}/vendor`] = '0x8086\n';
    spec.files[`${dev}/irq`] = `${fn.irq ?? 0}\n`;
    if (fn.driver) {
      spec.dirs.push(`/sys/bus/pci/drivers/${fn.driver}`);
      link(`${dev}/driver`, `/sys/bus/pci/drivers/${fn.driver}`);
    }
    if (fn.msi) {
      spec.dirs.push(`${dev}/msi_irqs`);
      for (const v of fn.msi) spec.files[`${dev}/msi_irqs/${v}`] = `${fn.msiKind ?? 'msix'}\n`;
    }
    for (const k of fn.cards ?? []) addCard(k, dev, fn.driver === 'snd_hda_intel' ? 'HDA-Intel' : 'ENS1370', `Card at 0xfe000000 irq ${fn.irq ?? 0}`);
    for (const { bus, devices = [] } of fn.buses ?? []) {
      const root = `${dev}/usb${bus}`;
      const attrs = (dir: string, a: Record<string, string>): void => {
        for (const [k, v] of Object.entries(a)) spec.files[`${dir}/${k}`] = `${v}\n`;
      };
      attrs(root, { busnum: String(bus), devnum: '1', devpath: '0', idVendor: '1d6b', idProduct: '0002', bDeviceClass: '09', speed: '480', maxchild: '4' });
      attrs(`${root}/${bus}-0:1.0`, { bInterfaceClass: '09', bInterfaceNumber: '00' });
      link(`/sys/bus/usb/devices/usb${bus}`, root);
      link(`/sys/bus/usb/devices/${bus}-0:1.0`, `${root}/${bus}-0:1.0`);
      for (const d of devices) {
        const chain = d.ports.split('.');
        const names = chain.map((_, i) => `${bus}-${chain.slice(0, i + 1).join('.')}`);
        const dir = `${root}/${names.join('/')}`;
        const name = names[names.length - 1] as string;
        const [vendor, product] = d.id.split(':') as [string, string];
        attrs(dir, { busnum: String(bus), devnum: String(devnum++), devpath: d.ports, idVendor: vendor, idProduct: product, bDeviceClass: d.hub ? '09' : '00', speed: '480' });
        if (d.serial !== undefined) spec.files[`${dir}/serial`] = `${d.serial}\n`;
        const iface = `${dir}/${name}:1.0`;
        attrs(iface, { bInterfaceClass: d.hub ? '09' : '01', bInterfaceNumber: '00' });
        link(`/sys/bus/usb/devices/${name}`, dir);
        link(`/sys/bus/usb/devices/${name}:1.0`, iface);
        if (d.card !== undefined) addCard(d.card, iface, 'USB-Audio', `Interface at usb-${fn.address}-${d.ports}, high speed`);
      }
    }
  }
  spec.files['/proc/asound/cards'] = cards.filter(Boolean).join('') || '--- no soundcards ---\n';
  const kthreadd = m.kthreadd === undefined ? { pid: 2, comm: 'kthreadd', ppid: 0 } : m.kthreadd;
  const tasks = [{ pid: 1, comm: 'systemd', ppid: 0, flags: UFLAGS }, ...(kthreadd ? [kthreadd] : []), ...m.tasks];
  for (const t of tasks) spec.files[`/proc/${t.pid}/stat`] = statLine(t);
  return makeTree(spec);
}

/** Where a tree keeps its irq.conf. */
export function confPath(root: string): string {
  return path.join(root, 'etc/studio-setup/irq.conf');
}
