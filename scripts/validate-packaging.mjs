// Validates every packaging input without building a package (npm test runs it
// after the build): node scripts/validate-packaging.mjs [--verbose]
// The checks are scripts/packaging/*.ts (see main.ts there).
import path from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { runChecks, report } = await import('./packaging/main.ts');
const repo = path.resolve(import.meta.dirname, '..');
process.exitCode = report(await runChecks(repo), undefined, process.argv.includes('--verbose'));
