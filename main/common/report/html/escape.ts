// The HTML report's one escape function, and the few helpers built on it. A
// report carries strings from someone else's machine (card names, handler
// names, USB product strings): every one goes through esc() before it reaches
// the document, in text, in attributes and in SVG alike.

/** Escape text for HTML and SVG text content and for quoted attribute values. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Text that marks code with backticks (the checks write `nmcli ...`): code spans become <code>, all of it escaped. */
export function rich(s: string): string {
  return s
    .split('`')
    .map((part, i, all) => (i % 2 === 1 && i < all.length - 1 ? `<code>${esc(part)}</code>` : esc(i % 2 === 1 ? '`' + part : part)))
    .join('');
}

/** Cut `s` to `max` characters with an ellipsis. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`;
}

/** Break `s` into at most `maxLines` lines of at most `width` characters, at separators when it can; the last line clipped. */
export function wrap(s: string, width: number, maxLines: number): string[] {
  const out: string[] = [];
  let rest = s.trim();
  while (rest.length > 0 && out.length < maxLines) {
    if (rest.length <= width || out.length === maxLines - 1) {
      out.push(clip(rest, width));
      break;
    }
    const window = rest.slice(0, width + 1);
    const cut = Math.max(window.lastIndexOf(' '), window.lastIndexOf('-') + 1, window.lastIndexOf('_') + 1, window.lastIndexOf(':') + 1, window.lastIndexOf('/') + 1);
    const at = cut >= width / 2 ? cut : width;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  return out;
}
