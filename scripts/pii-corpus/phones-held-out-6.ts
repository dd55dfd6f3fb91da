import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Random } from './random';

/**
 * Phone numbers of the sixth held-out split (written 2026-12-07, committed
 * before it was scored): plans no other split draws — New Zealand, the
 * Philippines, Kenya, Nigeria, Egypt, Pakistan, Bangladesh, Indonesia,
 * Taiwan, Ukraine, Luxembourg, Iceland, Estonia, Latvia, Lithuania,
 * Slovakia, Croatia, Slovenia, Bulgaria — and the common plans in forms the
 * others draw little (German `030/…` and `0171/…` slashes, `+49 (0)30`,
 * French dots, North American dots and `+1.`, British numbers with their
 * area code in brackets). Each value is drawn until Google's libphonenumber
 * (its own parser, not the detectors) says it is a valid number of its
 * country, so the labels do not depend on what is scored.
 */
type PhoneDraw = (r: Random) => [CountryCode, string];
const d = (r: Random, n: number) => r.digits(n);
const nz = (r: Random) => String(r.int(2, 9));

const DRAWS: PhoneDraw[] = [
  (r) => [
    'NZ',
    r.pick([
      `02${r.pick(['1', '2', '7'])} ${d(r, 3)} ${d(r, 4)}`,
      `+64 2${r.pick(['1', '2', '7'])} ${d(r, 3)} ${d(r, 4)}`,
      `09 ${nz(r)}${d(r, 2)} ${d(r, 4)}`,
    ]),
  ],
  (r) => [
    'PH',
    r.pick([
      `09${r.pick(['17', '18', '27', '98'])} ${d(r, 3)} ${d(r, 4)}`,
      `+63 9${r.pick(['17', '18', '27'])} ${d(r, 3)} ${d(r, 4)}`,
      `(02) 8${d(r, 3)} ${d(r, 4)}`,
    ]),
  ],
  (r) => [
    'KE',
    r.pick([`07${r.pick(['10', '12', '22', '33'])} ${d(r, 6)}`, `+254 7${r.pick(['10', '12', '22'])} ${d(r, 6)}`]),
  ],
  (r) => [
    'NG',
    r.pick([
      `080${r.pick(['3', '6', '7'])} ${d(r, 3)} ${d(r, 4)}`,
      `+234 80${r.pick(['3', '6'])} ${d(r, 3)} ${d(r, 4)}`,
    ]),
  ],
  (r) => [
    'EG',
    r.pick([
      `01${r.pick(['0', '1', '2'])} ${d(r, 4)} ${d(r, 4)}`,
      `+20 1${r.pick(['0', '1', '2'])} ${d(r, 4)} ${d(r, 4)}`,
    ]),
  ],
  (r) => [
    'PK',
    r.pick([`03${r.pick(['00', '21', '33', '45'])} ${d(r, 7)}`, `+92 3${r.pick(['00', '21', '33'])} ${d(r, 7)}`]),
  ],
  (r) => [
    'BD',
    r.pick([`01${r.pick(['7', '8', '9'])}${d(r, 2)}-${d(r, 6)}`, `+880 1${r.pick(['7', '8'])}${d(r, 2)}-${d(r, 6)}`]),
  ],
  (r) => [
    'ID',
    r.pick([
      `08${r.pick(['12', '13', '21', '52'])}-${d(r, 4)}-${d(r, 4)}`,
      `+62 8${r.pick(['12', '13', '21'])}-${d(r, 4)}-${d(r, 4)}`,
    ]),
  ],
  (r) => [
    'TW',
    r.pick([
      `09${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`,
      `+886 9${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`,
      `(02) 2${d(r, 3)}-${d(r, 4)}`,
    ]),
  ],
  (r) => [
    'UA',
    r.pick([
      `+380 ${r.pick(['50', '67', '93'])} ${d(r, 3)} ${d(r, 4)}`,
      `0${r.pick(['50', '67', '93'])} ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`,
    ]),
  ],
  (r) => [
    'LU',
    r.pick([
      `+352 6${r.pick(['21', '61', '91'])} ${d(r, 3)} ${d(r, 3)}`,
      `6${r.pick(['21', '61', '91'])} ${d(r, 3)} ${d(r, 3)}`,
    ]),
  ],
  (r) => [
    'IS',
    r.pick([`+354 ${r.pick(['6', '7', '8'])}${d(r, 2)} ${d(r, 4)}`, `${r.pick(['6', '7', '8'])}${d(r, 2)} ${d(r, 4)}`]),
  ],
  (r) => ['EE', r.pick([`+372 5${d(r, 3)} ${d(r, 4)}`, `5${d(r, 3)} ${d(r, 4)}`])],
  (r) => ['LV', r.pick([`+371 2${d(r, 3)} ${d(r, 4)}`, `2${d(r, 3)} ${d(r, 4)}`])],
  (r) => ['LT', r.pick([`+370 6${d(r, 2)} ${d(r, 5)}`, `8 6${d(r, 2)} ${d(r, 5)}`])],
  (r) => [
    'SK',
    r.pick([
      `+421 9${r.pick(['0', '1', '4'])}${d(r, 1)} ${d(r, 3)} ${d(r, 3)}`,
      `09${r.pick(['0', '1', '4'])}${d(r, 1)} ${d(r, 3)} ${d(r, 3)}`,
    ]),
  ],
  (r) => [
    'HR',
    r.pick([
      `+385 9${r.pick(['1', '2', '8'])} ${d(r, 3)} ${d(r, 4)}`,
      `09${r.pick(['1', '2', '8'])} ${d(r, 3)} ${d(r, 4)}`,
    ]),
  ],
  (r) => [
    'SI',
    r.pick([
      `+386 ${r.pick(['31', '41', '51'])} ${d(r, 3)} ${d(r, 3)}`,
      `0${r.pick(['31', '41', '51'])} ${d(r, 3)} ${d(r, 3)}`,
    ]),
  ],
  (r) => [
    'BG',
    r.pick([
      `+359 8${r.pick(['7', '8', '9'])} ${d(r, 3)} ${d(r, 4)}`,
      `08${r.pick(['7', '8', '9'])} ${d(r, 3)} ${d(r, 4)}`,
    ]),
  ],
  (r) => [
    'DE',
    r.pick([
      `030/${nz(r)}${d(r, 7)}`,
      `+49 (0)30 ${nz(r)}${d(r, 3)} ${d(r, 4)}`,
      `01${r.pick(['51', '60', '71', '76'])}/${d(r, 7)}`,
      `089 ${nz(r)}${d(r, 3)} ${d(r, 3)}`,
    ]),
  ],
  (r) => [
    'FR',
    r.pick([
      `0${r.int(1, 5)}.${d(r, 2)}.${d(r, 2)}.${d(r, 2)}.${d(r, 2)}`,
      `+33 6 ${d(r, 2)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
    ]),
  ],
  (r) => [
    'US',
    r.pick([
      `${r.pick(['212', '646', '415', '312', '617'])}.${nz(r)}${d(r, 2)}.${d(r, 4)}`,
      `+1.${r.pick(['206', '303', '512'])}.${nz(r)}${d(r, 2)}.${d(r, 4)}`,
      `+1 (${r.pick(['713', '404', '305'])}) ${nz(r)}${d(r, 2)}-${d(r, 4)}`,
    ]),
  ],
  (r) => [
    'GB',
    r.pick([
      `(020) 7${d(r, 3)} ${d(r, 4)}`,
      `(0161) ${nz(r)}${d(r, 2)} ${d(r, 4)}`,
      `+44 (0)7${r.pick(['4', '5', '7', '8'])}${d(r, 2)} ${d(r, 6)}`,
    ]),
  ],
  (r) => [
    'PT',
    r.pick([`+351 9${r.pick(['1', '3', '6'])}${d(r, 1)} ${d(r, 3)} ${d(r, 3)}`, `21 ${d(r, 3)} ${d(r, 4)}`]),
  ],
];

/** The countries drawn, so a check after generation can parse a national number in its own plan. */
export const HELD_OUT_6_PHONE_REGIONS: readonly CountryCode[] = [
  'NZ',
  'PH',
  'KE',
  'NG',
  'EG',
  'PK',
  'BD',
  'ID',
  'TW',
  'UA',
  'LU',
  'IS',
  'EE',
  'LV',
  'LT',
  'SK',
  'HR',
  'SI',
  'BG',
  'DE',
  'FR',
  'US',
  'GB',
  'PT',
];

/** A phone number libphonenumber accepts as valid for its country, as written. */
export function heldOut6Phone(r: Random): string {
  for (let tries = 0; tries < 1000; tries++) {
    const [region, written] = r.pick(DRAWS)(r);
    if (parsePhoneNumberFromString(written, region)?.isValid()) return written;
  }
  throw new Error('no valid phone number drawn in 1000 tries');
}
