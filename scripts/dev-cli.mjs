// Run the CLI from the TypeScript sources (development): node scripts/dev-cli.mjs scan ...
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
