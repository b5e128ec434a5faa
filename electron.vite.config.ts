import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { helperBundle } from './scripts/helper-bundle';

// Everything is bundled (no runtime node_modules in app/): the Electron main
// process, the CLI (also run by plain Node >= 18, e.g. inside the VM guest), the
// sandboxed preload (CommonJS) and the renderer; the privileged helper as one
// self-contained file, app/dist/helper/helper.mjs (scripts/helper-bundle.ts).
export default defineConfig({
  main: {
    plugins: [helperBundle()],
    build: {
      outDir: 'app/dist/main',
      target: 'node18',
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        input: {
          index: resolve('main/electron/index.ts'),
          cli: resolve('main/cli/index.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'app/dist/preload',
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        input: { index: resolve('main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [svelte()],
    build: {
      outDir: 'app/dist/renderer',
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
