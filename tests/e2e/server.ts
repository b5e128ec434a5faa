// Web mode for the end-to-end tests: the built CLI (`studio-setup --web`) on a
// random loopback port, with its own config and state directories, reading a
// bundle or the demo; the address it prints carries the token.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The repository root. */
export const REPO = path.resolve(import.meta.dirname, '../..');

/** A running web server. */
export interface WebApp {
  url: string;
  /** Its XDG_CONFIG_HOME (port labels). */
  config: string;
  close(): Promise<void>;
}

/** Start `studio-setup --web` on `--from BUNDLE` or `--demo`; `path` replaces PATH (no cyclictest: a PATH without it). */
export async function startWeb(opts: { from?: string; demo?: boolean; path?: string }): Promise<WebApp> {
  if (!fs.existsSync(path.join(REPO, 'app/dist/main/cli.js'))) throw new Error('the app is not built: run `npm run build` first (npm test does)');
  const cli = path.join(REPO, 'bin/studio-setup');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-'));
  const args = [cli, '--web', '--port', '0', ...(opts.demo ? ['--demo'] : ['--from', path.resolve(REPO, opts.from ?? '')])];
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_STATE_HOME: path.join(home, 'state'), PATH: opts.path ?? process.env.PATH };
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed within 20 s:\n${out}`)), 20_000);
    const take = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.on('exit', (code) => reject(new Error(`studio-setup --web exited ${code}:\n${out}`)));
  });
  return {
    url,
    config: env.XDG_CONFIG_HOME,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          fs.rmSync(home, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGINT');
      }),
  };
}
