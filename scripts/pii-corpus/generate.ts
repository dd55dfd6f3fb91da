/**
 * Writes the labelled PII corpus: `npm run generate:pii-corpus`.
 * Fixed seed, so the committed files are reproducible; the held-out split uses
 * its own templates, numbering plans, issuers and decoy families.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CountryCode } from 'libphonenumber-js/max';
import type { PiiEntityType } from '../../platform/policies/policy-rules';
import { DECOYS } from './decoys';
import * as make from './entities';
import { HELD_OUT_6_PHONE_REGIONS } from './phones-held-out-6';
import { HELD_OUT_7_PHONE_REGIONS } from './phones-held-out-7';
import { asciiDigits, HELD_OUT_8_PHONE_REGIONS } from './phones-held-out-8';
import { asciiDigits10, HELD_OUT_10_PHONE_REGIONS, heldOut10NativePhone } from './phones-held-out-10';
import { HELD_OUT_11_PHONE_REGIONS } from './phones-held-out-11';
import { heldOut11Entity } from './entities-held-out-11';
import { heldOut12Entity } from './entities-held-out-12';
import { HELD_OUT_12_PHONE_REGIONS } from './phones-held-out-12';
import { asciiDigits9, HELD_OUT_9_PHONE_REGIONS, heldOut9NativePhone } from './phones-held-out-9';
import { Random } from './random';
import { NEGATIVE_TEMPLATES, POSITIVE_TEMPLATES, type Template } from './templates';

/**
 * The committed corpus; `-- --seed N --out DIR` writes another draw of the same
 * families elsewhere. Each split has its own generator, so adding to one split
 * does not change the other's lines.
 */
const COMMITTED_SEEDS: Record<make.Split, number> = {
  tuning: 20261204,
  'held-out': 20261207,
  'held-out-2': 20261277,
  'held-out-3': 20261331,
  'held-out-4': 20261402,
  'held-out-5': 20261507,
  'held-out-6': 20261611,
  'held-out-7': 20261707,
  'held-out-8': 20261807,
  'held-out-9': 20261907,
  'held-out-10': 20262007,
  'held-out-11': 20262107,
  'held-out-12': 20262207,
};
const COMMITTED_DIR = join(import.meta.dirname, '../../test/platform/pii/corpus');
const { values: options } = parseArgs({ options: { seed: { type: 'string' }, out: { type: 'string' } } });
const SEED_OFFSETS: Record<make.Split, number> = {
  tuning: 0,
  'held-out': 1,
  'held-out-2': 2,
  'held-out-3': 3,
  'held-out-4': 4,
  'held-out-5': 5,
  'held-out-6': 6,
  'held-out-7': 7,
  'held-out-8': 8,
  'held-out-9': 9,
  'held-out-10': 10,
  'held-out-11': 11,
  'held-out-12': 12,
};
const seedFor = (split: make.Split) =>
  options.seed === undefined ? COMMITTED_SEEDS[split] : Number(options.seed) + SEED_OFFSETS[split];
const OUT_DIR = options.out ?? COMMITTED_DIR;
const COUNTS: Record<make.Split, { positive: number; negative: number }> = {
  tuning: { positive: 820, negative: 660 },
  'held-out': { positive: 400, negative: 340 },
  'held-out-2': { positive: 420, negative: 340 },
  'held-out-3': { positive: 420, negative: 340 },
  'held-out-4': { positive: 480, negative: 380 },
  'held-out-5': { positive: 580, negative: 420 },
  'held-out-6': { positive: 600, negative: 440 },
  'held-out-7': { positive: 620, negative: 460 },
  'held-out-8': { positive: 840, negative: 620 },
  'held-out-9': { positive: 760, negative: 480 },
  'held-out-10': { positive: 640, negative: 460 },
  'held-out-11': { positive: 600, negative: 460 },
  'held-out-12': { positive: 700, negative: 540 },
};
const NAMES = [
  'Jürgen Weber',
  'Chloé Moreau',
  'José García',
  'Emily Brown',
  'Lukas Müller',
  'Sofía López',
  'Jean Dupont',
];

