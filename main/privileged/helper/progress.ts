// Progress: one JSON object per line on stdout, mirrored to
// /run/studio-setup/progress.json for a UI that cannot stream (sudo-prompt).
// Also the deterministic test hooks: a checkpoint after every journal write and
// every performed action, where a test can make the helper SIGKILL or SIGSTOP itself.
import { lstatOrNull, mkdirExact, writeAtomic } from './fsops.js';
import { checkPath, RUN_DIR, TMP_SUFFIX, type Root } from './paths.js';

/** Where a UI polls progress. */
export const PROGRESS_PATH = `${RUN_DIR}/progress.json`;

/** Environment variable: SIGKILL self at checkpoint k (tests). */
export const KILL_AFTER_ENV = 'STUDIO_SETUP_TEST_KILL_AFTER';
/** Environment variable: SIGSTOP self at checkpoint k (tests: a second helper meets the lock). */
export const PAUSE_AFTER_ENV = 'STUDIO_SETUP_TEST_PAUSE_AFTER';

/** Where the helper's output goes. */
export interface Out {
  /** One JSON object, written as one line. */
  json(obj: unknown): void;
  /** Text for people on stdout (status without --json). */
  text(text: string): void;
  /** A line for people (stderr). */
  err(text: string): void;
}

/** An Out on the process's stdout and stderr. */
export const stdOut: Out = {
  json: (obj) => process.stdout.write(JSON.stringify(obj) + '\n'),
  text: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
};

function hookAt(env: NodeJS.ProcessEnv, name: string): number | null {
  const v = env[name];
  return v !== undefined && /^\d{1,6}$/.test(v) ? Number(v) : null;
}

/** Progress reporting and checkpoints for one verb. */
export class Progress {
  private count = 0;
  private step = 0;
  private readonly killAt: number | null;
  private readonly pauseAt: number | null;
  /** Planned number of progress steps (set after planning). */
  total = 0;
  constructor(
    private readonly root: Root,
    private readonly out: Out,
    env: NodeJS.ProcessEnv,
    private mirror: boolean,
  ) {
    this.killAt = hookAt(env, KILL_AFTER_ENV);
    this.pauseAt = hookAt(env, PAUSE_AFTER_ENV);
  }

  /** Checkpoints passed so far. */
  get checkpoints(): number {
    return this.count;
  }

  /** A point where the journal and the tree are consistent; tests stop the helper here. */
  checkpoint(): void {
    this.count++;
    if (this.count === this.killAt) process.kill(process.pid, 'SIGKILL');
    if (this.count === this.pauseAt) process.kill(process.pid, 'SIGSTOP');
  }

  /** Report the next step. */
  next(what: string): void {
    this.step++;
    const progress = { step: this.step, of: Math.max(this.total, this.step), what };
    this.out.json({ progress });
    if (this.mirror) this.writeMirror({ progress });
  }

  /** Stop mirroring (the run directory is about to be removed). */
  stopMirror(): void {
    this.mirror = false;
  }

  /** Report the final result (also mirrored). */
  result(result: unknown): void {
    this.out.json({ result });
    if (this.mirror) this.writeMirror({ result });
  }

  private writeMirror(obj: unknown): void {
    try {
      const run = this.root.host(RUN_DIR);
      const runParent = lstatOrNull(this.root.host('/run'));
      if (runParent === null || !runParent.isDirectory()) return;
      checkPath(this.root, RUN_DIR, 'dir');
      if (lstatOrNull(run) === null) mkdirExact(run, 0o755);
      checkPath(this.root, PROGRESS_PATH, 'file');
      const host = this.root.host(PROGRESS_PATH);
      writeAtomic(host, host + TMP_SUFFIX, JSON.stringify(obj) + '\n', { mode: 0o644, uid: 0, gid: 0 });
    } catch {
      // Progress is a convenience for a UI; it never fails the verb.
    }
  }
}
