// `studio-setup`: the command-line entry (plain Node; also the package's bin).
// Exit codes: 0 success, 1 failure, 2 unusable arguments or --from.
// Each command is loaded when it runs: a command's modules (and the Node built-ins
// they pull in, http for --web, zlib for reports) cost seconds to compile under
// emulation (the VM suite runs the CLI dozens of times) and nothing when skipped.
import { UsageError, processIo, type Io } from './args.js';
import { SourceError } from '../probe/open.js';

/** A sub-command: parses its own arguments, returns the exit code. */
export type Command = (argv: string[], io: Io) => Promise<number>;

const HELP = `Usage: studio-setup <command> [options]

Commands:
  scan [--from DIR|REPORT.json] [--json]   where your audio devices' interrupts go
  capture DIR                              write a capture bundle of this machine to DIR
  report [--from ...] --format html|md|json|pdf [-o FILE] [--no-redact]
                                           the whole setup as a file to share (redacted)
  latency [--seconds N] [--load none|cpu|io] [--label TEXT] [--compare LABEL|FILE] [--json]
                                           measure scheduling latency; store it, compare before/after
  plan [--from ...] --interface CARD [--disk DEV]... [--midi DEV]... [--fix FINDING]... [--json]
                                           IRQ priorities and fixes for your audio chain, previewed
  apply PLAN.json [--dry-run]              apply a plan (asks for your password); revert undoes it
  revert                                   undo everything apply did, byte for byte
  status [--json]                          what is applied, and whether it still holds
  --web [--port N] [--from ... | --demo]   open the app in a browser (loopback only);
                                           --demo: a sample capture, Apply to a throw-away folder
  help                                     this text

Every command that reads the machine accepts --from: a capture bundle
directory or an exported report, instead of this machine.
`;

const webCommand: Command = async (argv, io) => (await import('./web.js')).webCommand(argv, io);

const COMMANDS: Record<string, Command> = {
  scan: async (argv, io) => (await import('./scan.js')).scanCommand(argv, io),
  capture: async (argv, io) => (await import('./capture.js')).captureCommand(argv, io),
  report: async (argv, io) => (await import('./report.js')).reportCommand(argv, io),
  latency: async (argv, io) => (await import('./latency.js')).latencyCommand(argv, io),
  plan: async (argv, io) => (await import('./plan.js')).planCommand(argv, io),
  apply: async (argv, io) => (await import('./apply.js')).applyCommand(argv, io),
  revert: async (argv, io) => (await import('./revert.js')).revertCommand(argv, io),
  status: async (argv, io) => (await import('./status.js')).statusCommand(argv, io),
  help: async (_argv, io) => {
    io.out(HELP);
    return 0;
  },
};

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.out(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = name === '--web' ? webCommand : COMMANDS[name];
  if (!command) {
    io.err(`studio-setup: unknown command '${name}' (try: studio-setup help)\n`);
    return 2;
  }
  try {
    return await command(name === '--web' ? argv : rest, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof SourceError) {
      io.err(`studio-setup ${name}: ${e.message}\n`);
      return 2;
    }
    io.err(`studio-setup ${name}: ${(e as Error).message}\n`);
    return 1;
  }
}
