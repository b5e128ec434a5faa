import { describe, expect, it } from 'vitest';
import { sourceFromReportJson, SourceError } from '../../../../main/probe/open.js';

const report = (extra: Record<string, unknown> = {}, bundle: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'studio-setup-report', version: 1, bundle: { files: { '/proc/interrupts': 'x' }, links: {}, ...bundle }, ...extra });
const refused = (text: string): string => {
  try {
    sourceFromReportJson(text, 'r.json');
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('sourceFromReportJson', () => {
  it("keeps the bundle's empty directories (an empty msi_irqs/ means INTx)", () => {
    const src = sourceFromReportJson(report({}, { dirs: ['/sys/devices/pci0000:00/0000:00:1b.0/msi_irqs'] }), 'r.json');
    expect(src.list('/sys/devices/pci0000:00/0000:00:1b.0/msi_irqs')).toEqual([]);
    expect(src.read('/proc/interrupts')).toBe('x');
  });

  it('accepts the report fields it does not need (scan, plan, latency, ...)', () => {
    expect(() => sourceFromReportJson(report({ createdAt: '2026-11-22T00:00:00Z', redacted: true, scan: { audioPaths: [] }, plan: {}, latency: { results: [] } }), 'r.json')).not.toThrow();
  });

  it('refuses a newer version, a missing bundle, bad paths, and says what was given instead', () => {
    expect(refused(report({ version: 2 }))).toMatch(/^r\.json is not a Studio Setup report \(version: version newer than 1: made by a newer Studio Setup/);
    expect(refused(JSON.stringify({ format: 'studio-setup-report', version: 1 }))).toMatch(/\(bundle: /);
    expect(refused(report({}, { files: { 'a\0b\x1b[2J': '' } }))).toBe('r.json is not a Studio Setup report (bundle.files.a?b?[2J: Invalid key in record)');
    expect(refused(JSON.stringify({ schema: 1, audioPaths: [], irqTable: [] }))).toMatch(/is `scan --json` output, which holds no capture/);
    expect(refused(JSON.stringify({ format: 'studio-setup-bundle', version: 1 }))).toMatch(/bundle's bundle\.json: pass the bundle's directory/);
    expect(refused('[1, 2]')).toMatch(/top level/);
    expect(refused('{"format": "studio-setup-report", "version": 1, "bundle": ')).toMatch(/is not JSON/);
  });
});
