// Latency results built from the real cyclictest captures (tests/fixtures/latency).
import fs from 'node:fs';
import path from 'node:path';
import { parseCyclictest } from '../../../main/common/latency/parse.js';
import { buildResult, type LatencyResult, type LatencySettings } from '../../../main/common/latency/result.js';

/** The captures' directory. */
export const LATENCY_FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/latency');

/** Settings as the runner records them (60 s, no load). */
export const SETTINGS: LatencySettings = {
  tool: 'cyclictest',
  toolVersion: '2.40',
  seconds: 60,
  load: 'none',
  priority: 80,
  intervalUs: 1000,
  histogramUs: 10000,
  pmQos: false,
  via: 'direct',
  command: ['cyclictest'],
};

/** A stored result made from a real capture. */
export function fixtureResult(file: string, label: string | null, settings: Partial<LatencySettings> = {}, at = '2026-11-22T01:38:00Z'): LatencyResult {
  const r = parseCyclictest(fs.readFileSync(path.join(LATENCY_FIXTURES, file), 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${r.error}`);
  const when = new Date(at);
  return buildResult(r.run, { label, startedAt: when, finishedAt: when, settings: { ...SETTINGS, ...settings }, kernel: '6.18.44-fc-v669', cpus: 2 });
}
