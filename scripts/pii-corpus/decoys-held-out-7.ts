import type { DecoyFamily } from './decoys';
import { luhnComplete } from './entities';
import { ALNUM, HEX, UPPER_ALNUM } from './random';

/**
 * Look-alike families of the seventh held-out split (written 2026-12-07,
 * committed before it was scored), none drawn by another split: sequencing
 * and genomics identifiers (FASTQ read names full of colons, HGVS, genome
 * coordinates), satellite orbital elements and sky coordinates, market and
 * payment messages (FIX tags, SWIFT MT fields, option symbols, CUSIP and
 * SEDOL), telecom identifiers (IMSI, SIP Call-IDs and Message-IDs with an
 * `@` and a host, cell and MCC/MNC codes), product versions after product
 * names (`Windows 10.0.19045.3803`, `Office 16.0.17126.20132`), well-known
 * protocol addresses no one owns (multicast, link-local metadata, broadcast,
 * loopback), registry numbers of companies in other countries (Norwegian,
 * Swedish, Danish, Finnish, Australian, Russian), patents and standards,
 * counts of tokens, parameters and steps in machine-learning logs, secrets
 * that are not secrets (templated, encrypted, token-replaced, hashed),
 * `@` in code and identities that are not mailboxes (Kerberos principals,
 * matrix products on attributes, decorators, Mastodon-free handles), pins of
 * chips and connectors, exotic timestamps (FILETIME, Excel serials, Julian
 * days, NTP) and Luhn-valid numbers that are not cards (IMSI-like, SIM ICCID
 * fragments). A careful reader leaves each alone.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const spaced = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

export const HELD_OUT_7_FAMILIES: DecoyFamily[] = [
  {
    name: 'genomics-ids',
    make: (r) =>
      r.pick([
        `@M0${r.digits(4)}:${r.int(10, 999)}:000000000-${r.chars(UPPER_ALNUM, 5)}:1:${r.int(1101, 2119)}:${r.int(1000, 29999)}:${r.int(1000, 29999)}`,
        `chr${r.int(1, 22)}:${spaced(r.int(1_000_000, 240_000_000), ',')}-${spaced(r.int(1_000_000, 240_000_000), ',')}`,
        `NM_${r.digits(6)}.${r.int(1, 9)}:c.${r.int(100, 4000)}${r.pick(['A', 'C', 'G', 'T'])}>${r.pick(['A', 'C', 'G', 'T'])}`,
        `rs${r.int(1000, 999_999_999)}`,
        `ENSG${r.digits(11)}.${r.int(1, 20)}`,
        `SRR${r.digits(8)}`,
      ]),
  },
  {
    name: 'orbits-and-sky',
    make: (r) =>
      r.pick([
        `1 ${r.int(10000, 59999)}U ${r.digits(2)}${r.digits(3)}A   ${r.digits(5)}.${r.digits(8)}  .${r.digits(8)}  00000-0  ${r.digits(5)}-3 0  ${r.digits(4)}`,
        `2 ${r.int(10000, 59999)}  ${r.int(10, 99)}.${r.digits(4)} ${r.int(100, 359)}.${r.digits(4)} ${r.digits(7)} ${r.int(100, 359)}.${r.digits(4)} ${r.int(100, 359)}.${r.digits(4)} ${r.int(10, 16)}.${r.digits(8)}`,
        `RA ${pad(r.int(0, 23), 2)}h ${pad(r.int(0, 59), 2)}m ${pad(r.int(0, 59), 2)}.${r.digits(2)}s Dec +${r.int(0, 89)}° ${pad(r.int(0, 59), 2)}′ ${pad(r.int(0, 59), 2)}.${r.int(0, 9)}″`,
        `NORAD ${r.int(10000, 59999)} / COSPAR ${r.int(1998, 2026)}-${pad(r.int(1, 200), 3)}${r.pick(['A', 'B', 'C'])}`,
        `${r.int(8, 9)}FVC${r.chars('23456789CFGHJMPQRVWX', 4)}+${r.chars('23456789CFGHJMPQRVWX', 2)}`,
      ]),
  },
  {
    name: 'market-messages',
    make: (r) =>
      r.pick([
        `8=FIX.4.4|9=${r.int(100, 400)}|35=D|34=${r.int(2, 9999)}|49=BUYSIDE|56=SELLSIDE|11=ORD-${r.digits(8)}-${r.digits(6)}|38=${r.int(100, 90000)}|44=${r.int(10, 999)}.${r.digits(2)}`,
        `:32A:${r.digits(6)}EUR${r.int(1000, 9_999_999)},${r.digits(2)}`,
        `:20:${r.chars(UPPER_ALNUM, 16)}`,
        `${r.pick(['AAPL', 'MSFT', 'NVDA'])}  ${r.int(26, 28)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}${r.pick(['C', 'P'])}${pad(r.int(50, 900), 5)}000`,
        `CUSIP ${r.digits(3)}${r.chars(UPPER_ALNUM, 5)}${r.digits(1)}`,
        `SEDOL ${r.chars('BCDFGHJKLMNPQRSTVWXYZ0123456789', 6)}${r.digits(1)}`,
        `bid ${r.int(10, 999)}.${r.digits(4)} ask ${r.int(10, 999)}.${r.digits(4)} vol ${spaced(r.int(1_000_000, 999_999_999), ' ')}`,
      ]),
  },
  {
    name: 'telecom-ids',
    make: (r) =>
      r.pick([
        `IMSI ${r.pick(['310', '234', '262', '208'])}${r.digits(12)}`,
        `Call-ID: ${r.chars(HEX, 14)}@pc${r.int(10, 99)}.atlanta.example.com`,
        `Message-ID: <${r.chars(ALNUM, 12)}.${r.digits(10)}@mail.example.net>`,
        `Content-ID: <part${r.int(1, 9)}.${r.digits(8)}.${r.digits(8)}@example.org>`,
        `MCC/MNC ${r.int(200, 750)}-${pad(r.int(1, 99), 2)} LAC ${r.int(1000, 65000)} CID ${r.int(10000, 268435455)}`,
        `MEID ${r.chars('0123456789ABCDEF', 14)}`,
      ]),
  },
  {
    name: 'product-builds',
    make: (r) =>
      r.pick([
        `Windows 10.0.${r.int(17763, 26100)}.${r.int(100, 4000)}`,
        `Microsoft Office 16.0.${r.int(10000, 18000)}.${r.int(20000, 20300)}`,
        `Visual Studio 17.${r.int(0, 12)}.${r.int(30000, 36000)}.${r.int(10, 250)}`,
        `PowerShell 7.${r.int(0, 5)}.${r.int(0, 9)}.${r.int(100, 600)}`,
        `Edge ${r.int(100, 131)}.0.${r.int(1000, 3000)}.${r.int(10, 99)}`,
        `.NET Framework 4.8.${r.int(4000, 9999)}.0`,
        `Acrobat Reader ${r.int(20, 24)}.${r.int(1, 9)}.${r.int(10, 99)}.${r.int(100, 999)}`,
        `Zoom 5.${r.int(10, 17)}.${r.int(0, 12)}.${r.int(1000, 30000)}`,
      ]),
  },
  {
    name: 'well-known-addresses',
    make: (r) =>
      r.pick([
        `mDNS 224.0.0.251`,
        `SSDP 239.255.255.250:1900`,
        `metadata at 169.254.169.254`,
        `broadcast 255.255.255.255`,
        `bind 0.0.0.0:${r.int(1024, 65535)}`,
        `all-nodes ff02::1`,
        `all-routers ff02::2`,
        `listen [::]:${r.int(1024, 65535)}`,
        `loopback ::1`,
      ]),
  },
  {
    name: 'company-registers-world',
    make: (r) =>
      r.pick([
        `Org.nr. ${r.int(800, 999)} ${r.digits(3)} ${r.digits(3)} MVA`,
        `org.nr ${r.int(556000, 559999)}-${r.digits(4)}`,
        `CVR ${r.int(10, 99)}${r.digits(6)}`,
        `Y-tunnus ${r.digits(7)}-${r.int(0, 9)}`,
        `ABN ${r.int(10, 99)} ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`,
        `ИНН ${r.digits(10)}`,
        `ОГРН ${r.int(1, 5)}${r.digits(12)}`,
        `KRS ${pad(r.int(1, 999_999), 10)}`,
      ]),
  },
  {
    name: 'patents-and-standards',
    make: (r) =>
      r.pick([
        `US ${spaced(r.int(9_000_000, 12_999_999), ',')} B2`,
        `EP ${r.int(1, 4)} ${r.digits(3)} ${r.digits(3)} A1`,
        `WO ${r.int(2015, 2026)}/${pad(r.int(1, 999_999), 6)}`,
        `ISO/IEC ${r.int(1000, 99999)}-${r.int(1, 9)}:${r.int(2005, 2026)}`,
        `HS ${r.digits(4)}.${r.digits(2)}.${r.digits(4)}`,
        `NDC ${r.digits(4)}-${r.digits(4)}-${r.digits(2)}`,
      ]),
  },
  {
    name: 'ml-counts',
    make: (r) =>
      r.pick([
        `processed ${spaced(r.int(100_000_000, 999_999_999), ' ')} tokens`,
        `${spaced(r.int(100_000_000, 999_999_999), ' ')} parameters`,
        `step ${spaced(r.int(100_000, 999_999), ' ')} / ${spaced(r.int(1_000_000, 9_999_999), ' ')}`,
        `loss ${r.int(0, 3)}.${r.digits(4)} lr ${r.int(1, 9)}e-${r.int(3, 6)} tok/s ${spaced(r.int(10_000, 999_999), ' ')}`,
        `embedding dim ${r.pick(['768', '1024', '3072'])}, ${spaced(r.int(10_000_000, 99_999_999), ' ')} vectors`,
        `${spaced(r.int(600_000_000, 999_999_999), ' ')} FLOPs`,
      ]),
  },
  {
    name: 'secrets-not-secrets',
    make: (r) =>
      r.pick([
        `password: ENC[AES256_GCM,data:${r.chars(ALNUM + '+/', 24)}=,iv:${r.chars(ALNUM, 22)}=,tag:${r.chars(ALNUM, 22)}==,type:str]`,
        `password: "__DB_PASSWORD__"`,
        `password: '@@SMTP_PASSWORD@@'`,
        `password = os.getenv("DB_PASS_${r.int(1, 9)}")`,
        `password_hash: $argon2id$v=19$m=65536,t=3,p=4$${r.chars(ALNUM, 22)}$${r.chars(ALNUM, 43)}`,
        `PASSWORD_FILE=/run/secrets/db_password_${r.int(1, 9)}`,
        `password: "{{ vault_db_password_${r.int(1, 9)} }}"`,
        `password: \${{ secrets.DB_PASSWORD_${r.int(1, 9)} }}`,
        `min_password_length: ${r.int(8, 16)}`,
        `token: <redacted-${r.int(1, 99)}>`,
      ]),
  },
  {
    name: 'at-identities-not-mailboxes',
    make: (r) =>
      r.pick([
        `HTTP/web${pad(r.int(1, 40), 2)}.corp.example.com@CORP.EXAMPLE.COM`,
        `attn = q@k.transpose(-2, -1)`,
        `out = a@W.data`,
        `@app.route("/v${r.int(1, 3)}/users")`,
        `nuget add pkg@${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)}`,
        `docker pull registry.example.com/app@sha256:${r.chars(HEX, 64)}`,
      ]),
  },
  {
    name: 'chip-pins-and-codes',
    make: (r) =>
      r.pick([
        `BGA pin ${r.pick(['A', 'B', 'C', 'AA'])}${r.int(1, 40)} to GND`,
        `pin_memory=True, num_workers=${r.int(2, 16)}`,
        `PIN diode BAR${r.int(10, 99)}`,
        `pinned ${r.int(1000, 9999)} pages`,
        `SIM PUK instructions on page ${r.int(2, 40)}`,
        `pinout rev ${r.int(1, 9)}`,
      ]),
  },
  {
    name: 'exotic-timestamps',
    make: (r) =>
      r.pick([
        `FILETIME 133${r.digits(15)}`,
        `Excel serial ${r.int(40000, 47000)}.${r.digits(5)}`,
        `JD 24${r.int(50000, 70000)}.${r.digits(5)}`,
        `NTP ${r.chars('0123456789abcdef', 8)}.${r.chars('0123456789abcdef', 8)}`,
        `${r.int(2020, 2026)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}T${pad(r.int(0, 23), 2)}${pad(r.int(0, 59), 2)}${pad(r.int(0, 59), 2)}Z`,
        `<${r.int(10, 191)}>1 ${r.int(2020, 2026)}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}T${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}.${r.digits(3)}Z`,
        `epoch_ms=${r.int(1_600_000_000, 1_800_000_000)}${r.digits(3)}`,
      ]),
  },
  {
    name: 'luhn-not-cards',
    make: (r) =>
      r.pick([
        `ICCID ${luhnComplete(`89${r.pick(['44', '49', '33', '01'])}`, 19, r)}`,
        `IMEI ${luhnComplete(r.pick(['35', '86', '01']), 15, r)}`,
        `NPI ${luhnComplete(`80840${r.int(1, 2)}`, 15, r).slice(5)}`,
        `SIREN ${luhnComplete(String(r.int(1, 9)), 9, r)}`,
        `loyalty ${luhnComplete('7', 16, r)}`,
      ]),
  },
];
