// The HTML report as a reader sees it: rendered by Debian's Chromium through
// Playwright, its sections found in the DOM, no request leaving the page, no
// script running from hostile names, a phone layout, a print layout, and
// screenshots under test-results/report/ to look at.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../../../../main/common/report/html/index.js';
import type { ReportInput } from '../../../../../main/common/report/types.js';
import { collectReport } from '../../../../../main/report/collect.js';
import { DirSource, MemorySource } from '../../../../../main/probe/source.js';
import { BUNDLES, HOSTILE, hostileBundle, labPlan, latencyFixture } from '../../report/seeded.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SHOTS = path.resolve(import.meta.dirname, '../../../../../test-results/report');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-report-html-'));
const have = fs.existsSync(CHROMIUM);
let browser: Browser;

beforeAll(async () => {
  if (!have) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Open a report as a file, recording every request and dialog the page makes. */
async function open(input: ReportInput, name: string, opts: { width?: number; dark?: boolean } = {}) {
  const file = path.join(tmp, `${name}.html`);
  fs.writeFileSync(file, renderHtml(input));
  const page: Page = await browser.newPage({ viewport: { width: opts.width ?? 1100, height: 900 }, colorScheme: opts.dark ? 'dark' : 'light' });
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  return { page, requests, dialogs, url: pathToFileURL(file).href };
}

function fullLab(): ReportInput {
  const latency = { results: [latencyFixture('hist-live-2cpu.txt', 'before', '2026-11-22T10:00:00Z'), latencyFixture('lab-rt-tcg-hist-quiet.txt', 'after', '2026-11-22T11:00:00Z')] };
  return collectReport(new DirSource(path.join(BUNDLES, 'lab-rt-6.1')), { plan: labPlan(), latency, now: new Date('2026-11-22T12:00:00Z') });
}

describe.skipIf(!have)('HTML report in Chromium', () => {
  it('shows every section, loads nothing, and is saved as a screenshot', async () => {
    const { page, requests, dialogs, url } = await open(fullLab(), 'lab');
    await page.screenshot({ path: path.join(SHOTS, 'lab-desktop.png'), fullPage: true });
    expect(requests).toEqual([url]);
    expect(dialogs).toEqual([]);
    expect(await page.locator('#verdict .level').textContent()).toBe('Almost ready');
    expect(await page.locator('#verdict .text').textContent()).toMatch(/^Works, with these 2 things to fix first/);
    expect(await page.locator('#machine dt').allTextContents()).toEqual(expect.arrayContaining(['Distribution', 'Kernel', 'Preemption', 'Threaded IRQs', 'CPU']));
    expect(await page.locator('#checks .finding.warn').count()).toBe(2);
    // Four cards, each drawn as a chain ending in its IRQ thread; card 0 shares IRQ 22 with the e1000.
    expect(await page.locator('#paths .path').count()).toBe(4);
    expect(await page.locator('#card-0 svg.chain-h .node.irq.bad').count()).toBe(1);
    expect(await page.locator('#card-0 svg.chain-h .sharers').textContent()).toMatch(/enp0s2/);
    expect(await page.locator('#card-1 svg.chain-h .node.irq.ok').count()).toBe(1);
    expect(await page.locator('#card-2 svg.chain-h .node.port').textContent()).toMatch(/USB port 2-2/);
    expect(await page.locator('#card-1 svg.chain-h .node.thread').textContent()).toMatch(/FIFO 50 → FIFO 90 \(planned\)/);
    // IRQ table: 21 lines (23 rows with the shared lines' second threads), the plan column filled for the planned threads.
    expect(await page.locator('#irqs tbody tr').count()).toBe(23);
    expect(await page.locator('#irqs thead th').allTextContents()).toEqual(['IRQ', 'Thread', 'Now', 'Plan', 'Events', 'Handlers', 'Notes']);
    expect(await page.locator('#irqs tbody tr.audio').count()).toBe(6);
    // USB: five controllers, each a tree; the audio devices outlined.
    expect(await page.locator('#usb .usb').count()).toBe(5);
    expect(await page.locator('#usb svg .node.audio').count()).toBe(2);
    expect(await page.locator('#plan table').count()).toBe(1);
    expect(await page.locator('#plan .revert').textContent()).toMatch(/studio-setup revert/);
    expect(await page.locator('#latency svg .bar.after').count()).toBeGreaterThan(3);
    await page.close();
  });

  it('hostile names stay text: no element, no script, no dialog', async () => {
    const input = collectReport(new MemorySource(hostileBundle(), 'bundle hostile', 'bundle'));
    const { page, requests, dialogs, url } = await open(input, 'hostile');
    await page.screenshot({ path: path.join(SHOTS, 'hostile.png'), fullPage: true });
    expect(requests).toEqual([url]);
    expect(dialogs).toEqual([]);
    expect(await page.locator('img, script, iframe, object, embed').count()).toBe(0);
    expect(await page.locator('style').count()).toBe(1);
    expect(await page.locator('#card-1 h3').textContent()).toContain(`Card 1: ${HOSTILE.card}`);
    expect(await page.locator('#card-0 svg.chain-h .sharers title').textContent()).toBe(HOSTILE.action);
    expect(await page.locator('#irqs').textContent()).toContain(`irq/22-${HOSTILE.pipe}`);
    await page.close();
  });

  it('reads on a phone: one-column chains, nothing wider than the screen but the scrolling table', async () => {
    const { page } = await open(fullLab(), 'phone', { width: 390 });
    await page.screenshot({ path: path.join(SHOTS, 'lab-phone.png'), fullPage: true });
    expect(await page.locator('#card-0 svg.chain-v').isVisible()).toBe(true);
    expect(await page.locator('#card-0 svg.chain-h').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('follows the dark scheme, and prints light with the wide chains', async () => {
    const { page } = await open(fullLab(), 'dark', { dark: true });
    await page.screenshot({ path: path.join(SHOTS, 'lab-dark.png') });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(20, 22, 26)');
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(await page.locator('#card-0 svg.chain-h').isVisible()).toBe(true);
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.close();
  });
});
