// Gather a report from a source: probe it through a recording source (so the
// report embeds exactly what the scan read), redact that bundle, and scan the
// embedded bundle itself — the report's analysis is, by construction, what
// `studio-setup scan --from REPORT.json` will find.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSnapshot } from '../checks/index.js';
import type { Plan } from '../common/plan.js';
import { previewPlan } from '../common/preview.js';
import { createRedactor, redactBundle } from '../common/report/redact.js';
import type { AppliedStatus, ReportBundle, ReportInput, ReportLatency, ReportScan } from '../common/report/types.js';
import { buildScan } from '../common/scan.js';
import { BUNDLE_FORMAT, configSubset, probeAll } from '../probe/capture.js';
import { RecordingSource } from '../probe/recording.js';
import { readSnapshot } from '../probe/snapshot.js';
import { MemorySource, type Source } from '../probe/source.js';

/** What a report includes besides the machine itself. */
export interface CollectOptions {
  /** Replace user and host names, serials and MACs (the default). */
  redact?: boolean;
  plan?: Plan;
  applied?: AppliedStatus;
  latency?: ReportLatency;
  /** The report's time (tests pin it). */
  now?: Date;
}

/** "Studio Setup 0.1.0", from the app's package.json (next to the sources or the build). */
export function generatorName(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const p of ['../../app/package.json', '../../package.json', '../../../app/package.json']) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.resolve(here, p), 'utf8')) as { name?: unknown; productName?: unknown; version?: unknown };
      if (pkg.name === 'studio-setup' && typeof pkg.version === 'string') return `${String(pkg.productName ?? 'Studio Setup')} ${pkg.version}`;
    } catch {
      // Not here: try the next layout.
    }
  }
  return 'Studio Setup';
}

/** What the report calls its source: never a local path (it may name the user's home). */
export function sourceLabel(src: Source): string {
  if (src.kind === 'live') return 'live machine';
  const name = src.label.replace(/^(bundle|report)\s+/, '').replace(/\/+$/, '').split('/').pop() ?? '';
  return `${src.kind} ${name}`.trim();
}

/** Record what the probes read from `src` as a bundle (as `capture` does: only the kernel threads' and audio tasks' /proc entries). */
export function recordBundle(src: Source, now: Date): ReportBundle {
  const rec = new RecordingSource(src);
  const { snapshot, pids } = probeAll(rec);
  const keep = (p: string): boolean => {
    const m = /^\/proc\/(\d+)(?:\/|$)/.exec(p);
    return !m || pids.has(Number(m[1]));
  };
  const data = rec.toBundle(keep);
  const { config, configSource } = snapshot.kernel;
  // The live kernel's configuration is read from /proc/config.gz outside the
  // source: store the relevant options the way a capture does.
  if (config && src.kind === 'live') {
    for (const p of Object.keys(data.files)) if (p.startsWith('/boot/config-')) delete data.files[p];
    data.files['/cmd/kernel-config.txt'] = configSubset(config, configSource ?? 'the kernel');
  }
  if (src.kind === 'live' && data.files['/bundle.json'] === undefined) {
    const commands = Object.fromEntries([...rec.commands].map(([name, out]) => [name, out === null ? 'unavailable' : 'ok']));
    data.files['/bundle.json'] = JSON.stringify({ format: BUNDLE_FORMAT, version: 1, createdAt: now.toISOString(), commands }, null, 2) + '\n';
  }
  return data;
}

/** Everything a report of `src` shows, redacted unless `redact: false`. */
export function collectReport(src: Source, opts: CollectOptions = {}): ReportInput {
  const now = opts.now ?? new Date();
  const recorded = recordBundle(src, now);
  const { bundle, redactor } = opts.redact === false ? { bundle: recorded, redactor: null } : redactBundle(recorded);
  const r = redactor ?? createRedactor({ users: [], hosts: [], serials: [], macs: [] });
  // Kind 'bundle': the embedded data is all there is (no /proc/config.gz, no clock).
  const snapshot = readSnapshot(new MemorySource(bundle, 'report', 'bundle'));
  const scan: ReportScan = { ...buildScan(snapshot, checkSnapshot), source: { kind: src.kind, label: r.text(sourceLabel(src)) } };
  const plan = opts.plan ? r.deep(opts.plan) : undefined;
  const input: ReportInput = {
    scan,
    bundle,
    machine: snapshot.machine ?? null,
    ...(plan ? { plan, preview: previewPlan(plan, snapshot) } : {}),
    ...(opts.applied ? { applied: r.deep(opts.applied) } : {}),
    ...(opts.latency ? { latency: r.deep(opts.latency) } : {}),
    createdAt: now.toISOString(),
    redaction: redactor ? redactor.counts() : null,
    generator: generatorName(),
  };
  return input;
}
