// The services behind the contract, in-process ("direct" transport). Electron's
// IPC and the web bridge both serve this object. One feature a file under
// services/; this file wires them to one source and one event stream.
import os from 'node:os';
import { checkSnapshot } from './checks/index.js';
import { chainDevices } from './common/chain-devices.js';
import type { StudioApi, StudioEvent, StudioEvents } from './common/contract.js';
import { usbChanges } from './common/placement.js';
import { USER_NAME } from './common/plan.js';
import { makePlan } from './common/planner.js';
import { previewPlan } from './common/preview.js';
import type { AppliedStatus } from './common/report/types.js';
import { buildScan, type ScanResult } from './common/scan.js';
import type { Snapshot } from './common/types.js';
import { watchHotplug, type HotplugOptions, type HotplugWatcher } from './hotplug.js';
import type { Access } from './latency/access.js';
import type { MeasureOptions, MeasureOutcome } from './latency/run.js';
import { latencyDir } from './latency/store.js';
import { runPrivileged } from './privileged/client.js';
import { readSnapshot } from './probe/snapshot.js';
import type { Source } from './probe/source.js';
import { pickLatency } from './report/context.js';
import type { PdfPrinter } from './report/export.js';
import { reportService } from './report/service.js';
import { applyServices } from './services/apply.js';
import { latencyDeps, LatencyService } from './services/latency.js';
import { PortLabels } from './services/ports.js';
import { Rehearsal, type HelperProcess } from './services/rehearsal.js';
import { SourceState, type DemoDirs } from './services/sources.js';
import { SystemApply, type Client } from './services/system.js';

/** The contract's methods plus its events, and a way to stop background work. */
export type Services = StudioApi & StudioEvents & { close(): void };

/** How the services are set up (every part has a real default; tests replace them). */
export interface ServiceOptions {
  hotplug?: HotplugOptions;
  /** Prints HTML to PDF (Electron); absent: the browser prints. */
  pdf?: PdfPrinter;
  /** The demo's two bundle states; the first is the source. */
  demo?: DemoDirs;
  /** XDG_CONFIG_HOME (port labels), XDG_STATE_HOME (latency results), PATH (cyclictest). */
  env?: NodeJS.ProcessEnv;
  /** Runs the helper as root (default: the client, one password prompt). */
  client?: Client;
  /** Runs the helper for a rehearsal (default: the built helper.js as this user). */
  helper?: HelperProcess;
  measure?: (opts: MeasureOptions) => Promise<MeasureOutcome>;
  access?: () => Access;
  uid?: number;
}

