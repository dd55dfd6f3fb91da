import type { DecoyFamily } from './decoys';
import { ibanFor, luhnComplete } from './entities';
import { ALNUM, BASE64, HEX, type Random, UPPER_ALNUM } from './random';

/**
 * Look-alike families of the fifth held-out split (written 2026-12-07,
 * committed before it was scored): UUIDs, digests and content hashes, browser
 * and build versions (`Chrome/120.0.0.0`), timestamps and durations,
 * hardware identifiers (MAC, WWN, IMEI, ICCID), parcel tracking numbers,
 * book and paper identifiers, amounts and quantities in world formats, masked
 * values, coordinates and science numbers, `@` in package managers, images,
 * container digests and shells, order and registry numbers, talk about
 * secrets and placeholders for them, and near-misses of SSNs, IBANs, cards
 * and IP addresses. A careful reader leaves each alone; none is drawn in the
 * other splits' families.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const thousands = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
const uuid = (r: Random) =>
  `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`;

/** Fifteen digits passing Luhn from a GSMA type allocation code: an IMEI. */
const imei = (r: Random) => luhnComplete(`35${r.digits(6)}`, 15, r);

/** A Luhn-failing number from a card issuer's range. */
function luhnFailing(prefix: string, length: number, r: Random): string {
  const valid = luhnComplete(prefix, length, r);
  const last = Number(valid.at(-1));
  return valid.slice(0, -1) + String((last + r.int(1, 9)) % 10);
}

