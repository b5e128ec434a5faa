// Property-based fuzzing of parsers: real inputs mutated line- and byte-wise.
import fc from 'fast-check';

/** Number of fuzz runs per property (FUZZ_RUNS overrides; CI keeps the default). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

const noise = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(':', ', ', '  ', '\t', '-', '(', ')', '/', '|__ ', '\n', '\r\n', '0', '4294967295', 'CPU0', 'irq/'),
);

/** One real input, mutated: lines dropped, duplicated or swapped, truncated, noise inserted. */
export function mutated(seeds: readonly string[]): fc.Arbitrary<string> {
  const ops = fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('dup' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: noise }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    ),
    { maxLength: 8 },
  );
  return fc.tuple(fc.constantFrom(...seeds), ops).map(([seed, list]) => {
    let text = seed;
    for (const op of list) {
      const lines = text.split('\n');
      const i = lines.length ? op.at % lines.length : 0;
      if (op.kind === 'drop') lines.splice(i, 1);
      else if (op.kind === 'dup') lines.splice(i, 0, lines[i] ?? '');
      else if (op.kind === 'swap') {
        const j = lines.length ? op.to % lines.length : 0;
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      }
      if (op.kind === 'insert') {
        const at = text.length ? op.at % (text.length + 1) : 0;
        text = text.slice(0, at) + op.text + text.slice(at);
      } else if (op.kind === 'truncate') {
        text = text.slice(0, text.length ? op.at % (text.length + 1) : 0);
      } else text = lines.join('\n');
    }
    return text;
  });
}

/** Arbitrary text: mutated seeds half of the time, plain random strings otherwise. */
export function fuzzText(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(mutated(seeds), fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }));
}
