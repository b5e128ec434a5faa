// ALSA sound cards: /proc/asound/cards, completed from /proc/asound/cardN and
// the card's sysfs device (which bus, which PCI function owns its interrupts).
import path from 'node:path';
import type { SoundBus, SoundCard, Warning } from '../common/types.js';
import { isPciAddress, owningPciFunction, parseSysfsInt, usbRootOf } from './pci.js';
import { normalize, realpath, type Source } from './source.js';

// sound/core/init.c snd_card_info_read: "%2i [%-15s]: %s - %s\n" (index, id,
// driver, shortname), then 22 spaces and the longname; "--- no soundcards ---".
const HEADER_RE = /^\s*(\d{1,4}) \[(.*?)\s*\]: (.*)$/;
// include/sound/core.h: char longname[80], so at most 79 characters are printed.
const LONGNAME_MAX = 79;
// sound/usb/card.c usb_audio_make_longname: "<name> at " + usb_make_path()
// ("usb-%s-%s", bus_name, devpath) + ", <low|full|high|super|...> speed".
const USB_AT_RE = /\bat usb-(.*)$/;
const DEVPATH_RE = /^\d+(\.\d+)*$/;
// sound/firewire/*: "... at %s, S%d" with dev_name of the unit ("fw1.0").
const FW_AT_RE = /\bat fw\d+(\.\d+)?\b/;
// Most PCI/ISA drivers print "... at 0x<port|mem>[,] irq %d".
const IRQ_RE = /\birq (\d{1,9})\b/;
// drivers/usb/core/message.c usb_set_configuration: an interface is
// "<bus>-<ports>:<config>.<interface>", its device "<bus>-<ports>".
const USB_NODE_RE = /^(\d+)-(\d+(?:\.\d+)*)(?::\d+\.\d+)?$/;
// sound/pci/hda/hda_intel.c and sound/usb/card.c set these driver names, and
// bind only to PCI functions and USB interfaces respectively.
const DRIVER_BUS: Readonly<Record<string, SoundBus>> = { 'HDA-Intel': 'pci', 'USB-Audio': 'usb' };

type UsbInfo = NonNullable<SoundCard['usb']>;

/** What a USB longname tail says: controller bus name and port path, null where cut or absent. */
export function parseUsbLongname(longName: string): { controller: string | null; portPath: string | null } | null {
  const m = USB_AT_RE.exec(longName);
  if (!m) return null;
  let rest = m[1] ?? '';
  const comma = rest.lastIndexOf(', ');
  // A speed suffix (even cut: "full s") proves the path before it is whole.
  const whole = comma >= 0 || longName.length < LONGNAME_MAX;
  if (comma >= 0) rest = rest.slice(0, comma);
  const dash = rest.lastIndexOf('-');
  if (dash <= 0) return { controller: whole && rest ? rest : null, portPath: null };
  const controller = rest.slice(0, dash);
  const devpath = rest.slice(dash + 1);
  if (whole) return { controller, portPath: DEVPATH_RE.test(devpath) ? devpath : null };
  // Cut inside the device path: the controller before it is still whole.
  return { controller: /^[\d.]*$/.test(devpath) ? controller : null, portPath: null };
}

function longnameBus(longName: string): SoundBus | null {
  if (USB_AT_RE.test(longName)) return 'usb';
  if (FW_AT_RE.test(longName)) return 'firewire';
  return null;
}

/** Bus a card is on, judged from its longname and driver alone. */
export function busFromLongname(longName: string, driver: string): SoundBus {
  return longnameBus(longName) ?? DRIVER_BUS[driver] ?? 'unknown';
}

function cardFromHeader(m: RegExpExecArray): SoundCard {
  const rest = m[3] ?? '';
  const sep = rest.indexOf(' - ');
  return {
    index: Number(m[1]),
    id: m[2] ?? '',
    driver: (sep >= 0 ? rest.slice(0, sep) : rest).trim(),
    shortName: sep >= 0 ? rest.slice(sep + 3).trim() : '',
    longName: '',
    bus: 'unknown',
    irq: null,
  };
}

function fromLongname(card: SoundCard): void {
  card.bus = busFromLongname(card.longName, card.driver);
  const irq = IRQ_RE.exec(card.longName);
  card.irq = irq ? Number(irq[1]) : null;
  if (card.bus !== 'usb') return;
  const usb = parseUsbLongname(card.longName);
  card.usb = { bus: null, device: null, portPath: usb?.portPath ?? null, controller: usb?.controller ?? null };
  if (usb?.controller && isPciAddress(usb.controller)) card.pciAddress = usb.controller;
}

/** Parse /proc/asound/cards (lines it does not understand are skipped). */
export function parseAsoundCards(text: string): SoundCard[] {
  const cards: SoundCard[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = HEADER_RE.exec(lines[i] ?? '');
    if (!m) continue;
    const card = cardFromHeader(m);
    const next = lines[i + 1];
    if (next !== undefined && !HEADER_RE.test(next) && !/^(\$ |\[exit \d+\]$)/.test(next)) {
      card.longName = next.trim();
      i++;
    }
    fromLongname(card);
    cards.push(card);
  }
  return cards;
}

/** `usbbus` content (`"001/004"`) as bus and device numbers. */
export function parseUsbBus(text: string | null): { bus: number; device: number } | null {
  const m = /^\s*(\d{1,3})\/(\d{1,3})\s*$/.exec(text ?? '');
  return m ? { bus: Number(m[1]), device: Number(m[2]) } : null;
}

/** `usbid` content (`"1235:8210"`), lower-cased, or null. */
export function parseUsbId(text: string | null): string | null {
  const t = text?.trim().toLowerCase() ?? '';
  return /^[0-9a-f]{4}:[0-9a-f]{4}$/.test(t) ? t : null;
}

