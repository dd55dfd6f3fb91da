import type { DecoyFamily } from './decoys';
import { luhnComplete } from './entities';
import { HEX, Random, UPPER_ALNUM } from './random';

/**
 * Look-alike families of the held-out split (written 2026-12-07, before it
 * was scored; the detectors were not changed after). Most are kinds the
 * tuning split does not have; the rest are familiar kinds written in forms it
 * does not use.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const lower = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ymd = (r: Random) => [String(r.int(1998, 2027)), pad(r.int(1, 12), 2), pad(r.int(1, 28), 2)] as const;
const hm = (r: Random) => `${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}`;
const thousands = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

export const HELD_OUT_FAMILIES: DecoyFamily[] = [
  {
    name: 'parcel-numbers',
    make: (r) =>
      r.pick([
        `GLS ${r.digits(11)}`,
        `Hermes H${r.digits(19)}`,
        `${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)}`,
        `Sendungsnummer ${r.digits(12)}`,
        `Colissimo ${r.int(6, 9)}${LETTERS[r.int(0, 25)] ?? 'A'}${r.digits(11)}`,
        `CORREOS PQ${r.chars(UPPER_ALNUM, 4)}${r.digits(10)}${r.chars(LETTERS, 1)}`,
      ]),
  },
  {
    name: 'invoice-numbers-eu',
    make: (r) =>
      r.pick([
        `FA-${r.int(2019, 2026)}-${r.digits(6)}`,
        `Factura nº ${r.int(2019, 2026)}/${r.digits(6)}`,
        `Rechnung Nr. ${r.digits(4)}-${r.digits(5)}`,
        `Facture F${r.digits(9)}`,
        `RG ${r.int(2019, 2026)} ${r.digits(5)}`,
      ]),
  },
  {
    name: 'week-and-quarter-dates',
    make: (r) =>
      r.pick([
        `${r.int(2019, 2027)}-W${pad(r.int(1, 52), 2)}-${r.int(1, 7)}`,
        `KW ${r.int(1, 52)}/${r.int(2019, 2027)}`,
        `Q${r.int(1, 4)}/${r.int(2019, 2027)}`,
      ]),
  },
  {
    name: 'times-with-zones',
    make: (r) =>
      r.pick([
        `${hm(r)} ${r.pick(['CET', 'CEST', 'UTC', 'EST', 'PST'])}`,
        `${r.int(8, 20)}h${pad(r.int(0, 59), 2)}`,
        `${r.int(8, 20)}.${pad(r.int(0, 59), 2)} Uhr`,
        `${r.int(1, 12)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)} ${r.pick(['AM', 'PM'])} ${r.pick(['EST', 'CST'])}`,
      ]),
  },
  {
    name: 'iso-durations',
    make: (r) =>
      r.pick([
        `PT${r.int(1, 23)}H${r.int(1, 59)}M`,
        `P${r.int(1, 9)}Y${r.int(1, 11)}M${r.int(1, 28)}DT${r.int(1, 23)}H`,
      ]),
  },
  {
    name: 'sizes-and-rates',
    make: (r) =>
      r.pick([
        `${thousands(r.int(100_000, 99_999_999), '.')} Bytes`,
        `${thousands(r.int(100_000, 99_999_999), ' ')} octets`,
        `${thousands(r.int(100_000, 99_999_999), ',')} bytes`,
        `${r.int(1, 99)}.${r.int(0, 9)} GB/s`,
        `${thousands(r.int(1_000_000, 999_999_999), ',')} requests`,
      ]),
  },
  {
    name: 'kernel-and-package-versions',
    make: (r) =>
      r.pick([
        `${r.int(4, 6)}.${r.int(0, 19)}.0-${r.int(10, 120)}-generic`,
        `${r.int(4, 6)}.${r.int(1, 15)}.${r.int(0, 200)}-${r.int(1, 30)}-amd64`,
        `openssl-${r.int(1, 3)}.${r.int(0, 3)}.${r.int(0, 15)}-${r.int(1, 50)}.el${r.int(7, 9)}`,
        `v${r.int(0, 4)}.${r.int(0, 30)}.${r.int(0, 9)}-${r.int(1, 40)}-g${r.chars(HEX, 7)}`,
      ]),
  },
  {
    name: 'cluster-identifiers',
    make: (r) =>
      r.pick([
        `api-${r.chars(HEX, 10)}-${r.chars(lower, 5)}`,
        `resourceVersion: "${r.int(100_000, 999_999_999)}"`,
        r.chars(HEX, 24),
        `arn:aws:iam::${r.digits(12)}:role/${r.pick(['Admin', 'Deploy', 'ReadOnly'])}`,
        `projects/${r.int(100_000_000, 999_999_999)}/locations/europe-west1`,
      ]),
  },
  {
    name: 'colours-and-css',
    make: (r) =>
      r.pick([
        `#${r.chars(HEX, 6)}`,
        `rgba(${r.int(0, 255)}, ${r.int(0, 255)}, ${r.int(0, 255)}, 0.${r.int(1, 9)})`,
        `${r.int(1, 99)}.${r.digits(3)}rem`,
      ]),
  },
  {
    name: 'date-ranges',
    make: (r) => {
      const [y, m, d] = ymd(r);
      return r.pick([
        `${d}.${m}.${y}–${pad(r.int(1, 28), 2)}.${pad(r.int(1, 12), 2)}.${y}`,
        `${y}-${m}-${d}/${y}-12-31`,
        `${d}/${m}/${y} - ${d}/${m}/${Number(y) + 1}`,
      ]);
    },
  },
  {
    name: 'section-numbers',
    make: (r) =>
      r.pick([
        `section ${r.int(1, 12)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}`,
        `Abschnitt ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}`,
        `§ ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 20)}`,
      ]),
  },
  {
    name: 'masked-held-out',
    make: (r) =>
      r.pick([
        `card ending in ${r.digits(4)}`,
        `${r.pick(['Visa', 'Mastercard'])} •••• ${r.digits(4)}`,
        `+49 151 *** ** ${r.digits(2)}`,
        `IBAN DE** **** **** **** **** ${r.digits(2)}`,
        `SSN: XXX-XX-${r.digits(4)}`,
        `${r.pick(['a', 'k', 'p'])}****@${r.pick(['example.com', 'example.de'])}`,
      ]),
  },
  {
    name: 'barcodes-named',
    make: (r) =>
      r.pick([
        `UPC ${r.digits(12)}`,
        `EAN ${r.pick(['40', '41', '42', '43'])}${r.digits(11)}`,
        `GTIN-14 ${r.digits(14)}`,
      ]),
  },
  {
    name: 'sepa-references',
    make: (r) =>
      r.pick([
        `Mandatsreferenz M-${r.digits(10)}`,
        `Gläubiger-ID DE${r.digits(2)}ZZZ${r.digits(11)}`,
        `Verwendungszweck RG ${r.int(2019, 2026)}-${r.digits(4)}`,
        `End-to-End-Ref. ${r.chars(UPPER_ALNUM, 16)}`,
      ]),
  },
  {
    name: 'company-and-tax-ids',
    make: (r) =>
      r.pick([
        `SIRET ${r.digits(3)} ${r.digits(3)} ${r.digits(3)} ${r.digits(5)}`,
        `SIREN ${r.int(1, 9)}${r.digits(2)} ${r.digits(3)} ${r.digits(3)}`,
        `St.-Nr. ${r.digits(2)}/${r.digits(3)}/${r.digits(5)}`,
        `USt-IdNr. DE${r.digits(9)}`,
        `NIF ${r.digits(8)}${r.chars(LETTERS, 1)}`,
        `CIF B${r.digits(8)}`,
        `Company No. 0${r.digits(7)}`,
        `HRB ${r.int(1000, 299999)}`,
      ]),
  },
  {
    name: 'vehicle-ids',
    make: (r) =>
      r.pick([
        `VIN ${r.chars('ABCDEFGHJKLMNPRSTUVWXYZ0123456789', 17)}`,
        `${r.pick(['B', 'M', 'HH'])}-${r.chars(LETTERS, 2)} ${r.int(1, 9999)}`,
      ]),
  },
  {
    name: 'travel-codes',
    make: (r) =>
      r.pick([
        `LH ${r.int(100, 2999)}`,
        `ICE ${r.int(100, 1999)}`,
        `seat ${r.int(1, 40)}${r.chars('ABCDEF', 1)}`,
        `PNR ${r.chars(UPPER_ALNUM, 6)}`,
        `booking ${r.digits(10)}`,
      ]),
  },
  {
    name: 'extensions-alone',
    make: (r) =>
      r.pick([
        `ext. ${r.int(100, 9999)}`,
        `Durchwahl -${r.int(10, 999)}`,
        `poste ${r.int(100, 9999)}`,
        `extensión ${r.int(100, 999)}`,
      ]),
  },
  {
    name: 'geocache-coordinates',
    make: (r) =>
      `N ${r.int(10, 70)}° ${pad(r.int(0, 59), 2)}.${r.digits(3)}' E ${pad(r.int(0, 179), 3)}° ${pad(r.int(0, 59), 2)}.${r.digits(3)}'`,
  },
  {
    name: 'spreadsheet-rows',
    make: (r) =>
      r.pick([
        `${r.int(1, 9_999_999)},${r.int(0, 99)}.${r.digits(2)},${ymd(r).join('-')}`,
        `${r.int(1, 9)}${r.digits(9)};${r.digits(3)};${r.int(0, 9)},${r.digits(2)}`,
        `=SUM(B${r.int(2, 99)}:B${r.int(100, 999)})`,
        `${r.int(1, 999)} ${r.digits(3)} ${r.digits(3)},${r.digits(2)}`,
      ]),
  },
  {
    name: 'luhn-valid-non-cards',
    make: (r) =>
      r.pick([
        () => luhnComplete(`35${r.digits(6)}`, 15, r),
        () => luhnComplete(r.pick(['1', '7', '8', '9']), r.int(14, 18), r),
        () => luhnComplete('89', 19, r),
      ])(),
  },
  {
    name: 'timestamps-held-out',
    make: (r) => {
      const [y, m, d] = ymd(r);
      return r.pick([
        `${y}-${m}-${d}T${hm(r)}:${pad(r.int(0, 59), 2)}+0${r.int(0, 2)}:00`,
        `${d}.${m}.${y} ${hm(r)}:${pad(r.int(0, 59), 2)}`,
        `${y}.${m}.${d} ${hm(r)}`,
        `${r.int(1_500_000_000_000, 1_800_000_000_000)}`,
        `${y}${m}${d}-${hm(r).replace(':', '')}${pad(r.int(0, 59), 2)}`,
      ]);
    },
  },
  {
    name: 'versions-and-builds',
    make: (r) =>
      r.pick([
        `${r.int(1, 30)}.${r.int(0, 12)}.${r.int(0, 9)}.${r.int(1000, 40000)}`,
        `Build ${r.int(10000, 29999)}.${r.int(1, 9999)}`,
        `release-${r.int(2019, 2026)}.${pad(r.int(1, 12), 2)}.${r.int(1, 9)}`,
        `${r.int(0, 3)}.${r.int(0, 99)}.${r.int(0, 999)}`,
      ]),
  },
  {
    name: 'amounts-held-out',
    make: (r) => {
      const n = r.int(1000, 99_999_999);
      return r.pick([
        `${thousands(n, '.')},- €`,
        `€${thousands(n, ',')}`,
        `${thousands(n, ' ')} Kč`,
        `${thousands(n, ' ')} kr`,
        `${thousands(n, ',')} JPY`,
        `US$ ${thousands(n, ',')}.00`,
      ]);
    },
  },
];
