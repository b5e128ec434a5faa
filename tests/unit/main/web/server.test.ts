import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioApi, StudioEvent, StudioEvents } from '../../../../main/common/contract.js';
import { RENDERER_CSP, startWeb, type WebServer } from '../../../../main/web/server.js';

const calls: string[] = [];
const listeners = new Set<(e: StudioEvent) => void>();
const services = {
  subscribe(l: (e: StudioEvent) => void) {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
  sourceInfo: async () => {
    calls.push('sourceInfo');
    return { kind: 'bundle', label: 'test' };
  },
  scan: async () => {
    calls.push('scan');
    throw new Error('no machine here');
  },
} as unknown as StudioApi & StudioEvents;

let server: WebServer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-web-'));
beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
  fs.writeFileSync(path.join(os.tmpdir(), 'studio-web-outside.txt'), 'outside');
  server = await startWeb({ services, rendererDir: dir });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true });
});

function request(opts: { path?: string; method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: opts.path ?? '/api/call', method: opts.method ?? 'POST', headers: opts.headers },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
const api = (body: unknown, headers: Record<string, string> = {}) =>
  request({ headers: { 'Content-Type': 'application/json', 'X-Studio-Token': server.token, ...headers }, body: JSON.stringify(body) });

describe('web bridge', () => {
  it('listens on loopback and prints a URL carrying the token in the fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves a call with the token', async () => {
    const r = await api({ method: 'sourceInfo', args: [] });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { kind: 'bundle', label: 'test' } });
  });

  it('refuses calls without the token or with a wrong one, and runs nothing', async () => {
    calls.length = 0;
    const none = await request({ headers: { 'Content-Type': 'application/json' }, body: '{"method":"sourceInfo","args":[]}' });
    expect(none.status).toBe(401);
    const wrong = await api({ method: 'sourceInfo', args: [] }, { 'X-Studio-Token': 'x'.repeat(32) });
    expect(wrong.status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('refuses a wrong Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await api({ method: 'sourceInfo', args: [] }, { Host: 'evil.example:80' })).status).toBe(421);
    expect((await api({ method: 'sourceInfo', args: [] }, { Host: `127.0.0.1:${server.port + 1}` })).status).toBe(421);
    expect((await api({ method: 'sourceInfo', args: [] }, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await api({ method: 'sourceInfo', args: [] }, { Origin: `http://localhost:${server.port}` })).status).toBe(200);
  });

  it('validates methods and arguments against the contract', async () => {
    expect(JSON.parse((await api({ method: 'rmRf', args: [] })).body)).toEqual({ ok: false, error: 'unknown method "rmRf"' });
    const bad = JSON.parse((await api({ method: 'scan', args: ['extra'] })).body);
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/^bad arguments for scan/);
    expect(JSON.parse((await api({ method: 'scan', args: [] })).body)).toEqual({ ok: false, error: 'no machine here' });
    expect((await request({ headers: { 'Content-Type': 'application/json', 'X-Studio-Token': server.token }, body: '{' })).status).toBe(400);
    expect((await request({ headers: { 'Content-Type': 'text/plain', 'X-Studio-Token': server.token }, body: '{}' })).status).toBe(415);
  });

  it('streams events to a client with the token, and only then', async () => {
    expect((await request({ path: '/api/events', method: 'GET' })).status).toBe(401);
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        let body = '';
        res.on('data', (c) => {
          body += c;
          if (body.includes('data: ')) {
            req.destroy();
            resolve(body);
          }
        });
        // Once connected, send an event.
        setTimeout(() => {
          for (const l of listeners) l({ type: 'usb-change', changes: [], scan: {} as never });
        }, 50);
      });
      req.on('error', reject);
    });
    expect(received).toMatch(/data: \{"type":"usb-change","changes":\[\],"scan":\{\}\}/);
  });

  it('the new contract methods go through the same gate: token, Host, Origin, then the argument schemas', async () => {
    calls.length = 0;
    const plan = { method: 'apply', args: [{ format: 'studio-setup-plan', version: 1, createdAt: 'x', targets: [], fixes: [] }] };
    expect((await request({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(plan) })).status).toBe(401);
    expect((await api(plan, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await api(plan, { Host: 'evil.example' })).status).toBe(421);
    const cases: [string, unknown[], RegExp][] = [
      ['apply', [{ format: 'studio-setup-plan', version: 1, createdAt: 'x', targets: [], fixes: [{ action: 'rm-rf' }] }], /^bad arguments for apply/],
      ['apply', [{ format: 'studio-setup-plan', version: 1, createdAt: 'x', targets: [{ kind: 'pci', controller: '$(reboot)', role: 'interface', priority: 90, reason: '' }], fixes: [] }], /controller/],
      ['plan', [{ interface: 1, disk: [], midi: [], fixes: ['x; rm -rf /'] }], /^bad arguments for plan/],
      ['plan', [{ interface: 1, disk: [], midi: [], fixes: [], user: 'root' }], /^bad arguments for plan/],
      ['setPortLabel', ['0000:00:14.0', '1', 'rear\u0000left'], /no control characters/],
      ['setPortLabel', ['../../etc', '1', 'x'], /^bad arguments for setPortLabel/],
      ['setPortLabel', ['0000:00:14.0', '1/../../x', 'x'], /^bad arguments for setPortLabel/],
      ['latencyRun', [{ seconds: 100000, load: 'none', label: 'before' }], /^bad arguments for latencyRun/],
      ['latencyRun', [{ seconds: 10, load: 'fork-bomb', label: 'before' }], /^bad arguments for latencyRun/],
      ['openReport', [42, '{}'], /^bad arguments for openReport/],
      ['revert', ['now'], /^bad arguments for revert/],
    ];
    for (const [method, args, error] of cases) {
      const r = JSON.parse((await api({ method, args })).body) as { ok: boolean; error: string };
      expect(r.ok, method).toBe(false);
      expect(r.error, method).toMatch(error);
    }
    // Nothing reached a service.
    expect(calls).toEqual([]);
  });

  it('takes a request as large as an opened report (more than the old 1 MiB), still JSON only', async () => {
    const big = JSON.stringify({ method: 'openReport', args: ['someone.json', 'x'.repeat(3 * 1024 * 1024)] });
    const r = await request({ headers: { 'Content-Type': 'application/json', 'X-Studio-Token': server.token }, body: big });
    expect(r.status).toBe(200);
    // The fake services have no openReport: the call got through the gate and the schema.
    expect(JSON.parse(r.body)).toMatchObject({ ok: false });
  });

  it('sends the renderer with a strict Content-Security-Policy, the same as its meta tag', async () => {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => http.get({ host: '127.0.0.1', port: server.port, path: '/' }, resolve).on('error', reject));
    res.resume();
    expect(res.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    // A meta tag cannot carry frame-ancestors (browsers ignore it there): the header adds it.
    expect(meta).toBe(RENDERER_CSP.replace("; frame-ancestors 'none'", ''));
  });

  it('serves the renderer but nothing outside it', async () => {
    expect((await request({ path: '/', method: 'GET' })).status).toBe(200);
    expect((await request({ path: '/../studio-web-outside.txt', method: 'GET' })).status).toBe(404);
    expect((await request({ path: '/%2e%2e/studio-web-outside.txt', method: 'GET' })).status).toBe(404);
  });
});
