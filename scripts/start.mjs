#!/usr/bin/env node
// npm start / npm run demo: build if needed, then open the app in Electron; where
// no Electron binary can be had (no network to download it, no display), fall
// back to web mode and say why in one line.
//   node scripts/start.mjs [--demo | --from DIR|REPORT.json] [--web] [--port N]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const demo = args.includes('--demo');
const forceWeb = args.includes('--web');
// The demo (a sample capture in demo/, Apply to a throw-away folder) is the app's own --demo.
const passThrough = args.filter((a) => a !== '--web');
if (demo && passThrough.includes('--from')) {
  console.error('npm run demo opens the sample capture; --from is for npm start');
  process.exit(2);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const built = path.join(root, 'app', 'dist', 'main', 'cli.js');
  const stale =
    !fs.existsSync(built) ||
    Math.max(newestMtime(path.join(root, 'main')), newestMtime(path.join(root, 'renderer'))) > fs.statSync(built).mtimeMs;
  if (!stale) return;
  console.log('Building the app…');
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Path of the Electron binary, downloading it once if npm did not (npm ci skips its install script); else why not. */
function electronBinary() {
  try {
    return { path: require('electron') };
  } catch {
    // node_modules/electron/index.js throws until its binary is installed.
  }
  console.log('Fetching the Electron runtime (once)…');
  const r = spawnSync(process.execPath, [require.resolve('electron/install.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
  // The installer's stack trace says little to a musician: keep its first error line.
  const why = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').find((l) => /error/i.test(l))?.trim().slice(0, 160) ?? (r.error ? r.error.message : '');
  if (r.status !== 0) return { path: null, why };
  try {
    return { path: require('electron') };
  } catch (e) {
    return { path: null, why: e.message.split('\n')[0] };
  }
}

function runWeb(reason) {
  if (reason) console.log(`${reason} Starting the web version instead.`);
  const child = spawn(process.execPath, [path.join(root, 'bin', 'studio-setup'), '--web', ...passThrough], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  process.on('SIGINT', () => child.kill('SIGINT'));
}

ensureBuilt();
if (forceWeb) runWeb();
else if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) runWeb('No graphical display here (DISPLAY and WAYLAND_DISPLAY are unset).');
else {
  const electron = electronBinary();
  if (!electron.path || !fs.existsSync(electron.path)) runWeb(`No Electron binary is available (it could not be downloaded${electron.why ? `: ${electron.why}` : ''}).`);
  else {
    const child = spawn(electron.path, [path.join(root, 'app'), ...passThrough], { stdio: 'inherit' });
    child.on('error', () => runWeb('Electron could not be started.'));
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}
