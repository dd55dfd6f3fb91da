import type { DecoyFamily } from './decoys';
import { ibanFor, luhnComplete } from './entities';
import { ALNUM, HEX, type Random, UPPER_ALNUM } from './random';

/**
 * Look-alike families of the fourth held-out split (written 2026-12-07,
 * committed before it was scored): near-misses of every type from contexts
 * the other splits draw little from — CI and git output, cloud resource IDs,
 * four-part software versions, telecom codes, bank identifiers that are not
 * accounts (BIC, creditor IDs, RF references, routing numbers), epoch and
 * snowflake IDs, science and geo numbers, logistics codes, masked values,
 * `@` in code, amounts in world formats, tables of counts, talk about
 * passwords and PINs that holds none, dotted numbering, national IDs of
 * India, Brazil and Mexico that are no phone numbers. A careful reader
 * leaves each alone; none is in the other splits.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const lakh = (n: number) => {
  const s = String(n);
  const rest = s.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  return rest ? `${rest},${s.slice(-3)}` : s;
};
const thousands = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

/** An ISO 11649 creditor reference: RF, two check digits (mod 97 over the reference and RF00), the reference. */
function creditorReference(r: Random): string {
  const ref = r.digits(r.int(8, 16));
  const value = `${ref}2715`.split('');
  let rem = 0;
  for (const ch of [...value, '0', '0']) rem = (rem * 10 + Number(ch)) % 97;
  return `RF${pad(98 - rem, 2)}${ref}`.replace(/(.{4})(?=.)/g, '$1 ');
}

