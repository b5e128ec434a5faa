// What the user picks: the audio interface, an optional recording disk and
// MIDI controllers (Audio chain), and the fixes to include (Check). Only this
// is sent to plan(); main builds and validates the plan itself.
import type { StudioApi } from '../../main/common/contract.js';
import type { Finding } from '../../main/common/findings.js';
import { defaultFixes, type ChainCandidate, type ChainDevices, type WizardChoices } from '../../main/common/wizard.js';

/** The interface most people mean: a USB or FireWire one, else a card that is not a screen's HDMI audio. */
export function suggestedInterface(list: readonly ChainCandidate[]): number | null {
  const external = list.find((c) => /USB|FireWire/.test(c.detail));
  const notHdmi = list.find((c) => !/HDMI|DisplayPort/i.test(c.name));
  return (external ?? notHdmi ?? list[0])?.card ?? null;
}

/** The user's choices (Svelte 5 runes). */
export class Choices {
  devices = $state<ChainDevices | null>(null);
  interfaceCard = $state<number | null>(null);
  disks = $state<string[]>([]);
  midi = $state<string[]>([]);
  fixes = $state<string[]>([]);
  error = $state<string | null>(null);

  constructor(private readonly api: StudioApi) {}

  /** Load the devices; keep what still exists, else suggest (a new source gets the default fixes). */
  async load(findings: readonly Finding[], fresh: boolean): Promise<void> {
    try {
      this.devices = await this.api.chainDevices();
    } catch (e) {
      this.error = (e as Error).message;
      return;
    }
    const d = this.devices;
    if (fresh || !d.interfaces.some((c) => c.card === this.interfaceCard)) this.interfaceCard = suggestedInterface(d.interfaces);
    this.disks = this.disks.filter((k) => d.disks.some((c) => c.key === k));
    this.midi = this.midi.filter((k) => d.midi.some((c) => c.key === k));
    const fixable = new Set(findings.filter((f) => f.fix).map((f) => f.id));
    this.fixes = fresh ? defaultFixes(findings) : this.fixes.filter((id) => fixable.has(id));
  }

  /** The chosen interface's candidate. */
  get chosenInterface(): ChainCandidate | null {
    return this.devices?.interfaces.find((c) => c.card === this.interfaceCard) ?? null;
  }

  /** MIDI candidates other than the interface itself. */
  get midiOffered(): ChainCandidate[] {
    const at = this.chosenInterface?.usbAt ?? null;
    return (this.devices?.midi ?? []).filter((c) => at === null || c.usbAt !== at);
  }

  /** Turn a fix on or off. */
  toggleFix(id: string, on: boolean): void {
    this.fixes = on ? [...new Set([...this.fixes, id])] : this.fixes.filter((x) => x !== id);
  }

  /** Add or remove a disk or MIDI device. */
  toggle(role: 'disks' | 'midi', key: string, on: boolean): void {
    this[role] = on ? [...new Set([...this[role], key])] : this[role].filter((x) => x !== key);
  }

  /** What plan() is sent (plain data, never a reactive proxy: it crosses a process boundary). */
  get choices(): WizardChoices {
    const pick = (list: ChainCandidate[] | undefined, keys: string[]) => (list ?? []).filter((c) => keys.includes(c.key) && c.device).map((c) => $state.snapshot(c.device)!);
    return {
      interface: this.interfaceCard,
      disk: pick(this.devices?.disks, this.disks),
      midi: pick(this.midiOffered, this.midi),
      fixes: [...this.fixes],
    };
  }
}
