// Names of physical USB sockets ("rear left"), kept in the user's config
// directory ($XDG_CONFIG_HOME/studio-setup/ports.json) and keyed by what
// survives re-plugging and reboots: the controller's PCI address and the port
// path below its root hub (bus numbers change; these do not). Labels belong to
// a machine: this computer's, or a capture's (by its name).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { PORT_CONTROLLER, PORT_LABEL_MAX, PORT_PATH } from '../common/contract-args.js';
import type { PortLabel } from '../common/wizard.js';

const FORMAT = 'studio-setup-ports';
const MAX_LABELS = 500;

const fileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  labels: z
    .array(
      z.object({
        machine: z.string().max(300),
        controller: z.string().regex(PORT_CONTROLLER),
        port: z.string().regex(PORT_PATH),
        label: z.string().min(1).max(PORT_LABEL_MAX),
      }),
    )
    .max(MAX_LABELS),
});
type Stored = z.infer<typeof fileSchema>['labels'][number];

/** $XDG_CONFIG_HOME/studio-setup (default ~/.config/studio-setup). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  // The XDG base directory spec: a relative $XDG_CONFIG_HOME is invalid and ignored.
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'studio-setup');
}

/** The labels file. */
export class PortLabels {
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  private get file(): string {
    return path.join(configDir(this.env), 'ports.json');
  }

  private readAll(): Stored[] {
    try {
      const r = fileSchema.safeParse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
      // A file we cannot read is left alone until the user names a socket: then it is replaced.
      return r.success ? r.data.labels : [];
    } catch {
      return [];
    }
  }

  /** The labels of one machine. */
  list(machine: string): PortLabel[] {
    return this.readAll()
      .filter((l) => l.machine === machine)
      .map(({ controller, port, label }) => ({ controller, port, label }));
  }

  /** Set (or, with an empty label, forget) one socket's name; returns the machine's labels. */
  set(machine: string, controller: string, port: string, label: string): PortLabel[] {
    const text = label.trim().replace(/\s+/g, ' ');
    const others = this.readAll().filter((l) => !(l.machine === machine && l.controller === controller && l.port === port));
    const labels = text === '' ? others : [...others, { machine, controller, port, label: text }].slice(-MAX_LABELS);
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ format: FORMAT, version: 1, labels }, null, 2) + '\n', { mode: 0o644 });
    fs.renameSync(tmp, this.file);
    return this.list(machine);
  }
}