export interface CorpusEntity {
  type: PiiEntityType;
  start: number;
  end: number;
  value: string;
}
export interface CorpusLine {
  id: string;
  format: string;
  lang: string;
  decoys: string[];
  text: string;
  entities: CorpusEntity[];
}

function entityFor(slot: string, r: Random, split: make.Split): { type: PiiEntityType; value: string } | null {
  // The eleventh held-out split draws every value from its own makers.
  if (split === 'held-out-11') return heldOut11Entity(slot, r);
  // So does the twelfth.
  if (split === 'held-out-12') return heldOut12Entity(slot, r);
  switch (slot) {
    case 'EMAIL':
      return { type: 'EMAIL', value: make.email(r, split) };
    case 'PHONE':
      return { type: 'PHONE', value: make.phone(r, split) };
    case 'PHONE164':
      return { type: 'PHONE', value: make.phoneE164(r, split) };
    case 'CARD':
      return { type: 'CARD', value: make.card(r, split) };
    case 'IBAN':
      return { type: 'IBAN', value: make.iban(r, split) };
    case 'SSN':
      return { type: 'SSN', value: make.ssn(r) };
    case 'SSN9':
      return { type: 'SSN', value: make.ssnDigits(r) };
    case 'IP':
      return { type: 'IP', value: make.ip(r, split) };
    case 'IPV4':
      return { type: 'IP', value: make.ipv4(r) };
    case 'IPV6':
      return { type: 'IP', value: make.ipv6(r, split) };
    case 'SECRET':
      return { type: 'SECRET', value: make.secret(r, split) };
    case 'BEARER':
      return { type: 'SECRET', value: make.bearerToken(r) };
    case 'AWS':
      return { type: 'SECRET', value: make.awsKeyId(r) };
    case 'PEM':
      return { type: 'SECRET', value: make.pem(r, split) };
    case 'AWSSECRET':
      return { type: 'SECRET', value: make.awsSecretKey(r) };
    case 'PASSWORD':
      return {
        type: 'SECRET',
        value:
          split === 'held-out-10'
            ? make.passwordTenth(r)
            : split === 'held-out-9'
              ? make.passwordNinth(r)
              : split === 'held-out-8'
                ? make.passwordEighth(r)
                : split === 'held-out-7'
                  ? make.passwordSeventh(r)
                  : split === 'held-out-6'
                    ? make.passwordSixth(r)
                    : split === 'held-out-5'
                      ? make.passwordFifth(r)
                      : split === 'held-out-4'
                        ? make.passwordBroad(r)
                        : make.password(r),
      };
    case 'EMAILOBF':
      return { type: 'EMAIL', value: make.obfuscatedEmail(r) };
    case 'EMAILINTL':
      return { type: 'EMAIL', value: make.internationalEmail(r) };
    case 'PHONENATIVE':
      return { type: 'PHONE', value: make.heldOut8NativePhone(r) };
    case 'PHONEIN':
      return { type: 'PHONE', value: heldOut9NativePhone(r) };
    case 'PHONEFW':
      return { type: 'PHONE', value: make.heldOut8FullWidthPhone(r) };
    case 'KEY':
      return { type: 'SECRET', value: make.namedKey(r) };
    case 'PASSWORDQ':
      return { type: 'SECRET', value: make.generatedPassword(r) };
    case 'PASSPHRASE':
      return { type: 'SECRET', value: make.passphrase(r) };
    case 'PASSWORDN':
      return { type: 'SECRET', value: make.numericPassword(r) };
    case 'PASSWORDQ10':
      return { type: 'SECRET', value: make.quotedPasswordTenth(r) };
    case 'PASSWORDURL':
      return { type: 'SECRET', value: make.urlPasswordTenth(r) };
    case 'BASIC':
      return { type: 'SECRET', value: make.basicCredentials(r) };
    case 'HEX32':
      return { type: 'SECRET', value: r.chars('0123456789abcdef', 32) };
    case 'CLOUDSECRET':
      return { type: 'SECRET', value: r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 27) };
    case 'PHONEMY':
      return { type: 'PHONE', value: heldOut10NativePhone(r, 'myanmar') };
    case 'PHONEOR':
      return { type: 'PHONE', value: heldOut10NativePhone(r, 'odia') };
    case 'PHONEGU':
      return { type: 'PHONE', value: heldOut10NativePhone(r, 'gujarati') };
    case 'PHONEPA':
      return { type: 'PHONE', value: heldOut10NativePhone(r, 'gurmukhi') };
    case 'PHONELO':
      return { type: 'PHONE', value: heldOut10NativePhone(r, 'lao') };
    case 'PIN':
      return { type: 'SECRET', value: make.pin(r) };
    default:
      return null;
  }
}

