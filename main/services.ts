// The services behind the contract, in-process ("direct" transport). Electron's
// IPC and the web bridge both serve this object.
import { checkSnapshot } from './checks/index.js';
import type { SourceInfo, StudioApi, StudioEvent, StudioEvents } from './common/contract.js';
import { usbChanges } from './common/placement.js';
import { buildScan, type ScanResult } from './common/scan.js';
import { watchHotplug, type HotplugOptions, type HotplugWatcher } from './hotplug.js';
import { readSnapshot } from './probe/snapshot.js';
import { reportService, type ReportServiceOptions } from './report/service.js';
import type { Source } from './probe/source.js';

/** The contract's methods plus its events, and a way to stop background work. */
export type Services = StudioApi & StudioEvents & { close(): void };

/** Build the services over one source (the live machine, a bundle or a report). */
export function createServices(src: Source, hotplug: HotplugOptions = {}, report: ReportServiceOptions = {}): Services {
  const info: SourceInfo = { kind: src.kind, label: src.label };
  const listeners = new Set<(e: StudioEvent) => void>();
  let last: ScanResult | null = null;
  let watcher: HotplugWatcher | null = null;
  const scan = (): ScanResult => {
    last = buildScan(readSnapshot(src), checkSnapshot);
    return last;
  };
  const onHotplug = (): void => {
    const before = last ?? scan();
    const after = scan();
    const changes = usbChanges(before, after);
    for (const l of listeners) l({ type: 'usb-change', changes, scan: after });
  };
  return {
    sourceInfo: async () => info,
    scan: async () => scan(),
    report: reportService(src, report),
    subscribe(listener) {
      listeners.add(listener);
      // Only the live machine changes under us; a bundle or report is fixed.
      if (src.kind === 'live' && !watcher) watcher = watchHotplug(onHotplug, hotplug);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          watcher?.stop();
          watcher = null;
        }
      };
    },
    close() {
      listeners.clear();
      watcher?.stop();
      watcher = null;
    },
  };
}
