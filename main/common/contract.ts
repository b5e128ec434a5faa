// The whole renderer ⇄ main surface, declared once. Electron's preload and IPC
// handlers, the web-mode bridge and direct (in-process) calls are all derived
// from STUDIO_METHODS and the argument schemas (./contract-args.ts): a method
// added here fails type-checking until every transport serves it.
import type { UsbChange } from './placement.js';
import type { ScanResult } from './scan.js';

/** Where the app reads the machine from. */
export interface SourceInfo {
  kind: 'live' | 'bundle' | 'report';
  label: string;
}

/** The services the renderer may call. */
export interface StudioApi {
  /** What the app is looking at (this machine, a bundle, a report). */
  sourceInfo(): Promise<SourceInfo>;
  /** Probe the machine (or re-read the bundle) and analyse it. */
  scan(): Promise<ScanResult>;
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
export const STUDIO_METHODS = ['sourceInfo', 'scan'] as const satisfies readonly (keyof StudioApi)[];

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
