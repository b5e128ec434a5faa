// Runs electronegativity through its programmatic API and writes what it found
// as JSON, synchronously:
//   node electronegativity-run.mjs INPUT_DIR ELECTRON_VERSION OUT.json [EXCLUDED_CHECK...]
// Not its CLI: with -o the CLI writes the CSV header and the rows as two
// concurrent fs.writeFile calls (util/file.js), so under load the header can
// land last and wipe the rows — a silent pass; and it prints parse errors only
// without -o. Here both come back as data (electronegativity.ts judges them).
import fs from 'node:fs';
import path from 'node:path';
import run from '@doyensec/electronegativity';

const [input, electronVersion, out, ...excluded] = process.argv.slice(2);
if (!input || !electronVersion || !out) {
  console.error('usage: electronegativity-run.mjs INPUT_DIR ELECTRON_VERSION OUT.json [EXCLUDED_CHECK...]');
  process.exit(2);
}
run(
  {
    input: path.resolve(input),
    isSarif: false,
    customScan: [],
    excludeFromScan: excluded.map((c) => c.toLowerCase()),
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
).then(
  (r) => {
    const issues = r.issues.map((i) => ({
      issue: i.id,
      severity: i.severity && i.severity.name,
      confidence: i.confidence && i.confidence.name,
      file: i.file,
      line: i.location && i.location.line,
      column: i.location && i.location.column,
      sample: i.sample || '',
      description: i.description,
    }));
    const errors = r.errors.map((e) => ({ file: e.file, message: String(e.message), tolerable: Boolean(e.tolerable) }));
    fs.writeFileSync(out, JSON.stringify({ issues, errors }));
  },
  (e) => {
    console.error(e && e.stack ? e.stack : String(e));
    process.exit(1);
  },
);