function render(template: Template, r: Random, split: make.Split): Omit<CorpusLine, 'id'> {
  const escape = template.format === 'json' ? (v: string) => JSON.stringify(v).slice(1, -1) : (v: string) => v;
  let text = '';
  const entities: CorpusEntity[] = [];
  const decoys: string[] = [];
  for (const part of template.text.split(/(\{[A-Z0-9]+(?::[a-z0-9-]+)?\})/)) {
    const slot = /^\{([A-Z0-9]+)(?::([a-z0-9-]+))?\}$/.exec(part);
    if (!slot?.[1]) {
      text += part;
      continue;
    }
    const [, name, family] = slot;
    const entity = entityFor(name, r, split);
    if (entity) {
      const value = escape(entity.value);
      entities.push({ type: entity.type, start: text.length, end: text.length + value.length, value });
      text += value;
    } else if (name === 'DECOY') {
      const families = DECOYS[split];
      const decoy = family ? families.find((f) => f.name === family) : r.pick(families);
      if (!decoy) throw new Error(`no decoy family ${family ?? ''} in the ${split} split`);
      decoys.push(decoy.name);
      text += escape(decoy.make(r));
    } else if (name === 'NAME') text += r.pick(NAMES);
    else if (name === 'N') text += String(r.int(2, 99_999));
    else throw new Error(`unknown slot ${part}`);
  }
  return { format: template.format, lang: template.lang, decoys, text, entities };
}

function generate(split: make.Split, r: Random): CorpusLine[] {
  const seen = new Set<string>();
  const lines: CorpusLine[] = [];
  const add = (templates: Template[], count: number, kind: string) => {
    for (let n = 0; n < count;) {
      const line = render(r.pick(templates), r, split);
      if (seen.has(line.text)) continue;
      seen.add(line.text);
      lines.push({ id: `${split}-${kind}-${String(n).padStart(4, '0')}`, ...line });
      n++;
    }
  };
  add(POSITIVE_TEMPLATES[split], COUNTS[split].positive, 'pos');
  add(NEGATIVE_TEMPLATES[split], COUNTS[split].negative, 'neg');
  return lines;
}

/**
 * The fifth and sixth held-out splits' values are checked by means that are not the detectors:
 * libphonenumber's parser for phones (phones-held-out-5.ts and phones-held-out-6.ts draw until it accepts; the
 * sixth split's are parsed again here, each in one of its plans or from its country code), the Luhn sum for
 * cards, ISO 7064 mod 97 over the whole IBAN as a big integer, the SSA rules for SSNs, and for the sixth
 * split Node's own address parser for IP addresses (the seventh split is checked the same way, against its
 * own plans). A value that fails stops the generator.
 */
