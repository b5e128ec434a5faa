// Shared interrupt lines on the audio path (from the analysis): who else is on
// the sound card's or the USB interface's line, and the concrete way out —
// another USB controller that is quiet, or the network card off during sessions.
import type { Analysis, AudioPath, UsbController } from '../common/analysis/index.js';
import type { Finding } from '../common/findings.js';
import type { Snapshot } from '../common/types.js';
import { ev, finding, FROM, unknown, type CheckHead } from './finding.js';

const SOUND_SHARED: CheckHead = { id: 'irq.sound-shared', title: "Sound card's interrupt line", severity: 'recommended' };
const USB_SHARED: CheckHead = { id: 'irq.usb-audio-shared', title: "USB audio interface's interrupt line", severity: 'recommended' };

// Network drivers and interface names (udev predictable names en*/wl*/ww*, old eth*/wlan*).
const NET_DRIVER = /^(e1000e?|igbv?|igc|ixgbe|r816[89]|r8125|tg3|bnx2x?|atl1[ce]?|alx|sky2|forcedeth|8139too|via-rhine|iwlwifi|iwl\w*|ath\d+k?(_pci)?|rtw8[89](_pci)?|rtl8\w+|mt7\w+|brcmfmac|b43|wl)\b/;
const NET_NAME = /^(en|eth|wl|wlan|ww)[a-z0-9]*(-\S*)?$/;

/** Is this handler a network card's? */
export function isNetwork(action: string): boolean {
  return NET_DRIVER.test(action) || NET_NAME.test(action);
}

function lineText(p: AudioPath): string {
  const irqs = p.irqs.filter((i) => i.active).length ? p.irqs.filter((i) => i.active) : p.irqs;
  return irqs.map((i) => `IRQ ${i.irq}: ${i.actions.join(', ') || '?'}`).join('; ');
}

function netSteps(sharers: string[]): string[] {
  const nets = sharers.filter(isNetwork);
  const names = nets.filter((n) => NET_NAME.test(n));
  if (nets.length === 0) return [];
  return [`Or take the network card off during sessions: \`nmcli device disconnect ${names[0] ?? '<interface>'}\` (or unplug the cable / turn Wi-Fi off), and reconnect afterwards.`];
}

function unknownPaths(paths: AudioPath[]): string | null {
  const blind = paths.filter((p) => p.irqs.length === 0 || p.irqs.every((i) => i.actions.length === 0));
  return blind.length === paths.length && blind.length > 0 ? (blind[0]?.unknown[0] ?? 'the interrupt lines are unknown') : null;
}

/** irq.sound-shared: PCI/onboard sound cards alone on their line. */
export function checkSoundShared(s: Snapshot, a: Analysis): Finding {
  if (s.sound === null) return unknown(SOUND_SHARED, 'there is no /proc/asound/cards (no sound driver loaded, or not captured)', [ev('/proc/asound/cards', null)]);
  const paths = a.audioPaths.filter((p) => p.bus !== 'usb');
  if (paths.length === 0) {
    return finding(SOUND_SHARED, { status: 'info', value: 'no PCI sound card', evidence: [ev('/proc/asound/cards', `${s.sound.length} cards, none on PCI`)], explanation: 'There is no onboard or PCI sound card to check.', advice: 'Nothing to do.' });
  }
  const evidence = paths.map((p) => ev(`${FROM.interrupts} (card ${p.card} ${p.name})`, lineText(p) || p.unknown.join('; ') || null));
  const blind = unknownPaths(paths);
  if (blind) return unknown(SOUND_SHARED, blind, evidence);
  const shared = paths.filter((p) => p.sharedWith.length > 0);
  if (shared.length === 0) {
    return finding(SOUND_SHARED, { status: 'ok', value: 'none', evidence, explanation: 'Each sound card has its interrupt line to itself, so no other device delays it.', advice: 'Nothing to do.' });
  }
  const sharers = [...new Set(shared.flatMap((p) => p.sharedWith))];
  const hda = shared.some((p) => p.controllerDriver === 'snd_hda_intel' || p.irqs.some((i) => i.action?.startsWith('snd_hda_intel')));
  return finding(SOUND_SHARED, {
    status: 'warn',
    value: shared.map((p) => `card ${p.card}: IRQ ${p.irqs.find((i) => i.active)?.irq ?? p.irqs[0]?.irq}`).join(', '),
    evidence,
    explanation: `${shared.map((p) => `${p.name} (card ${p.card}) shares its interrupt line with ${p.sharedWith.join(', ')}`).join('; ')}: while the other device's handler runs the line stays blocked, so the sound card's interrupt waits behind it.`,
    advice: sharers.some(isNetwork)
      ? 'Take the network card off during sessions, or move the sound card to another slot.'
      : 'Move the card to another PCI slot (slots are wired to different lines), or use a USB interface on a quiet controller.',
    manual: [
      ...netSteps(sharers),
      'For a PCI card: move it to another slot and scan again.',
      ...(hda ? ['For onboard (HDA) sound: `options snd_hda_intel enable_msi=1` in /etc/modprobe.d/ gives it an interrupt of its own where the chipset supports MSI.'] : []),
    ],
  });
}

