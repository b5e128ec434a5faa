// A report's JSON holds what its scan read: `scan --from REPORT.json` finds the
// same analysis as scanning the bundle itself, on every fixture bundle, and
// redaction leaves no user, host, serial or MAC behind while the audio paths
// stay the same.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSnapshot } from '../../../../main/checks/index.js';
import { renderHtml } from '../../../../main/common/report/html/index.js';
import { renderJson } from '../../../../main/common/report/json.js';
import { renderMarkdown } from '../../../../main/common/report/markdown.js';
import { buildScan, type ScanResult } from '../../../../main/common/scan.js';
import { collectReport } from '../../../../main/report/collect.js';
import { sourceFromReportJson } from '../../../../main/probe/open.js';
import { readSnapshot } from '../../../../main/probe/snapshot.js';
import { DirSource, MemorySource, type Source } from '../../../../main/probe/source.js';
import { BUNDLES, SECRETS, seededBundle } from './seeded.js';

const scanOf = (src: Source): ScanResult => buildScan(readSnapshot(src), checkSnapshot);
// The scan minus what names where and when it was read.
const comparable = (s: ScanResult) => ({ ...s, source: null, takenAt: null });
const FIXTURES = fs.readdirSync(BUNDLES).filter((d) => fs.statSync(path.join(BUNDLES, d)).isDirectory());

describe('report JSON round trip', () => {
  it('covers every fixture bundle', () => expect(FIXTURES.length).toBeGreaterThanOrEqual(25));

  for (const id of FIXTURES) {
    it(`${id}: scan --from the report = scan of the bundle (redacted and not)`, () => {
      const dir = path.join(BUNDLES, id);
      const direct = comparable(scanOf(new DirSource(dir)));
      for (const redact of [false, true]) {
        const input = collectReport(new DirSource(dir), { redact, now: new Date('2026-11-22T12:00:00Z') });
        const json = renderJson(input);
        const reread = comparable(scanOf(sourceFromReportJson(json, 'report.json')));
        // The report's own scan is the one `scan --from` finds.
        expect(reread).toEqual(comparable(input.scan));
        if (!redact) expect(reread).toEqual(direct);
        else expect(reread.audioPaths).toEqual(direct.audioPaths);
      }
    });
  }
});

describe('redaction', () => {
  const seeded = seededBundle();
  const input = collectReport(new MemorySource(seeded, 'bundle seeded', 'bundle'));
  const outputs = { json: renderJson(input), md: renderMarkdown(input), html: renderHtml(input) };

  it('leaves no user or host name, serial or MAC in any format (bytes, any case)', () => {
    for (const [format, text] of Object.entries(outputs)) {
      const lower = text.toLowerCase();
      for (const s of SECRETS) expect(lower.includes(s.toLowerCase()), `${s} in ${format}`).toBe(false);
    }
    expect(input.redaction).toEqual({ users: 2, hosts: 1, serials: 4, macs: 2 });
  });

  it('the redacted JSON scans to the same audio paths, IRQ table and USB tree as the original', () => {
    const original = scanOf(new MemorySource(seeded, 'seeded', 'bundle'));
    const reread = scanOf(sourceFromReportJson(outputs.json, 'report.json'));
    expect(reread.audioPaths).toEqual(original.audioPaths);
    expect(reread.irqTable).toEqual(original.irqTable);
    // The same tree; only names that carried a secret read otherwise (a MAC in a product string).
    const unnamed = (x: unknown) => JSON.parse(JSON.stringify(x).replace(/"name":"[^"]*"/g, '"name":"-"'));
    expect(unnamed(reread.usbControllers)).toEqual(unnamed(original.usbControllers));
    expect(JSON.stringify(reread.usbControllers)).toContain('"name":"QEMU Tablet <mac-2>"');
    expect(reread.findings.map((f) => [f.id, f.status])).toEqual(original.findings.map((f) => [f.id, f.status]));
  });

  it('keeps stable placeholders: a serial in sysfs, a plan and the scan get the same one; root hub ids stay', () => {
    const files = input.bundle.files;
    expect(files['/sys/devices/pci0000:00/0000:00:04.0/usb5/5-1/serial']).toBe('<serial-1>\n');
    expect(files['/sys/devices/pci0000:00/0000:00:04.0/usb5/serial']).toBe('0000:00:04.0\n');
    expect(files['/cmd/id.txt']).toBe('uid=1000(<user>) gid=1000(<user>) groups=1000(<user>),29(audio),27(sudo)\n');
    expect(files['/cmd/getent-audio.txt']).toBe('audio:x:29:<user>,<user-2>\nexit=0\n');
    expect(files['/cmd/uname-a.txt']).toMatch(/^Linux <host> 6\.1\.0-56-rt-amd64 /);
    expect(files['/proc/cmdline']).toMatch(/BOOTIF=<mac-1> init=\/home\/<user>\/bin\/init\n$/);
    const withPlan = collectReport(new MemorySource(seeded, 'bundle seeded', 'bundle'), {
      plan: {
        format: 'studio-setup-plan',
        version: 1,
        createdAt: '2026-11-22T12:00:00Z',
        user: 'hildegard',
        targets: [{ kind: 'usb', id: '46f4:0002', serial: 'SCARLETT-7Q2X9K', role: 'interface', priority: 90, reason: 'hildegard\'s interface' }],
        fixes: [],
      },
    });
    expect(withPlan.plan?.user).toBe('<user>');
    expect(withPlan.plan?.targets[0]).toMatchObject({ serial: '<serial-1>', reason: "<user>'s interface" });
  });

  it('--no-redact keeps everything as captured', () => {
    const raw = renderJson(collectReport(new MemorySource(seeded, 'bundle seeded', 'bundle'), { redact: false }));
    expect(raw).toContain('zanzibar-studio');
    expect(raw).toContain('SCARLETT-7Q2X9K');
    expect(JSON.parse(raw).redacted).toBe(false);
  });
});