function checkIndependently(
  lines: CorpusLine[],
  phoneRegions?: readonly CountryCode[],
  read: (value: string) => string = asciiDigits,
): void {
  for (const line of lines) {
    for (const e of line.entities) {
      const fail = (why: string) => {
        throw new Error(`${line.id}: ${e.type} ${e.value} ${why}`);
      };
      if (e.type === 'CARD') {
        const digits = e.value.replace(/[ -]/g, '');
        let sum = 0;
        for (let i = 0; i < digits.length; i++) {
          let n = Number(digits[digits.length - 1 - i]);
          if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
          sum += n;
        }
        if (sum % 10 !== 0) fail('fails Luhn');
      } else if (e.type === 'IBAN') {
        // The tenth split groups some with no-break spaces and writes some in lower case.
        const compact = e.value.replace(/[ \u00a0]/g, '').toUpperCase();
        const moved = compact.slice(4) + compact.slice(0, 4);
        const numeric = [...moved].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
        if (BigInt(numeric) % 97n !== 1n) fail('fails mod 97');
      } else if (e.type === 'PHONE' && phoneRegions) {
        // The eighth split's native, full-width and no-break-spaced digits are read back as ASCII first.
        const written = read(JSON.parse(`"${e.value}"`) as string);
        // `(+974) …` and `00974 …` are written forms of `+974 …`.
        const plus = written.replace(/^\(\+(\d{1,3})\)/, '+$1').replace(/^00(?=[1-9])/, '+');
        const international = plus.startsWith('+') && isValidPhoneNumber(plus.replace('(0)', ''));
        if (!international && !phoneRegions.some((region) => isValidPhoneNumber(written, region)))
          fail('is no valid number of the plans drawn');
      } else if (e.type === 'IP' && phoneRegions) {
        if (isIP(e.value) === 0) fail('is no address to node:net');
      } else if (e.type === 'SSN') {
        const d = e.value.replace(/\D/g, '');
        if (d.length !== 9 || /^(?:000|666|9)/.test(d) || d.slice(3, 5) === '00' || d.slice(5) === '0000')
          fail('breaks the SSA rules');
      }
    }
  }
}

mkdirSync(OUT_DIR, { recursive: true });
for (const split of [
  'tuning',
  'held-out',
  'held-out-2',
  'held-out-3',
  'held-out-4',
  'held-out-5',
  'held-out-6',
  'held-out-7',
  'held-out-8',
  'held-out-9',
  'held-out-10',
  'held-out-11',
  'held-out-12',
] as const) {
  const lines = generate(split, new Random(seedFor(split)));
  if (split === 'held-out-5') checkIndependently(lines);
  if (split === 'held-out-6') checkIndependently(lines, HELD_OUT_6_PHONE_REGIONS);
  if (split === 'held-out-7') checkIndependently(lines, HELD_OUT_7_PHONE_REGIONS);
  if (split === 'held-out-8') checkIndependently(lines, HELD_OUT_8_PHONE_REGIONS);
  // The ninth split's Indian and Bangladeshi numbers are checked in their plans too.
  if (split === 'held-out-9') checkIndependently(lines, [...HELD_OUT_9_PHONE_REGIONS, 'IN', 'BD'], asciiDigits9);
  // The tenth split's numbers in Myanmar, Odia, Gujarati, Gurmukhi and Lao digits are checked in their plans too.
  if (split === 'held-out-10')
    checkIndependently(lines, [...HELD_OUT_10_PHONE_REGIONS, 'IN', 'MM', 'LA'], asciiDigits10);
  if (split === 'held-out-11') checkIndependently(lines, HELD_OUT_11_PHONE_REGIONS);
  if (split === 'held-out-12') checkIndependently(lines, HELD_OUT_12_PHONE_REGIONS);
  writeFileSync(join(OUT_DIR, `${split}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const negatives = lines.filter((l) => l.entities.length === 0).length;
  console.log(
    `${split}: ${lines.length} lines, ${negatives} without entities, ${lines.reduce((n, l) => n + l.entities.length, 0)} entities`,
  );
}
