import type { DecoyFamily } from './decoys';
import { ibanFor, luhnComplete } from './entities';
import { ALNUM, BASE64, HEX, type Random, UPPER_ALNUM, URLSAFE } from './random';

/**
 * Look-alike families of the eleventh held-out split (written 2026-12-08, after the eleventh round of fixes,
 * committed before it was scored): what support tickets, logs, code, CSV exports, e-mails and chats in English,
 * German, French and Spanish hold beside personal data and a careful reader leaves alone — order, invoice,
 * customer and ticket numbers in each country's form, dates and times in each locale, log timestamps, versions
 * (semver, four-part builds, user agents), coordinates, OIDs, dotted section numbers, parcel numbers, ISBNs,
 * UUIDs and digests, prices, masked values, MAC addresses, SSH fingerprints, file names with `@`, git remotes
 * and shell prompts, npm package specifiers, numbers of card length that no issuer's rules allow, IBANs whose
 * check digits fail, numbers in SSN form that the SSA never issues, placeholders and public keys, hex colours,
 * bank codes that are not accounts, and talk about passwords with no password in it.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const day = (r: Random) => ({
  y: r.int(2019, 2027),
  m: r.int(1, 12),
  d: r.int(1, 28),
  h: r.int(0, 23),
  mi: r.int(0, 59),
  s: r.int(0, 59),
});
const MONTHS_DE = ['Jan.', 'Feb.', 'März', 'Apr.', 'Mai', 'Juni', 'Juli', 'Aug.', 'Sept.', 'Okt.', 'Nov.', 'Dez.'];
const MONTHS_FR = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const MONTHS_ES = ['ene.', 'feb.', 'mar.', 'abr.', 'may.', 'jun.', 'jul.', 'ago.', 'sept.', 'oct.', 'nov.', 'dic.'];

/** A number of `length` digits from `prefix` whose Luhn sum fails. */
function luhnFailing(prefix: string, length: number, r: Random): string {
  const valid = luhnComplete(prefix, length, r);
  return valid.slice(0, -1) + String((Number(valid.slice(-1)) + r.int(1, 9)) % 10);
}

