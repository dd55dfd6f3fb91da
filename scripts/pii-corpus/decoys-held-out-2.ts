import type { DecoyFamily } from './decoys';
import { luhnComplete } from './entities';
import { ALNUM, BASE64, HEX, UPPER_ALNUM } from './random';

/**
 * Look-alike families of the second held-out split (written 2026-12-07,
 * before it was scored, with the detectors frozen): national identifiers of
 * other kinds, public keys and certificates, placeholders and publishable
 * keys, digests, crypto addresses, science and finance numbers, numbered
 * lists, network strings that are not addresses. A careful reader leaves each
 * alone; none is in the other splits.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const lakh = (n: number) => {
  const s = String(n);
  const last3 = s.slice(-3);
  const rest = s.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  return rest ? `${rest},${last3}` : last3;
};

export const HELD_OUT_2_FAMILIES: DecoyFamily[] = [
  {
    name: 'health-and-insurance-ids',
    make: (r) =>
      r.pick([
        `NHS number ${r.int(400, 999)} ${r.digits(3)} ${r.digits(4)}`,
        `Versichertennummer ${r.pick(['A', 'K', 'T'])}${r.digits(9)}`,
        `numéro de sécurité sociale ${r.int(1, 2)} ${r.digits(2)} ${pad(r.int(1, 12), 2)} ${r.digits(2)} ${r.digits(3)} ${r.digits(3)} ${r.digits(2)}`,
        `Medicare ${r.int(2, 6)}${r.digits(3)} ${r.digits(5)} ${r.int(1, 9)}`,
        `AHV ${'756'}.${r.digits(4)}.${r.digits(4)}.${r.digits(2)}`,
      ]),
  },
  {
    name: 'other-national-ids',
    make: (r) =>
      r.pick([
        `SIN ${r.int(1, 7)}${r.digits(2)} ${r.digits(3)} ${r.digits(3)}`,
        `BSN ${r.digits(9)}`,
        `DNI ${r.digits(8)}-${r.pick(['T', 'R', 'W', 'A'])}`,
        `EIN ${r.digits(2)}-${r.digits(7)}`,
        `NI number ${r.pick(['QQ', 'AB', 'JG'])} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.pick(['A', 'C', 'D'])}`,
        `Rijksregisternummer ${r.digits(2)}.${pad(r.int(1, 12), 2)}.${pad(r.int(1, 28), 2)}-${r.digits(3)}.${r.digits(2)}`,
        `codice fiscale RSS${r.chars(UPPER_ALNUM, 13)}`,
      ]),
  },
  {
    name: 'bank-identifiers',
    make: (r) =>
      r.pick([
        `BIC ${r.pick(['DEUTDEFF', 'BNPAFRPP', 'COBADEFF', 'INGBNL2A'])}${r.pick(['', 'XXX', '500'])}`,
        `sort code ${r.digits(2)}-${r.digits(2)}-${r.digits(2)}`,
        `ABA ${r.digits(9)}`,
        `BLZ ${r.int(100, 899)} ${r.digits(3)} ${r.digits(2)}`,
        `ISIN ${r.pick(['US', 'DE', 'FR'])}${r.digits(9)}${r.int(0, 9)}`,
        `LEI ${r.digits(4)}00${r.chars(UPPER_ALNUM, 12)}${r.digits(2)}`,
      ]),
  },
  {
    name: 'public-keys-and-certificates',
    make: (r) =>
      r.pick([
        () => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(BASE64, 43)} deploy@ci`,
        () => `-----BEGIN PUBLIC KEY-----\n${r.chars(BASE64, 64)}\n${r.chars(BASE64, 24)}==\n-----END PUBLIC KEY-----`,
        () => `-----BEGIN CERTIFICATE-----\n${r.chars(BASE64, 64)}\n${r.chars(BASE64, 64)}\n-----END CERTIFICATE-----`,
        () =>
          `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF${r.chars(BASE64, 58)}\n=${r.chars(BASE64, 4)}\n-----END PGP PUBLIC KEY BLOCK-----`,
        () => `age1${r.chars('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)}`,
      ])(),
  },
  {
    name: 'placeholder-and-publishable-keys',
    make: (r) =>
      r.pick([
        `OPENAI_API_KEY=sk-...${r.chars(ALNUM, 4)}`,
        `AWS_ACCESS_KEY_ID=AKIA****************`,
        `api_key: "<your-api-key>"`,
        `GITHUB_TOKEN=\${{ secrets.GITHUB_TOKEN }}`,
        `token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
        `Authorization: Bearer <token>`,
        `client_secret=REDACTED`,
        `password: ********`,
        `NEXT_PUBLIC_MAPBOX_TOKEN=pk.eyJ1Ijoi${r.chars(ALNUM, 12)}`,
      ]),
  },
  {
    name: 'digests-and-ids',
    make: (r) =>
      r.pick([
        () => `commit ${r.chars(HEX, 40)}`,
        () => `sha256:${r.chars(HEX, 64)}`,
        () => `integrity="sha384-${r.chars(BASE64, 64)}"`,
        () =>
          `request-id ${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-a${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`,
        () => `ULID 01${r.chars('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 24)}`,
        () => `etag W/"${r.chars(HEX, 27)}"`,
        () => `trace_id=${r.chars(HEX, 32)} span_id=${r.chars(HEX, 16)}`,
      ])(),
  },
  {
    name: 'crypto-addresses',
    make: (r) =>
      r.pick([
        `0x${r.chars(HEX, 40)}`,
        `bc1q${r.chars('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 38)}`,
        `tx 0x${r.chars(HEX, 64)}`,
      ]),
  },
  {
    name: 'science-and-measurements',
    make: (r) =>
      r.pick([
        `c = 299 792 458 m/s`,
        `N_A = 6.022 140 76e23`,
        `doi:10.${r.int(1000, 9999)}/${r.chars('abcdefghij', 4)}.${r.int(2000, 2026)}.${r.digits(5)}`,
        `arXiv:${r.int(20, 26)}${pad(r.int(1, 12), 2)}.${r.digits(5)}v${r.int(1, 4)}`,
        `PMID ${r.int(10_000_000, 39_999_999)}`,
        `${r.int(1, 9)}.${r.digits(3)} ${r.digits(3)} ${r.digits(3)} mol/L`,
        `λ = ${r.int(380, 780)}.${r.digits(2)} nm`,
        `${r.int(40, 55)}.${r.digits(6)}, ${r.int(-5, 15)}.${r.digits(6)}`,
      ]),
  },
  {
    name: 'amounts-held-out-2',
    make: (r) => {
      const n = r.int(100_000, 999_999_999);
      return r.pick([
        `CHF ${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "'")}.–`,
        `₹${lakh(n)}`,
        `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${r.digits(2)} €`,
        `USD ${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}`,
        `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')} €`,
        `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} PLN`,
        `Umsatz ${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} EUR`,
      ]);
    },
  },
  {
    name: 'numbered-lists-and-clauses',
    make: (r) =>
      r.pick([
        `items ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)} and ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}`,
        `Art. ${r.int(1, 99)} Abs. ${r.int(1, 9)} Nr. ${r.int(1, 9)}`,
        `requirement ${r.int(1, 12)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}`,
        `(see ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)} above)`,
        `NIST SP 800-53 AC-${r.int(1, 25)}(${r.int(1, 9)})`,
        `ISO/IEC 27001:2022 A.${r.int(5, 8)}.${r.int(1, 30)}`,
      ]),
  },
  {
    name: 'network-non-addresses',
    make: (r) =>
      r.pick([
        `MAC ${Array.from({ length: 6 }, () => r.chars('0123456789ABCDEF', 2)).join(':')}`,
        `AS${r.int(1000, 65000)}`,
        `port ${r.int(1024, 65535)}/tcp`,
        `OID 1.3.6.1.4.1.${r.int(1000, 60000)}.${r.int(1, 9)}`,
        `Windows ${r.int(10, 11)}.0.${r.int(19041, 26100)}.${r.int(1, 5000)}`,
        `Chrome/${r.int(110, 131)}.0.${r.int(5000, 6999)}.${r.int(10, 200)}`,
        `vlan ${r.int(2, 4094)}`,
      ]),
  },
  {
    name: 'e-mail-look-alikes-2',
    make: (r) =>
      r.pick([
        `admin@localhost`,
        `${r.pick(['support', 'info'])} [at] example [dot] org`,
        `npm i @types/node@${r.int(18, 22)}.${r.int(0, 20)}.${r.int(0, 9)}`,
        `@Injectable()`,
        `logo@${r.int(2, 3)}x.webp`,
        `@media (min-width: ${r.int(320, 1440)}px)`,
        `user@host:~$`,
      ]),
  },
  {
    name: 'sixteen-digit-references',
    make: (r) =>
      r.pick([
        () => `gift card ${luhnComplete('6006', 16, r).replace(/(\d{4})(?=\d)/g, '$1 ')}`,
        () => `Payback ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)}`,
        () => `Sendungsnummer ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)}`,
        () => `ICCID ${luhnComplete('8944', 19, r)}`,
      ])(),
  },
  {
    name: 'dates-and-times-2',
    make: (r) =>
      r.pick([
        `2026-W${pad(r.int(1, 52), 2)}-${r.int(1, 7)}`,
        `${r.int(2019, 2026)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}T${pad(r.int(0, 23), 2)}${pad(r.int(0, 59), 2)}Z`,
        `Mon, ${r.int(1, 28)} Dec 2026 ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)} +0100`,
        `${pad(r.int(1, 28), 2)}/${pad(r.int(1, 12), 2)}/${r.int(2019, 2026)} ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:00`,
        `${r.int(1_600_000_000, 1_800_000_000)}.${r.digits(3)}`,
        `uptime ${r.int(1, 400)} days, ${r.int(0, 23)}:${pad(r.int(0, 59), 2)}`,
      ]),
  },
];
