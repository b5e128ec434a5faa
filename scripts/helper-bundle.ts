// The privileged helper as ONE self-contained file, app/dist/helper/helper.mjs:
// the deb/rpm copy it to /usr/lib/studio-setup/ beside a fixed-path wrapper
// (build/linux/studio-setup-helper), the AppImage hands a copy to root, and
// Electron runs it as Node. The main build shares chunks between its entries, so
// the helper gets a build of its own, without code splitting. ESM (.mjs): the
// entry uses top-level await, which CommonJS cannot express, and the extension
// tells Node the format wherever the file lies (no package.json near it there).
import path from 'node:path';
import { build, type Plugin } from 'vite';

// Bundled into electron-vite's config, import.meta.dirname is the repository
// itself: the plugin passes Vite's resolved root instead.
const REPO = path.resolve(import.meta.dirname, '..');

/** The helper's file name (the same in app/dist/helper, /usr/lib/studio-setup and the AppImage's copy). */
export const HELPER_FILE = 'helper.mjs';
/** Where `electron-vite build` writes it, relative to the repository. */
export const HELPER_OUT_DIR = 'app/dist/helper';

/** Bundle main/privileged/helper/index.ts (assets embedded with ?raw) into outDir/helper.mjs; returns its path. */
export async function buildHelperBundle(outDir: string = HELPER_OUT_DIR, repo: string = REPO): Promise<string> {
  outDir = path.resolve(repo, outDir);
  await build({
    configFile: false,
    logLevel: 'warn',
    root: repo,
    build: {
      ssr: path.join(repo, 'main/privileged/helper/index.ts'),
      outDir,
      emptyOutDir: true,
      target: 'node18',
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: HELPER_FILE, codeSplitting: false } },
    },
    ssr: { noExternal: true },
  });
  return path.join(outDir, HELPER_FILE);
}

/** Vite plugin for electron-vite's main build: writes the helper bundle once that build is done. */
export function helperBundle(): Plugin {
  let root = REPO;
  return {
    name: 'studio-setup-helper-bundle',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    async closeBundle() {
      await buildHelperBundle(HELPER_OUT_DIR, root);
    },
  };
}