export const HELD_OUT_4_FAMILIES: DecoyFamily[] = [
  {
    name: 'git-and-ci-output',
    make: (r) =>
      r.pick([
        `Merge pull request #${r.int(100, 99999)} from acme/fix-${r.int(100, 9999)}`,
        `[main ${r.chars(HEX, 7)}] bump to ${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 99)} (${r.int(1, 40)} files changed, ${r.int(1, 999)} insertions(+))`,
        `Job #${r.int(1000000000, 9999999999)} finished in ${r.int(1, 59)}m ${r.int(1, 59)}s (runner ${r.int(10000, 99999)})`,
        `Step ${r.int(1, 20)}/${r.int(20, 40)} : RUN npm ci --prefer-offline  ---> ${r.chars(HEX, 12)}`,
        `remote: Resolving deltas: 100% (${r.int(100, 99999)}/${r.int(100, 99999)}), done.`,
        `##[group]Run actions/checkout@v${r.int(2, 4)}`,
      ]),
  },
  {
    name: 'cloud-resource-ids',
    make: (r) =>
      r.pick([
        `arn:aws:iam::${r.digits(12)}:role/deploy-${r.chars('abcdefghijklmnopqrstuvwxyz', 5)}`,
        `arn:aws:lambda:eu-west-1:${r.digits(12)}:function:thumbs`,
        `projects/${r.int(100000000000, 999999999999)}/locations/europe-west4`,
        `/subscriptions/${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}/resourceGroups/rg-prod`,
        `pod/api-${r.chars(HEX, 10)}-${r.chars('bcdfghjklmnpqrstvwxz2456789', 5)} restarted ${r.int(1, 40)} times`,
        `i-${r.chars(HEX, 17)} (${r.pick(['t3.micro', 'm6i.large', 'c7g.xlarge'])})`,
      ]),
  },
  {
    name: 'four-part-versions',
    make: (r) =>
      r.pick([
        `Windows 11 build 10.0.${r.int(22000, 26100)}.${r.int(100, 4000)}`,
        `Chrome/${r.int(110, 131)}.0.${r.int(5000, 6999)}.${r.int(10, 250)}`,
        `AssemblyFileVersion ${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(0, 9)}`,
        `.NET Framework 4.0.30319.${r.int(10000, 42000)}`,
        `Android build TP1A.${r.int(220101, 221231)}.0${r.int(10, 99)}`,
        `firmware v${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 99)}.${r.int(0, 255)}`,
        `kernel ${r.int(5, 6)}.${r.int(0, 15)}.${r.int(0, 99)}-${r.int(1, 200)}-generic`,
      ]),
  },
  {
    name: 'telecom-codes',
    make: (r) =>
      r.pick([
        `text STOP to ${r.int(10000, 99999)}`,
        `dial *#${r.int(10, 99)}# or *${r.int(100, 199)}#`,
        `IMSI ${r.pick(['310', '262', '208', '404'])}${r.digits(12)}`,
        `MCC/MNC ${r.pick(['310-260', '262-01', '208-10', '404-45'])}`,
        `ext. ${r.int(100, 9999)} (internal)`,
        `emergency: ${r.pick(['112', '911', '999', '000'])}`,
        `SIM ICCID ending ${r.digits(6)}`,
      ]),
  },
  {
    name: 'bank-identifiers-not-accounts',
    make: (r) =>
      r.pick([
        `BIC ${r.pick(['DEUTDEFF', 'BNPAFRPP', 'COBADEFF', 'INGBNL2A', 'BSCHESMM'])}${r.pick(['', 'XXX', '500'])}`,
        `Gläubiger-ID ${ibanFor('DE', `ZZZ${r.digits(11)}`)}`,
        `Referenz ${creditorReference(r)}`,
        `ABA routing ${r.pick(['021000021', '026009593', '121000358', '011000138'])}`,
        `sort code ${pad(r.int(10, 99), 2)}-${pad(r.int(0, 99), 2)}-${pad(r.int(0, 99), 2)}`,
        `cheque no. ${r.digits(6)}`,
      ]),
  },
  {
    name: 'epoch-and-snowflake-ids',
    make: (r) =>
      r.pick([
        `"ts": ${r.int(1700000000000, 1799999999999)}`,
        `message_id=${r.int(1, 1)}${r.digits(18)}`,
        `user id ${r.int(1, 9)}${r.digits(17)}`,
        `ULID 01${r.chars('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 24)}`,
        `ObjectId("${r.chars(HEX, 24)}")`,
        `serial date ${r.int(45000, 46500)}`,
        `expires_at=${r.int(1760000000, 1799999999)}`,
      ]),
  },
  {
    name: 'science-and-geo-numbers',
    make: (r) =>
      r.pick([
        `CAS ${r.int(50, 99999)}-${pad(r.int(0, 99), 2)}-${r.int(0, 9)}`,
        `${r.int(-89, 89)}.${r.digits(5)}, ${r.int(-179, 179)}.${r.digits(5)}`,
        `arXiv:${r.int(2001, 2412)}.${r.digits(5)}v${r.int(1, 4)}`,
        `PMID: ${r.int(30000000, 39999999)}`,
        `NM_${r.digits(6)}.${r.int(1, 9)}`,
        `ISBN ${r.pick(['978', '979'])}-${r.int(0, 9)}-${r.int(10, 99)}-${r.digits(6)}-${r.int(0, 9)}`,
        `λ = ${r.int(380, 780)}.${r.digits(3)} nm, n = ${r.int(100, 999)} ${r.digits(3)} samples`,
      ]),
  },
  {
    name: 'logistics-codes',
    make: (r) =>
      r.pick([
        `1Z${r.chars(UPPER_ALNUM, 6)}${r.digits(10)}`,
        `USPS ${r.pick(['9400', '9205', '9361'])} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)} ${r.digits(2)}`,
        `SSCC (00) ${r.digits(18)}`,
        `HS code ${r.int(1000, 9999)}.${pad(r.int(0, 99), 2)}.${pad(r.int(0, 99), 2)}`,
        `pallet ${r.digits(4)} ${r.digits(4)} ${r.digits(4)}`,
        `AWB ${r.int(100, 999)}-${r.digits(8)}`,
      ]),
  },
  {
    name: 'masked-and-redacted',
    make: (r) =>
      r.pick([
        `SSN ***-**-${r.digits(4)}`,
        `card **** **** **** ${r.digits(4)}`,
        `XXX-XX-${r.digits(4)}`,
        `+49 *** *** ${r.digits(3)}`,
        `IBAN DE** **** **** **** **${r.digits(2)} ${r.digits(2)}`,
        `[REDACTED_EMAIL] / <phone> / {{ customer.iban }}`,
        `key sk-...${r.chars(ALNUM, 4)} (last four)`,
        `j*****${r.int(1, 9)}@gmail.com`,
      ]),
  },
  {
    name: 'at-signs-in-code',
    make: (r) =>
      r.pick([
        `@app.route("/users/<int:id>", methods=["GET"])`,
        `@media (max-width: ${r.int(320, 1200)}px) { .nav { display: none } }`,
        `npm i @types/node@${r.int(18, 22)}.${r.int(0, 20)}.${r.int(0, 20)}`,
        `deploy@build-${r.int(1, 99)}:~$ ls`,
        `this@MainActivity.finish()`,
        `golang.org/x/net@v0.${r.int(10, 30)}.0`,
        `@Scheduled(cron = "0 ${r.int(0, 59)} ${r.int(0, 23)} * * *")`,
        `uses: actions/setup-node@v${r.int(3, 4)}`,
      ]),
  },
  {
    name: 'amounts-world-formats',
    make: (r) =>
      r.pick([
        `₹${lakh(r.int(100000, 999999999))}`,
        `${thousands(r.int(100000, 99999999), "'")}.${pad(r.int(0, 99), 2)} CHF`,
        `${thousands(r.int(100000, 999999999), '.')} TL`,
        `¥${thousands(r.int(100000, 999999999), ',')}`,
        `R$ ${thousands(r.int(100000, 99999999), '.')},${pad(r.int(0, 99), 2)}`,
        `${thousands(r.int(100000, 99999999), '\u00a0')},${pad(r.int(0, 99), 2)} zł`,
        `COP ${thousands(r.int(1000000, 999999999), '.')}`,
        `MX$${thousands(r.int(10000, 9999999), ',')}.${pad(r.int(0, 99), 2)}`,
      ]),
  },
  {
    name: 'tables-of-counts',
    make: (r) =>
      r.pick([
        `| year | units sold |\n|---|---|\n| ${r.int(2015, 2026)} | ${r.int(100, 999)} ${pad(r.int(0, 999), 3)} ${pad(r.int(0, 999), 3)} |`,
        `region,population\n${r.pick(['Lagos', 'Delhi', 'Jakarta', 'São Paulo'])},${r.int(10, 99)} ${pad(r.int(0, 999), 3)} ${pad(r.int(0, 999), 3)}`,
        `| id | qty |\n| ${r.int(1000, 9999)} | ${r.int(1, 999)} |\n| ${r.int(1000, 9999)} | ${r.int(1, 999)} |`,
        `rows read: ${thousands(r.int(1000000, 999999999), ' ')}, rows written: ${thousands(r.int(1000, 999999), ' ')}`,
      ]),
  },
  {
    name: 'password-and-pin-talk',
    make: (r) =>
      r.pick([
        `PIN ${r.int(1, 40)} (GND)`,
        `passwords must be at least ${r.int(8, 16)} characters`,
        `reset your password within ${r.int(2, 72)} hours`,
        `the password is stored in 1Password, vault ${r.pick(['Ops', 'Infra'])}`,
        `PIN-Eingabe: ${r.int(2, 3)} Versuche übrig`,
        `mot de passe oublié (${r.int(2, 5)} tentatives)`,
        `passcode length: ${r.int(4, 8)} digits`,
        `pw reset ticket #${r.int(1000, 99999)}`,
        `pin the image to node:${r.int(18, 22)}.${r.int(0, 12)}`,
        `"password": { "type": "string", "minLength": ${r.int(8, 16)} }`,
      ]),
  },
  {
    name: 'dotted-numbering',
    make: (r) =>
      r.pick([
        `§ ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)} BDSG`,
        `chapters ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)} and ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}`,
        `ICD-10 ${r.pick(['E11', 'I10', 'J45'])}.${r.int(0, 9)}${r.int(0, 9)}`,
        `MIB 1.3.6.1.2.1.${r.int(1, 9)}.${r.int(1, 9)}.0`,
        `clauses ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}–${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}`,
        `ITIL ${r.int(1, 4)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)} Incident management`,
      ]),
  },
  {
    name: 'national-ids-not-phones',
    make: (r) =>
      r.pick([
        `Aadhaar ${r.int(2, 9)}${r.digits(3)} ${r.digits(4)} ${r.digits(4)}`,
        `PAN ${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 5)}${r.digits(4)}${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1)}`,
        `CPF ${r.digits(3)}.${r.digits(3)}.${r.digits(3)}-${r.digits(2)}`,
        `CNPJ ${r.digits(2)}.${r.digits(3)}.${r.digits(3)}/0001-${r.digits(2)}`,
        `CEP ${r.digits(5)}-${r.digits(3)}`,
        `CURP ${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${r.digits(6)}HDF${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 3)}0${r.int(1, 9)}`,
        `PIN code ${r.int(110001, 855999)}`,
        `GSTIN ${r.int(10, 37)}${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 5)}${r.digits(4)}${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1)}1Z${r.int(1, 9)}`,
        `UPI ref ${r.digits(12)}`,
        `マイナンバー ${r.digits(4)} ${r.digits(4)} ${r.digits(4)}`,
      ]),
  },
  {
    name: 'card-look-alikes-4',
    make: (r) =>
      r.pick([
        `IMEI ${luhnComplete('35', 15, r)}`,
        `gift code ${luhnComplete('6', 16, r).replace(/(\d{4})(?=\d)/g, '$1-')}`,
        `member ${luhnComplete(r.pick(['7', '8', '9']), 16, r).replace(/(\d{4})(?=\d)/g, '$1 ')}`,
        `order ${luhnComplete('4', 17, r)}`,
        `ticket ${r.digits(13)}`,
        `tx ${r.chars(HEX, 64)}`,
      ]),
  },
  {
    name: 'e-mail-look-alikes-4',
    make: (r) =>
      r.pick([
        `admin@internal`,
        `root@localhost:~#`,
        `noreply@{{ domain }}`,
        `@everyone ${r.int(1, 9)} new messages`,
        `banner@${r.int(2, 3)}x.avif`,
        `${r.pick(['lodash', 'zod', 'vite'])}@latest`,
        `ssh git@gitlab.example.com:${r.chars('abcdefghij', 5)}/app.git`,
      ]),
  },
];

/** Strings a reader may take for a secret but are public or random non-credentials. */
export const HELD_OUT_4_PUBLIC_STRINGS: DecoyFamily = {
  name: 'public-strings',
  make: (r) =>
    r.pick([
      `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(ALNUM, 43)} deploy`,
      `sha256:${r.chars(HEX, 64)}`,
      `"nonce": "${r.chars(ALNUM, 22)}"`,
      `data:image/png;base64,iVBORw0KGgo${r.chars(ALNUM, 40)}`,
      `client_id=${r.digits(12)}-${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 32)}.apps.googleusercontent.com`,
      `pi_${r.chars(ALNUM, 24)}`,
    ]),
};
HELD_OUT_4_FAMILIES.push(HELD_OUT_4_PUBLIC_STRINGS);
