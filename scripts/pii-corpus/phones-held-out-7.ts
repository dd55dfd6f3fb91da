import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import type { Random } from './random';

/**
 * Phone numbers of the seventh held-out split (written 2026-12-07, committed
 * before it was scored): plans no other split draws — Serbia, Bosnia,
 * Albania, Moldova, Georgia, Armenia, Kazakhstan, Kyrgyzstan, Morocco,
 * Tunisia, Ghana, Tanzania, Uganda, Mozambique, Namibia, Botswana, Mauritius,
 * Sri Lanka, Nepal, Cambodia, Brunei, Macau, Qatar, Kuwait, Jordan, Ecuador,
 * Uruguay, Costa Rica, Honduras, El Salvador, Jamaica and the Dominican
 * Republic — each written the way libphonenumber prints it nationally and
 * internationally, and the ways people write it beside that: the national
 * digits regrouped in pairs, joined by dots, dashes or a slash after the
 * area or operator code, `00` for `+`, the country code in brackets. A value
 * is drawn from the plan's own example number (its first digits kept, the
 * rest random) until Google's libphonenumber says it is a valid number of
 * its country; the detectors play no part.
 */
export const HELD_OUT_7_PHONE_REGIONS: readonly CountryCode[] = [
  'RS',
  'BA',
  'AL',
  'MD',
  'GE',
  'AM',
  'KZ',
  'KG',
  'MA',
  'TN',
  'GH',
  'TZ',
  'UG',
  'MZ',
  'NA',
  'BW',
  'MU',
  'LK',
  'NP',
  'KH',
  'BN',
  'MO',
  'QA',
  'KW',
  'JO',
  'EC',
  'UY',
  'CR',
  'HN',
  'SV',
  'JM',
  'DO',
];

/** Digits of the plan's example mobile number with all but its first `keep` national digits drawn anew. */
function drawNational(r: Random, region: CountryCode): string {
  const example = getExampleNumber(region, examples);
  if (!example) throw new Error(`no example number for ${region}`);
  const nsn = example.nationalNumber;
  const keep = Math.min(nsn.length - 4, nsn.length >= 9 ? 3 : 2);
  return nsn.slice(0, keep) + r.digits(nsn.length - keep);
}

/** Digits in pairs, the first group three long when the count is odd (no group of one). */
function pairs(digits: string): string {
  const head = digits.length % 2 === 1 ? 3 : 2;
  return `${digits.slice(0, head)} ${digits.slice(head).replace(/(\d{2})(?=\d)/g, '$1 ')}`.trim();
}

/** One written form of a valid number of `region`. */
function written(r: Random, region: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(drawNational(r, region), region);
  if (!parsed?.isValid()) return null;
  const national = parsed.formatNational();
  const international = parsed.formatInternational();
  const cc = parsed.countryCallingCode;
  const nsn = parsed.nationalNumber;
  const trunk = national.replace(/\D/g, '').slice(0, national.replace(/\D/g, '').length - nsn.length);
  const groups = national.split(/[ ()-]+/).filter((g) => g.length > 0);
  return r.pick([
    () => national,
    () => national,
    () => international,
    () => international,
    () => `00${international.slice(1)}`,
    () => `(+${cc}) ${international.slice(cc.length + 2)}`,
    () => `+${cc}${nsn}`,
    // People's groupings: pairs after the trunk prefix, dots, dashes, a slash after the first group.
    () => `${trunk}${pairs(nsn)}`.trim(),
    () => groups.join('.'),
    () => groups.join('-'),
    () => (groups.length > 1 ? `${groups[0]}/${groups.slice(1).join('')}` : national),
    () => `+${cc} ${pairs(nsn)}`,
  ])();
}

/** A phone number libphonenumber accepts as valid for its country, as written. */
export function heldOut7Phone(r: Random): string {
  for (let tries = 0; tries < 1000; tries++) {
    const region = r.pick(HELD_OUT_7_PHONE_REGIONS);
    const value = written(r, region);
    if (value === null) continue;
    const check = parsePhoneNumberFromString(value.replace(/^\(\+(\d+)\)/, '+$1').replace(/^00/, '+'), region);
    if (check?.isValid() && check.country === region) return value;
  }
  throw new Error('no valid phone number drawn in 1000 tries');
}
