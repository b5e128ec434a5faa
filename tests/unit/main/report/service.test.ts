// The contract's `report` method, as the wizard's Export button calls it through
// any transport: validated arguments, a file to save, PDF from the process's
// printer or, without one (web mode), the HTML for the browser's own print.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirSource } from '../../../../main/probe/source.js';
import { reportService } from '../../../../main/report/service.js';
import { createServices } from '../../../../main/services.js';
import { dispatch } from '../../../../main/transport.js';
import { BUNDLES, labPlan } from './seeded.js';

const lab = () => new DirSource(path.join(BUNDLES, 'lab-rt-6.1'));

describe('report service', () => {
  it('serves Markdown, HTML and JSON as text files named by date', async () => {
    const s = createServices(lab());
    const md = await s.report('md', {});
    expect(md).toMatchObject({ format: 'md', mimeType: 'text/markdown; charset=utf-8', encoding: 'utf8' });
    expect(md.fileName).toMatch(/^studio-setup-report-\d{4}-\d{2}-\d{2}\.md$/);
    expect(md.data).toMatch(/^# Studio Setup report/);
    const json = JSON.parse((await s.report('json', { redact: false, plan: labPlan() })).data);
    expect(json.redacted).toBe(false);
    expect(json.preview.rows.map((r: { comm: string }) => r.comm)).toEqual(['irq/33-snd_hda_intel:card1', 'irq/16-uhci_hcd:usb2']);
    s.close();
  });

  it('prints PDF with the printer it is given (Electron) and returns the bytes base64', async () => {
    let printed = '';
    const report = reportService(lab(), { pdf: async (html) => ((printed = html), new TextEncoder().encode('%PDF-1.7 fake')) });
    const pdf = await report('pdf', {});
    expect(pdf).toMatchObject({ format: 'pdf', mimeType: 'application/pdf', encoding: 'base64' });
    expect(Buffer.from(pdf.data, 'base64').toString()).toBe('%PDF-1.7 fake');
    expect(printed).toMatch(/^<!DOCTYPE html>/);
    expect(pdf.print).toBeUndefined();
  });

  it('without a printer (web mode) a PDF request returns the HTML marked for the browser to print', async () => {
    const r = await createServices(lab()).report('pdf', {});
    expect(r).toMatchObject({ format: 'html', encoding: 'utf8', print: true, mimeType: 'text/html; charset=utf-8' });
    expect(r.fileName).toMatch(/\.html$/);
    expect(r.data).toMatch(/^<!DOCTYPE html>/);
  });

  it('every transport validates the arguments first', async () => {
    const s = createServices(lab());
    const bad = [
      ['docx', {}],
      ['md'],
      ['md', { redact: 'no' }],
      ['md', { extra: true }],
      ['md', { plan: { ...labPlan(), targets: [{ kind: 'pci', controller: '$(reboot)', role: 'interface', priority: 90, reason: '' }] } }],
    ];
    for (const args of bad) expect(await dispatch(s, 'report', args), JSON.stringify(args)).toMatchObject({ ok: false, error: expect.stringMatching(/^bad arguments for report/) });
    expect(await dispatch(s, 'report', ['md', { redact: true }])).toMatchObject({ ok: true, value: { format: 'md' } });
  });
});
