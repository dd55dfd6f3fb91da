import { ibanFor, luhnComplete, ssnParts, type Split } from './entities';
import { BROAD_FAMILIES } from './decoys-broad';
import { HELD_OUT_FAMILIES } from './decoys-held-out';
import { HELD_OUT_2_FAMILIES } from './decoys-held-out-2';
import { HELD_OUT_3_FAMILIES } from './decoys-held-out-3';
import { HELD_OUT_4_FAMILIES } from './decoys-held-out-4';
import { HELD_OUT_5_FAMILIES } from './decoys-held-out-5';
import { HELD_OUT_6_FAMILIES } from './decoys-held-out-6';
import { HELD_OUT_7_FAMILIES } from './decoys-held-out-7';
import { HELD_OUT_8_FAMILIES } from './decoys-held-out-8';
import { HELD_OUT_10_FAMILIES } from './decoys-held-out-10';
import { HELD_OUT_11_FAMILIES } from './decoys-held-out-11';
import { HELD_OUT_12_FAMILIES } from './decoys-held-out-12';
import { HELD_OUT_9_FAMILIES } from './decoys-held-out-9';
import { ALNUM, HEX, Random, UPPER_ALNUM } from './random';

/**
 * Look-alikes: strings with the shape of an entity that a careful reader would
 * leave alone. Each family has a name, so the scorer can say which ones fool
 * the detectors. The held-out split draws from families the tuning split does not use.
 */
