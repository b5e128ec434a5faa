// The whole renderer ⇄ main surface, declared once. Electron's preload and IPC
// handlers, the web-mode bridge and direct (in-process) calls are all derived
// from STUDIO_METHODS and the argument schemas (./contract-args.ts): a method
// added here fails type-checking until every transport serves it.
import type { UsbChange } from './placement.js';
import type { Plan } from './plan.js';
import type { ReportFormat } from './report/types.js';
import type { ScanResult } from './scan.js';

/** Where the app reads the machine from. */
export interface SourceInfo {
  kind: 'live' | 'bundle' | 'report';
  label: string;
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
  /** The whole setup as a file to share or print: HTML, Markdown, JSON (re-loadable) or PDF; redacted unless told not to. */
  report(format: ReportFormat, options: ReportOptions): Promise<ReportFile>;
}

/** Something the main side tells the renderer without being asked. */
export type StudioEvent = { type: 'usb-change'; changes: UsbChange[]; scan: ScanResult };

/** The event side of the contract: every transport carries these one way, main → renderer. */
export interface StudioEvents {
  /** Receive events until the returned function is called. */
  subscribe(listener: (event: StudioEvent) => void): () => void;
}

/** The IPC channel events travel on (Electron). */
export const EVENT_CHANNEL = 'studio:event';

/** Every method of the contract, in one list (the transports iterate it). */
export const STUDIO_METHODS = ['sourceInfo', 'scan', 'report'] as const satisfies readonly (keyof StudioApi)[];

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
