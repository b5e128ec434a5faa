// The helper's entry (app/dist/main/helper.js, run as root by the client under
// plain Node >= 18 or Electron as Node): one verb, then exit with its code.
import { runHelper } from './main.js';
import { stdOut } from './progress.js';

process.exitCode = runHelper(process.argv.slice(2), { out: stdOut, env: process.env });
