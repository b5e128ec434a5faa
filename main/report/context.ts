// What a report of this machine adds to the scan: the latency results stored
// here (main/latency/store.ts) and what the privileged helper applied. Both
// belong to this machine, never to a bundle or a report read with --from.
import fs from 'node:fs';
import type { AppliedStatus, ReportLatency } from '../common/report/types.js';
import { latencyDir, listResults, findResult } from '../latency/store.js';
import { Root } from '../privileged/helper/paths.js';
import { statusOf } from '../privileged/helper/status.js';

/** The helper's journal (docs/privileged.md), root-only (0600). */
const JOURNAL = '/var/lib/studio-setup/journal.json';

/**
 * The stored results a report shows: the ones named (labels or files), else the
 * newest and, before it, the newest labelled "before" — the comparison people make.
 */
export function pickLatency(names: readonly string[], dir = latencyDir()): { latency: ReportLatency | null; errors: string[] } {
  const errors: string[] = [];
  if (names.length > 0) {
    const results = names.flatMap((n) => {
      const r = findResult(n, dir);
      if (!r.ok) errors.push(r.error);
      return r.ok ? [r.result] : [];
    });
    results.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    return { latency: results.length ? { results } : null, errors };
  }
  const all = listResults(dir).map((x) => x.result);
  const last = all[all.length - 1];
  if (!last) return { latency: null, errors };
  const before = all
    .slice(0, -1)
    .filter((r) => /before/i.test(r.label ?? ''))
    .pop();
  return { latency: { results: before ? [before, last] : [last] }, errors };
}

/** What is applied on this machine, when the journal can be read (as root); null when nothing is, or it cannot be told. */
export function appliedHere(journal = JOURNAL): AppliedStatus | null {
  try {
    fs.accessSync(journal, fs.constants.R_OK);
  } catch {
    return null;
  }
  try {
    const s = statusOf(new Root('/'));
    return s.state === null ? null : s;
  } catch {
    // A journal we cannot parse is the helper's to report (`status`), not the report's.
    return null;
  }
}
