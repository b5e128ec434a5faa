// The whole renderer ⇄ main surface, declared once. Electron's preload and IPC
// handlers, the web-mode bridge and direct (in-process) calls are all derived
// from STUDIO_METHODS and the argument schemas (./contract-args.ts): a method
// added here fails type-checking until every transport serves it.
import type { LatencyResult } from './latency/result.js';
import type { UsbChange } from './placement.js';
import type { Plan } from './plan.js';
import type { ReportFormat } from './report/types.js';
import type { ScanResult } from './scan.js';
import type {
  ApplyResponse,
  ApplyStatus,
  ApplyTarget,
  ChainDevices,
  HelperStep,
  LatencyOutcome,
  LatencyRequest,
  PlanResponse,
  PortLabel,
  WizardChoices,
} from './wizard.js';

/** Where the app reads the machine from, and what it may do there. */
export interface SourceInfo {
  kind: 'live' | 'bundle' | 'report';
  label: string;
  /** Where Apply writes: this computer, a throw-away folder (a bundle), or nowhere (a report is read-only). */
  apply: ApplyTarget;
  /** The demo bundle; `replugged` once "Simulate moving the interface" swapped in its second state. */
  demo: { replugged: boolean } | null;
  /** Someone's report opened in the app (read-only) in place of the original source. */
  openedReport: { name: string; createdAt: string | null; redacted: boolean } | null;
  /** Apply on this computer asks for a password (false when the app already runs as root, or applies nowhere real). */
  asksPassword: boolean;
  /** Latency can be measured here (on this computer); a report shows its own measurements instead. */
  canMeasure: boolean;
}

/** What the Export button asks a report for. */
export interface ReportOptions {
  /** Replace user and host names, serial numbers and MAC addresses (default: yes). */
  redact?: boolean;
  /** The plan the wizard shows: the report lists its threads now → planned. */
  plan?: Plan;
}

/** An exported report, ready to save. */
export interface ReportFile {
  /** The format of `data`: html instead of pdf when only the browser can print here (`print`). */
  format: ReportFormat;
  /** `studio-setup-report-2026-11-22.html` */
  fileName: string;
  mimeType: string;
  /** Text (html, md, json) or base64 bytes (pdf). */
  encoding: 'utf8' | 'base64';
  data: string;
  /** A PDF was asked for where the app cannot print (web mode): open `data`, the HTML, and use the browser's Print → Save as PDF. */
  print?: true;
}

/** The services the renderer may call. */
export interface StudioApi {
  /** What the app is looking at (this machine, a bundle, a report). */
  sourceInfo(): Promise<SourceInfo>;
  /** Probe the machine (or re-read the bundle) and analyse it. */
  scan(): Promise<ScanResult>;
  /** The devices that can join the audio chain (interfaces, disks, MIDI), each with the path of its interrupts. */
  chainDevices(): Promise<ChainDevices>;
  /** The plan for the user's choices, and its preview: every thread today → planned, what needs a reboot or re-login. */
  plan(choices: WizardChoices): Promise<PlanResponse>;
  /** Apply a plan (one password prompt on this computer; a throw-away folder for a bundle); `progress` events while it runs. */
  apply(plan: Plan): Promise<ApplyResponse>;
  /** Undo everything Apply did. */
  revert(): Promise<ApplyResponse>;
  /** What is applied now and whether it holds. */
  status(): Promise<ApplyStatus>;
  /** Measure scheduling latency on this computer (cyclictest); `latency-progress` events while it runs. */
  latencyRun(request: LatencyRequest): Promise<LatencyOutcome>;
  /** Stop the running measurement; false when none runs or it cannot be stopped. */
  latencyCancel(): Promise<boolean>;
  /** The measurements to compare, oldest first (stored ones; a report's own). */
  latencyList(): Promise<LatencyResult[]>;
  /** The names given to physical USB sockets. */
  portLabels(): Promise<PortLabel[]>;
  /** Name a socket (an empty label forgets it); returns every label. */
  setPortLabel(controller: string, port: string, label: string): Promise<PortLabel[]>;
  /** The whole setup as a file to share or print: HTML, Markdown, JSON (re-loadable) or PDF; redacted unless told not to. */
  report(format: ReportFormat, options: ReportOptions): Promise<ReportFile>;
  /** Read someone's exported report.json instead of the original source (read-only). */
  openReport(name: string, text: string): Promise<SourceInfo>;
  /** Back to the original source. */
  closeReport(): Promise<SourceInfo>;
  /** Demo only: swap in the demo's second state, as if the interface had been moved to another port (`usb-change` with `simulated`). */
  simulateReplug(): Promise<SourceInfo>;
}

/** Something the main side tells the renderer without being asked. */
export type StudioEvent =
  | { type: 'usb-change'; changes: UsbChange[]; scan: ScanResult; simulated?: true }
  | ({ type: 'progress'; task: 'apply' | 'revert' } & HelperStep)
  | { type: 'latency-progress'; elapsed: number; total: number; maxUs: number | null };

/** The event side of the contract: every transport carries these one way, main → renderer. */
export interface StudioEvents {
  /** Receive events until the returned function is called. */
  subscribe(listener: (event: StudioEvent) => void): () => void;
}

/** The IPC channel events travel on (Electron). */
export const EVENT_CHANNEL = 'studio:event';

/** Every method of the contract, in one list (the transports iterate it). */
export const STUDIO_METHODS = [
  'sourceInfo',
  'scan',
  'chainDevices',
  'plan',
  'apply',
  'revert',
  'status',
  'latencyRun',
  'latencyCancel',
  'latencyList',
  'portLabels',
  'setPortLabel',
  'report',
  'openReport',
  'closeReport',
  'simulateReplug',
] as const satisfies readonly (keyof StudioApi)[];

/** A contract method name. */
export type StudioMethod = (typeof STUDIO_METHODS)[number];

// Compile-time check that the list names every method exactly once.
type Missing = Exclude<keyof StudioApi, StudioMethod>;
const _allListed: Missing extends never ? true : never = true;
void _allListed;

/** The IPC channel of a method (prefixed, like VS Code's `vscode:`). */
export function channel(method: StudioMethod): `studio:${StudioMethod}` {
  return `studio:${method}`;
}