export const HELD_OUT_11_FAMILIES: DecoyFamily[] = [
  {
    name: 'order-numbers-11',
    make: (r) =>
      r.pick([
        () => `${r.digits(3)}-${r.digits(7)}-${r.digits(7)}`,
        () => `#${r.int(100000, 9999999)}`,
        () => `ORD-${r.int(2019, 2026)}-${r.digits(6)}`,
        () => `Bestellnr. ${r.digits(10)}`,
        () => `commande n° ${r.int(1, 9)}${r.digits(8)}`,
        () => `pedido ${r.chars(UPPER_ALNUM, 3)}-${r.digits(6)}`,
        () => `${r.int(4000, 4999)}-${r.digits(4)}-${r.digits(4)}`,
      ])(),
  },
  {
    name: 'invoice-numbers-11',
    make: (r) =>
      r.pick([
        () => `INV-${r.int(2019, 2026)}-${r.digits(5)}`,
        () => `RE-${r.int(2019, 2026)}/${r.digits(4)}`,
        () => `Rechnung Nr. ${r.int(2019, 2026)}${r.digits(6)}`,
        () => `FA${r.int(2019, 2026)}${pad(r.int(1, 12), 2)}-${r.digits(5)}`,
        () => `Factura ${r.chars('ABCDEFGH', 1)}${r.digits(2)}/${r.digits(6)}`,
        () => `${r.int(2019, 2026)}-${r.digits(3)}-${r.digits(4)}`,
      ])(),
  },
  {
    name: 'customer-and-ticket-ids-11',
    make: (r) =>
      r.pick([
        () => `Kundennummer ${r.digits(8)}`,
        () => `n° client ${r.digits(9)}`,
        () => `Ticket #${r.int(10000, 999999)}`,
        () => `JIRA-${r.int(100, 9999)}`,
        () => `CASE-${r.digits(8)}`,
        () => `SR ${r.digits(2)}-${r.digits(6)}`,
        () => `Vorgang ${r.digits(4)}-${r.digits(4)}-${r.digits(4)}`,
        () => `expediente ${r.digits(2)}/${r.digits(5)}/${r.int(2019, 2026)}`,
      ])(),
  },
  {
    name: 'dates-and-times-11',
    make: (r) => {
      const t = day(r);
      return r.pick([
        () => `${pad(t.d, 2)}.${pad(t.m, 2)}.${t.y} ${pad(t.h, 2)}:${pad(t.mi, 2)}`,
        () => `${pad(t.m, 2)}/${pad(t.d, 2)}/${t.y} ${t.h % 12 || 12}:${pad(t.mi, 2)} ${t.h < 12 ? 'AM' : 'PM'}`,
        () => `${t.d} ${MONTHS_DE[t.m - 1]} ${t.y}, ${pad(t.h, 2)}:${pad(t.mi, 2)} Uhr`,
        () => `le ${t.d} ${MONTHS_FR[t.m - 1]} ${t.y} à ${t.h}h${pad(t.mi, 2)}`,
        () => `${t.d} ${MONTHS_ES[t.m - 1]} ${t.y} ${pad(t.h, 2)}:${pad(t.mi, 2)} h`,
        () => `${t.y}${pad(t.m, 2)}${pad(t.d, 2)}`,
        () => `${pad(t.d, 2)}/${pad(t.m, 2)}/${t.y}`,
        () => `${t.y}-${pad(t.m, 2)}-${pad(t.d, 2)} ${pad(t.h, 2)}:${pad(t.mi, 2)}:${pad(t.s, 2)}`,
      ])();
    },
  },
  {
    name: 'log-timestamps-11',
    make: (r) => {
      const t = day(r);
      return r.pick([
        () => `${t.y}-${pad(t.m, 2)}-${pad(t.d, 2)}T${pad(t.h, 2)}:${pad(t.mi, 2)}:${pad(t.s, 2)}.${r.digits(3)}Z`,
        () => `${t.y}-${pad(t.m, 2)}-${pad(t.d, 2)} ${pad(t.h, 2)}:${pad(t.mi, 2)}:${pad(t.s, 2)},${r.digits(3)}`,
        () => `${t.y}-${pad(t.m, 2)}-${pad(t.d, 2)}T${pad(t.h, 2)}:${pad(t.mi, 2)}:${pad(t.s, 2)}+01:00`,
        () =>
          `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][t.m - 1]} ${String(t.d).padStart(2, ' ')} ${pad(t.h, 2)}:${pad(t.mi, 2)}:${pad(t.s, 2)}`,
        () =>
          `[${pad(t.d, 2)}/${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][t.m - 1]}/${t.y}:${pad(t.h, 2)}:${pad(t.mi, 2)}:${pad(t.s, 2)} +0100]`,
        () => String(1_700_000_000 + r.int(0, 99_999_999)),
        () => String(1_700_000_000_000 + r.int(0, 99_999_999_999)),
        () => `${pad(t.h, 2)}:${pad(t.mi, 2)}:${pad(t.s, 2)}.${r.digits(6)}`,
      ])();
    },
  },
  {
    name: 'versions-11',
    make: (r) =>
      r.pick([
        () => `v${r.int(0, 20)}.${r.int(0, 40)}.${r.int(0, 30)}`,
        () =>
          `${r.int(0, 9)}.${r.int(0, 30)}.${r.int(0, 20)}-${r.pick(['rc', 'beta', 'alpha'])}.${r.int(1, 9)}+build.${r.int(1, 999)}`,
        () => `10.0.${r.int(17763, 26100)}.${r.int(1, 5000)}`,
        () => `Chrome/${r.int(110, 131)}.0.${r.int(5000, 6999)}.${r.int(10, 250)}`,
        () => `Firefox/${r.int(110, 133)}.0`,
        () => `node v${r.int(18, 22)}.${r.int(0, 20)}.${r.int(0, 9)}`,
        () => `Python ${r.int(3, 3)}.${r.int(8, 13)}.${r.int(0, 12)}`,
        () => `build ${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 99)}.${r.int(1000, 9999)}`,
        () => `openssl-${r.int(1, 3)}.${r.int(0, 3)}.${r.int(0, 15)}`,
        () => `version: "${r.int(2, 3)}.${r.int(0, 9)}"`,
        () => `iOS ${r.int(15, 18)}.${r.int(0, 6)}.${r.int(1, 3)}`,
      ])(),
  },
  {
    name: 'coordinates-11',
    make: (r) =>
      r.pick([
        () => `${r.int(36, 54)}.${r.digits(6)}, ${r.pick(['-', ''])}${r.int(0, 15)}.${r.digits(6)}`,
        () => `lat=${r.int(36, 54)}.${r.digits(5)}&lng=${r.int(1, 13)}.${r.digits(5)}`,
        () => `${r.int(36, 54)}°${r.int(0, 59)}′${r.int(0, 59)}″N ${r.int(0, 15)}°${r.int(0, 59)}′${r.int(0, 59)}″E`,
        () => `POINT(${r.int(1, 13)}.${r.digits(4)} ${r.int(36, 54)}.${r.digits(4)})`,
        () => `@${r.int(36, 54)}.${r.digits(7)},${r.int(1, 13)}.${r.digits(7)},${r.int(10, 21)}z`,
      ])(),
  },
  {
    name: 'oids-and-dotted-11',
    make: (r) =>
      r.pick([
        () => `1.3.6.1.4.1.${r.int(100, 60000)}.${r.int(1, 20)}.${r.int(1, 9)}`,
        () => `1.2.840.113549.1.${r.int(1, 12)}.${r.int(1, 14)}`,
        () => `2.16.840.1.${r.int(100000, 114999)}.${r.int(1, 9)}`,
        () => `§ ${r.int(1, 12)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}`,
        () => `Abschnitt ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}`,
        () => `art. ${r.int(1, 99)}.${r.int(1, 9)}.${r.pick(['a', 'b', 'c'])}`,
        () => `${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}`,
      ])(),
  },
  {
    name: 'tracking-numbers-11',
    make: (r) =>
      r.pick([
        () => `1Z${r.chars(UPPER_ALNUM, 6)}${r.digits(10)}`,
        () => `FedEx ${r.digits(4)} ${r.digits(4)} ${r.digits(4)}`,
        () => `9400 ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(2)}`,
        () => `JJD${r.digits(18)}`,
        () => `${r.chars('ABCDEFGHJKLMNPRSTUVWXYZ', 2)}${r.digits(9)}${r.pick(['DE', 'FR', 'ES', 'GB'])}`,
        () => `00340434${r.digits(12)}`,
        () => `Sendungsnummer ${r.digits(12)}`,
        () => `n° de suivi 6A${r.digits(11)}`,
      ])(),
  },
  {
    name: 'isbn-11',
    make: (r) =>
      r.pick([
        () => `ISBN 978-${r.int(1, 3)}-${r.digits(3)}-${r.digits(5)}-${r.int(0, 9)}`,
        () => `ISBN-13: 978${r.digits(10)}`,
        () => `ISBN 0-${r.digits(3)}-${r.digits(5)}-X`,
        () => `ISSN ${r.digits(4)}-${r.digits(3)}${r.pick(['X', String(r.int(0, 9))])}`,
        () => `EAN ${r.pick(['40', '30', '84'])}${r.digits(11)}`,
      ])(),
  },
  {
    name: 'uuids-and-digests-11',
    make: (r) =>
      r.pick([
        () =>
          `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`,
        () => `commit ${r.chars(HEX, 40)}`,
        () => `sha256:${r.chars(HEX, 64)}`,
        () => `MD5 (setup.exe) = ${r.chars(HEX, 32)}`,
        () => `${r.chars(HEX, 7)}`,
        () => `"etag": "W/\\"${r.chars(HEX, 16)}\\""`,
        () =>
          `X-Request-Id: ${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}`,
        () => `sha512-${r.chars(BASE64, 86)}==`,
      ])(),
  },
  {
    name: 'prices-11',
    make: (r) =>
      r.pick([
        () => `${r.int(1, 9)}.${r.digits(3)},${r.digits(2)} €`,
        () => `$${r.int(1, 99)},${r.digits(3)}.${r.digits(2)}`,
        () => `${r.int(1, 999)} ${r.digits(3)},${r.digits(2)} EUR`,
        () => `CHF ${r.int(1, 99)}'${r.digits(3)}.${r.pick(['–', '00', '50'])}`,
        () => `${r.int(1, 999)},${r.digits(2)} €`,
        () => `MXN ${r.int(1, 99)},${r.digits(3)}.${r.digits(2)}`,
        () => `£${r.int(1, 9)},${r.digits(3)}`,
      ])(),
  },
  {
    name: 'masked-values-11',
    make: (r) =>
      r.pick([
        () => `**** **** **** ${r.digits(4)}`,
        () => `XXXX-XXXX-XXXX-${r.digits(4)}`,
        () => `${r.pick(['4', '5'])}${r.digits(5)}******${r.digits(4)}`,
        () => `***-**-${r.digits(4)}`,
        () => `DE** **** **** **** **${r.digits(2)} ${r.digits(2)}`,
        () => `${r.pick(['j', 'm', 'c'])}***@${r.pick(['gmail.com', 'web.de', 'orange.fr'])}`,
        () => `+49 *** *** ${r.digits(2)}`,
        () => `•••• ${r.digits(4)}`,
        () => `ES** **** **** ** ******${r.digits(4)}`,
      ])(),
  },
  {
    name: 'mac-addresses-11',
    make: (r) => {
      const b = () => r.chars(HEX, 2);
      return r.pick([
        () => `${b()}:${b()}:${b()}:${b()}:${b()}:${b()}`.toUpperCase(),
        () => `${b()}:${b()}:${b()}:${b()}:${b()}:${b()}`,
        () => `${b()}-${b()}-${b()}-${b()}-${b()}-${b()}`.toUpperCase(),
        () => `${r.chars(HEX, 4)}.${r.chars(HEX, 4)}.${r.chars(HEX, 4)}`,
      ])();
    },
  },
  {
    name: 'fingerprints-11',
    make: (r) =>
      r.pick([
        () => Array.from({ length: 16 }, () => r.chars(HEX, 2)).join(':'),
        () => `SHA256:${r.chars(BASE64, 43)}`,
        () => `fingerprint ${Array.from({ length: 10 }, () => r.chars('0123456789ABCDEF', 4)).join(' ')}`,
      ])(),
  },
  {
    name: 'at-in-names-11',
    make: (r) =>
      r.pick([
        () =>
          `${r.pick(['icon', 'logo', 'hero', 'avatar', 'banner'])}@${r.int(2, 3)}x.${r.pick(['png', 'jpg', 'webp'])}`,
        () =>
          `git@${r.pick(['github.com', 'gitlab.com', 'bitbucket.org'])}:${r.pick(['acme', 'team-ops'])}/${r.pick(['api', 'web', 'infra'])}.git`,
        () => `${r.pick(['deploy', 'root', 'ubuntu'])}@${r.pick(['web-01', 'db-prod', 'bastion'])}:~$`,
        () =>
          `@${r.pick(['types/node', 'angular/core', 'nestjs/common'])}@${r.int(10, 20)}.${r.int(0, 9)}.${r.int(0, 9)}`,
        () => `${r.pick(['lodash', 'react', 'express'])}@^${r.int(1, 18)}.${r.int(0, 9)}.${r.int(0, 9)}`,
        () => `@${r.pick(['lena_b', 'camille.dev', 'soporte_es'])}`,
        () => `${r.pick(['nginx', 'redis', 'postgres'])}@sha256:${r.chars(HEX, 64)}`,
        () => `getty@tty${r.int(1, 6)}.service`,
      ])(),
  },
  {
    name: 'card-length-non-cards-11',
    make: (r) =>
      r.pick([
        () => luhnFailing('4', 16, r).replace(/(\d{4})(?=\d)/g, '$1 '),
        () => luhnFailing(`5${r.int(1, 5)}`, 16, r),
        () => luhnComplete(r.pick(['1', '7', '0', '1', '7']), 16, r).replace(/(\d{4})(?=\d)/g, '$1 '),
        () => luhnComplete(r.pick(['1', '7']), 16, r),
        () => luhnFailing(`3${r.pick(['4', '7'])}`, 15, r),
      ])(),
  },
  {
    name: 'iban-near-misses-11',
    make: (r) => {
      const country = r.pick(['DE', 'FR', 'ES', 'NL']);
      const bban =
        country === 'NL'
          ? `${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${r.digits(10)}`
          : r.digits(country === 'DE' ? 18 : country === 'FR' ? 23 : 20);
      const valid = ibanFor(country, bban);
      const check = Number(valid.slice(2, 4));
      const broken = `${country}${pad((check + r.int(1, 50)) % 97 || 1, 2)}${bban}`;
      return r.chance(0.5) ? broken : broken.replace(/(.{4})(?=.)/g, '$1 ');
    },
  },
  {
    name: 'ssn-never-issued-11',
    make: (r) =>
      r.pick([
        () => `000-${pad(r.int(1, 99), 2)}-${pad(r.int(1, 9999), 4)}`,
        () => `666-${pad(r.int(1, 99), 2)}-${pad(r.int(1, 9999), 4)}`,
        () => `${r.int(900, 999)}-${pad(r.int(70, 88), 2)}-${pad(r.int(1, 9999), 4)}`,
        () => `${pad(r.int(1, 899), 3)}-00-${pad(r.int(1, 9999), 4)}`,
        () => `${pad(r.int(1, 665), 3)}-${pad(r.int(1, 99), 2)}-0000`,
      ])(),
  },
  {
    name: 'placeholders-11',
    make: (r) =>
      r.pick([
        () => 'sk-...',
        () => 'YOUR_API_KEY',
        () => '<your-token-here>',
        () => '${GITHUB_TOKEN}',
        () => '{{ secrets.AWS_SECRET_ACCESS_KEY }}',
        () => 'xxxxxxxxxxxxxxxxxxxx',
        () => 'changeme',
        () => '********',
        () => 'process.env.STRIPE_SECRET_KEY',
        () => 'REDACTED',
      ])(),
  },
  {
    name: 'public-keys-11',
    make: (r) =>
      r.pick([
        () => `pk_live_${r.chars(ALNUM, 99)}`,
        () => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(BASE64, 43)} ${r.pick(['lena@laptop', 'deploy'])}`,
        () =>
          `-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${r.chars(BASE64, 40)}\\n-----END PUBLIC KEY-----`,
        () => `pk.eyJ1Ijoi${r.chars(ALNUM, 10)}IiwiYSI6I${r.chars(URLSAFE, 20)}.${r.chars(URLSAFE, 22)}`,
      ])(),
  },
  {
    name: 'css-and-colours-11',
    make: (r) =>
      r.pick([
        () => `#${r.chars(HEX, 6)}`,
        () => `rgba(${r.int(0, 255)}, ${r.int(0, 255)}, ${r.int(0, 255)}, 0.${r.int(1, 9)})`,
        () => `margin: ${r.int(0, 32)}px ${r.int(0, 32)}px`,
        () => `@media (max-width: ${r.int(320, 1440)}px)`,
      ])(),
  },
  {
    name: 'bank-codes-11',
    make: (r) =>
      r.pick([
        () =>
          `BIC ${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${r.pick(['DE', 'FR', 'ES'])}${r.chars(UPPER_ALNUM, 2)}XXX`,
        () => `BLZ ${r.digits(3)} ${r.digits(3)} ${r.digits(2)}`,
        () => `sort code ${r.digits(2)}-${r.digits(2)}-${r.digits(2)}`,
        () => `ABA ${r.digits(9)}`,
        () => `Gläubiger-ID DE${r.digits(2)}ZZZ0000${r.digits(7)}`,
        () => `USt-IdNr. DE${r.digits(9)}`,
        () => `NIF ${r.chars('ABCDEFGH', 1)}${r.digits(8)}`,
        () => `SIRET ${r.digits(3)} ${r.digits(3)} ${r.digits(3)} ${r.digits(5)}`,
      ])(),
  },
  {
    name: 'password-talk-11',
    make: (r) =>
      r.pick([
        () => 'password reset link expired',
        () => 'Passwort vergessen?',
        () => 'mot de passe oublié',
        () => 'restablecer contraseña',
        () => 'the password must have at least 12 characters',
        () => 'token expired',
        () => 'api_key is required',
        () => 'Ihr Passwort wurde geändert',
        () => 'password: ********',
        () => 'secret=<redacted>',
      ])(),
  },
  {
    name: 'quantities-and-ids-11',
    make: (r) =>
      r.pick([
        () => `${r.int(1, 999)}.${r.digits(3)}.${r.digits(3)} Aufrufe`,
        () => `PLZ ${r.digits(5)}`,
        () => `code postal ${r.digits(5)}`,
        () => `Artikelnr. ${r.digits(3)}.${r.digits(3)}.${r.digits(2)}`,
        () => `SKU ${r.chars(UPPER_ALNUM, 3)}-${r.digits(4)}-${r.chars(UPPER_ALNUM, 2)}`,
        () => `IMEI ${r.digits(15)}`,
        () => `port ${r.int(1024, 65535)}`,
        () => `PID ${r.int(100, 99999)}`,
        () => `Flug LH${r.int(100, 2999)}`,
        () => `${r.int(1, 99)} ${r.digits(3)} ${r.digits(3)} Nutzer`,
      ])(),
  },
  {
    name: 'network-non-ips-11',
    make: (r) =>
      r.pick([
        () => `${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}`,
        () => `std::${r.pick(['vector', 'string', 'map'])}<int>`,
        () => `${r.int(1, 23)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}`,
        () => `ratio 16:9`,
        () => `::${r.pick(['before', 'after', 'selection'])}`,
        () => `Foo::Bar::${r.pick(['baz', 'Qux'])}`,
        () => `a:b:c:d`,
      ])(),
  },
  {
    name: 'phone-like-codes-11',
    make: (r) =>
      r.pick([
        () => `Konferenz-ID ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}#`,
        () => `Meeting ID: ${r.digits(3)} ${r.digits(4)} ${r.digits(4)}`,
        () => `Aktenzeichen ${r.int(1, 9)} O ${r.int(10, 999)}/${r.int(19, 26)}`,
        () => `HRB ${r.digits(6)}`,
        () => `lot ${r.digits(2)}-${r.digits(4)}-${r.digits(3)}`,
        () => `${r.int(1, 9)}/${r.int(1, 9)}/${r.int(2019, 2026)}`,
        () => `referencia ${r.digits(4)} ${r.digits(4)} ${r.digits(2)}`,
      ])(),
  },
];
