// Markdown primitives: the one escape function, tables whose rows always have
// the header's number of cells, fences no content can close, and cutting raw
// files to a size a forum post can hold.

/** Longest raw file shown, in lines and characters. */
export const MD_RAW_LIMIT = { lines: 80, chars: 12_000 } as const;
/** Above this many IRQ lines, only the interesting ones (audio, sound, shared, planned) are listed. */
export const MD_IRQ_LIMIT = 40;

/**
 * Escape data for Markdown text and table cells: one line, every character that
 * could start markup or end a cell backslash-escaped (CommonMark escapes any
 * ASCII punctuation; GFM needs `\|` inside cells). `_` inside a word
 * (`snd_hda_intel`) cannot make emphasis and is left as is, so it stays readable.
 */
export function md(s: string): string {
  return s
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*[\]<>|~&#!]/g, '\\$&')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
}

/**
 * Escape text that marks code with backticks (the checks write `nmcli ...`):
 * the code spans stay code, everything else goes through md(). Inside a table
 * cell a `|` in code must still be `\|` (GFM splits cells first).
 */
export function mdRich(s: string, inTable = false): string {
  return s
    .split('`')
    .map((part, i, all) => {
      if (i % 2 === 0 || i === all.length - 1) return md(i % 2 === 0 ? part : '`' + part);
      const code = part.replace(/\r\n|\r|\n/g, ' ');
      return '`' + (inTable ? code.replace(/\|/g, '\\|') : code) + '`';
    })
    .join('');
}

/** A GFM table; every row has exactly the header's number of cells (cells are escaped here). */
export function mdTable(header: string[], rows: string[][], rich = false): string {
  const cell = (c: string | undefined): string => (c === undefined || c === '' ? ' ' : rich ? mdRich(c, true) : md(c));
  const line = (cells: (string | undefined)[]): string => `| ${header.map((_, i) => cell(cells[i])).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** A fenced code block that no content can close early (the fence is longer than any backtick run inside). */
export function mdFence(text: string, info = 'text'): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.replace(/\n?$/, '\n')}${fence}`;
}

/** Cut a raw file to the Markdown limits; says what was left out. */
export function cutRaw(text: string): { text: string; cut: string | null } {
  const lines = text.replace(/\n$/, '').split('\n');
  let kept = lines.slice(0, MD_RAW_LIMIT.lines);
  while (kept.length > 1 && kept.join('\n').length > MD_RAW_LIMIT.chars) kept = kept.slice(0, -1);
  let out = kept.join('\n');
  if (out.length > MD_RAW_LIMIT.chars) out = out.slice(0, MD_RAW_LIMIT.chars);
  if (kept.length === lines.length && out.length === kept.join('\n').length) return { text: out, cut: null };
  return { text: out, cut: `${lines.length - kept.length} of ${lines.length} lines` };
}
