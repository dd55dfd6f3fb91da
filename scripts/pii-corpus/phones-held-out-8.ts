import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import type { Random } from './random';

/**
 * Phone numbers of the eighth held-out split (written 2026-12-07, committed
 * before it was scored): plans no other split draws — the Pacific (Fiji,
 * Papua New Guinea, Samoa, Tonga, Vanuatu, the Solomon Islands, New
 * Caledonia, French Polynesia), the Maldives, Bhutan, Laos, Afghanistan,
 * Iran, Yemen, Madagascar, Malawi, Angola, the two Congos, Gabon, Mali,
 * Burkina Faso, Benin, Togo, Sierra Leone, Liberia, Guinea, the Gambia, Cape
 * Verde, the Seychelles, Haiti, Cuba, Belize, Guyana, Suriname, Zambia,
 * Ethiopia, Cameroon, Senegal, Bolivia, Panama and Paraguay — written as
 * libphonenumber prints them and as people write them beyond what earlier
 * splits drew: with no-break or narrow no-break spaces, with an en dash,
 * `+cc-` joined by a dash, the national digits in threes, in Arabic-Indic or
 * Persian digits (in the Persian, Arabic and Pashto lines), and in full-width
 * digits. A value is drawn from the plan's own example number until Google's
 * libphonenumber says it is a valid number of its country; the detectors play
 * no part.
 */
export const HELD_OUT_8_PHONE_REGIONS: readonly CountryCode[] = [
  'FJ',
  'PG',
  'WS',
  'TO',
  'VU',
  'SB',
  'NC',
  'PF',
  'MV',
  'BT',
  'LA',
  'AF',
  'IR',
  'YE',
  'MG',
  'MW',
  'AO',
  'CD',
  'CG',
  'GA',
  'ML',
  'BF',
  'BJ',
  'TG',
  'SL',
  'LR',
  'GN',
  'GM',
  'CV',
  'SC',
  'HT',
  'CU',
  'BZ',
  'GY',
  'SR',
  'ZM',
  'ET',
  'CM',
  'SN',
  'BO',
  'PA',
  'PY',
];

function drawNational(r: Random, region: CountryCode): string {
  const example = getExampleNumber(region, examples);
  if (!example) throw new Error(`no example number for ${region}`);
  const nsn = example.nationalNumber;
  const keep = Math.min(nsn.length - 4, nsn.length >= 9 ? 3 : 2);
  return nsn.slice(0, keep) + r.digits(nsn.length - keep);
}

/** The national digits in threes, the last group four long when one would be left over. */
function threes(digits: string): string {
  const groups: string[] = [];
  let at = 0;
  while (digits.length - at > 4) {
    groups.push(digits.slice(at, at + 3));
    at += 3;
  }
  groups.push(digits.slice(at));
  return groups.join(' ');
}

const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';
const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const FULL_WIDTH = '０１２３４５６７８９';
const inDigits = (s: string, digits: string) => s.replace(/\d/g, (d) => digits[Number(d)] ?? d);

/** One written form of a valid number of `region`, in ASCII digits. */
function written(r: Random, region: CountryCode): { value: string; check: string } | null {
  const parsed = parsePhoneNumberFromString(drawNational(r, region), region);
  if (!parsed?.isValid()) return null;
  const national = parsed.formatNational();
  const international = parsed.formatInternational();
  const cc = parsed.countryCallingCode;
  const nsn = parsed.nationalNumber;
  const trunk = national.replace(/\D/g, '').slice(0, national.replace(/\D/g, '').length - nsn.length);
  const value = r.pick([
    () => national,
    () => international,
    () => international,
    () => international.replace(/ /g, '\u00a0'),
    () => national.replace(/ /g, '\u202f'),
    () => `+${cc}-${nsn}`,
    () => `+${cc} ${threes(nsn)}`,
    () => `${trunk}${threes(nsn)}`.trim(),
    () => international.replace(/ (?=\S+$)/, '–'),
    () => `00 ${cc} ${threes(nsn)}`,
  ])();
  return { value, check: value.replace(/[\u00a0\u202f–]/g, ' ') };
}

/** A phone number libphonenumber accepts as valid for its country, as written. */
export function heldOut8Phone(r: Random): string {
  for (let tries = 0; tries < 1000; tries++) {
    const region = r.pick(HELD_OUT_8_PHONE_REGIONS);
    const drawn = written(r, region);
    if (drawn === null) continue;
    const check = parsePhoneNumberFromString(drawn.check.replace(/^00 /, '+'), region);
    if (check?.isValid() && check.country === region) return drawn.value;
  }
  throw new Error('no valid phone number drawn in 1000 tries');
}

/** A number of Iran, Afghanistan or Yemen written in the digits of the line's script (Persian or Arabic-Indic). */
export function heldOut8NativePhone(r: Random): string {
  for (let tries = 0; tries < 1000; tries++) {
    const region = r.pick(['IR', 'AF', 'YE'] as const);
    const parsed = parsePhoneNumberFromString(drawNational(r, region), region);
    if (!parsed?.isValid()) continue;
    const national = parsed.formatNational().replace(/ /g, '');
    return inDigits(national, region === 'YE' ? ARABIC_INDIC : PERSIAN);
  }
  throw new Error('no valid phone number drawn in 1000 tries');
}

/** A number written in full-width digits, as Japanese and Chinese text has them. */
export function heldOut8FullWidthPhone(r: Random): string {
  for (let tries = 0; tries < 1000; tries++) {
    const region = r.pick(HELD_OUT_8_PHONE_REGIONS);
    const parsed = parsePhoneNumberFromString(drawNational(r, region), region);
    if (!parsed?.isValid()) continue;
    return `＋${inDigits(parsed.formatInternational().slice(1), FULL_WIDTH)}`;
  }
  throw new Error('no valid phone number drawn in 1000 tries');
}

/** For the independent check: a native or full-width number back in ASCII digits. */
export function asciiDigits(value: string): string {
  return value
    .replace(/[٠-٩]/g, (d) => String(ARABIC_INDIC.indexOf(d)))
    .replace(/[۰-۹]/g, (d) => String(PERSIAN.indexOf(d)))
    .replace(/[０-９]/g, (d) => String(FULL_WIDTH.indexOf(d)))
    .replace(/＋/g, '+')
    .replace(/[\u00a0\u202f–]/g, ' ');
}
