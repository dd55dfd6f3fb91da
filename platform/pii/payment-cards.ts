/**
 * Payment-card numbers: a number counts only when an issuer uses its prefix
 * for numbers of its length and its Luhn check digit holds. Luhn alone passes
 * one random number in ten; most 13–19-digit identifiers (timestamps, order
 * and tracking numbers) start with digits no issuer uses, or have the wrong length.
 */
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

interface IssuerRange {
  /** Inclusive prefix range, both bounds of the same number of digits. */
  from: number;
  to: number;
  lengths: readonly number[];
}

const range = (from: number, to: number, lengths: readonly number[]): IssuerRange => ({ from, to, lengths });
const SIXTEEN_TO_NINETEEN = [16, 17, 18, 19];

// The issuers' published IIN ranges and lengths (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro, Mir).
const ISSUER_RANGES: readonly IssuerRange[] = [
  range(4, 4, [13, 16, 19]),
  range(51, 55, [16]),
  range(2221, 2720, [16]),
  range(34, 34, [15]),
  range(37, 37, [15]),
  range(6011, 6011, SIXTEEN_TO_NINETEEN),
  range(644, 649, SIXTEEN_TO_NINETEEN),
  range(65, 65, SIXTEEN_TO_NINETEEN),
  range(3528, 3589, SIXTEEN_TO_NINETEEN),
  range(300, 305, [14, 16, 17, 18, 19]),
  range(36, 36, [14, 15, 16, 17, 18, 19]),
  range(38, 39, [14, 15, 16, 17, 18, 19]),
  range(62, 62, SIXTEEN_TO_NINETEEN),
  range(2200, 2204, SIXTEEN_TO_NINETEEN),
  range(5018, 5018, [12, 13, 14, 15, 16, 17, 18, 19]),
  range(5020, 5020, [12, 13, 14, 15, 16, 17, 18, 19]),
  range(5038, 5038, [12, 13, 14, 15, 16, 17, 18, 19]),
  range(5893, 5893, [12, 13, 14, 15, 16, 17, 18, 19]),
  range(6304, 6304, [12, 13, 14, 15, 16, 17, 18, 19]),
  range(6759, 6763, [12, 13, 14, 15, 16, 17, 18, 19]),
];

export function issuerAccepts(digits: string): boolean {
  for (const r of ISSUER_RANGES) {
    const width = String(r.from).length;
    const prefix = Number(digits.slice(0, width));
    if (prefix >= r.from && prefix <= r.to && r.lengths.includes(digits.length)) return true;
  }
  return false;
}

/** How people group card digits: fours (19 digits end in three), or Amex/Diners' 4-6-5 and 4-6-4. */
function groupingPlausible(groups: number[]): boolean {
  if (groups.length === 1) return true;
  const key = groups.join('-');
  if (key === '4-6-5' || key === '4-6-4') return true;
  const last = groups[groups.length - 1] ?? 0;
  return groups.slice(0, -1).every((g) => g === 4) && last >= 1 && last <= 4;
}

export function cardValid(value: string): boolean {
  const separators = value.match(/[ -]/g);
  if (separators && separators.some((s) => s !== separators[0])) return false;
  const groups = value.split(/[ -]/).map((g) => g.length);
  if (!groupingPlausible(groups)) return false;
  const digits = separators ? value.replace(/[ -]/g, '') : value;
  return issuerAccepts(digits) && luhnValid(digits);
}
