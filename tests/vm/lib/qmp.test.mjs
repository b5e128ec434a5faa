// The QMP client against a fake QEMU monitor on a unix socket.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Qmp } from './qmp.mjs';

/** A fake monitor: greeting, capabilities, device_add ok, unknown commands fail, device_del emits two events in one chunk. */
function fakeQemu(socketPath) {
  const server = net.createServer((c) => {
    c.write(JSON.stringify({ QMP: { version: {}, capabilities: [] } }) + '\n');
    let buf = '';
    c.on('data', (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        const reply = (o) => c.write(JSON.stringify(o) + '\n');
        if (msg.execute === 'qmp_capabilities' || msg.execute === 'device_add') reply({ return: {} });
        else if (msg.execute === 'human-monitor-command') reply({ return: `ran: ${msg.arguments['command-line']}\r\n` });
        else if (msg.execute === 'device_del') {
          reply({ return: {} });
          const ev = (id) => JSON.stringify({ event: 'DEVICE_DELETED', data: { device: id } });
          c.write(`${ev('other')}\n${ev(msg.arguments.id)}\n`);
        } else reply({ error: { class: 'CommandNotFound', desc: `The command ${msg.execute} has not been found` } });
      }
    });
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(server)));
}

test('QMP: connect (retrying until the socket exists), execute, errors, HMP, events', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmp-'));
  const sock = path.join(dir, 'qmp.sock');
  let server;
  setTimeout(async () => (server = await fakeQemu(sock)), 300); // QEMU starts after us
  const qmp = await Qmp.connect(sock, { timeoutMs: 5000 });
  try {
    assert.deepEqual(await qmp.execute('device_add', { driver: 'usb-audio', id: 'p1', bus: 'xhci.0' }), {});
    await assert.rejects(qmp.execute('bogus'), /CommandNotFound: The command bogus has not been found/);
    assert.equal(await qmp.hmp('info usb'), 'ran: info usb\r\n');
    await qmp.execute('device_del', { id: 'p1' });
    const e = await qmp.waitEvent('DEVICE_DELETED', { where: (x) => x.data.device === 'p1', timeoutMs: 2000 });
    assert.equal(e.data.device, 'p1');
    await assert.rejects(qmp.waitEvent('RESET', { timeoutMs: 100 }), /no RESET event within 100 ms/);
  } finally {
    qmp.close();
    server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('QMP: a socket that never appears is a clear error', async () => {
  await assert.rejects(Qmp.connect('/nonexistent/qmp.sock', { timeoutMs: 300 }), /QMP: cannot connect to \/nonexistent\/qmp.sock/);
});
