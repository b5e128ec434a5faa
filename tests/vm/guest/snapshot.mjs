// Runs INSIDE the guest (Node 18): node /host/tests/vm/guest/snapshot.mjs OUT.json [ROOTS...]
// Writes what the privileged helper's revert must restore exactly:
//   files:   every entry under ROOTS (default /etc and /usr/local): type, mode, uid, gid,
//            and sha256 + size (regular files) or target (symbolic links)
//   threads: every irq/ kernel thread: comm, irq, action, policy, priority, and a `key`
//            that survives a reboot (see threadKey)
// tests/vm/lib/snapshot.mjs compares two of these on the host.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [out, ...args] = process.argv.slice(2);
if (!out) {
  console.error('usage: node snapshot.mjs OUT.json [ROOT...]');
  process.exit(2);
}
const roots = args.length > 0 ? args : ['/etc', '/usr/local'];

function typeOf(st) {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'link';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  return st.isCharacterDevice() ? 'chardev' : 'blockdev';
}

function walk(p, files) {
  const st = fs.lstatSync(p);
  const entry = { type: typeOf(st), mode: (st.mode & 0o7777).toString(8).padStart(4, '0'), uid: st.uid, gid: st.gid };
  if (entry.type === 'file') {
    entry.size = st.size;
    entry.sha256 = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
  } else if (entry.type === 'link') {
    entry.target = fs.readlinkSync(p);
  }
  files[p] = entry;
  if (entry.type === 'dir') for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name), files);
}

const SCHED = ['OTHER', 'FIFO', 'RR', 'BATCH', 'ISO', 'IDLE', 'DEADLINE'];
const PF_KTHREAD = 0x00200000;

/** The controller (PCI address) a sysfs device path belongs to: its last PCI component. */
function pciOf(sysPath) {
  const all = sysPath.match(/[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]/g);
  return all ? all[all.length - 1] : null;
}
function realpathOrNull(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

/**
 * A thread's identity across reboots: the action name, with the parts that are numbered
 * afresh at every boot replaced by what is stable: `uhci_hcd:usb2` -> `uhci_hcd:0000:00:1d.0`
 * (the bus's controller), `snd_hda_intel:card1` -> `snd_hda_intel:0000:00:1b.0` (the card's
 * device). IRQ number and PID are never part of it.
 */
function threadKey(action) {
  return action
    .replace(/\busb(\d+)$/, (m, n) => pciOf(realpathOrNull(`/sys/bus/usb/devices/usb${n}`) ?? '') ?? m)
    .replace(/\bcard(\d+)$/, (m, n) => pciOf(realpathOrNull(`/sys/class/sound/card${n}/device`) ?? '') ?? m);
}

function irqThreads() {
  const threads = [];
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let stat;
    let comm;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').replace(/\n$/, '');
    } catch {
      continue; // gone
    }
    // fields after "(comm)": state ppid ... ; flags is field 9, rt_priority 40, policy 41
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const flags = Number(f[6]);
    const m = /^irq\/(\d+)-(.*)$/.exec(comm);
    if (!m || !(flags & PF_KTHREAD)) continue;
    const action = m[2];
    threads.push({
      pid: Number(pid),
      comm,
      irq: Number(m[1]),
      action,
      key: threadKey(action),
      policy: SCHED[Number(f[38])] ?? 'unknown',
      priority: Number(f[37]),
    });
  }
  return threads.sort((a, b) => a.key.localeCompare(b.key) || a.irq - b.irq);
}

const files = {};
for (const r of roots) walk(r, files);
const snapshot = {
  takenAt: new Date().toISOString(),
  bootId: fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
  kernel: fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
  roots,
  files,
  threads: irqThreads(),
};
fs.writeFileSync(out, JSON.stringify(snapshot, null, 1) + '\n');
console.log(`snapshot ${out}: ${Object.keys(files).length} paths, ${snapshot.threads.length} irq threads`);
