import { isIPv6 } from 'node:net';
import type { PiiEntityType } from '../policies/policy-rules';

/**
 * In-process PII detectors. Each is a hoisted regular expression that finds
 * candidates, plus a validator where a checksum exists (Luhn for cards, mod-97
 * for IBANs) so that random digit runs are not reported. Pure: no I/O.
 */
export interface PiiMatch {
  type: PiiEntityType;
  start: number;
  end: number;
  value: string;
}

/** Facts about a text computed once, so detectors that cannot match skip their regex scan. */
interface TextFacts {
  digits: number;
}

interface Detector {
  type: PiiEntityType;
  pattern: RegExp;
  /** Cheap pre-check: skip the regex when the text cannot contain a match. */
  mayContain: (text: string, facts: TextFacts) => boolean;
  /** Which capture group holds the value (0: the whole match). */
  group?: number;
  validate?: (value: string) => boolean;
}

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/*
 * Pre-checks run on every text, so they lean on `includes`, which V8 runs as a
 * memchr-style scan for the first character: an order of magnitude faster than
 * a regex on a 2 KB prompt when that character is rare. A common first
 * character ('e' in 'eyJ' or 'earer') makes it slow, so those search from a
 * rarer one ('yJ', or the two cases of 'Bearer').
 */
function containsDigit(text: string): boolean {
  return (
    text.includes('0') ||
    text.includes('1') ||
    text.includes('2') ||
    text.includes('3') ||
    text.includes('4') ||
    text.includes('5') ||
    text.includes('6') ||
    text.includes('7') ||
    text.includes('8') ||
    text.includes('9')
  );
}

// Every token family's literal prefix; each holds '-' or '_' or is AKIA, AIza or eyJ, which rules most prose out at once.
const TOKEN_PREFIX = /sk-|AKIA|gh[pousr]_|github_pat_|xox|AIza|_live_|_test_|atr_|eyJ/;
const mayHoldToken = (text: string) =>
  (text.includes('-') || text.includes('_') || text.includes('AKIA') || text.includes('AIza') || text.includes('yJ')) &&
  TOKEN_PREFIX.test(text);
const atLeastDigits = (n: number) => (_text: string, facts: TextFacts) => facts.digits >= n;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

// Lengths of the IBANs of the countries that issue them (ISO 13616 registry).
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/ /g, '').toUpperCase();
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected === undefined || iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const code = rearranged.charCodeAt(i);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

function cardValid(value: string): boolean {
  const digits = value.replace(/[ -]/g, '');
  return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
}

function phoneValid(value: string): boolean {
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 9 || digits > 15) return false;
  // Dates (2024-01-31, 31.01.2024) look like phone numbers; their separators give them away.
  if (/^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/.test(value) || /^\d{1,2}[-./]\d{1,2}[-./]\d{4}$/.test(value)) return false;
  // The SSN shape (ddd-dd-dddd) with invalid SSN numbers, and part numbers built like it, are not phone numbers.
  if (/^\d{3}-\d{2}-\d+$/.test(value)) return false;
  return true;
}

/**
 * Order matters: earlier detectors claim their spans first (a secret that
 * contains digits is not also a phone number; a card is not a phone number).
 */
const DETECTORS: Detector[] = [
  {
    type: 'SECRET',
    pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----[\s\S]*?-----END (?:[A-Z]+ )*PRIVATE KEY-----/g,
    mayContain: (t) => t.includes('-----BEGIN'),
  },
  {
    type: 'SECRET',
    pattern:
      /(?<![A-Za-z0-9_-])(?:sk-(?:proj-|ant-(?:api|admin)\d{2}-)?[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}|atr_[a-z0-9]{12}_[A-Za-z0-9_-]{43}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})(?![A-Za-z0-9_-])/g,
    mayContain: mayHoldToken,
  },
  {
    type: 'SECRET',
    pattern: /\b[Bb]earer\s+([A-Za-z0-9._~+/-]{16,}=*)/g,
    group: 1,
    mayContain: (t) => t.includes('Bearer') || t.includes('bearer'),
  },
  {
    type: 'EMAIL',
    pattern:
      /(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
    mayContain: (t) => t.includes('@'),
  },
  {
    type: 'IBAN',
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g,
    mayContain: atLeastDigits(4),
    validate: ibanValid,
  },
  {
    type: 'CARD',
    pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    mayContain: atLeastDigits(13),
    validate: cardValid,
  },
  {
    type: 'SSN',
    pattern: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g,
    mayContain: atLeastDigits(9),
  },
  {
    type: 'IP',
    pattern: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d]|\.\d)/g,
    mayContain: (text, facts) => facts.digits >= 4 && text.includes('.'),
  },
  {
    type: 'IP',
    pattern:
      /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,7}|[0-9A-Fa-f]{1,4})(?![\w:])|(?<![\w:])::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}(?![\w:])/g,
    mayContain: (t) => t.includes(':'),
    validate: (v) => isIPv6(v) && v.replace(/[^:]/g, '').length >= 2,
  },
  {
    type: 'PHONE',
    pattern: /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\d[ .-])?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,4}(?![\w])/g,
    mayContain: atLeastDigits(9),
    validate: phoneValid,
  },
];

/**
 * Finds PII of the wanted types, non-overlapping, sorted by position.
 * `wanted` is a bitmask over PII_ENTITY_TYPES positions (see entityMask).
 */
export function detectPii(text: string, wanted: ReadonlySet<PiiEntityType>): PiiMatch[] {
  const found: PiiMatch[] = [];
  const facts: TextFacts = { digits: containsDigit(text) ? countDigits(text) : 0 };
  for (const detector of DETECTORS) {
    if (!wanted.has(detector.type) || !detector.mayContain(text, facts)) continue;
    const pattern = detector.pattern;
    pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(text)) !== null) {
      const group = detector.group ?? 0;
      const value = m[group];
      if (value === undefined) continue;
      const start = group === 0 ? m.index : m.index + m[0].indexOf(value);
      const end = start + value.length;
      if (detector.validate && !detector.validate(value)) continue;
      if (overlaps(found, start, end)) continue;
      found.push({ type: detector.type, start, end, value });
    }
  }
  return found.length > 1 ? found.sort((a, b) => a.start - b.start) : found;
}

function overlaps(found: PiiMatch[], start: number, end: number): boolean {
  for (const f of found) if (start < f.end && f.start < end) return true;
  return false;
}
