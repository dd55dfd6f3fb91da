/**
 * The strings (object keys and values) and numbers of a JSON text, each with
 * its span in the source, for tool-call arguments: JSON inside a string. A
 * policy reads every one of them, numbers as their source digits (a card
 * number written as a number is still a card number, and a parse would round
 * one past 2^53), and a redaction replaces only the tokens it changed, so the
 * rest of the caller's text stays byte for byte.
 */
export interface JsonTokens {
  /** Each token's text: a string's decoded value, a number's source. */
  texts: string[];
  starts: number[];
  ends: number[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Digits, sign, decimal point and exponent: what a number token continues with. */
function isNumberPart(c: number): boolean {
  return isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === MINUS;
}

/**
 * The tokens of `text` when it is a JSON object or array; null otherwise (not
 * JSON, or a lone scalar), in which case it is read as plain text. Empty
 * strings are not tokens (nothing to read or redact).
 */
export function jsonTokens(text: string): JsonTokens | null {
  const first = text.trimStart().charCodeAt(0);
  if (first !== 0x7b && first !== 0x5b) return null;
  try {
    // JSON.parse decides validity; the scan below may then assume well-formed JSON.
    JSON.parse(text);
  } catch {
    return null;
  }
  const tokens: JsonTokens = { texts: [], starts: [], ends: [] };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      let escaped = false;
      for (let d = text.charCodeAt(j); d !== QUOTE; d = text.charCodeAt(j)) {
        if (d === BACKSLASH) {
          escaped = true;
          j += 2;
        } else j++;
      }
      const end = j + 1;
      if (end - i > 2)
        push(tokens, escaped ? (JSON.parse(text.slice(i, end)) as string) : text.slice(i + 1, j), i, end);
      i = end;
    } else if (c === MINUS || isDigit(c)) {
      let j = i + 1;
      while (j < text.length && isNumberPart(text.charCodeAt(j))) j++;
      push(tokens, text.slice(i, j), i, j);
      i = j;
    } else i++; // structure, whitespace, true/false/null
  }
  return tokens;
}

function push(tokens: JsonTokens, text: string, start: number, end: number): void {
  tokens.texts.push(text);
  tokens.starts.push(start);
  tokens.ends.push(end);
}

/**
 * `source` with the tokens whose text changed (`next[offset + i] !== tokens.texts[i]`)
 * written as JSON strings: a redacted number becomes a string holding its
 * placeholder, so the document stays valid JSON.
 */
export function withTokens(source: string, tokens: JsonTokens, next: readonly string[], offset: number): string {
  let out = '';
  let at = 0;
  for (let i = 0; i < tokens.texts.length; i++) {
    const text = next[offset + i];
    const start = tokens.starts[i];
    const end = tokens.ends[i];
    if (text === undefined || text === tokens.texts[i] || start === undefined || end === undefined) continue;
    out += source.slice(at, start) + JSON.stringify(text);
    at = end;
  }
  return out + source.slice(at);
}
