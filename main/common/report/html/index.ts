// The HTML report: one self-contained file — inline CSS, inline SVG, no
// script, no network (a CSP forbids both), readable on a phone, printable,
// light or dark with the reader's system.
import { buildModel } from '../model.js';
import type { ReportInput } from '../types.js';
import { closingSections, latencySection, planSection } from './aux.js';
import { irqSection, pathsSection, usbSection } from './detail.js';
import { esc } from './escape.js';
import { findingsSection, headSection, machineSection } from './sections.js';
import { CSS } from './style.js';

// Nothing may load: no script, no fetch, no image, no font; only the inline style.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Render a report as one HTML document. */
export function renderHtml(input: ReportInput): string {
  const m = buildModel(input);
  const toc: [string, string][] = [
    ['machine', 'Machine'],
    ['checks', 'Checks'],
    ['paths', 'Audio paths'],
    ['irqs', 'IRQ table'],
    ['usb', 'USB'],
    ...(m.plan || m.applied ? ([['plan', 'Plan']] as [string, string][]) : []),
    ...(m.latency ? ([['latency', 'Latency']] as [string, string][]) : []),
    ...(m.raw.length ? ([['raw', 'Raw files']] as [string, string][]) : []),
  ];
  const body = [
    headSection(m, toc),
    machineSection(m),
    findingsSection(m),
    pathsSection(m),
    irqSection(m),
    usbSection(m),
    planSection(m),
    latencySection(m),
    closingSections(m),
  ].filter(Boolean);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<meta name="generator" content="${esc(m.generator)}">`,
    `<title>${esc(m.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