// The user the audio-group fix is for: whoever runs the app (not root).
function currentUser(): string | undefined {
  try {
    const name = process.env.SUDO_USER ?? os.userInfo().username;
    return name !== 'root' && USER_NAME.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Build the services over one source: the live machine, a bundle directory or a report (a path or a Source). */
export function createServices(from: Source | string | undefined, opts: ServiceOptions = {}): Services {
  const env = opts.env ?? process.env;
  const sources = new SourceState(from, opts.demo ?? null);
  const listeners = new Set<(e: StudioEvent) => void>();
  const emit = (e: StudioEvent): void => {
    for (const l of listeners) l(e);
  };
  const system = new SystemApply(env, opts.client, opts.uid);
  const rehearsal = new Rehearsal(opts.helper);
  const client: Client = opts.client ?? ((req) => runPrivileged(req));
  const latency = new LatencyService({ ...latencyDeps(env, client), ...(opts.measure ? { measure: opts.measure } : {}), ...(opts.access ? { access: opts.access } : {}) });
  const ports = new PortLabels(env);
  let last: { scan: ScanResult; snapshot: Snapshot } | null = null;
  let watcher: HotplugWatcher | null = null;

  const probe = (src: Source = sources.source): { scan: ScanResult; snapshot: Snapshot } => {
    const snapshot = readSnapshot(src);
    return { scan: buildScan(snapshot, checkSnapshot), snapshot };
  };
  const scan = (): ScanResult => (last = probe()).scan;
  const current = (): { scan: ScanResult; snapshot: Snapshot } => last ?? (last = probe());
  const watch = (): void => {
    const live = sources.source.kind === 'live';
    if (live && listeners.size > 0 && !watcher) watcher = watchHotplug(onHotplug, opts.hotplug);
    if ((!live || listeners.size === 0) && watcher) {
      watcher.stop();
      watcher = null;
    }
  };
  const onHotplug = (): void => {
    const before = current().scan;
    const after = scan();
    emit({ type: 'usb-change', changes: usbChanges(before, after), scan: after });
  };
  const switched = (): void => {
    last = null;
    watch();
  };
  const machine = (): string => sources.machineKey();
  const latencyScope = () => (sources.source.kind === 'live' ? 'stored' : sources.source.kind === 'bundle' ? 'session' : 'report') as 'stored' | 'session' | 'report';
  const applied = (): AppliedStatus | null => {
    const s = system.status();
    return s.applied ? { applied: s.state === 'applied', state: s.state, createdAt: s.since, plan: s.plan, files: s.files ?? [], threads: s.threads, unresolved: s.unresolved, rebootPending: s.rebootPending, notes: s.notes } : null;
  };

  const api: StudioApi = {
    sourceInfo: async () => sources.info(),
    scan: async () => scan(),
    chainDevices: async () => {
      const c = current();
      return chainDevices(c.snapshot, c.scan);
    },
    plan: async (choices) => {
      const { snapshot } = current();
      const user = sources.source.kind === 'report' ? undefined : currentUser();
      const r = makePlan(snapshot, current().scan.findings, { ...choices, ...(user ? { user } : {}) });
      return r.ok ? { ok: true, plan: r.plan, preview: previewPlan(r.plan, snapshot), notes: r.notes } : r;
    },
    ...applyServices({ target: () => sources.info().apply, source: () => sources.source, report: () => sources.report, emit, system, rehearsal }),
    latencyRun: (req) => latency.run(req, latencyScope(), (p) => emit({ type: 'latency-progress', ...p })),
    latencyCancel: async () => latency.cancel(),
    latencyList: async () => latency.list(latencyScope(), sources.report?.latency ?? []),
    portLabels: async () => ports.list(machine()),
    setPortLabel: async (controller, port, label) => ports.set(machine(), controller, port, label),
    report: (format, options) => {
      const kind = sources.source.kind;
      const extras = sources.report;
      // A capture's report carries no measurement or applied state: those were of this computer, not the captured one.
      const latencyOf = () => (kind === 'live' ? pickLatency([], latencyDir(env)).latency : extras?.latency.length ? { results: extras.latency } : null);
      const appliedOf = () => (kind === 'live' ? applied() : (extras?.applied ?? null));
      return reportService(sources.source, { ...(opts.pdf ? { pdf: opts.pdf } : {}), latency: latencyOf, applied: appliedOf })(format, { ...options, ...(options.plan === undefined && extras?.plan ? { plan: extras.plan } : {}) });
    },
    openReport: async (name, text) => {
      sources.openReport(name, text);
      switched();
      return sources.info();
    },
    closeReport: async () => {
      sources.closeReport();
      switched();
      return sources.info();
    },
    simulateReplug: async () => {
      const { before, after } = sources.replug();
      last = probe(after);
      emit({ type: 'usb-change', changes: usbChanges(probe(before).scan, last.scan), scan: last.scan, simulated: true });
      return sources.info();
    },
  };
  return {
    ...api,
    subscribe(listener) {
      listeners.add(listener);
      watch();
      return () => {
        listeners.delete(listener);
        watch();
      };
    },
    close() {
      listeners.clear();
      watch();
      rehearsal.close();
    },
  };
}
