// `studio-setup --web [--port N] [--from DIR|REPORT.json]`: serve the app to a browser.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSource } from '../probe/open.js';
import { createServices } from '../services.js';
import { startWeb } from '../web/server.js';
import { parse, UsageError, type Io } from './args.js';

/** The built renderer next to this module (app/dist/renderer). */
export function builtRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.resolve(here, '../renderer'), path.resolve(here, '../../app/dist/renderer')]) {
    if (fs.existsSync(path.join(dir, 'index.html'))) return dir;
  }
  throw new UsageError('the renderer is not built (run: npm run build)');
}

/** --web: start the loopback bridge and print its URL; runs until interrupted. */
export async function webCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse(
    argv,
    { web: { type: 'boolean' }, port: { type: 'string' }, from: { type: 'string' } },
    { min: 0, max: 0, names: '' },
  );
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, not ${values.port}`);
  const services = createServices(openSource(values.from));
  const server = await startWeb({ services, rendererDir: builtRendererDir(), port });
  io.out(`Studio Setup is running in web mode. Open this address in a browser on this machine:\n\n  ${server.url}\n\n`);
  io.out(`From another computer: ssh -L ${server.port}:127.0.0.1:${server.port} <this machine>, then open the same address.\nPress Ctrl+C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
