// The whole wizard, driven the way a user does it, on any Page (Chromium on
// web mode, or Electron's window): every step's visible content checked, a
// screenshot of each kept under test-results/wizard/<story>/, and an axe-core
// scan with no serious or critical violation.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { REPO } from './server.js';

/** What one bundle must show, step by step. */
export interface Story {
  /** Folder of the screenshots (test-results/wizard/<name>/). */
  name: string;
  verdict: RegExp;
  /** Titles under "Needs attention". */
  attention: string[];
  /** A finding whose "Fix it" switch is on by default. */
  fixOn?: string;
  /** Interface names offered (none: no sound card). */
  interfaces: string[];
  /** Text of the chosen interface's picture. */
  picture?: RegExp;
  controllers: number;
  /** The demo's simulated move. */
  simulate?: { news: RegExp };
  /** Thread names in the plan table (none: no thread changes). */
  planRows: string[];
  planNote?: RegExp;
  /** Rehearse Apply (and revert from another screen), or find nothing to apply. */
  apply: 'rehearse' | 'nothing';
  /** `skip`: only the step's content (Electron on a machine whose limits would need the password). */
  verify: 'measure' | 'cancel' | 'missing-tool' | 'skip';
  /** Web mode hands the PDF to the browser's print; Electron prints it itself. */
  pdf?: 'print' | 'download';
}

const SHOTS = path.join(REPO, 'test-results', 'wizard');

/** Screenshot of the current step (full page). */
export async function shoot(page: Page, story: string, file: string): Promise<void> {
  fs.mkdirSync(path.join(SHOTS, story), { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, story, `${file}.png`), fullPage: true });
}

