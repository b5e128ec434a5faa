// The services behind the contract, in-process ("direct" transport). Electron's
// IPC and the web bridge both serve this object.
import type { SourceInfo, StudioApi } from './common/contract.js';
import { buildScan } from './common/scan.js';
import { readSnapshot } from './probe/snapshot.js';
import type { Source } from './probe/source.js';

/** Build the StudioApi over one source (the live machine, a bundle or a report). */
export function createServices(src: Source): StudioApi {
  const info: SourceInfo = { kind: src.kind, label: src.label };
  return {
    sourceInfo: async () => info,
    scan: async () => buildScan(readSnapshot(src)),
  };
}
