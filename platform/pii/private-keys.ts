/**
 * Private-key blocks (PEM, PGP secret-key armour, SSH2), found by a linear scan instead of a lazy regex: a
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

const BEGIN = 'BEGIN ';
/** Where a BEGIN's header starts: five characters before it, `-----` (PEM, PGP) or `---- ` (SSH2). */
const HEADER_LEAD = 5;
// At most four words before PRIVATE KEY (RSA, EC, DSA, OPENSSH, ENCRYPTED): bounded, so matching a header is O(1).
// PGP armours a secret key as PRIVATE KEY BLOCK (SECRET KEY BLOCK in older tools); ssh.com's SSH2 format uses
// four dashes and spaces.
const PEM_HEADER = /-----BEGIN (?:[A-Z0-9]{1,12} ){0,4}(?:PRIVATE|SECRET) KEY(?: BLOCK)?-----/y;
const PEM_FOOTER = /-----END (?:[A-Z0-9]{1,12} ){0,4}(?:PRIVATE|SECRET) KEY(?: BLOCK)?-----/y;
const SSH2_HEADER = /---- BEGIN SSH2 (?:ENCRYPTED )?PRIVATE KEY ----/y;
const SSH2_FOOTER = /---- END SSH2 (?:ENCRYPTED )?PRIVATE KEY ----/y;
const ARMOURS = [
  { header: PEM_HEADER, footer: PEM_FOOTER, end: '-----END ' },
  { header: SSH2_HEADER, footer: SSH2_FOOTER, end: '---- END SSH2' },
];
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
  // Per armour, the next END at or after the last lookup: -2 not looked up yet, -1 none left.
  const nextEnd = ARMOURS.map(() => -2);
  let from = 0;
  while (from < text.length) {
    const at = text.indexOf(BEGIN, from);
    if (at < 0) break;
    const begin = at - HEADER_LEAD;
    const kind = begin < 0 ? -1 : ARMOURS.findIndex((a) => ((a.header.lastIndex = begin), a.header.test(text)));
    const armour = ARMOURS[kind];
    if (!armour) {
      from = at + BEGIN.length;
      continue;
    }
    const bodyStart = armour.header.lastIndex;
    let end = nextEnd[kind] ?? -1;
    if (end !== -1 && end < bodyStart) end = text.indexOf(armour.end, bodyStart);
    nextEnd[kind] = end;
    let blockEnd = -1;
    if (end >= 0 && end - bodyStart <= MAX_BLOCK) {
      armour.footer.lastIndex = end;
      if (armour.footer.test(text)) blockEnd = armour.footer.lastIndex;
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
