// Web mode: the same services behind a loopback HTTP bridge, serving the same
// renderer to any browser (a headless audio box over an SSH tunnel, development,
// e2e tests, and the fallback when no Electron binary is present).
// 127.0.0.1 only; every API call needs the random token; Host and Origin must
// name this server (no DNS rebinding, no cross-site calls).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { StudioApi, StudioEvents } from '../common/contract.js';
import { MAX_OPEN_REPORT } from '../common/contract-args.js';
import { dispatch } from '../transport.js';

/** A running web bridge. */
export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Options of startWeb. */
export interface WebOptions {
  services: StudioApi & StudioEvents;
  /** Directory of the built renderer (index.html, assets/). */
  rendererDir: string;
  /** 0 = a random free port. */
  port?: number;
  token?: string;
}

// A call carries at most a report.json to open (MAX_OPEN_REPORT), JSON-escaped inside the call.
const MAX_BODY = Math.ceil(MAX_OPEN_REPORT * 1.5);

/** The renderer's Content-Security-Policy: the same as renderer/index.html's meta tag, sent as a header too. */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}
function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === undefined || [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`].includes(origin);
}
function tokenMatches(given: string | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: http.IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function serveStatic(rendererDir: string, urlPath: string, res: http.ServerResponse): void {
  const rel = urlPath === '/' ? '/index.html' : decodeURIComponent(urlPath);
  const file = path.join(rendererDir, path.posix.normalize(rel));
  if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    send(res, 404, 'not found');
    return;
  }
  const body = fs.readFileSync(file);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    ...(path.extname(file) === '.html' ? { 'Content-Security-Policy': RENDERER_CSP } : {}),
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
  });
  res.end(body);
}

/** Start the bridge on 127.0.0.1. */
export async function startWeb(opts: WebOptions): Promise<WebServer> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(opts.rendererDir);
  let port = 0;
  const streams = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    void (async () => {
      if (!hostAllowed(req.headers.host, port)) return send(res, 421, 'wrong Host');
      if (!originAllowed(req.headers.origin, port)) return send(res, 403, 'foreign Origin');
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname === '/api/events') {
        // Server-sent events: EventSource cannot send headers, so the token comes in the query.
        if (!tokenMatches(url.searchParams.get('token') ?? undefined, token)) return send(res, 401, 'token required');
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        const unsubscribe = opts.services.subscribe((e) => res.write(`data: ${JSON.stringify(e)}\n\n`));
        const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
        streams.add(res);
        req.on('close', () => {
          clearInterval(ping);
          unsubscribe();
          streams.delete(res);
        });
        return;
      }
      if (url.pathname === '/api/call') {
        if (req.method !== 'POST') return send(res, 405, 'POST only');
        if (!tokenMatches(req.headers['x-studio-token'] as string | undefined, token)) return send(res, 401, 'token required');
        if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return send(res, 415, 'JSON only');
        const body = await readBody(req);
        if (body === null) return send(res, 413, 'request too large');
        let call: { method?: unknown; args?: unknown };
        try {
          call = JSON.parse(body) as typeof call;
        } catch {
          return send(res, 400, 'not JSON');
        }
        const result = await dispatch(opts.services, String(call?.method ?? ''), call?.args ?? []);
        return send(res, 200, JSON.stringify(result), 'application/json');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only');
      serveStatic(rendererDir, url.pathname, res);
    })().catch((e: unknown) => send(res, 500, (e as Error).message));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of streams) r.end();
        server.close(() => resolve());
      }),
  };
}
