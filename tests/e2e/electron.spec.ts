// The same path in the Electron app (Playwright's _electron), where an
// Electron binary exists; skipped with the reason where it does not (npm ci
// skips the binary's download; no network, no binary).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { STUDIO_METHODS } from '../../main/common/contract.js';
import { REPO } from './server.js';
import { drive } from './wizard-path.js';

/** The Electron binary, or null when none is installed. */
function electronBinary(): string | null {
  try {
    // node_modules/electron/index.js throws until its binary is installed.
    const bin = createRequire(import.meta.url)('electron') as unknown;
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}
const binary = electronBinary();
const WHY =
  'No Electron binary here (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD, or it could not be downloaded; `node node_modules/electron/install.js` fetches it): the Electron run is skipped — the same path runs in Chromium against web mode (wizard.spec.ts), and the IPC layer is tested in Node (tests/unit/main/electron).';
test.describe('the wizard in Electron', () => {
  test('the demo, Check to Report, through the preload bridge', async () => {
    if (binary === null) {
      // The list reporter does not print skip reasons: say it in the run's output too.
      console.log(`Skipped: ${WHY}`);
      test.skip(true, WHY);
      return;
    }
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-electron-'));
    const app = await electron.launch({
      executablePath: binary as string,
      args: [path.join(REPO, 'app'), '--demo'],
      env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_STATE_HOME: path.join(home, 'state') },
    });
    try {
      const page = await app.firstWindow();
      // The preload exposes exactly the contract; the page has no Node.
      expect(await page.evaluate(() => Object.keys((window as unknown as { studio: object }).studio).sort())).toEqual([...STUDIO_METHODS].sort());
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
      // Navigation away from the app's page is blocked.
      await page.evaluate(() => {
        location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^file:.*\/renderer\/index\.html/);
      await drive(page, {
        name: 'electron-demo',
        verdict: /Almost ready/,
        attention: ["USB audio interface's interrupt line"],
        interfaces: ['Ensoniq AudioPCI', 'HDA Intel', 'QEMU USB Audio'],
        picture: /shared with i801_smbus/,
        controllers: 5,
        simulate: { news: /Plugged in: QEMU QEMU USB Audio\s+—\s+bus 5, controller 0000:00:04\.0/ },
        planRows: ['irq/29-xhci_hcd', 'irq/30-xhci_hcd', 'irq/31-xhci_hcd'],
        apply: 'rehearse',
        verify: 'skip',
        pdf: 'download',
      });
      // Single instance: a second launch hands over to the first and quits.
      const second = await electron.launch({ executablePath: binary as string, args: [path.join(REPO, 'app'), '--demo'] });
      await expect.poll(() => second.process().exitCode, { timeout: 15_000 }).not.toBeNull();
    } finally {
      await app.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