export interface DecoyFamily {
  name: string;
  make: (r: Random) => string;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const year = (r: Random) => r.int(1990, 2026);
const date = (r: Random) => ({ y: year(r), m: r.int(1, 12), d: r.int(1, 28) });

/** Luhn-valid numbers of card length whose prefix no issuer uses (0, 1, 7, 8, 9) or whose length its issuer does not issue. */
export function issuerless(r: Random): string {
  return r.pick([
    () => luhnComplete(r.pick(['0', '1', '7', '8', '9']), r.int(13, 16), r),
    () => luhnComplete('4', 15, r),
    () => luhnComplete(`3${r.pick(['4', '7'])}`, 16, r),
    () => luhnComplete(`5${r.int(1, 5)}`, 15, r),
  ])();
}

export function luhnInvalid(r: Random): string {
  const good = luhnComplete('4', 16, r);
  const last = Number(good[15]);
  return good.slice(0, 15) + String((last + r.int(1, 9)) % 10);
}

/** The first families (2026-12-04's tuning split). */
const FIRST_FAMILIES: DecoyFamily[] = [
  {
    name: 'order-number',
    make: (r) => r.pick([`#${r.digits(10)}`, `${r.int(1, 9)}${r.digits(9)}`, `A${r.digits(9)}`]),
  },
  {
    name: 'invoice-number',
    make: (r) => r.pick([`INV-${year(r)}-${r.digits(6)}`, `${year(r)}/${r.digits(5)}`, `RE-${r.digits(8)}`]),
  },
  {
    name: 'date',
    make: (r) => {
      const { y, m, d } = date(r);
      return r.pick([
        `${y}-${pad(m, 2)}-${pad(d, 2)}`,
        `${pad(d, 2)}.${pad(m, 2)}.${y}`,
        `${m}/${d}/${y}`,
        `${pad(d, 2)}/${pad(m, 2)}/${y}`,
      ]);
    },
  },
  {
    name: 'date-time',
    make: (r) => {
      const { y, m, d } = date(r);
      return `${pad(d, 2)}.${pad(m, 2)}.${y} ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}`;
    },
  },
  {
    name: 'time',
    make: (r) =>
      r.pick([
        `${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}`,
        `${r.int(1, 12)}:${pad(r.int(0, 59), 2)} pm`,
      ]),
  },
  {
    name: 'version',
    make: (r) =>
      r.pick([
        `v${r.int(0, 20)}.${r.int(0, 30)}.${r.int(0, 99)}`,
        `${r.int(1, 130)}.0.${r.int(1000, 6999)}.${r.int(10, 199)}`,
      ]),
  },
  {
    name: 'semver',
    make: (r) => `${r.int(0, 9)}.${r.int(0, 40)}.${r.int(0, 20)}-${r.pick(['rc', 'beta', 'alpha'])}.${r.int(1, 9)}`,
  },
  { name: 'coordinates', make: (r) => `${r.int(-89, 89)}.${r.digits(4)}, ${r.int(-179, 179)}.${r.digits(4)}` },
  { name: 'oid', make: (r) => `1.3.6.1.4.1.${r.int(1, 60000)}.${r.int(1, 30)}.${r.int(1, 9)}` },
  {
    name: 'uuid',
    make: (r) => `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-a${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`,
  },
  { name: 'hash', make: (r) => r.pick([r.chars(HEX, 40), r.chars(HEX, 64), r.chars(HEX, 7)]) },
  {
    name: 'price',
    make: (r) =>
      r.pick([
        `$${r.int(1, 99)},${r.digits(3)}.${r.digits(2)}`,
        `${r.int(1, 999)}.${r.digits(3)},${r.digits(2)} €`,
        `EUR ${r.int(1, 9999)},${r.digits(2)}`,
      ]),
  },
  {
    name: 'masked-card',
    make: (r) =>
      r.pick([`**** **** **** ${r.digits(4)}`, `XXXX-XXXX-XXXX-${r.digits(4)}`, `${r.digits(6)}******${r.digits(4)}`]),
  },
  { name: 'masked-ssn', make: (r) => r.pick([`XXX-XX-${r.digits(4)}`, `***-**-${r.digits(4)}`]) },
  { name: 'masked-email', make: (r) => `${r.pick(['j', 'm', 'a'])}***@${r.pick(['example.com', 'example.de'])}` },
  { name: 'mac-address', make: (r) => Array.from({ length: 6 }, () => r.chars('0123456789ABCDEF', 2)).join(':') },
  {
    name: 'retina-file',
    make: (r) => `${r.pick(['icon', 'logo', 'hero', 'avatar'])}@${r.int(2, 3)}x.${r.pick(['png', 'jpg', 'webp'])}`,
  },
  { name: 'issuerless-card-number', make: issuerless },
  { name: 'luhn-invalid-card', make: luhnInvalid },
  { name: 'invalid-ssn', make: (r) => `${r.pick(['000', '666', `9${r.digits(2)}`])}-${r.digits(2)}-${r.digits(4)}` },
  {
    name: 'iban-bad-checksum',
    make: (r) => {
      const good = ibanFor('DE', r.digits(18));
      const check = (Number(good.slice(2, 4)) + r.int(1, 96)) % 97;
      const bad = `DE${String(Math.max(check, 2)).padStart(2, '0')}${good.slice(4)}`;
      return (bad === good ? `DE${good.slice(2, 4) === '02' ? '03' : '02'}${good.slice(4)}` : bad).replace(
        /(.{4})(?=.)/g,
        '$1 ',
      );
    },
  },
  { name: 'out-of-range-ipv4', make: (r) => `${r.int(256, 999)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(0, 255)}` },
  { name: 'short-key-like', make: (r) => `sk-${r.pick(['test', 'demo', 'short'])}` },
  {
    name: 'git-remote',
    make: (r) =>
      `git@${r.pick(['github.com', 'gitlab.example.com'])}:${r.pick(['acme', 'ops'])}/${r.pick(['api', 'web'])}.git`,
  },
  { name: 'thousands-spaced', make: (r) => `${r.int(1, 999)} ${r.digits(3)} ${r.digits(3)}` },
  { name: 'time-range', make: (r) => `${pad(r.int(6, 11), 2)}:00-${r.int(12, 19)}:30` },
  { name: 'customer-number', make: (r) => r.pick([`K-${r.digits(7)}`, `00${r.digits(8)}`, `CUST-${r.digits(6)}`]) },
  { name: 'zip-city', make: (r) => `${r.digits(5)} ${r.pick(['Berlin', 'München', 'Köln'])}` },
  { name: 'sort-code', make: (r) => `${r.digits(2)}-${r.digits(2)}-${r.digits(2)}` },
  { name: 'long-decimal', make: (r) => `${r.int(1, 9)}.${r.digits(12)}` },
  { name: 'card-expiry', make: (r) => `${pad(r.int(1, 12), 2)}/${r.int(25, 31)}` },
  {
    name: 'npm-scope',
    make: (r) => `@${r.pick(['types', 'babel', 'aws-sdk'])}/${r.pick(['node', 'core', 'client-s3'])}`,
  },
];

/** 2026-12-04's held-out families: scored, then tuned on, so they belong to tuning now. */
const SECOND_FAMILIES: DecoyFamily[] = [
  { name: 'tracking-ups', make: (r) => `1Z${r.chars(UPPER_ALNUM, 6)}${r.digits(10)}` },
  {
    name: 'tracking-usps',
    make: (r) => `9400 ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(2)}`,
  },
  { name: 'tracking-fedex', make: (r) => `${r.digits(4)} ${r.digits(4)} ${r.digits(4)}` },
  {
    name: 'isbn',
    make: (r) =>
      r.pick([
        `978-${r.int(0, 9)}-${r.digits(2)}-${r.digits(6)}-${r.int(0, 9)}`,
        `ISBN ${r.int(0, 9)}-${r.digits(3)}-${r.digits(5)}-${r.int(0, 9)}`,
      ]),
  },
  {
    name: 'unix-time',
    make: (r) => r.pick([String(r.int(1500000000, 1800000000)), `${r.int(1500000000, 1800000000)}${r.digits(3)}`]),
  },
  {
    name: 'rfc3339',
    make: (r) => {
      const { y, m, d } = date(r);
      return `${y}-${pad(m, 2)}-${pad(d, 2)}T${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}.${r.digits(3)}Z`;
    },
  },
  {
    name: 'log-timestamp',
    make: (r) => {
      const { y, m, d } = date(r);
      return `${y}-${pad(m, 2)}-${pad(d, 2)} ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)},${r.digits(3)}`;
    },
  },
  { name: 'ean-13', make: (r) => `40${r.digits(11)}` },
  {
    name: 'case-number',
    make: (r) => r.pick([`Case ${r.digits(8)}`, `CS${r.digits(10)}`, `Vorgang ${r.digits(4)}-${r.digits(6)}`]),
  },
  {
    name: 'dotted-number',
    make: (r) =>
      r.pick([
        `${r.int(1, 9)}.${r.digits(3)}.${r.digits(3)}`,
        // Never a leading 0: 0X.XX.XX.XX.XX is how France writes its phone numbers.
        `${r.int(10, 99)}.${r.digits(2)}.${r.digits(2)}.${r.digits(2)}.${r.digits(2)}`,
      ]),
  },
  { name: 'build-number', make: (r) => `${year(r)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}.${r.int(1, 20)}` },
  { name: 'windows-build', make: (r) => `10.0.${r.int(10000, 26000)}.${r.int(1, 5000)}` },
  { name: 'semver-range', make: (r) => `^${r.int(0, 9)}.${r.int(0, 20)}.${r.int(0, 9)} || >=${r.int(1, 9)}.0.0` },
  { name: 'geo-decimal', make: (r) => `${r.int(-89, 89)}.${r.digits(6)},${r.int(-179, 179)}.${r.digits(6)}` },
  { name: 'image-digest', make: (r) => `sha256:${r.chars(HEX, 64)}` },
  { name: 'git-sha', make: (r) => r.chars(HEX, 12) },
  {
    name: 'orcid',
    make: (r) => `0000-000${r.int(1, 3)}-${r.digits(4)}-${r.digits(3)}${r.pick(['X', String(r.int(0, 9))])}`,
  },
  { name: 'cve', make: (r) => `CVE-${year(r)}-${r.digits(5)}` },
  { name: 'price-swiss', make: (r) => `CHF ${r.int(1, 99)}'${r.digits(3)}.${r.digits(2)}` },
  {
    name: 'masked-phone',
    make: (r) => r.pick([`+49 *** *** ${r.digits(2)}`, `(***) ***-${r.digits(4)}`, `06 ** ** ** ${r.digits(2)}`]),
  },
  { name: 'masked-iban', make: (r) => `DE** **** **** **** **${r.digits(2)} ${r.digits(2)}` },
  { name: 'mac-dashed', make: (r) => Array.from({ length: 6 }, () => r.chars('0123456789abcdef', 2)).join('-') },
  { name: 'eui64', make: (r) => Array.from({ length: 8 }, () => r.chars('0123456789abcdef', 2)).join(':') },
  {
    name: 'retina-file',
    make: (r) => `${r.pick(['button', 'sprite', 'badge'])}@${r.int(2, 4)}x.${r.pick(['png', 'gif', 'svg'])}`,
  },
  { name: 'issuerless-card-number', make: issuerless },
  { name: 'ssn-like-part-number', make: (r) => `${r.digits(3)}-${r.digits(2)}-${r.digits(5)}` },
  { name: 'zip-plus-four', make: (r) => `${r.digits(5)}-${r.digits(4)}` },
  {
    name: 'duration',
    make: (r) => `${pad(r.int(0, 99), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}.${r.digits(3)}`,
  },
  { name: 'account-in-text', make: (r) => `${ssnParts(r)[0]}${r.digits(9)}` },
  {
    name: 'api-key-placeholder',
    make: (r) => r.pick(['sk-...', 'AKIA************', 'ghp_xxxxxxxx', `sk_live_${'x'.repeat(4)}`]),
  },
  { name: 'random-token', make: (r) => r.chars(ALNUM, 20) },
];

/** Each family once, by name (two lists share some). */
function byName(...lists: DecoyFamily[][]): DecoyFamily[] {
  const seen = new Map<string, DecoyFamily>();
  for (const family of lists.flat()) if (!seen.has(family.name)) seen.set(family.name, family);
  return [...seen.values()];
}

export const DECOYS: Record<Split, DecoyFamily[]> = {
  tuning: byName(FIRST_FAMILIES, SECOND_FAMILIES, BROAD_FAMILIES),
  'held-out': HELD_OUT_FAMILIES,
  'held-out-2': HELD_OUT_2_FAMILIES,
  'held-out-3': HELD_OUT_3_FAMILIES,
  'held-out-4': HELD_OUT_4_FAMILIES,
  'held-out-5': HELD_OUT_5_FAMILIES,
  'held-out-6': HELD_OUT_6_FAMILIES,
  'held-out-7': HELD_OUT_7_FAMILIES,
  'held-out-8': HELD_OUT_8_FAMILIES,
  'held-out-9': HELD_OUT_9_FAMILIES,
  'held-out-10': HELD_OUT_10_FAMILIES,
  'held-out-11': HELD_OUT_11_FAMILIES,
  'held-out-12': HELD_OUT_12_FAMILIES,
};
