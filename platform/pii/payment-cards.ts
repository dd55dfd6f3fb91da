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

// The issuers' published IIN ranges and lengths: the global networks (Visa, Mastercard, Amex, Discover, JCB,
// Diners, UnionPay, Maestro) and the national ones (Mir, RuPay, Troy, Verve, Elo, Hipercard, Dankort, UzCard,
// Humo, InterPayment, InstaPayment, Naranja, Cabal, Bancontact, Meeza, T-Union, DinaCard, BORICA, GPN, NPS
// Pridnestrovie). UATP's airline cards (15 digits from 1) are left out: fifteen-digit runs from 1 are
// identifiers far more often.
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
  // Diners numbers are 14 digits, or 16–19 on the Discover network; fifteen digits are Amex's alone.
  range(36, 36, [14, 16, 17, 18, 19]),
  range(38, 39, [14, 16, 17, 18, 19]),
  range(62, 62, SIXTEEN_TO_NINETEEN),
  range(2200, 2204, SIXTEEN_TO_NINETEEN),
  range(5018, 5018, [12, 13, 14, 15, 16, 17, 18, 19]),
  range(5020, 5020, [12, 13, 14, 15, 16, 17, 18, 19]),
  range(5038, 5038, [12, 13, 14, 15, 16, 17, 18, 19]),
  range(5893, 5893, [12, 13, 14, 15, 16, 17, 18, 19]),
  range(6304, 6304, [12, 13, 14, 15, 16, 17, 18, 19]),
  range(6759, 6763, [12, 13, 14, 15, 16, 17, 18, 19]),
  // RuPay (India); its own 60… blocks only: store gift cards use the rest of 60 (6006…)
  range(606985, 607984, [16]),
  range(608001, 608500, [16]),
  range(652150, 653149, [16]),
  range(81, 82, [16]),
  range(508500, 508999, [16]),
  range(353, 353, [16]),
  range(356, 356, [16]),
  // Troy (Türkiye)
  range(9792, 9792, [16]),
  // Verve (Nigeria)
  range(506099, 506198, [16, 18, 19]),
  range(507865, 507964, [16, 18, 19]),
  range(650002, 650027, [16, 18, 19]),
  // Elo and Hipercard (Brazil), beyond the ranges they share with Visa and Discover
  range(5067, 5067, [16]),
  range(509, 509, [16]),
  range(627780, 627780, [16]),
  range(636297, 636297, [16]),
  range(636368, 636368, [16]),
  range(606282, 606282, [16, 19]),
  range(384100, 384100, [16, 19]),
  range(384140, 384140, [16, 19]),
  range(384160, 384160, [16, 19]),
  // Dankort (Denmark), UzCard and Humo (Uzbekistan), InterPayment, InstaPayment (637–639)
  range(5019, 5019, [16]),
  range(8600, 8600, [16]),
  range(9860, 9860, [16]),
  range(636, 636, SIXTEEN_TO_NINETEEN),
  range(637, 639, [16]),
  // Naranja and Cabal (Argentina), Bancontact (Belgium: 17 digits, as Maestro was), Meeza (Egypt)
  range(589562, 589562, [16]),
  range(604201, 604219, [16]),
  range(589657, 589657, [16]),
  range(6703, 6703, SIXTEEN_TO_NINETEEN),
  range(507803, 507808, [16]),
  // T-Union (China: nineteen digits from 31), DinaCard (Serbia), BORICA (Bulgaria, beside Mir's 2200–2204)
  range(31, 31, [19]),
  range(9891, 9891, [16]),
  range(655670, 655697, [16]),
  range(2205, 2205, [16]),
  // Indonesia's GPN debit cards, under the national IIN its standards body issues (9 and the country's code 360,
  // ISO/IEC 7812), and NPS Pridnestrovie's (6054740–6054744)
  range(9360, 9360, [16, 18, 19]),
  range(6054740, 6054744, [16]),
];

export function issuerAccepts(digits: string): boolean {
  for (const r of ISSUER_RANGES) {
    const width = String(r.from).length;
    const prefix = Number(digits.slice(0, width));
    if (prefix >= r.from && prefix <= r.to && r.lengths.includes(digits.length)) return true;
  }
  return false;
}

/**
 * How people group card digits: fours (19 digits end in three), or Amex/Diners' 4-6-5 and 4-6-4. Nineteen digits
 * are also written as the issuer's six and the account's thirteen (`623212-0673358604314`); that grouping needs a
 * card word before it (`cardValid`).
 */
function groupingPlausible(groups: number[], named: () => boolean): boolean {
  if (groups.length === 1) return true;
  const key = groups.join('-');
  if (key === '4-6-5' || key === '4-6-4') return true;
  if (key === '6-13') return named();
  const last = groups[groups.length - 1] ?? 0;
  return groups.slice(0, -1).every((g) => g === 4) && last >= 1 && last <= 4;
}

// "card", "Karte", "carte", "tarjeta", "Visa"… within a few words before the number.
const CARD_WORD = /(?:card|karte|carte|tarjeta|visa|\bcc\b|\bpan\b)[^\n]{0,20}$/i;

/**
 * `text` and `start` place the number in its text: thirteen digits in one run
 * starting with 4 are an EAN-13 barcode (German prefixes 400–440) far more
 * often than one of Visa's old 13-digit numbers, so they need a card word.
 */
export function cardValid(value: string, text = '', start = 0): boolean {
  const separators = value.match(/[ -]/g);
  if (separators && separators.some((s) => s !== separators[0])) return false;
  const groups = value.split(/[ -]/).map((g) => g.length);
  const named = () => CARD_WORD.test(text.slice(Math.max(0, start - 32), start));
  if (!groupingPlausible(groups, named)) return false;
  const digits = separators ? value.replace(/[ -]/g, '') : value;
  if (!issuerAccepts(digits) || !luhnValid(digits)) return false;
  return digits.length !== 13 || separators !== null || named();
}
