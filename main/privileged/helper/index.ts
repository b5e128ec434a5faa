// The helper's entry (app/dist/main/helper.js, run as root by the client under
// plain Node >= 18 or Electron as Node): one verb, then exit with its code.
// `latency` is main/latency's verb (asynchronous, cancelled by SIGINT/SIGTERM).
import { latencyVerbMain } from '../../latency/verb.js';
import { runHelper } from './main.js';
import { stdOut } from './progress.js';

// Root's children (the probes' lsusb, ps, systemctl) find programs in the system's directories only.
process.env.PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const argv = process.argv.slice(2);
if (argv[0] === 'latency') await latencyVerbMain(argv.slice(1), stdOut);
else process.exitCode = runHelper(argv, { out: stdOut, env: process.env });