/** USB port path of a sysfs device or interface path (`…/3-2.4/3-2.4:1.0` → "2.4"), with the device's own path. */
export function usbPortPath(sysPath: string): { bus: number; portPath: string; devicePath: string } | null {
  const parts = sysPath.split('/').filter(Boolean);
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] ?? '';
    const m = USB_NODE_RE.exec(part);
    if (!m) continue;
    // An interface directory sits inside its device's directory.
    const device = parts.slice(0, part.includes(':') ? i : i + 1);
    return { bus: Number(m[1]), portPath: m[2] ?? '', devicePath: '/' + device.join('/') };
  }
  return null;
}

/** Target of a link, resolved through the source; null when `p` is not a link. */
function resolveLink(src: Source, p: string): string | null {
  const n = normalize(p);
  const parent = realpath(src, path.posix.dirname(n));
  if (parent === null) return null;
  const own = path.posix.join(parent, path.posix.basename(n));
  if (src.readLink(own) === null) return null;
  return realpath(src, own);
}

/** sound/core/init.c: the card's class device is "<parent>/sound/cardN", so its parent is two levels up. */
function parentOfClassDevice(src: Source, index: number): string | null {
  const own = realpath(src, `/sys/class/sound/card${index}`);
  const suffix = `/sound/card${index}`;
  if (!own?.endsWith(suffix) || own.startsWith('/sys/class/')) return null;
  const parent = own.slice(0, -suffix.length);
  return parent.startsWith('/sys/devices/') && !parent.startsWith('/sys/devices/virtual') ? parent : null;
}

function busFromSubsystem(name: string): SoundBus {
  return name === 'pci' || name === 'usb' || name === 'firewire' ? name : 'other';
}

function busFromPath(devicePath: string): SoundBus | null {
  if (usbRootOf(devicePath)) return 'usb';
  if (/\/fw\d+(\.\d+)?(\/|$)/.test(devicePath)) return 'firewire';
  if (isPciAddress(path.posix.basename(devicePath))) return 'pci';
  return null;
}

function completeUsb(src: Source, card: SoundCard, devicePath: string | undefined): void {
  const usb: UsbInfo = card.usb ?? { bus: null, device: null, portPath: null, controller: null };
  const dir = `/proc/asound/card${card.index}`;
  // sound/usb/proc.c proc_audio_usbbus_read: "%03d/%03d\n" (busnum/devnum).
  const bus = parseUsbBus(src.read(`${dir}/usbbus`));
  // sound/usb/proc.c proc_audio_usbid_read: "%04x:%04x\n".
  const id = parseUsbId(src.read(`${dir}/usbid`));
  const root = devicePath ? usbRootOf(devicePath) : null;
  const port = devicePath ? usbPortPath(devicePath) : null;
  usb.bus = bus?.bus ?? root?.bus ?? port?.bus ?? usb.bus ?? null;
  usb.device = bus?.device ?? usb.device ?? null;
  if (port) usb.portPath = port.portPath;
  if (root?.controller) usb.controller = root.controller;
  if (id) usb.id = id;
  if (port) {
    // Documentation/ABI/stable/sysfs-bus-usb, drivers/usb/core/sysfs.c:
    // devnum "%d", idVendor/idProduct "%04x" on the USB device itself.
    if (usb.device === null || usb.device === undefined) usb.device = parseSysfsInt(src.read(`${port.devicePath}/devnum`));
    if (!usb.id) {
      const v = src.read(`${port.devicePath}/idVendor`)?.trim();
      const p = src.read(`${port.devicePath}/idProduct`)?.trim();
      const sysId = parseUsbId(`${v}:${p}`);
      if (sysId) usb.id = sysId;
    }
  }
  card.usb = usb;
}

function completeCard(src: Source, card: SoundCard): SoundCard {
  // drivers/base/core.c device_add_class_symlinks: /sys/class/sound/cardN/device
  // links to the card's parent device (a USB interface, a PCI function, ...).
  const devicePath =
    resolveLink(src, `/sys/class/sound/card${card.index}/device`) ?? parentOfClassDevice(src, card.index) ?? undefined;
  if (devicePath) {
    card.devicePath = devicePath;
    // drivers/base/bus.c bus_add_device: `subsystem` links to /sys/bus/<bus>.
    const subsystem = src.readLink(`${devicePath}/subsystem`);
    card.bus =
      (subsystem ? busFromSubsystem(path.posix.basename(subsystem)) : null) ??
      longnameBus(card.longName) ??
      busFromPath(devicePath) ??
      DRIVER_BUS[card.driver] ??
      'unknown';
    const owner = owningPciFunction(devicePath);
    if (owner) card.pciAddress = owner;
    else delete card.pciAddress;
  }
  if (card.bus === 'usb') completeUsb(src, card, devicePath);
  else delete card.usb;
  return card;
}

/** Sound cards of a source: /proc/asound/cards completed from /proc/asound/cardN and sysfs. */
export function readSound(src: Source): { cards: SoundCard[]; warnings: Warning[] } {
  const file = '/proc/asound/cards';
  // sound/core/init.c snd_card_info_read (format at HEADER_RE above).
  const text = src.read(file);
  if (text === null) return { cards: [], warnings: [{ file, message: 'absent or unreadable' }] };
  const warnings: Warning[] = [];
  const cards = parseAsoundCards(text);
  if (cards.length === 0 && text.trim() !== '' && !text.includes('--- no soundcards ---'))
    warnings.push({ file, message: 'no card lines understood' });
  return { cards: cards.map((c) => completeCard(src, c)), warnings };
}
