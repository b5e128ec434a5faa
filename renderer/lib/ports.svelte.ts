// The USB ports step: names of physical sockets, and the live feed of what
// was plugged or unplugged (hotplug events; the demo's simulated move).
import type { StudioApi, StudioEvent } from '../../main/common/contract.js';
import type { UsbChange } from '../../main/common/placement.js';
import type { PortLabel } from '../../main/common/wizard.js';

/** One entry of the re-plug feed. */
export interface PlugNews {
  id: number;
  at: Date;
  simulated: boolean;
  change: UsbChange;
}

/** Socket labels and re-plug feedback (Svelte 5 runes). */
export class Ports {
  labels = $state<PortLabel[]>([]);
  /** Newest first. */
  news = $state<PlugNews[]>([]);
  error = $state<string | null>(null);
  private next = 1;

  constructor(private readonly api: StudioApi) {}

  /** Load the labels of this machine. */
  async refresh(): Promise<void> {
    try {
      this.labels = await this.api.portLabels();
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  /** The label of a socket, or ''. */
  labelOf(controller: string, port: string): string {
    return this.labels.find((l) => l.controller === controller && l.port === port)?.label ?? '';
  }

  /** Name a socket (empty forgets it). */
  async setLabel(controller: string, port: string, label: string): Promise<void> {
    try {
      this.labels = await this.api.setPortLabel(controller, port, label);
      this.error = null;
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  /** A usb-change event: what was added comes first (where the interface landed). */
  onEvent(e: StudioEvent): void {
    if (e.type !== 'usb-change') return;
    const ordered = [...e.changes].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'added' ? -1 : 1));
    const fresh = ordered.filter((c) => !c.device.isHub).map((change) => ({ id: this.next++, at: new Date(), simulated: e.simulated === true, change }));
    this.news = [...fresh, ...this.news].slice(0, 12);
  }
}