export const HELD_OUT_5_FAMILIES: DecoyFamily[] = [
  {
    name: 'uuids-and-digests',
    make: (r) =>
      r.pick([
        `request_id=${uuid(r)}`,
        `sha256:${r.chars(HEX, 64)}`,
        `integrity="sha384-${r.chars(BASE64, 64)}"`,
        `ETag: "${r.chars(HEX, 32)}"`,
        `commit ${r.chars(HEX, 40)}`,
        `trace ${r.chars(HEX, 32)} span ${r.chars(HEX, 16)}`,
      ]),
  },
  {
    name: 'browser-and-build-versions',
    make: (r) =>
      r.pick([
        `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${r.int(110, 131)}.0.0.0 Safari/537.36`,
        `v${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 20)}-rc.${r.int(1, 5)}+build.${r.int(1000, 9999)}`,
        `Windows 10.0.${r.int(19041, 26100)}.${r.int(100, 4999)}`,
        `node-v${r.int(18, 22)}.${r.int(0, 20)}.${r.int(0, 9)}-linux-x64`,
        `pip install torch==2.${r.int(0, 5)}.${r.int(0, 3)}+cu${r.int(118, 124)}`,
      ]),
  },
  {
    name: 'timestamps-and-durations',
    make: (r) =>
      r.pick([
        `2026-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}T${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}.${r.digits(3)}+05:30`,
        `${r.int(1, 28)} Dec 2026 ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)} -0800`,
        `1765${r.digits(9)}`,
        `elapsed ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}.${r.digits(6)}`,
        `PT${r.int(1, 9)}H${r.int(1, 59)}M`,
        `20261207T${pad(r.int(0, 23), 2)}${pad(r.int(0, 59), 2)}00Z`,
      ]),
  },
  {
    name: 'hardware-identifiers',
    make: (r) =>
      r.pick([
        `MAC ${Array.from({ length: 6 }, () => r.chars(HEX, 2)).join(':')}`,
        `WWN ${Array.from({ length: 8 }, () => r.chars(HEX, 2)).join(':')}`,
        `IMEI ${imei(r)}`,
        `ICCID 8944${r.digits(15)}`,
        `S/N ${r.chars(UPPER_ALNUM, 4)}-${r.digits(6)}-${r.digits(4)}`,
        `hw ${Array.from({ length: 6 }, () => r.chars(HEX, 2).toUpperCase()).join('-')}`,
      ]),
  },
  {
    name: 'parcel-tracking',
    make: (r) =>
      r.pick([
        `1Z${r.chars(UPPER_ALNUM, 6)}${r.digits(10)}`,
        `FedEx ${r.digits(12)}`,
        `USPS 9400 ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(2)}`,
        `DHL ${r.digits(10)}`,
        `R${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1)}${r.digits(9)}GB`,
        `Sendungsnummer 00340434${r.digits(12)}`,
      ]),
  },
  {
    name: 'book-and-paper-ids',
    make: (r) =>
      r.pick([
        `ISBN 978-${r.int(0, 9)}-${r.digits(3)}-${r.digits(5)}-${r.int(0, 9)}`,
        `doi:10.${r.int(1000, 9999)}/${r.chars(ALNUM, 6)}.${r.int(2000, 2026)}.${r.digits(5)}`,
        `arXiv:${r.int(20, 26)}${pad(r.int(1, 12), 2)}.${r.digits(5)}`,
        `PMID ${r.digits(8)}`,
        `ISSN ${r.digits(4)}-${r.digits(3)}X`,
      ]),
  },
  {
    name: 'money-and-quantities',
    make: (r) =>
      r.pick([
        `€ ${thousands(r.int(100000, 99999999), '.')},${r.digits(2)}`,
        `${thousands(r.int(1000000, 999999999), ' ')} Kč`,
        `$${thousands(r.int(1000000, 999999999), ',')}.${r.digits(2)}`,
        `CHF ${thousands(r.int(100000, 99999999), "'")}.${r.digits(2)}`,
        `${thousands(r.int(10000000, 999999999), ' ')} units shipped`,
        `population ${thousands(r.int(100000000, 999999999), ' ')}`,
        `downloads: ${thousands(r.int(100000000, 999999999), ' ')}`,
      ]),
  },
  {
    name: 'masked-values-5',
    make: (r) =>
      r.pick([
        `**** **** **** ${r.digits(4)}`,
        `XXX-XX-${r.digits(4)}`,
        `${r.chars('abcdefghijklmnopqrstuvwxyz', 1)}***@${r.chars('abcdefghijklmnopqrstuvwxyz', 1)}***.com`,
        `DE${r.digits(2)} **** **** **** **${r.digits(2)}`,
        `+49 *** *** ${r.digits(2)}`,
        `password: ********`,
        `sk-…${r.chars(ALNUM, 4)}`,
      ]),
  },
  {
    name: 'geo-and-science-5',
    make: (r) =>
      r.pick([
        `${r.int(10, 60)}.${r.digits(6)}, ${r.int(1, 20)}.${r.digits(6)}`,
        `${r.int(10, 60)}°${r.int(0, 59)}′${r.int(0, 59)}″N ${r.int(1, 120)}°${r.int(0, 59)}′${r.int(0, 59)}″W`,
        `OID 1.3.6.1.4.1.${r.int(100, 99999)}.${r.int(1, 9)}.${r.int(1, 9)}`,
        `CAS ${r.int(50, 9999)}-${r.digits(2)}-${r.int(0, 9)}`,
        `${r.int(1, 9)}.${r.digits(8)}e${r.int(10, 30)}`,
      ]),
  },
  {
    name: 'at-signs-in-tools',
    make: (r) =>
      r.pick([
        `npm i @acme/ui@${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)}`,
        `docker pull nginx@sha256:${r.chars(HEX, 64)}`,
        `ssh deploy@web-${pad(r.int(1, 40), 2)}`,
        `git clone git@gitlab.com:acme/infra.git`,
        `@media (min-width: ${r.int(320, 1440)}px)`,
        `<img src="hero@${r.int(2, 3)}x.webp">`,
        `contact [at] example [dot] com`,
        `@app.route("/users/<id>")`,
        `pnpm add react@npm:@preact/compat`,
      ]),
  },
  {
    name: 'registry-and-order-numbers',
    make: (r) =>
      r.pick([
        `order #${r.digits(4)}-${r.digits(4)}-${r.digits(2)}`,
        `INV-2026-${r.digits(6)}`,
        `sort code ${r.digits(2)}-${r.digits(2)}-${r.digits(2)}`,
        `ABA routing ${r.digits(9)}`,
        `ZIP ${r.digits(5)}-${r.digits(4)}`,
        `AHV 756.${r.digits(4)}.${r.digits(4)}.${r.digits(2)}`,
        `NINO QQ ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} C`,
        `case ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`,
      ]),
  },
  {
    name: 'secret-talk-and-placeholders',
    make: (r) =>
      r.pick([
        'api_key: <YOUR_API_KEY>',
        'password: ${DB_PASS}',
        'AWS_SECRET_ACCESS_KEY=${{ secrets.AWS_SECRET_ACCESS_KEY }}',
        `Password must have ${r.int(8, 16)} characters and 1 digit`,
        `PIN resets after ${r.int(3, 5)} attempts`,
        'token=changeme',
        `ghp_${'*'.repeat(36)}`,
        'the password field is required',
        `passwort vergessen? Link gilt ${r.int(2, 48)} Stunden`,
      ]),
  },
  {
    name: 'ssn-and-iban-near-misses',
    make: (r) =>
      r.pick([
        `ITIN 9${r.digits(2)}-7${r.digits(1)}-${r.digits(4)}`,
        `EIN ${r.digits(2)}-${r.digits(7)}`,
        `000-${r.digits(2)}-${r.digits(4)}`,
        `BIC ${r.pick(['DEUTDEFF', 'BNPAFRPP', 'COBADEFF'])}${r.digits(3)}`,
        `Gläubiger-ID DE${r.digits(2)}ZZZ${r.digits(11)}`,
        (() => {
          const good = ibanFor('FR', r.digits(23));
          const check = (Number(good.slice(2, 4)) + r.int(1, 9)) % 97;
          return `FR${pad(check < 2 ? check + 2 : check, 2)}${good.slice(4)}`;
        })(),
      ]),
  },
  {
    name: 'card-near-misses',
    make: (r) =>
      r.pick([
        luhnFailing('4', 16, r).replace(/(\d{4})(?=\d)/g, '$1 '),
        luhnFailing(`5${r.int(1, 5)}`, 16, r),
        luhnComplete(`${r.pick(['1', '8', '9'])}`, 16, r),
        `voucher ${luhnComplete('65', 16, r).replace(/(\d{4})(?=\d)/g, '$1-')}`,
        `${r.digits(20)}`,
      ]),
  },
  {
    name: 'ip-near-misses',
    make: (r) =>
      r.pick([
        `version ${r.int(1, 20)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(0, 99)}`,
        `256.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(0, 255)}`,
        `std::vector<int>::iterator`,
        `use crate::io::Result;`,
        `a::before { content: "" }`,
        `1.2.840.113549.1.1.${r.int(1, 14)}`,
      ]),
  },
];
