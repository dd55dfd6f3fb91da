import type { DecoyFamily } from './decoys';
import { luhnComplete } from './entities';
import { HEX, Random, UPPER_ALNUM } from './random';

/**
 * More look-alike families for tuning (2026-12-07): the kinds of numbers
 * tickets, logs and exports are full of, written the ways several locales
 * write them. None of them is an entity a careful reader would redact as one
 * of the seven types.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NBSP = '\u00a0';
const NARROW_NBSP = '\u202f';

function clock(r: Random): string {
  return `${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}`;
}
function ymd(r: Random): [string, string, string] {
  return [String(r.int(1995, 2027)), pad(r.int(1, 12), 2), pad(r.int(1, 28), 2)];
}
/** Digits grouped by thousands with the given separator. */
function thousands(n: number, sep: string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** A Luhn-valid number with an issuer's prefix but the wrong length for it, or a prefix no issuer uses. */
function notACard(r: Random): string {
  return r.pick([
    () => luhnComplete(r.pick(['1', '7', '8', '9', '0']), r.int(13, 19), r),
    () => luhnComplete('4', r.pick([14, 15, 17, 18]), r),
    () => luhnComplete(`5${r.int(1, 5)}`, r.pick([13, 14, 15, 17]), r),
  ])();
}

export const BROAD_FAMILIES: DecoyFamily[] = [
  {
    name: 'tracking-dhl',
    make: (r) =>
      r.pick([`JJD${r.digits(18)}`, `00${r.digits(18)}`, `${r.int(1, 9)}${r.digits(9)}`, `JD${r.digits(18)}`]),
  },
  { name: 'tracking-royal-mail', make: (r) => `${r.chars(LETTERS, 2)}${r.digits(9)}GB` },
  { name: 'tracking-la-poste', make: (r) => `${r.int(1, 9)}${r.chars(LETTERS, 1)}${r.digits(11)}` },
  {
    name: 'tracking-dpd',
    make: (r) => r.pick([`0${r.digits(13)}`, `0${r.digits(3)} ${r.digits(4)} ${r.digits(4)} ${r.digits(2)}`]),
  },
  {
    name: 'tracking-fedex-15',
    make: (r) =>
      r.pick([`${r.int(1, 9)}${r.digits(14)}`, `${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(3)}`]),
  },
  {
    name: 'isbn-10-13',
    make: (r) =>
      r.pick([
        `${r.int(0, 3)}-${r.digits(3)}-${r.digits(5)}-${r.pick(['X', String(r.int(0, 9))])}`,
        `978${r.digits(10)}`,
        `979-10-${r.digits(3)}-${r.digits(4)}-${r.int(0, 9)}`,
        `ISBN-10: ${r.int(0, 3)}${r.digits(8)}${r.pick(['X', String(r.int(0, 9))])}`,
        `978 ${r.int(0, 9)} ${r.digits(3)} ${r.digits(5)} ${r.int(0, 9)}`,
      ]),
  },
  {
    name: 'ids-opaque',
    make: (r) =>
      r.pick([
        `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}`.toUpperCase(),
        `01${r.chars('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 24)}`,
        `1${r.digits(r.int(17, 18))}`,
        r.chars(HEX, 32),
        `sha512-${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 86)}==`,
      ]),
  },
  {
    name: 'amount-locales',
    make: (r) => {
      const whole = r.int(1000, 9_999_999);
      const cents = r.digits(2);
      return r.pick([
        `${thousands(whole, '.')},${cents} €`,
        `${thousands(whole, ' ')},${cents} €`,
        `${thousands(whole, NBSP)},${cents}${NBSP}€`,
        `${thousands(whole, NARROW_NBSP)},${cents} EUR`,
        `$${thousands(whole, ',')}.${cents}`,
        `USD ${thousands(whole, ',')}`,
        `£${thousands(whole, ',')}`,
        `${thousands(whole, "'")}.${cents} CHF`,
        `R$ ${thousands(whole, '.')},${cents}`,
        `MXN $${thousands(whole, ',')}.${cents}`,
        `${thousands(whole, ' ')} euros`,
        `${thousands(whole, '.')} Euro`,
      ]);
    },
  },
  {
    name: 'masked-values',
    make: (r) =>
      r.pick([
        `${r.pick(['4111', '5500', '3782'])} **** **** ${r.digits(4)}`,
        `•••• •••• •••• ${r.digits(4)}`,
        `XXXXXXXXXXXX${r.digits(4)}`,
        `***-**-${r.digits(4)}`,
        `xxx-xx-${r.digits(4)}`,
        `+1 (***) ***-${r.digits(4)}`,
        `+33 6 ** ** ** ${r.digits(2)}`,
        `${r.pick(['j', 'ma', 'e'])}***${r.pick(['n', 'e', 'x'])}@${r.pick(['example.com', 'gmail.com'])}`,
        `${r.pick(['DE', 'FR'])}${r.digits(2)} **** **** **** ${r.digits(4)} ${r.digits(2)}`,
      ]),
  },
  {
    name: 'mac-forms',
    make: (r) =>
      r.pick([
        `${r.chars(HEX, 4)}.${r.chars(HEX, 4)}.${r.chars(HEX, 4)}`,
        r.chars('0123456789ABCDEF', 12),
        Array.from({ length: 6 }, () => r.chars(HEX, 2)).join(':'),
      ]),
  },
  {
    name: 'semver-forms',
    make: (r) =>
      r.pick([
        `${r.int(0, 9)}.${r.int(0, 20)}.${r.int(0, 20)}+${r.digits(14)}`,
        `${r.int(1, 3)}.0.0-rc.${r.int(1, 5)}+build.${r.int(1, 999)}`,
        `v${r.int(10, 22)}.${r.int(0, 20)}.${r.int(0, 9)}`,
        `==${r.int(1, 4)}.${r.int(0, 40)}.${r.int(0, 9)}`,
        `~> ${r.int(1, 7)}.${r.int(0, 9)}.${r.int(0, 9)}`,
        `${r.int(100, 131)}.0.${r.int(6000, 6999)}.${r.int(10, 250)}`,
      ]),
  },
  {
    name: 'timestamp-forms',
    make: (r) => {
      const [y, m, d] = ymd(r);
      const mon = MONTHS[Number(m) - 1] ?? 'Jan';
      return r.pick([
        `${r.pick(DAYS)}, ${d} ${mon} ${y} ${clock(r)} ${r.pick(['+0100', '-0500', '+0000', 'GMT'])}`,
        `${mon} ${String(Number(d)).padStart(2, ' ')} ${clock(r)}`,
        `[${d}/${mon}/${y}:${clock(r)} +0000]`,
        `${y}${m}${d}T${clock(r).replace(/:/g, '')}Z`,
        `${y}${m}${d}${clock(r).replace(/:/g, '')}`,
        `${y}-${m}-${d} ${clock(r)}.${r.digits(6)}`,
        `${y}/${m}/${d} ${clock(r)}`,
        `${d}.${m}.${y} um ${clock(r).slice(0, 5)} Uhr`,
        `${m}/${d}/${y} ${r.int(1, 12)}:${pad(r.int(0, 59), 2)} ${r.pick(['AM', 'PM'])}`,
        `${r.int(1_600_000_000, 1_800_000_000)}${r.digits(3)}`,
        `${r.int(1_600_000_000, 1_800_000_000)}.${r.digits(6)}`,
        `${y}-${m}-${d}T${clock(r)}.${r.digits(3)}+01:00[Europe/Berlin]`,
        `${r.pick(DAYS)} ${mon} ${Number(d)} ${clock(r)} UTC ${y}`,
        `${d}-${m}-${y}`,
        `${d}.${m}.${y.slice(2)}`,
        `${y}${m}${d}`,
      ]);
    },
  },
  {
    name: 'coordinate-forms',
    make: (r) =>
      r.pick([
        `${r.int(0, 89)}°${pad(r.int(0, 59), 2)}′${pad(r.int(0, 59), 2)}″${r.pick(['N', 'S'])} ${r.int(0, 179)}°${pad(r.int(0, 59), 2)}′${pad(r.int(0, 59), 2)}″${r.pick(['E', 'W'])}`,
        `geo:${r.int(-89, 89)}.${r.digits(4)},${r.int(-179, 179)}.${r.digits(4)}`,
        `lat=${r.int(-89, 89)}.${r.digits(6)}&lon=${r.int(-179, 179)}.${r.digits(6)}`,
        `(${r.int(-89, 89)}.${r.digits(4)}, ${r.int(-179, 179)}.${r.digits(4)})`,
        `${r.int(1, 60)}${r.pick(['U', 'T', 'S'])} ${r.digits(6)} ${r.digits(7)}`,
      ]),
  },
  {
    name: 'oid-forms',
    make: (r) =>
      r.pick([
        // A bare 2.5.4.x is an IPv4 address as far as any reader can tell; OIDs that short are named.
        `OID 2.5.4.${r.int(3, 97)}`,
        `1.2.840.113549.1.${r.int(1, 12)}.${r.int(1, 14)}`,
        `urn:oid:2.16.840.1.${r.digits(6)}.${r.int(1, 9)}.${r.int(1, 99)}`,
        `1.3.6.1.2.1.${r.int(1, 99)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}`,
      ]),
  },
  {
    name: 'order-ticket-ids',
    make: (r) =>
      r.pick([
        `${r.digits(3)}-${r.digits(7)}-${r.digits(7)}`,
        `PO ${r.pick(['45', '47'])}${r.digits(8)}`,
        `SO${r.digits(8)}`,
        `INC${r.digits(7)}`,
        `REQ-${r.digits(6)}`,
        `#${r.digits(7)}`,
        `${r.pick(['JIRA', 'OPS', 'SUP'])}-${r.int(1, 99999)}`,
        `Auftragsnr. ${r.digits(10)}`,
        `commande n° ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`,
      ]),
  },
  {
    name: 'build-numbers',
    make: (r) =>
      r.pick([
        `build ${r.int(2019, 2026)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}.${r.int(1, 30)}`,
        `1.0.0.${r.int(1000, 99999)}`,
        `b${r.digits(4)}`,
        `r${r.digits(6)}`,
        `pipeline ${r.int(1, 9)}${r.digits(9)}`,
        `${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 99)}.${r.int(10000, 99999)}`,
      ]),
  },
  {
    name: 'bank-account-numbers',
    make: (r) =>
      r.pick([
        `account ${r.int(1, 9)}${r.digits(7)}`,
        `${r.digits(2)}-${r.digits(2)}-${r.digits(2)} ${r.digits(8)}`,
        `routing 0${r.digits(8)}`,
        `Konto 0${r.digits(9)}, BLZ ${r.int(1, 8)}${r.digits(2)} ${r.digits(3)} ${r.digits(2)}`,
        `BIC ${r.chars(LETTERS, 6)}${r.chars(UPPER_ALNUM, 2)}${r.chars(UPPER_ALNUM, 3)}`,
        `VAT ${r.pick(['DE', 'ATU', 'FR' + r.digits(2)])}${r.digits(9)}`,
      ]),
  },
  {
    name: 'postal-codes',
    make: (r) =>
      r.pick([
        `SW${r.int(1, 9)}A ${r.int(1, 9)}${r.chars(LETTERS, 2)}`,
        `${r.int(1000, 9999)} ${r.chars(LETTERS, 2)}`,
        `K${r.int(1, 9)}A ${r.int(0, 9)}B${r.int(0, 9)}`,
        `${pad(r.int(1000, 99999), 5)} ${r.pick(['Berlin', 'Paris', 'Madrid', 'Lyon'])}`,
        `${r.digits(2)}-${r.digits(3)} Warszawa`,
        `${r.int(1000, 9999)}-${r.digits(3)} Lisboa`,
        `${r.digits(5)}-${r.digits(3)} São Paulo`,
        `〒${r.digits(3)}-${r.digits(4)}`,
      ]),
  },
  {
    name: 'phone-word-near-other-number',
    make: (r) =>
      r.pick([
        `call me about order ${r.digits(r.int(8, 10))}`,
        `text me the case number ${r.digits(9)}`,
        `Rückruf wegen Rechnung ${r.int(2019, 2026)}/${r.digits(5)}`,
        `llámame por el pedido ${r.digits(10)}`,
        `appelez-moi pour la commande ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`,
        `fax the form before ${pad(r.int(1, 28), 2)}.${pad(r.int(1, 12), 2)}.${r.int(2019, 2027)}`,
        `the phone shipped in box ${r.digits(4)} ${r.digits(4)}`,
      ]),
  },
  {
    name: 'numbers-in-records',
    make: (r) =>
      r.pick([
        `bytes=${r.digits(9)} dur_ms=${r.int(1, 99999)} rows=${r.int(1, 9999999)}`,
        `"count":${r.int(1_000_000, 999_999_999)},"ts":${r.int(1_600_000_000, 1_800_000_000)}`,
        `${r.int(1, 9999)},${r.int(1, 9999)},${r.int(1, 99999)},${r.int(1, 99999)}`,
        `pid=${r.int(100, 99999)} uid=${r.int(1000, 65000)} gid=${r.int(1000, 65000)}`,
        `http_requests_total{code="200"} ${r.int(1, 99999)} ${r.int(1_600_000_000, 1_800_000_000)}${r.digits(3)}`,
        `${r.int(10, 99)} ${r.digits(3)} ${r.digits(3)} ${r.digits(2)}`,
      ]),
  },
  {
    name: 'imei',
    make: (r) => {
      const imei = luhnComplete(`35${r.digits(6)}`, 15, r);
      return r.pick([imei, `${imei.slice(0, 2)}-${imei.slice(2, 8)}-${imei.slice(8, 14)}-${imei.slice(14)}`]);
    },
  },
  {
    name: 'four-part-versions',
    make: (r) =>
      r.pick([
        `v${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(0, 99)}`,
        `version ${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)}.${r.int(0, 200)}`,
        `Build ${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 99)}.${r.int(0, 255)}`,
      ]),
  },
  {
    name: 'reference-codes',
    make: (r) =>
      r.pick([
        `ISSN ${r.digits(4)}-${r.digits(3)}${r.pick(['X', String(r.int(0, 9))])}`,
        `doi:10.${r.digits(4)}/${r.chars('abcdefghijklmnopqrstuvwxyz', 3)}.${r.int(2000, 2026)}.${r.digits(5)}`,
        `arXiv:${r.int(15, 25)}${pad(r.int(1, 12), 2)}.${r.digits(5)}`,
        `GTIN ${r.digits(14)}`,
        `CAS ${r.int(50, 99999)}-${r.digits(2)}-${r.int(0, 9)}`,
        `HS ${r.digits(4)}.${r.digits(2)}.${r.digits(4)}`,
      ]),
  },
  {
    name: 'standards-and-laws',
    make: (r) =>
      r.pick([
        `ISO ${r.pick(['9001', '27001', '14001'])}:${r.int(2008, 2022)}`,
        `ISO/IEC ${r.digits(5)}-${r.int(1, 9)}:${r.int(2008, 2022)}`,
        `DIN EN ${r.digits(5)}-${r.int(1, 9)}`,
        `RFC ${r.int(791, 9999)}`,
        `§ ${r.int(1, 999)} Abs. ${r.int(1, 5)} BGB`,
        `Az. ${r.int(1, 30)} O ${r.int(1, 999)}/${r.int(10, 25)}`,
      ]),
  },
  {
    name: 'ranges-and-ratios',
    make: (r) =>
      r.pick([
        `ports ${r.int(1024, 9000)}-${r.int(9001, 65535)}`,
        `${thousands(r.int(1000, 9999), ',')}-${thousands(r.int(10000, 99999), ',')} units`,
        `${r.int(1, 99)}.${r.digits(2)}%`,
        `score ${r.int(0, 9)}:${r.int(0, 9)}`,
        `${r.int(1, 21)}:${r.int(1, 10)} aspect`,
        `${pad(r.int(6, 11), 2)}:${pad(r.int(0, 59), 2)}–${r.int(12, 20)}:${pad(r.int(0, 59), 2)}`,
      ]),
  },
  { name: 'non-card-long-numbers', make: notACard },
  {
    name: 'at-sign-non-mail',
    make: (r) =>
      r.pick([
        `lodash@${r.int(1, 4)}.${r.int(0, 17)}.${r.int(0, 21)}`,
        `${r.pick(['logo', 'icon', 'bg'])}@${r.pick(['2x', '3x', '1.5x'])}.${r.pick(['png', 'webp', 'avif', 'jpg'])}`,
        `nginx@sha256:${r.chars(HEX, 64)}`,
        `root@localhost`,
        `react@^${r.int(16, 19)}.${r.int(0, 3)}.0`,
        `@${r.pick(['jane', 'ops-team', 'bob_smith'])}`,
      ]),
  },
];
