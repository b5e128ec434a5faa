// npm start / npm run demo: with no graphical display (or --web) it says why in
// one line and starts web mode, whose address serves the app and its contract.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../../..');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-start-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

async function start(args: string[], env: NodeJS.ProcessEnv): Promise<{ lines: string[]; url: string }> {
  const child = spawn(process.execPath, [path.join(REPO, 'scripts/start.mjs'), ...args], {
    env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, 'c'), XDG_STATE_HOME: path.join(home, 's'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address within 120 s:\n${out}`)), 120_000);
      const take = (c: Buffer): void => {
        out += c.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
    });
    const token = new URL(url).hash.replace('#token=', '');
    const r = await fetch(new URL('/api/call', url), { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Studio-Token': token }, body: '{"method":"sourceInfo","args":[]}' });
    const info = (await r.json()) as { value: { demo: unknown } };
    expect(info.value.demo).toEqual({ replugged: false });
    expect((await fetch(new URL('/', url))).status).toBe(200);
    return { lines: out.split('\n').filter((l) => l.trim() !== '' && !/^Building|vite|built in|\.js|\.css|\.html|transforming|modules/.test(l)), url };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
}

describe('scripts/start.mjs', () => {
  it('npm run demo without a display: one line says why, then the web version of the demo', async () => {
    const { lines } = await start(['--demo', '--port', '0'], {});
    expect(lines[0]).toBe('No graphical display here (DISPLAY and WAYLAND_DISPLAY are unset). Starting the web version instead.');
    expect(lines[1]).toMatch(/^Studio Setup is running in web mode, looking at the demo/);
  }, 150_000);

  it('--web asks for web mode: no explanation needed', async () => {
    const { lines } = await start(['--demo', '--web', '--port', '0'], { DISPLAY: ':99' });
    expect(lines[0]).toMatch(/^Studio Setup is running in web mode/);
  }, 150_000);
});
