// A captured stdout/stderr for CLI tests.
import type { Io } from '../../../main/cli/args.js';

/** An Io that keeps what was written. */
export function captureIo(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}