function speedOf(s: Snapshot, p: AudioPath): number | null {
  const d = s.usb?.devices.find((x) => x.bus === p.usbBus && x.portPath === p.usbPortPath);
  const v = d?.speed ? Number(d.speed) : NaN;
  return Number.isFinite(v) ? v : null;
}

/** Quiet controllers a device of this speed can use, xHCI first. */
export function quietControllers(controllers: UsbController[], except: string | null, speed: number | null): UsbController[] {
  const kind = (c: UsbController): string => (c.driver ?? '').replace(/[-_](pci|hcd)$/, '').replace(/[-_]hcd$/, '');
  return controllers
    .filter((c) => c.quiet === true && c.controller !== null && c.controller !== except)
    .filter((c) => {
      const k = kind(c);
      // A full-speed device in an EHCI port is handed to its UHCI/OHCI companion
      // (drivers/usb/host/ehci-hub.c); USB 1.1 controllers cannot run high speed.
      if (k === 'ehci') return speed === null || speed >= 480;
      if (k === 'uhci' || k === 'ohci') return speed === null || speed <= 12;
      return true;
    })
    .sort((x, y) => Number(kind(y) === 'xhci') - Number(kind(x) === 'xhci'));
}

function describe(c: UsbController): string {
  return `controller ${c.controller}${c.driver ? ` (${c.driver})` : ''}, USB bus ${c.buses.join(' and ')}`;
}

/** irq.usb-audio-shared: the USB audio interface's controller alone on its line. */
export function checkUsbAudioShared(s: Snapshot, a: Analysis): Finding {
  if (s.sound === null && s.usb === null) return unknown(USB_SHARED, 'neither sound cards nor USB devices were found (no sound driver or USB, or not captured)', [ev('/proc/asound/cards', null)]);
  const paths = a.audioPaths.filter((p) => p.bus === 'usb');
  if (paths.length === 0) {
    return finding(USB_SHARED, {
      status: 'info',
      value: 'no USB audio card',
      evidence: [ev('/proc/asound/cards', s.sound === null ? null : `${s.sound.length} cards, none on USB`)],
      explanation: a.usbAudio.length ? 'A USB audio device is plugged in but has no sound card (driver not loaded?), so its path cannot be followed.' : 'There is no USB audio interface to check.',
      advice: 'Nothing to do.',
    });
  }
  const evidence = paths.map((p) => ev(`${FROM.interrupts} (card ${p.card} ${p.name}, controller ${p.controller ?? '?'})`, lineText(p) || p.unknown.join('; ') || null));
  const blind = unknownPaths(paths);
  if (blind) return unknown(USB_SHARED, blind, evidence);
  const shared = paths.filter((p) => p.sharedWith.length > 0);
  if (shared.length === 0) {
    return finding(USB_SHARED, { status: 'ok', value: 'none', evidence, explanation: "The USB audio interface's controller has its interrupt line to itself.", advice: 'Nothing to do.' });
  }
  const first = shared[0] as AudioPath;
  const quiet = quietControllers(a.usbControllers, first.controller, speedOf(s, first));
  const sharers = [...new Set(shared.flatMap((p) => p.sharedWith))];
  const move = quiet.length
    ? `Plug the interface into a port on ${quiet.slice(0, 2).map(describe).join(', or on ')}: ${quiet.length === 1 ? 'it has an interrupt line of its own' : 'each has an interrupt line of its own'}.`
    : 'No other USB controller here has a line of its own; a PCIe USB card (which uses MSI, never shared) would give the interface one.';
  return finding(USB_SHARED, {
    status: 'warn',
    value: shared.map((p) => `card ${p.card}: IRQ ${p.irqs.find((i) => i.active)?.irq ?? p.irqs[0]?.irq}`).join(', '),
    evidence,
    explanation: `${shared.map((p) => `${p.name} (card ${p.card}) is on USB controller ${p.controller ?? '?'}, whose interrupt line is shared with ${p.sharedWith.join(', ')}`).join('; ')}: while another device's handler runs, the audio interrupt waits.`,
    advice: move,
    manual: [
      quiet.length ? `Unplug the interface and plug it into a port served by ${describe(quiet[0] as UsbController)} (the USB ports step shows which sockets those are), then scan again.` : 'Add a PCIe USB card and plug the interface into it.',
      ...netSteps(sharers),
    ],
  });
}

/** The IRQ-sharing checks. */
export function irqChecks(s: Snapshot, a: Analysis): Finding[] {
  return [checkSoundShared(s, a), checkUsbAudioShared(s, a)];
}
