/**
 * PEM private-key blocks, found by a linear scan instead of a lazy regex: a
 * regex `BEGIN …[\s\S]*?END` rescans to the end of the text from every BEGIN
 * line that has no END, which is quadratic on text made of BEGIN lines.
 * Here each BEGIN looks up the next END once (the position is kept, so later
 * BEGINs reuse it), and a block without an END (a truncated paste) runs over
 * its base64 body only.
 */
export interface Span {
  start: number;
  end: number;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
// At most four words before PRIVATE KEY (RSA, EC, DSA, OPENSSH, ENCRYPTED): bounded, so matching a header is O(1).
const HEADER = /-----BEGIN (?:[A-Z0-9]{1,12} ){0,4}PRIVATE KEY-----/y;
const FOOTER = /-----END (?:[A-Z0-9]{1,12} ){0,4}PRIVATE KEY-----/y;
/** A real key block is a few KB; an END farther than this belongs to something else. */
const MAX_BLOCK = 16_384;
/** A header without this much body (a line quoting the format) is not a key. */
const MIN_BODY = 40;

function isBodyChar(c: number): boolean {
  // base64, '=', whitespace, and the backslash of a JSON-escaped newline
  return (
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    c === 43 ||
    c === 47 ||
    c === 61 ||
    c === 32 ||
    c === 9 ||
    c === 10 ||
    c === 13 ||
    c === 92
  );
}

export function findPrivateKeys(text: string): Span[] {
  const found: Span[] = [];
  let nextEnd = -2; // -2: not looked up yet; -1: no END after the last lookup
  let from = 0;
  while (from < text.length) {
    const begin = text.indexOf(BEGIN, from);
    if (begin < 0) break;
    HEADER.lastIndex = begin;
    if (!HEADER.test(text)) {
      from = begin + BEGIN.length;
      continue;
    }
    const bodyStart = HEADER.lastIndex;
    if (nextEnd !== -1 && nextEnd < bodyStart) nextEnd = text.indexOf(END, bodyStart);
    let blockEnd = -1;
    if (nextEnd >= 0 && nextEnd - bodyStart <= MAX_BLOCK) {
      FOOTER.lastIndex = nextEnd;
      if (FOOTER.test(text)) blockEnd = FOOTER.lastIndex;
    }
    if (blockEnd < 0) {
      let i = bodyStart;
      while (i < text.length && i - bodyStart < MAX_BLOCK && isBodyChar(text.charCodeAt(i))) i++;
      while (i > bodyStart && !isBase64Char(text.charCodeAt(i - 1))) i--;
      if (i - bodyStart >= MIN_BODY) blockEnd = i;
    }
    if (blockEnd < 0) {
      from = bodyStart;
      continue;
    }
    found.push({ start: begin, end: blockEnd });
    from = blockEnd;
  }
  return found;
}

function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61;
}
