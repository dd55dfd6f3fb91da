/**
 * The words right before a candidate, for rules such as "not after `box`" or
 * "not after `section`". A fixed window can cut a word (`mailbox.beispiel.at`
 * read from its `box`), and a word test on the cut-off piece is wrong, so the
 * window is widened to the start of the word it cuts, by at most its own size
 * again (bounded: a scan stays linear); a word longer than that is dropped.
 */
export function textBefore(text: string, start: number, size: number): string {
  let from = Math.max(0, start - size);
  const limit = Math.max(0, from - size);
  while (from > limit && isWordChar(text.charCodeAt(from - 1))) from--;
  if (from > 0 && isWordChar(text.charCodeAt(from - 1))) {
    while (from < start && isWordChar(text.charCodeAt(from))) from++;
  }
  return text.slice(from, start);
}

/**
 * Where the line holding `at` starts, looked for at most `max` characters back (`at - max`, or 0, when no line
 * break is that near): `lastIndexOf` would read back to the text's start on every call in a text without line
 * breaks, which makes a scan quadratic.
 */
export function lineStartWithin(text: string, at: number, max: number): number {
  const limit = Math.max(0, at - max);
  for (let i = Math.min(at, text.length) - 1; i >= limit; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return limit;
}

/** Where the line holding `at` ends, looked for at most `max` characters ahead (`at + max`, or the text's end). */
export function lineEndWithin(text: string, at: number, max: number): number {
  const limit = Math.min(text.length, at + max);
  for (let i = at; i < limit; i++) if (text.charCodeAt(i) === 10) return i;
  return limit;
}

/** ASCII letters and digits, '_', and letters beyond ASCII (Rückruf, teléfono are one word each). */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0xc0;
}
