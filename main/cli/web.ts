// `studio-setup --web [--port N] [--from DIR|REPORT.json | --demo]`: serve the app to a browser.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSource } from '../probe/open.js';
import { createServices } from '../services.js';
import { findDemo } from '../services/sources.js';
import { startWeb } from '../web/server.js';
import { parse, UsageError, type Io } from './args.js';

/** The built renderer (app/dist/renderer) beside the main build this module is in (or in its chunks/), or from the sources. */
export function builtRendererDir(moduleUrl: string = import.meta.url): string {
  const here = path.dirname(fileURLToPath(moduleUrl));
  const main = path.basename(here) === 'chunks' ? path.dirname(here) : here;
  for (const dir of [path.resolve(main, '../renderer'), path.resolve(here, '../../app/dist/renderer')]) {
    if (fs.existsSync(path.join(dir, 'index.html'))) return dir;
  }
  throw new UsageError('the renderer is not built (run: npm run build)');
}

/** --web: start the loopback bridge and print its URL; runs until interrupted. */
export async function webCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse(
    argv,
    { web: { type: 'boolean' }, port: { type: 'string' }, from: { type: 'string' }, demo: { type: 'boolean' } },
    { min: 0, max: 0, names: '' },
  );
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, not ${values.port}`);
  if (values.demo && values.from !== undefined) throw new UsageError('--demo and --from are alternatives');
  const demo = values.demo ? findDemo() : null;
  if (values.demo && !demo) throw new UsageError('the demo is not shipped with this copy (demo/bundle is missing)');
  // Opened here: an unreadable --from is a usage error before any port is opened. A report is
  // passed by its path, so what it measured, planned and applied is read too.
  const src = values.from === undefined ? undefined : openSource(values.from);
  const services = createServices(src?.kind === 'report' ? values.from : src, demo ? { demo } : {});
  const server = await startWeb({ services, rendererDir: builtRendererDir(), port });
  const what = demo ? 'the demo (a sample capture; Apply goes to a throw-away folder)' : values.from !== undefined ? values.from : 'this computer';
  io.out(`Studio Setup is running in web mode, looking at ${what}. Open this address in a browser on this machine:\n\n  ${server.url}\n\n`);
  io.out(`From another computer: ssh -L ${server.port}:127.0.0.1:${server.port} <this machine>, then open the same address.\nPress Ctrl+C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  services.close();
  return 0;
}
