import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import type { Random } from './random';

/**
 * Phone numbers of the tenth held-out split (written 2026-12-07, after the tenth round of fixes, committed before
 * it was scored): plans no other split draws — Côte d'Ivoire (ten digits since 2021), Chile, Algeria, Peru,
 * Venezuela, Myanmar, the Central African Republic, Equatorial Guinea, the French overseas departments and
 * collectivities (French Guiana, Guadeloupe, Réunion, Mayotte, Saint-Pierre-et-Miquelon, Saint-Barthélemy,
 * Saint-Martin, Wallis and Futuna), the Caribbean Netherlands, Saint Helena, Norfolk Island and the Pacific
 * (the Marshall Islands, Nauru, Tuvalu, the Cook Islands, Niue) — written as libphonenumber prints them and in
 * forms no split drew: the national digits glued after `+cc`, a Unicode hyphen (U+2010), a figure dash
 * (U+2012), a minus sign (U+2212), a middle dot, an ideographic space, a full-width hyphen-minus, `+cc` then
 * a slash after `+cc` (`+56/9 …`), and Myanmar, Odia, Gujarati, Gurmukhi and Lao digits in the lines of
 * those scripts. Plans whose numbers are short (five to seven digits) are written with their country code only,
 * as their people write them abroad. A value is drawn from the plan's example number until Google's
 * libphonenumber says it is a valid number of its country (read back in ASCII digits); the detectors play no
 * part.
 */
const LONG: readonly CountryCode[] = [
  'CI',
  'CL',
  'DZ',
  'PE',
  'VE',
  'MM',
  'CF',
  'GQ',
  'GF',
  'GP',
  'RE',
  'YT',
  'BL',
  'MF',
];
const SHORT: readonly CountryCode[] = ['PM', 'MH', 'NR', 'TV', 'CK', 'NU', 'WF', 'BQ', 'SH', 'NF'];
export const HELD_OUT_10_PHONE_REGIONS: readonly CountryCode[] = [...LONG, ...SHORT].filter(
  (region) => getExampleNumber(region, examples) !== undefined,
);

function drawNational(r: Random, region: CountryCode): string {
  const example = getExampleNumber(region, examples);
  if (!example) throw new Error(`no example number for ${region}`);
  const nsn = example.nationalNumber;
  const keep = Math.min(Math.max(nsn.length - 4, 1), nsn.length >= 9 ? 3 : 2);
  return nsn.slice(0, keep) + r.digits(nsn.length - keep);
}

function written(r: Random, region: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(drawNational(r, region), region);
  if (!parsed?.isValid()) return null;
  const national = parsed.formatNational();
  const international = parsed.formatInternational();
  const cc = parsed.countryCallingCode;
  const nsn = parsed.nationalNumber;
  if (SHORT.includes(region))
    return r.pick([
      () => international,
      () => international,
      () => `+${cc}${nsn}`,
      () => `(+${cc}) ${international.slice(cc.length + 2)}`,
      () => international.replace(/ /g, '\u2010'),
    ])();
  return r.pick([
    () => national,
    () => national,
    () => international,
    () => international,
    () => `+${cc}${nsn}`,
    () => international.replace(/ /g, '\u2010'),
    () => international.replace(/ (?=\S+$)/, '\u2012'),
    () => international.replace(/ /g, '\u2212'),
    () => international.replace(/ /g, '\u00b7'),
    () => international.replace(/ /g, '\u3000'),
    () => international.replace(/ /g, '\uff0d'),
    () => `+${cc}/${international.slice(cc.length + 2)}`,
  ])();
}

/** A phone number libphonenumber accepts as valid for its country, as written. */
export function heldOut10Phone(r: Random): string {
  for (let tries = 0; tries < 1000; tries++) {
    const region = r.pick(HELD_OUT_10_PHONE_REGIONS);
    const value = written(r, region);
    if (value === null) continue;
    const ascii = asciiDigits10(value).replace(/^\(\+(\d{1,3})\)/, '+$1');
    const check = parsePhoneNumberFromString(ascii.replace(/^(\+\d{1,3})\//, '$1 '), region);
    if (check?.isValid()) return value;
  }
  throw new Error('no valid phone number drawn in 1000 tries');
}

const SCRIPTS = {
  myanmar: '၀၁၂၃၄၅၆၇၈၉',
  odia: '୦୧୨୩୪୫୬୭୮୯',
  gujarati: '૦૧૨૩૪૫૬૭૮૯',
  gurmukhi: '੦੧੨੩੪੫੬੭੮੯',
  lao: '໐໑໒໓໔໕໖໗໘໙',
} as const;
export type NativeScript = keyof typeof SCRIPTS;
const REGION_OF: Record<NativeScript, CountryCode> = {
  myanmar: 'MM',
  odia: 'IN',
  gujarati: 'IN',
  gurmukhi: 'IN',
  lao: 'LA',
};

/** A mobile number of the script's country, national or international, in that script's digits. */
export function heldOut10NativePhone(r: Random, script: NativeScript): string {
  const region = REGION_OF[script];
  for (let tries = 0; tries < 1000; tries++) {
    const parsed = parsePhoneNumberFromString(drawNational(r, region), region);
    if (!parsed?.isValid()) continue;
    const form = r.chance(0.5) ? parsed.formatInternational() : parsed.formatNational();
    const digits = SCRIPTS[script];
    return form.replace(/\d/g, (d) => digits[Number(d)] ?? d);
  }
  throw new Error('no valid phone number drawn in 1000 tries');
}

/** For the independent check: a number back in ASCII digits and separators. */
export function asciiDigits10(value: string): string {
  let out = '';
  for (const ch of value) {
    let mapped = ch;
    for (const digits of Object.values(SCRIPTS)) {
      const at = digits.indexOf(ch);
      if (at >= 0) mapped = String(at);
    }
    out += mapped;
  }
  return out.replace(/[\u2010\u2012\u2212\u00b7\u3000\uff0d]/g, ' ').replace(/^(\+\d{1,3})\//, '$1 ');
}
