import type { DecoyFamily } from './decoys';
import { luhnComplete } from './entities';
import { ALNUM, BASE64, HEX, type Random, UPPER_ALNUM, URLSAFE } from './random';

/**
 * Look-alike families of the tenth held-out split (written 2026-12-07, after the tenth round of fixes, committed
 * before it was scored), none drawn by another split: API object ids that are not keys (Stripe charges and
 * customers, OpenAI completions and files, Anthropic messages, Twilio SIDs), encrypted values (Pulumi, Ansible
 * Vault, Sealed Secrets), password hashes in forms no split drew (yescrypt, `$2y$`, scrypt, Caddy's base64 of a
 * bcrypt hash), SSH public keys in `known_hosts`, masked and partial values (BIN and last four, masked e-mail and
 * phone), meeting ids and dial-in codes, national ids of the split's countries and others (Latvian, Croatian,
 * Slovak, South African, Ghanaian, Peruvian, Colombian, Venezuelan, Philippine, Chinese), tax and trade numbers
 * (EU VAT numbers with their country prefix, EORI, RUC, ABN, GSTIN), parcel numbers of postal services no split
 * drew, dates in Chinese, Korean, Hebrew and ordinal forms, medical and legal codes (ICD-10, LOINC, SNOMED, DEA,
 * docket numbers, EU regulations, CELEX), software identifiers (Maven coordinates, Go pseudo-versions, image
 * tags, AWS and GCP account numbers inside ARNs and paths, .NET assembly versions, four-part product versions),
 * `@` in code and units (`HEAD@{2}`, `getty@tty1.service`, Haskell and Rust patterns, `@@IDENTITY`), colons that
 * are not IPv6 (PTP clock ids, Bluetooth addresses, scope paths, Bible verses, ratios), secret references and
 * public keys (1Password `op://`, Secrets Manager ARNs, reCAPTCHA site keys, PostHog project keys, Stripe
 * publishable keys, LaunchDarkly client ids), domestic bank numbers that are not IBANs (French RIB, Spanish CCC,
 * German Kontonummer and BLZ, Danish reg and account), nine-digit numbers that are not SSNs (Philippine TIN,
 * Australian TFN, NZ IRD, A-numbers, part and lot numbers in SSN form), card-length numbers that are not cards,
 * and counts in the split's languages. A careful reader leaves each alone.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const grouped = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

/** A number of `length` digits from `prefix` whose Luhn sum fails. */
function luhnFailing(prefix: string, length: number, r: Random): string {
  const valid = luhnComplete(prefix, length, r);
  return valid.slice(0, -1) + String((Number(valid.slice(-1)) + r.int(1, 9)) % 10);
}

