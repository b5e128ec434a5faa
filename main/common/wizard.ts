// The wizard's side of the contract: what the renderer sends (choices) and what
// it gets back (the plan's preview, the outcome of apply and revert, the state
// in force, latency runs, port labels). Environment-free plain data.
import type { Finding } from './findings.js';
import type { InstallHint } from './latency/install.js';
import type { LatencyResult } from './latency/result.js';
import type { LoadKind } from './latency/types.js';
import type { Plan } from './plan.js';
import type { ChainDevice } from './planner.js';
import type { Preview } from './preview.js';
import type { PathView } from './report/chain.js';

/** What the user picked in the wizard: the renderer sends only this, never a plan it built itself. */
export interface WizardChoices {
  /** ALSA card index of the audio interface; null when there is none to pick. */
  interface: number | null;
  disk: ChainDevice[];
  midi: ChainDevice[];
  /** Finding ids whose fixes to include. */
  fixes: string[];
}

/** The plan for the choices, resolved against the source: threads today → planned. */
export type PlanResponse = { ok: true; plan: Plan; preview: Preview; notes: string[] } | { ok: false; error: string };

/** A path as the wizard draws it. */
export type ChainPicture = Pick<PathView, 'nodes' | 'sharers' | 'idle' | 'unknown' | 'line'>;

/** A device the user can put on the audio chain, with the path of its interrupts drawn. */
export interface ChainCandidate {
  /** Stable key in the list (`card:2`, `pci:0000:00:1f.2`, `usb:46f4:0002`). */
  key: string;
  /** What to call it. */
  name: string;
  /** One line under the name (bus, driver, where it is plugged). */
  detail: string;
  /** The card index (interfaces) or the device (disks, MIDI). */
  card: number | null;
  device: ChainDevice | null;
  /** Where a USB device is plugged (`2-2`: bus 2, port 2), so one device is not offered twice. */
  usbAt: string | null;
  /** device → port → hub → controller → IRQ → thread. */
  path: ChainPicture;
}

/** The devices found, grouped by the role they can take. */
export interface ChainDevices {
  interfaces: ChainCandidate[];
  disks: ChainCandidate[];
  midi: ChainCandidate[];
}

/** Where Apply writes: this computer, a throw-away folder (a bundle: a rehearsal), or nowhere (a report is read-only). */
export type ApplyTarget = 'system' | 'rehearsal' | 'none';

/** One step the helper reported. */
export interface HelperStep {
  step: number;
  of: number;
  what: string;
}

/** What is applied and whether it holds: the re-probe after Apply, and what every screen's Revert button reads. */
export interface ApplyStatus {
  target: ApplyTarget;
  /** A plan is applied (or half-applied: see `state`). */
  applied: boolean;
  /** The helper journal's state (applying, applied, failed, reverting); null when nothing is applied. */
  state: string | null;
  since: string | null;
  plan: Plan | null;
  /** Every file and link written and whether it still holds what was written; null when it cannot be read without the password. */
  files: { path: string; state: 'ok' | 'changed' | 'missing' }[] | null;
  /** The plan's threads now, against the planned priority; null when the threads cannot be seen. */
  threads: { pid: number; comm: string; controller: string; now: { policy: string; priority: number }; planned: number; ok: boolean }[] | null;
  /** False in a rehearsal: a capture's threads do not run here, so their changes were recorded, not made. */
  threadsChanged: boolean;
  /** Targets that resolve to no thread now, and why. */
  unresolved: string[];
  /** Kernel parameters planned but not on the running kernel's command line yet. */
  rebootPending: string[];
  notes: string[];
  needs: ('reboot' | 'relogin')[];
  /** The rehearsal's folder (a bundle), else null. */
  folder: string | null;
}

/** The outcome of Apply or Revert. */
export interface ApplyResponse {
  ok: boolean;
  /** One sentence for the user. */
  message: string;
  steps: HelperStep[];
  notes: string[];
  needs: ('reboot' | 'relogin')[];
  /** The re-probe: what is in force now. */
  status: ApplyStatus;
}

/** A latency measurement as the Verify step asks for it. */
export interface LatencyRequest {
  seconds: number;
  load: LoadKind;
  /** `before` or `after` (stored with the result). */
  label: string;
}

/** A measurement's result, or why there is none (never a made-up number). */
export type LatencyOutcome =
  | { ok: true; result: LatencyResult }
  | {
      ok: false;
      reason: 'invalid' | 'missing-tool' | 'not-permitted' | 'cancelled' | 'failed' | 'busy' | 'read-only';
      message: string;
      /** For a missing cyclictest: the package and the command that installs it. */
      install: InstallHint[];
    };

/** A label the user gave a physical USB socket, kept across re-plugging and reboots. */
export interface PortLabel {
  /** The controller's PCI address (`bus3` when only the bus number is known). */
  controller: string;
  /** The port path below the root hub (`2`, `1.4`). */
  port: string;
  label: string;
}

/** The fixes the wizard proposes by default: every problem the app can fix itself. */
export function defaultFixes(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.fix && (f.status === 'fail' || f.status === 'warn')).map((f) => f.id);
}
