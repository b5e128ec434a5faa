// A minimal QMP client (QEMU Machine Protocol, line-delimited JSON over a unix socket).
//
//   const qmp = await Qmp.connect('/path/qmp.sock');
//   await qmp.execute('device_add', { driver: 'usb-audio', id: 'plug1', bus: 'xhci.0', audiodev: 'hp0' });
//   await qmp.hmp('info usb');             // a human monitor command, its text output
//   await qmp.waitEvent('DEVICE_DELETED');
//   qmp.close();
//
// By hand: node tests/vm/lib/qmp.mjs SOCKET 'info usb'   (any HMP command; see vm.sh -M)
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

export class Qmp {
  /** @param {net.Socket} socket */
  constructor(socket) {
    this.socket = socket;
    this.buffer = '';
    /** @type {{resolve: (v: any) => void, reject: (e: Error) => void}[]} */
    this.pending = [];
    /** @type {any[]} every event received, in order */
    this.events = [];
    this.greeting = new Promise((resolve) => (this.onGreeting = resolve));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('close', () => {
      for (const p of this.pending.splice(0)) p.reject(new Error('QMP connection closed'));
    });
  }

  /** Connect, retrying until the socket exists (QEMU creates it while starting). */
  static async connect(path, { timeoutMs = 30_000 } = {}) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise((resolve, reject) => {
          const s = net.createConnection(path);
          s.once('connect', () => resolve(s));
          s.once('error', reject);
        });
        const qmp = new Qmp(socket);
        await qmp.greeting;
        await qmp.execute('qmp_capabilities');
        return qmp;
      } catch (e) {
        if (Date.now() > until) throw new Error(`QMP: cannot connect to ${path}: ${e.message}`, { cause: e });
        await sleep(200);
      }
    }
  }

  onData(chunk) {
    this.buffer += chunk;
    let nl;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line) this.onMessage(JSON.parse(line));
    }
  }

  onMessage(msg) {
    if (msg.QMP) return this.onGreeting(msg);
    if (msg.event) {
      this.events.push(msg);
      return;
    }
    const p = this.pending.shift();
    if (!p) return;
    if (msg.error) p.reject(new Error(`QMP ${msg.error.class}: ${msg.error.desc}`));
    else p.resolve(msg.return);
  }

  /** Run a QMP command; resolves with its `return`, rejects with QEMU's error. */
  execute(command, args) {
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(JSON.stringify(args ? { execute: command, arguments: args } : { execute: command }) + '\n');
    });
  }

  /** Run a human monitor (HMP) command line; resolves with its text output. */
  hmp(commandLine) {
    return this.execute('human-monitor-command', { 'command-line': commandLine });
  }

  /** Wait for an event by name (one already received counts). */
  async waitEvent(name, { timeoutMs = 30_000, where = () => true } = {}) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const seen = this.events.find((e) => e.event === name && where(e));
      if (seen) return seen;
      if (Date.now() > until) throw new Error(`QMP: no ${name} event within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  close() {
    this.socket.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [socketPath, ...words] = process.argv.slice(2);
  if (!socketPath || words.length === 0) {
    console.error("usage: node tests/vm/lib/qmp.mjs SOCKET 'HMP command' (e.g. 'info usb')");
    process.exit(2);
  }
  const qmp = await Qmp.connect(socketPath, { timeoutMs: 2000 });
  process.stdout.write(await qmp.hmp(words.join(' ')));
  qmp.close();
}