export const HELD_OUT_10_FAMILIES: DecoyFamily[] = [
  {
    name: 'object-ids-10',
    make: (r) =>
      r.pick([
        () => `ch_3${r.chars(ALNUM, 23)}`,
        () => `cus_${r.chars(ALNUM, 14)}`,
        () => `pi_3${r.chars(ALNUM, 23)}`,
        () => `chatcmpl-${r.chars(ALNUM, 29)}`,
        () => `file-${r.chars(ALNUM, 22)}`,
        () => `msg_01${r.chars(ALNUM, 22)}`,
        () => `toolu_01${r.chars(ALNUM, 22)}`,
        () => `req_${r.chars(ALNUM, 24)}`,
      ])(),
  },
  {
    name: 'twilio-sids-10',
    make: (r) => `${r.pick(['AC', 'SM', 'MG', 'PN', 'CA'])}${r.chars(HEX, 32)}`,
  },
  {
    name: 'encrypted-values-10',
    make: (r) =>
      r.pick([
        () => `AAABA${r.chars(BASE64, 58)}`,
        () => `$ANSIBLE_VAULT;1.1;AES256\n${r.chars(HEX, 80)}`,
        () => `AgB${r.chars(BASE64, 120)}`,
        () => `vault:v1:${r.chars(BASE64, 44)}`,
      ])(),
  },
  {
    name: 'hashes-not-secrets-10',
    make: (r) =>
      r.pick([
        () => `$y$j9T$${r.chars(ALNUM + './', 22)}$${r.chars(ALNUM + './', 43)}`,
        () => `$2y$12$${r.chars(ALNUM + './', 53)}`,
        () => `$scrypt$ln=16,r=8,p=1$${r.chars(BASE64, 22)}$${r.chars(BASE64, 43)}`,
        () => `JDJhJDE0JE${r.chars(BASE64, 70)}`,
      ])(),
  },
  {
    name: 'ssh-public-keys-10',
    make: (r) =>
      r.pick([
        () => `AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(BASE64, 43)}`,
        () => `AAAAB3NzaC1yc2EAAAADAQABAAABAQ${r.chars(BASE64, 340)}`,
        () => `AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB${r.chars(BASE64, 87)}=`,
      ])(),
  },
  {
    name: 'masked-and-partial-10',
    make: (r) =>
      r.pick([
        () => `•••• ${r.digits(4)}`,
        () => `XXXX-XXXX-XXXX-${r.digits(4)}`,
        () => `************${r.digits(4)}`,
        () => `${r.pick(['4', '5'])}${r.digits(5)}******${r.digits(4)}`,
        () => `DE${r.digits(2)} **** **** **** ${r.digits(2)}`,
        () => `***-**-${r.digits(4)}`,
        () => `${r.pick(['j', 'm', 'a'])}***@${r.pick(['gmail.com', 'example.org'])}`,
        () => `+56 9 **** ${r.digits(2)}${r.digits(2)}`,
      ])(),
  },
  {
    name: 'meeting-ids-10',
    make: (r) =>
      r.pick([
        () => `Meeting ID: ${r.int(810, 989)} ${r.digits(4)} ${r.digits(4)}`,
        () => `Conference ID: ${r.int(100, 999)} ${r.digits(3)} ${r.digits(3)}#`,
        () => `Access code: ${r.int(2300, 2699)} ${r.digits(3)} ${r.digits(4)}`,
        () =>
          `meet.google.com/${r.chars('abcdefghijklmnopqrstuvwxyz', 3)}-${r.chars('abcdefghijklmnopqrstuvwxyz', 4)}-${r.chars('abcdefghijklmnopqrstuvwxyz', 3)}`,
        () => `Webinar ID ${r.int(810, 989)}-${r.digits(4)}-${r.digits(4)}`,
      ])(),
  },
  {
    name: 'national-ids-10',
    make: (r) =>
      r.pick([
        () => `personas kods ${pad(r.int(1, 28), 2)}${pad(r.int(1, 12), 2)}${r.digits(2)}-${r.int(1, 2)}${r.digits(4)}`,
        () => `OIB ${r.digits(11)}`,
        () => `rodné číslo ${r.digits(2)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}/${r.digits(4)}`,
        () => `SA ID ${luhnComplete(`${r.digits(2)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}`, 13, r)}`,
        () => `Ghana Card GHA-${r.digits(9)}-${r.int(0, 9)}`,
        () => `DNI ${r.digits(8)}`,
        () => `C.C. ${r.int(1, 1)}.${r.int(100, 999)}.${r.int(100, 999)}.${r.int(100, 999)}`,
        () => `C.I. V-${r.int(10, 29)}.${r.digits(3)}.${r.digits(3)}`,
        () => `PhilSys ${luhnFailing(r.digits(1), 16, r).replace(/(\d{4})(?=\d)/g, '$1-')}`,
        () => `身份证号 ${r.pick(['11', '31', '44', '62'])}${r.digits(15)}${r.pick(['X', String(r.int(0, 9))])}`,
      ])(),
  },
  {
    name: 'tax-and-trade-ids-10',
    make: (r) =>
      r.pick([
        () => `VAT HR${r.digits(11)}`,
        () => `PVN LV${r.digits(11)}`,
        () => `IČ DPH SK${r.digits(10)}`,
        () => `UID ATU${r.digits(8)}`,
        () => `btw NL${r.digits(9)}B0${r.int(1, 9)}`,
        () => `EORI DE${r.digits(13)}`,
        () => `RUC 20${r.digits(9)}`,
        () => `ABN ${r.digits(2)} ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`,
        () =>
          `GSTIN ${r.digits(2)}${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 5)}${r.digits(4)}${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1)}1Z${r.chars(UPPER_ALNUM, 1)}`,
      ])(),
  },
  {
    name: 'parcels-10',
    make: (r) =>
      r.pick([
        () => `Correios ${r.pick(['LB', 'NX', 'QA'])}${r.digits(9)}BR`,
        () => `Yamato ${r.digits(4)}-${r.digits(4)}-${r.digits(4)}`,
        () => `Japan Post EJ${r.digits(9)}JP`,
        () => `PostNL 3S${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${r.digits(7)}`,
        () => `Chronopost XY${r.digits(9)}FR`,
        () => `SSCC (00) ${r.digits(1)} ${r.digits(7)} ${r.digits(9)} ${r.digits(1)}`,
        () => `bag tag 0${r.digits(3)} ${r.digits(6)}`,
      ])(),
  },
  {
    name: 'dates-10',
    make: (r) =>
      r.pick([
        () => `${r.int(2020, 2027)}年${r.int(1, 12)}月${r.int(1, 28)}日 ${r.int(0, 23)}時${pad(r.int(0, 59), 2)}分`,
        () =>
          `${r.int(2020, 2027)}. ${pad(r.int(1, 12), 2)}. ${pad(r.int(1, 28), 2)}. 오전 ${r.int(1, 11)}:${pad(r.int(0, 59), 2)}`,
        () => `${r.int(2020, 2027)}-${pad(r.int(1, 365), 3)}`,
        () =>
          `${r.int(2020, 2027)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}T${pad(r.int(0, 23), 2)}${pad(r.int(0, 59), 2)}${pad(r.int(0, 59), 2)}Z`,
        () =>
          `${r.int(2020, 2027)}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)} ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)},${r.digits(3)}`,
        () => `T+${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}.${r.digits(3)}`,
        () => `${pad(r.int(6, 11), 2)}:00–${r.int(13, 19)}:30`,
        () => `י״ז בכסלו תשפ״${r.pick(['ו', 'ז'])}`,
      ])(),
  },
  {
    name: 'medical-and-legal-10',
    make: (r) =>
      r.pick([
        () => `ICD-10 ${r.pick(['J45.909', 'S72.001A', 'E11.65', 'M54.50', 'Z23'])}`,
        () => `LOINC ${r.int(1000, 99999)}-${r.int(0, 9)}`,
        () => `SNOMED CT ${r.int(10000000, 999999999)}`,
        () => `DEA ${r.chars('ABFM', 1)}${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1)}${r.digits(7)}`,
        () => `Case No. ${r.int(1, 9)}:${r.int(20, 26)}-cv-${pad(r.int(1, 9999), 5)}`,
        () => `Regulation (EU) ${r.int(2016, 2024)}/${r.int(100, 2999)}`,
        () => `CELEX 3${r.int(2016, 2024)}R${pad(r.int(1, 2999), 4)}`,
        () => `${r.int(100, 140)}/${r.int(60, 90)} mmHg`,
        () => `${r.int(80, 91)} FR ${r.int(10000, 99999)}`,
      ])(),
  },
  {
    name: 'software-ids-10',
    make: (r) =>
      r.pick([
        () => `com.google.guava:guava:${r.int(30, 33)}.${r.int(0, 3)}.${r.int(0, 1)}-jre`,
        () =>
          `v0.0.0-${r.int(2020, 2026)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}${r.digits(6)}-${r.chars(HEX, 12)}`,
        () => `postgres:${r.int(13, 17)}.${r.int(0, 9)}-alpine3.${r.int(17, 20)}`,
        () => `arn:aws:iam::${r.digits(12)}:role/deploy`,
        () => `projects/${r.digits(12)}/locations/europe-west1`,
        () => `System.Runtime, Version=${r.int(4, 9)}.0.0.0, Culture=neutral, PublicKeyToken=${r.chars(HEX, 16)}`,
        () => `OpenResty ${r.int(1, 1)}.${r.int(21, 27)}.${r.int(1, 4)}.${r.int(1, 3)}`,
        () => `SQL Server ${r.int(15, 16)}.0.${r.int(4000, 4999)}.${r.int(1, 9)}`,
        () => `Android build U${r.chars(UPPER_ALNUM, 3)}.${r.int(230101, 241231)}.${pad(r.int(1, 99), 3)}`,
        () => `CUDA ${r.int(11, 12)}.${r.int(0, 8)}.${r.int(10, 199)}`,
      ])(),
  },
  {
    name: 'at-signs-10',
    make: (r) =>
      r.pick([
        () => `git reset HEAD@{${r.int(1, 9)}}`,
        () => `git stash apply stash@{${r.int(0, 5)}}`,
        () => `systemctl restart ${r.pick(['getty@tty1', 'openvpn-client@office', 'wg-quick@wg0'])}.service`,
        () => `go (xs@(x:_)) = x`,
        () => `n @ 1..=${r.int(5, 99)} => small(n)`,
        () => `SELECT @@IDENTITY`,
        () => `@MainActor final class ViewModel`,
        () => `{ pkgs, lib, ... }@inputs:`,
        () => `postgres@db-primary:~$ pg_basebackup`,
      ])(),
  },
  {
    name: 'colons-not-addresses-10',
    make: (r) =>
      r.pick([
        () =>
          `clockIdentity ${r.chars(HEX, 2)}:${r.chars(HEX, 2)}:${r.chars(HEX, 2)}:ff:fe:${r.chars(HEX, 2)}:${r.chars(HEX, 2)}:${r.chars(HEX, 2)}`,
        () => `BT ${Array.from({ length: 6 }, () => r.chars('0123456789ABCDEF', 2)).join(':')}`,
        () => `std::chrono::duration_cast<std::chrono::milliseconds>`,
        () => `${r.pick(['John', 'Psalm', 'Romans'])} ${r.int(1, 23)}:${r.int(1, 40)}`,
        () => `aspect ${r.pick(['16:9', '21:9', '4:3'])}`,
        () => `${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}.${r.digits(6)}`,
      ])(),
  },
  {
    name: 'secret-references-and-public-keys-10',
    make: (r) =>
      r.pick([
        () => `op://${r.pick(['Prod', 'Infra'])}/${r.pick(['postgres', 'stripe'])}/password`,
        () => `arn:aws:secretsmanager:eu-west-1:${r.digits(12)}:secret:prod/db-${r.chars(ALNUM, 6)}`,
        () => `RECAPTCHA_SITE_KEY=6L${r.chars(URLSAFE, 38)}`,
        () => `POSTHOG_KEY=phc_${r.chars(ALNUM, 43)}`,
        () => `STRIPE_PUBLISHABLE_KEY=pk_live_${r.chars(ALNUM, 99)}`,
        () => `LD_CLIENT_SIDE_ID=${r.chars(HEX, 24)}`,
        () => `password: "{{ lookup('env', 'DB_PASSWORD') }}"`,
        () => `valueFrom: { secretKeyRef: { name: db, key: password } }`,
      ])(),
  },
  {
    name: 'domestic-bank-numbers-10',
    make: (r) =>
      r.pick([
        () => `RIB ${r.digits(5)} ${r.digits(5)} ${r.digits(11)} ${r.digits(2)}`,
        () => `CCC ${r.digits(4)} ${r.digits(4)} ${r.digits(2)} ${r.digits(10)}`,
        () => `Kontonummer ${r.digits(10)}, BLZ ${r.digits(8)}`,
        () => `Reg. nr. ${r.digits(4)} konto ${r.digits(10)}`,
        () => `PC ${r.int(10, 90)}-${r.int(1, 999999)}-${r.int(0, 9)}`,
      ])(),
  },
  {
    name: 'nine-digit-ids-10',
    make: (r) =>
      r.pick([
        () => `TIN ${r.digits(3)}-${r.digits(3)}-${r.digits(3)}-000`,
        () => `TFN ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`,
        () => `IRD ${r.digits(2)}-${r.digits(3)}-${r.digits(3)}`,
        () => `A-Number A-${r.digits(3)}-${r.digits(3)}-${r.digits(3)}`,
        () => `P/N ${r.int(100, 899)}-${r.digits(2)}-${r.digits(4)}`,
        () => `Lot ${r.int(100, 899)}-${r.digits(2)}-${r.digits(4)}`,
        () =>
          `MBI ${r.int(1, 9)}${r.chars('ACDEFGHJKMNPQRTUVWXY', 1)}${r.chars('ACDEFGHJKMNPQRTUVWXY0123456789', 1)}${r.int(0, 9)}-${r.chars('ACDEFGHJKMNPQRTUVWXY', 1)}${r.chars('ACDEFGHJKMNPQRTUVWXY0123456789', 1)}${r.int(0, 9)}-${r.chars('ACDEFGHJKMNPQRTUVWXY', 2)}${r.digits(2)}`,
      ])(),
  },
  {
    name: 'card-length-numbers-10',
    make: (r) =>
      r.pick([
        () => `Auftrag ${luhnFailing(`4${r.digits(3)}`, 16, r)}`,
        () => `Amazon order ${r.digits(3)}-${r.digits(7)}-${r.digits(7)}`,
        () => `eBay ${r.digits(2)}-${r.digits(5)}-${r.digits(5)}`,
        () => `Signal safety number ${Array.from({ length: 6 }, () => r.digits(5)).join(' ')}`,
        () => `ISSN ${r.digits(4)}-${r.digits(3)}${r.pick(['X', String(r.int(0, 9))])}`,
        () => `⑆${r.digits(9)}⑆ ${r.digits(10)}⑈ ${r.digits(4)}`,
      ])(),
  },
  {
    name: 'counts-10',
    make: (r) =>
      r.pick([
        () => `${grouped(r.int(1000000, 999999999), ' ')} skatījumu`,
        () => `${grouped(r.int(1000000, 999999999), ' ')} zhliadnutí`,
        () => `${grouped(r.int(1000000, 999999999), '.')} pregleda`,
        () => `${grouped(r.int(1000000, 999999999), ',')} views on the stream`,
        () => `${grouped(r.int(1000000, 999999999), ' ')} izinto`,
        () => `${grouped(r.int(1000000, 999999999), '.')} vistas`,
      ])(),
  },
];
