// Builds main/privileged/helper/index.ts into one helper.js (as electron-vite
// does for app/dist/main, assets embedded with ?raw) so tests can run it as a
// child process: SIGKILL at every step, two helpers at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';

const REPO = path.resolve(import.meta.dirname, '../../../..');

/** Build the helper into a fresh directory; returns the path of helper.js. */
export async function buildHelper(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-helper-build-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: REPO,
    build: {
      ssr: path.join(REPO, 'main/privileged/helper/index.ts'),
      outDir,
      emptyOutDir: true,
      target: 'node18',
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'helper.js' } },
    },
    ssr: { noExternal: true },
  });
  return path.join(outDir, 'helper.js');
}