/** axe-core on the page: no serious or critical violation (WCAG 2.1 A and AA rules). */
export async function axe(page: Page, where: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${where}`).toEqual([]);
}

/** Go to a step through the step list and wait for its title. */
export async function step(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: new RegExp(`^${title} `) }).click();
  await expect(page.locator('#step-title')).toHaveText(title);
}

/** Drive Check → Report on `page` (already at the app's address). */
export async function drive(page: Page, s: Story): Promise<void> {
  const main = page.getByRole('main');
  // Check
  await expect(page.locator('#step-title')).toHaveText('Check');
  await expect(page.locator('#verdict-title')).toBeVisible();
  await expect(main.locator('.verdict')).toContainText(s.verdict);
  for (const t of s.attention) await expect(main.locator('.finding', { hasText: t }).first()).toBeVisible();
  if (s.fixOn) await expect(main.locator('.finding', { hasText: s.fixOn }).getByRole('switch')).toBeChecked();
  await shoot(page, s.name, '1-check');
  await axe(page, `${s.name}: Check`);

  // Audio chain
  await page.getByRole('button', { name: 'Next: Audio chain →' }).click();
  await expect(page.locator('#step-title')).toHaveText('Audio chain');
  await expect(page.locator('#step-title')).toBeFocused();
  const radios = main.getByRole('radio');
  await expect(radios).toHaveCount(s.interfaces.length);
  for (const n of s.interfaces) await expect(main.locator('.cand', { hasText: n }).first()).toBeVisible();
  if (s.interfaces.length === 0) await expect(main).toContainText('No sound card was found');
  if (s.picture) await expect(main.locator('.cand.chosen')).toContainText(s.picture);
  await shoot(page, s.name, '2-audio-chain');
  await axe(page, `${s.name}: Audio chain`);

  // USB ports
  await page.getByRole('button', { name: 'Next: USB ports →' }).click();
  await expect(main.locator('article.ctl')).toHaveCount(s.controllers);
  if (s.simulate) {
    await main.getByRole('button', { name: 'Simulate moving the interface (demo)' }).click();
    await expect(main.locator('.news-item').first()).toContainText(s.simulate.news);
    await expect(main.locator('.news-item').first()).toContainText('simulated');
    await expect(page.locator('header .source')).toContainText('interface moved');
  }
  if (s.controllers > 0) {
    const socket = main.locator('li.dev').first();
    const port = await socket.getAttribute('data-port');
    await socket.getByRole('button', { name: /^Name this socket for USB port/ }).click();
    await socket.getByRole('textbox').fill('rear left');
    await socket.getByRole('button', { name: 'Save' }).click();
    await expect(main.locator(`li.dev[data-port="${port}"]`)).toContainText('“rear left”');
  }
  await shoot(page, s.name, '3-usb-ports');
  await axe(page, `${s.name}: USB ports`);

  // Plan
  await page.getByRole('button', { name: 'Next: Plan →' }).click();
  await expect(main.getByRole('heading', { name: 'IRQ threads: today → planned' })).toBeVisible();
  const rows = main.locator('table.data').first().locator('tbody tr');
  if (s.planRows.length > 0) {
    await expect(rows).toHaveCount(s.planRows.length);
    for (const t of s.planRows) await expect(rows.filter({ hasText: t })).toContainText('FIFO');
  }
  if (s.planNote) await expect(main).toContainText(s.planNote);
  await shoot(page, s.name, '4-plan');
  await axe(page, `${s.name}: Plan`);

  // Apply
  await page.getByRole('button', { name: 'Next: Apply →' }).click();
  if (s.apply === 'nothing') await expect(main).toContainText('Nothing to apply');
  else {
    await expect(main).toContainText('A rehearsal.');
    await main.getByRole('button', { name: 'Apply to the throw-away folder' }).click();
    await expect(main.locator('.note.good[role=status]')).toContainText(/Rehearsed: \d+ steps done and checked/);
    // Each step the helper reported, listed (folded away behind "N steps done" when long).
    await expect(main.locator('.progress ol.steps li').first()).toBeAttached();
    await expect(main.getByRole('heading', { name: 'The rehearsal, read back' })).toBeVisible();
    if (s.planRows.length > 0) await expect(main.locator('.status table')).toContainText('recorded, not set');
    await expect(page.locator('header').getByRole('button', { name: 'Revert' })).toBeVisible();
  }
  await shoot(page, s.name, '5-apply');
  await axe(page, `${s.name}: Apply`);

  // Verify
  await page.getByRole('button', { name: 'Next: Verify →' }).click();
  await expect(main).toContainText('This measures this computer');
  await main.getByRole('combobox', { name: 'Length' }).selectOption('10');
  if (s.verify === 'skip') {
    await expect(main.getByRole('button', { name: 'Measure “before”' })).toBeEnabled();
  } else if (s.verify === 'missing-tool') {
    await main.getByRole('button', { name: 'Measure “before”' }).click();
    await expect(main.locator('.note[role=status]')).toContainText('cyclictest is not installed');
    await expect(main.locator('.note[role=status]')).toContainText(/sudo (apt install rt-tests|dnf install realtime-tests)/);
    await expect(main).not.toContainText('worst case');
  } else if (s.verify === 'cancel') {
    await main.getByRole('button', { name: 'Measure “before”' }).click();
    await expect(main.getByRole('progressbar')).toBeVisible();
    await expect(main).toContainText(/Measuring “before”…\s+\d+ of 10 seconds/);
    await main.getByRole('button', { name: 'Cancel' }).click();
    await expect(main.locator('.note[role=status]')).toContainText('The measurement was cancelled; nothing was kept.');
    await expect(main).toContainText('No measurement yet.');
  } else {
    for (const label of ['before', 'after'] as const) {
      await main.getByRole('button', { name: `Measure “${label}”` }).click();
      await expect(main).toContainText(`Measuring “${label}”…`);
      await expect(main.getByRole('progressbar')).toBeVisible();
      await expect(main.getByRole('progressbar')).toBeHidden({ timeout: 60_000 });
    }
    await expect(main.getByRole('heading', { name: 'Results' })).toBeVisible();
    await expect(main.locator('figure.latency li[data-series="before"]')).toContainText('worst case');
    await expect(main.locator('figure.latency li[data-series="after"]')).toContainText('worst case');
    await expect(main.locator('figure.latency svg path[data-series="after"]')).toHaveCount(1);
  }
  await shoot(page, s.name, '6-verify');
  await axe(page, `${s.name}: Verify`);
  if (s.apply === 'rehearse') {
    // Revert is one click from any screen once something is applied.
    await page.locator('header').getByRole('button', { name: 'Revert' }).click();
    await expect(page.locator('.notice')).toContainText('Reverted: the rehearsal folder is as it was before Apply.');
    await expect(page.locator('header').getByRole('button', { name: 'Revert' })).toBeHidden();
  }

  // Report
  await page.getByRole('button', { name: 'Next: Report →' }).click();
  const saved: Record<string, string> = {};
  for (const [name, ext] of [
    ['HTML', 'html'],
    ['Markdown', 'md'],
    ['JSON', 'json'],
  ] as const) {
    const download = page.waitForEvent('download');
    await main.getByRole('button', { name: `Export ${name}` }).click();
    const d = await download;
    expect(d.suggestedFilename()).toMatch(new RegExp(`^studio-setup-report-\\d{4}-\\d{2}-\\d{2}\\.${ext}$`));
    saved[ext] = await d.path().then((p) => fs.readFileSync(p, 'utf8'));
    await expect(main.locator('.note.good')).toContainText(`Saved studio-setup-report-`);
  }
  expect(saved.html).toMatch(/^<!doctype html>/i);
  expect(saved.md).toMatch(/^# /);
  expect(JSON.parse(saved.json ?? '{}')).toMatchObject({ format: 'studio-setup-report', redacted: true });
  if (s.pdf === 'download') {
    const download = page.waitForEvent('download');
    await main.getByRole('button', { name: 'Export PDF' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
  } else {
    await main.getByRole('button', { name: 'Export PDF' }).click();
    await expect(main.getByRole('link', { name: 'open the printable report' })).toBeVisible();
  }
  await shoot(page, s.name, '7-report');
  await axe(page, `${s.name}: Report`);

  // Open report: the exported JSON becomes the source, read-only.
  const file = path.join(REPO, 'test-results', 'wizard', s.name, 'exported-report.json');
  fs.writeFileSync(file, saved.json ?? '');
  await main.getByLabel('Open report (report.json)').setInputFiles(file);
  await expect(page.locator('.banner')).toContainText("Someone's report, read-only: exported-report.json");
  await step(page, 'Apply');
  await expect(main).toContainText("someone's report, read-only. Nothing can be applied from it.");
  await shoot(page, s.name, '8-opened-report');
  await step(page, 'Report');
  await main.getByRole('button', { name: 'Close it and go back' }).click();
  await expect(page.locator('.banner')).not.toContainText("Someone's report");
}
