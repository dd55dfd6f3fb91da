import type { DecoyFamily } from './decoys';
import { luhnComplete } from './entities';
import { ALNUM, BASE64, HEX, UPPER_ALNUM } from './random';

/**
 * Look-alike families of the ninth held-out split (written 2026-12-07, after the ninth round of fixes, committed
 * before it was scored), none drawn by another split: content hashes and ids (git SHAs, image digests, UUIDv7,
 * KSUIDs), science and publishing numbers (arXiv ids, CAS numbers, ORCID iDs, PubMed ids, ISBN-13 with
 * hyphens), network strings that are not anyone's address (SNMP OIDs of vendors, route distinguishers, Cisco
 * dotted MACs, documentation prefixes, Windows and browser builds after their names), amounts written with
 * thin, figure and no-break spaces, Indian lakhs and Swiss apostrophes, dates and times (Japanese eras, Thai
 * years, cron lines, ISO durations), product and trade codes (NATO stock numbers, HS codes, GTIN-14, ICCIDs
 * named as such), tax and company numbers written like phone numbers (Polish NIP, Italian partita IVA,
 * Steuer-ID, Czech IČO, Russian INN, Mexican RFC), secrets that are not (argon2 and PBKDF2 hashes, LDAP
 * `{SSHA}` values, CI secret references, Stripe publishable keys), things with an `@` that are not mailboxes
 * (scoped packages, image digests, decorators, CSS at-rules, Slack mentions, `user@localhost`), identifiers
 * that fail a card's Luhn sum or start where no issuer does, and nine-digit numbers that are not SSNs (ITINs,
 * EINs, ZIP+4, Canadian SINs named as such). A careful reader leaves each alone.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const grouped = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

export const HELD_OUT_9_FAMILIES: DecoyFamily[] = [
  {
    name: 'hashes-and-ids-9',
    make: (r) =>
      r.pick([
        () => `commit ${r.chars(HEX, 40)}`,
        () => `ghcr.io/example/app@sha256:${r.chars(HEX, 64)}`,
        () => `0190${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-7${r.chars(HEX, 3)}-8${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`,
        () => `ksuid ${r.chars(ALNUM, 27)}`,
      ])(),
  },
  {
    name: 'science-numbers-9',
    make: (r) =>
      r.pick([
        () => `arXiv:${r.int(2001, 2612)}.${pad(r.int(1, 29999), 5)}v${r.int(1, 4)}`,
        () => `CAS ${r.int(50, 99999)}-${pad(r.int(0, 99), 2)}-${r.int(0, 9)}`,
        () =>
          `ORCID 0000-000${r.int(1, 3)}-${pad(r.int(0, 9999), 4)}-${pad(r.int(0, 9999), 3)}${r.pick(['X', '1', '7'])}`,
        () => `PMID: ${r.int(10000000, 39999999)}`,
        () => `ISBN 978-${r.int(0, 9)}-${r.int(100, 999)}-${pad(r.int(0, 99999), 5)}-${r.int(0, 9)}`,
      ])(),
  },
  {
    name: 'network-not-addresses-9',
    make: (r) =>
      r.pick([
        () => `snmpwalk OID 1.3.6.1.4.1.${r.int(2000, 40000)}.${r.int(1, 9)}.${r.int(1, 20)}`,
        () => `rd 65${pad(r.int(0, 534), 3)}:${r.int(1, 999)}`,
        () => `mac ${r.chars(HEX, 4)}.${r.chars(HEX, 4)}.${r.chars(HEX, 4)}`,
        () => `docs prefix 2001:db8::/32 and 192.0.2.0/24`,
        () => `Windows 11 Build 10.0.${r.int(22000, 26100)}.${r.int(100, 4999)}`,
        () => `Chrome ${r.int(120, 133)}.0.${r.int(6000, 6999)}.${r.int(10, 199)}`,
      ])(),
  },
  {
    name: 'amounts-spaced-9',
    make: (r) =>
      r.pick([
        () => `${grouped(r.int(100000, 99999999), '\u2009')},${pad(r.int(0, 99), 2)} €`,
        () => `${grouped(r.int(100000, 99999999), '\u00a0')} Kč`,
        () => `${grouped(r.int(100000, 99999999), '\u202f')} ₽`,
        () => `₹${r.int(1, 99)},${pad(r.int(0, 99), 2)},${pad(r.int(0, 999), 3)}.${pad(r.int(0, 99), 2)}`,
        () => `CHF ${r.int(1, 999)}'${pad(r.int(0, 999), 3)}'${pad(r.int(0, 999), 3)}.${pad(r.int(0, 99), 2)}`,
        () => `${grouped(r.int(1000000, 999999999), '\u2007')} kr`,
      ])(),
  },
  {
    name: 'dates-and-times-9',
    make: (r) =>
      r.pick([
        () => `令和${r.int(1, 8)}年${r.int(1, 12)}月${r.int(1, 28)}日`,
        () => `พ.ศ. ${r.int(2560, 2570)}`,
        () => `${r.int(0, 59)} ${r.int(0, 23)} * * ${r.int(0, 6)} /usr/local/bin/rotate`,
        () => `P${r.int(1, 3)}Y${r.int(1, 11)}M${r.int(1, 28)}DT${r.int(1, 23)}H`,
        () =>
          `2026-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}T${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}.${pad(r.int(0, 999999), 6)}Z`,
      ])(),
  },
  {
    name: 'trade-codes-9',
    make: (r) =>
      r.pick([
        () => `NSN ${r.int(1000, 9999)}-${pad(r.int(0, 99), 2)}-${pad(r.int(0, 999), 3)}-${pad(r.int(0, 9999), 4)}`,
        () => `HS ${r.int(1000, 9999)}.${pad(r.int(0, 99), 2)}.${pad(r.int(0, 99), 2)}`,
        () => `GTIN-14 ${r.int(1, 9)}${r.digits(13)}`,
        () => `ICCID ${luhnComplete('8944', 19, r)}`,
      ])(),
  },
  {
    name: 'tax-ids-phone-shaped-9',
    make: (r) =>
      r.pick([
        () => `NIP ${r.int(100, 999)}-${r.int(100, 999)}-${pad(r.int(0, 99), 2)}-${pad(r.int(0, 99), 2)}`,
        () => `P.IVA ${r.digits(11)}`,
        () => `Steuer-ID ${r.int(10, 99)} ${r.int(100, 999)} ${r.int(100, 999)} ${r.int(100, 999)}`,
        () => `IČO ${r.digits(8)}`,
        () => `ИНН ${r.digits(12)}`,
        () =>
          `RFC ${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${pad(r.int(0, 99), 2)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}${r.chars(UPPER_ALNUM, 3)}`,
      ])(),
  },
  {
    name: 'secrets-not-secrets-9',
    make: (r) =>
      r.pick([
        () => `$argon2id$v=19$m=65536,t=3,p=4$${r.chars(BASE64, 22)}$${r.chars(BASE64, 43)}`,
        () => `pbkdf2_sha256$600000$${r.chars(ALNUM, 22)}$${r.chars(BASE64, 43)}=`,
        () => `userPassword: {SSHA}${r.chars(BASE64, 32)}`,
        () => `password: \${{ secrets.DB_PASSWORD }}`,
        () => `pk_live_${r.chars(ALNUM, 24)}`,
        () => `api_key: "<YOUR_API_KEY>"`,
      ])(),
  },
  {
    name: 'at-signs-not-mailboxes-9',
    make: (r) =>
      r.pick([
        () => `npm i @${r.pick(['babel', 'types', 'angular'])}/core@${r.int(1, 20)}.${r.int(0, 30)}.${r.int(0, 9)}`,
        () => `@Injectable({ providedIn: 'root' })`,
        () => `@media (max-width: ${r.int(320, 1440)}px)`,
        () => `<@U0${r.chars(UPPER_ALNUM, 8)}> please review`,
        () => `psql postgres@localhost`,
      ])(),
  },
  {
    name: 'card-lookalikes-9',
    make: (r) =>
      r.pick([
        () => {
          const n = luhnComplete(`4${r.digits(14)}`, 16, r);
          return `order ${n.slice(0, 15)}${(Number(n[15]) + 1) % 10}`;
        },
        () => `IMEI ${luhnComplete(`35${r.digits(6)}`, 15, r)}`,
        () => `ref ${luhnComplete('99', 16, r)}`,
      ])(),
  },
  {
    name: 'ssn-lookalikes-9',
    make: (r) =>
      r.pick([
        () => `ITIN 9${r.digits(2)}-${r.int(70, 88)}-${r.digits(4)}`,
        () => `EIN ${r.digits(2)}-${r.digits(7)}`,
        () => `ZIP ${r.digits(5)}-${r.digits(4)}`,
        () => `SIN ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`,
      ])(),
  },
  {
    name: 'counts-and-figures-9',
    make: (r) =>
      r.pick([
        () => `${grouped(r.int(100000000, 999999999), ' ')} wyświetleń`,
        () => `${grouped(r.int(100000000, 999999999), ' ')} görüntülenme`,
        () => `${grouped(r.int(100000000, 999999999), '.')} visualizzazioni`,
        () => `${grouped(r.int(100000000, 999999999), ' ')} maoni`,
      ])(),
  },
];
