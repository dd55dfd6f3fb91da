import { BROAD_PHONES } from './phones-broad';
import { HELD_OUT_PHONES } from './phones-held-out';
import { HELD_OUT_2_PHONES } from './phones-held-out-2';
import { HELD_OUT_3_PHONES } from './phones-held-out-3';
import { HELD_OUT_4_PHONES } from './phones-held-out-4';
import { heldOut5Phone } from './phones-held-out-5';
import { heldOut6Phone } from './phones-held-out-6';
import { heldOut7Phone } from './phones-held-out-7';
import { heldOut8FullWidthPhone, heldOut8NativePhone, heldOut8Phone } from './phones-held-out-8';
import { heldOut10Phone } from './phones-held-out-10';
import { heldOut9Phone } from './phones-held-out-9';
import { ALNUM, BASE64, HEX, Random, UPPER_ALNUM, URLSAFE } from './random';

/**
 * Values a careful reader would redact, built from the public rules of each
 * kind (numbering plans, issuer ranges, IBAN structure, SSN assignment rules,
 * vendors' documented key formats), not from the detectors' patterns.
 */
export type Split =
  | 'tuning'
  | 'held-out'
  | 'held-out-2'
  | 'held-out-3'
  | 'held-out-4'
  | 'held-out-5'
  | 'held-out-6'
  | 'held-out-7'
  | 'held-out-8'
  | 'held-out-9'
  | 'held-out-10'
  | 'held-out-11'
  | 'held-out-12';
/** The splits whose values the tables below draw; the eleventh held-out split draws its own (entities-held-out-11.ts). */
export type TabledSplit = Exclude<Split, 'held-out-11' | 'held-out-12'>;

const FIRST = [
  'anna',
  'lukas',
  'marie',
  'jean',
  'carlos',
  'lucia',
  'john',
  'emily',
  'jürgen',
  'chloe',
  'mateo',
  'sofia',
];
const LAST = ['schmidt', 'dupont', 'garcia', 'smith', 'müller', 'martin', 'lopez', 'brown', 'weber', 'moreau'];
const DOMAINS: Record<TabledSplit, string[]> = {
  tuning: [
    'example.com',
    'example.org',
    'mail.example.de',
    'exemple.fr',
    'ejemplo.es',
    'corp.example.co.uk',
    'example.net',
    'kunden.beispiel.de',
    'support.example.io',
    'correo.ejemplo.com.mx',
    'example.shop',
    'esempio.it',
    'voorbeeld.nl',
  ],
  'held-out': [
    'example.eu',
    'mailbox.beispiel.at',
    'helpdesk.exemple.be',
    'ventas.ejemplo.cl',
    'team.example.dev',
    'post.example.ch',
    'uni-example.edu',
  ],
  'held-out-2': [
    'kontakt.beispiel-firma.de',
    'mail.exemple.lu',
    'correo.ejemplo.com.ar',
    'example.co.jp',
    'studenti.esempio.it',
    'example.technology',
    'klant.voorbeeld.be',
    'exemplo.pt',
  ],
  'held-out-3': [
    'example.se',
    'posta.esempio.eu',
    'mail.example.ie',
    'firma.example.cz',
    'example.com.br',
    'example.co.za',
  ],
  // Country and new generic TLDs, capitals, deep subdomains, a hyphenated and an IDN domain.
  'held-out-4': [
    'example.in',
    'exemplo.com.br',
    'ejemplo.mx',
    'example.co.jp',
    'mail.eu-west.example.cloud',
    'EXAMPLE.COM',
    'dept.uni-beispiel.ac.at',
    'bücher-beispiel.de',
    'example.photography',
    'przyklad.pl',
  ],
  // Internationalised domains in Unicode and in punycode, long new TLDs, deep and hyphenated subdomains.
  'held-out-5': [
    'société-exemple.fr',
    'xn--socit-exemple-ehbb.fr',
    'xn--mnchen-beispiel-zvb.de',
    'münchen-beispiel.de',
    'mail.eu-central-1.example.cloud',
    'example.com.au',
    'ornek.com.tr',
    'exempel.se',
    'example.co.kr',
    'support.example.travel',
    'Example.Org',
    'tiendá-ejemplo.es',
  ],
  // Government-style second levels, numeric and mail-exchanger subdomains, country TLDs no other split draws,
  // Cyrillic and Greek IDNs, long hyphenated labels.
  // Country TLDs of the seventh split's plans, community and brand TLDs, Devanagari, Thai and Chinese IDNs and
  // their punycode, a capitalised host, a deep numeric subdomain.
  // New gTLDs and ccTLDs of the eighth split's plans, IDNs in Arabic, Korean, Hebrew and Cyrillic, a numeric label,
  // a long brand subdomain.
  // Held-out-9: second levels and TLDs no split drew (.gov.uz, .co.rw, .com.tt, .bm, .ky…), a long numeric
  // subdomain, Greek and Georgian IDNs, a capitalised TLD.
  // Held-out-10: ccTLDs and second levels of its phone plans (.com.pe, .cl, .dz, .ci, .re, .gp, .mh, .nr, .tv,
  // .co.ck), sponsored TLDs (.museum, .aero), IDNs in Armenian, Sinhala, Tamil, Chinese, Japanese and Kazakh.
  'held-out-10': [
    'example.com.pe',
    'correo.example.cl',
    'example.dz',
    'mail.example.ci',
    'example.re',
    'boite.example.gp',
    'example.mh',
    'example.nr',
    'studio.example.tv',
    'example.co.ck',
    'collections.example.museum',
    'ops.example.aero',
    'օրինակ.հայ',
    'උදාහරණ.ලංකා',
    'உதாரணம்.இந்தியா',
    '例子.中国',
    'れい.みんな',
    'мысал.қаз',
    'Example.Technology',
  ],
  'held-out-9': [
    'example.gov.uz',
    'example.co.rw',
    'mail.example.com.tt',
    'example.bm',
    'example.ky',
    'inbox.example.aw',
    'example.tj',
    'post.example.co.zw',
    'eu-west-3.mx.example.net',
    'παράδειγμα.ελ',
    'მაგალითი.გე',
    'example.ORG',
    'example.engineering',
    'example.coop',
  ],
  'held-out-8': [
    'example.dev',
    'mail.example.app',
    'example.fj',
    'example.com.pg',
    'example.ws',
    'example.mv',
    'example.la',
    'example.co.zm',
    'correo.example.com.bo',
    'example.com.pa',
    'exemple.ht',
    'example.photography',
    'example.museum',
    'helpdesk.example.xyz',
    'مثال.موقع',
    '예시.한국',
    'пример.бел',
    'xn--mgbh0fb.xn--kgbechtv',
    'mx01.eu.example.ai',
    'EXAMPLE.IO',
  ],
  'held-out-7': [
    'example.rs',
    'exemple.cat',
    'enghraifft.cymru',
    'example.eus',
    'example.ge',
    'example.co.tz',
    'example.com.np',
    'example.qa',
    'correo.example.com.uy',
    'uudised.example.ee',
    'उदाहरण.भारत',
    'ตัวอย่าง.ไทย',
    'xn--fsqu00a.xn--fiqs8s',
    'Mail.Example.Technology',
    'eu-west-3.smtp.example.international',
    'example.lk',
  ],
  'held-out-6': [
    'example.gov.uk',
    'mx1.example.co.nz',
    'example.com.ph',
    'example.co.ke',
    'пример.рф',
    'xn--e1afmkfd.xn--p1ai',
    'παράδειγμα.gr',
    'mail2.example.lu',
    'example.is',
    'very-long-company-name-example.com',
    'example.ee',
    'example.com.tw',
  ],
};

function ascii(name: string): string {
  return name.replace(/ü/g, 'ue').replace(/ö/g, 'oe').replace(/ä/g, 'ae');
}

export function email(r: Random, split: TabledSplit): string {
  const first = ascii(r.pick(FIRST));
  const last = ascii(r.pick(LAST));
  const local = r.pick([
    `${first}.${last}`,
    ...(split === 'held-out' ? [`${last}.${first[0]}`, `${first}-${last}.${r.int(10, 99)}`, `info`, `no-reply`] : []),
    ...(split === 'held-out-2'
      ? [
          `${first}.${last}+${r.pick(['invoices', 'gh', 'x'])}`,
          `${first[0]}.${last}`,
          `${last.toUpperCase()}`,
          `o'${last}`,
        ]
      : []),
    ...(split === 'held-out-3'
      ? [`d'${last}`, `${first}.${last}+${r.pick(['ci', 'jobs'])}`, `${first}~${r.int(1, 9)}`, `${last}_${first[0]}`]
      : []),
    ...(split === 'held-out-4'
      ? [
          `${first}.${last}.${r.int(1, 9)}`,
          `${first.toUpperCase()}.${last.toUpperCase()}`,
          `${first}--${last}`,
          `${r.pick(['billing', 'security', 'dpo', 'hr'])}`,
          `${first}.${last}+${r.pick(['2fa', 'alerts'])}`,
          `${last}${r.int(10, 99)}_${first[0]}`,
        ]
      : []),
    ...(split === 'held-out-7'
      ? [
          `${first}.${last}+${r.pick(['tickets', 'ops-2026'])}`,
          `${first[0]}${last}.${r.pick(['admin', 'priv'])}`,
          `${last}_${first}_${r.int(1, 9)}`,
          `${first}.${last}`.toUpperCase(),
          `${r.pick(['soporte', 'cymorth', 'tuki', 'zhvillues'])}`,
        ]
      : []),
    ...(split === 'held-out-9'
      ? [
          `${last}.${first}`,
          `${first}.${r.int(1, 9)}.${last}`,
          `${first}+${r.pick(['hr', 'payroll-2026', 'git'])}`,
          `${r.pick(['recepcion', 'hamba', 'ofisi', 'biuro'])}`,
          `${first[0]}${last}${r.int(100, 999)}`,
          `${first}-${last}`.toUpperCase(),
        ]
      : []),
    ...(split === 'held-out-10'
      ? [
          `${first}.${last}+${r.pick(['rsvp', 'claims-2027', 'tickets'])}`,
          `${first}=${last}`,
          `${last}.${first[0]}.${r.int(1, 9)}`,
          `${r.pick(['secretaria', 'tesoreria', 'accueil', 'kasa', 'pasaporte'])}`,
          `${first}.${last}`.replace(/^./, (c) => c.toUpperCase()),
          `${r.int(10000, 99999)}`,
          `${first}..${last}`.replace('..', '.x.'),
        ]
      : []),
    ...(split === 'held-out-8'
      ? [
          `${first}.${last}+${r.pick(['invoices-2027', 'k8s'])}`,
          `${first[0]}.${last}.${r.int(10, 99)}`,
          `${last}--${first}`,
          `${r.pick(['kontakt', 'tusaalo', 'info-fj', 'admissions'])}`,
          `${first}_${last}`.toUpperCase(),
          `${first}${r.int(1, 9)}.${last}`,
        ]
      : []),
    ...(split === 'held-out-5'
      ? [
          `${first}.${last}+${r.pick(['jira', 'q3-report'])}`,
          `${last}.${first}.${r.int(2, 9)}`,
          `${first[0]}_${last}-ops`,
          `${r.pick(['privacy', 'abuse', 'postmaster', 'rgpd'])}`,
          `${first}${r.int(10, 99)}${last[0]}`,
          `${first.toUpperCase()}_${last.toUpperCase()}`,
        ]
      : []),
    `${first[0]}${last}`,
    `${first}_${last}${r.int(1, 99)}`,
    `${first}+${r.pick(['billing', 'news', 'test'])}`,
    `${last}-${first}`,
    `${r.int(1, 9)}${first}`,
    `${first}${r.int(1970, 2005)}`,
  ]);
  const address = `${local}@${r.pick(DOMAINS[split])}`;
  return r.chance(0.1) ? address.replace(/^./, (c) => c.toUpperCase()) : address;
}

/** Phone numbers from national numbering plans, written the ways people write them. */
type PhoneMaker = (r: Random) => string;
export const US_AREAS = [
  '212',
  '213',
  '305',
  '312',
  '404',
  '415',
  '512',
  '617',
  '646',
  '702',
  '206',
  '303',
  '713',
  '919',
];
export const usParts = (r: Random) =>
  [r.pick(US_AREAS), `${r.int(2, 9)}${r.int(2, 9)}${r.int(0, 9)}`, r.digits(4)] as const;
const FIRST_PHONES: PhoneMaker[] = [
  (r) => {
    const [a, e, l] = usParts(r);
    return r.pick([`(${a}) ${e}-${l}`, `${a}-${e}-${l}`, `+1 ${a} ${e} ${l}`, `+1-${a}-${e}-${l}`]);
  },
  (r) => r.pick([`020 7${r.digits(3)} ${r.digits(4)}`, `+44 20 7${r.digits(3)} ${r.digits(4)}`]),
  (r) => {
    // Mobile ranges 071–075 and 077–079 (076 is pagers).
    const range = r.pick(['1', '2', '3', '4', '5', '7', '8', '9']);
    return r.pick([`07${range}${r.digits(2)} ${r.digits(6)}`, `+44 7${range}${r.digits(2)} ${r.digits(6)}`]);
  },
  (r) =>
    r.pick([
      `030 ${r.int(2, 9)}${r.digits(7)}`,
      `+49 30 ${r.int(2, 9)}${r.digits(7)}`,
      `030/${r.int(2, 9)}${r.digits(7)}`,
    ]),
  (r) => r.pick([`0151 ${r.digits(8)}`, `+49 176 ${r.digits(8)}`, `0171 ${r.int(1, 9)}${r.digits(6)}`]),
  (r) => {
    // Blocks in use (Arcep): Paris 01 4x/5x, south-east 04 7x/9x, mobiles 06 and 07 5x–8x.
    const [lead, next] = r.pick([
      ['1', '45'],
      ['4', '79'],
      ['6', '1245678'],
      ['7', '5678'],
    ] as const);
    const p = [r.pick([...next]) + r.digits(1), r.digits(2), r.digits(2), r.digits(2)];
    return r.pick([`0${lead} ${p.join(' ')}`, `+33 ${lead} ${p.join(' ')}`, `0${lead}.${p.join('.')}`]);
  },
  (r) => r.pick([`6${r.digits(2)} ${r.digits(3)} ${r.digits(3)}`, `+34 6${r.digits(2)} ${r.digits(3)} ${r.digits(3)}`]),
  (r) => `91 ${r.int(2, 7)}${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
  (r) => {
    const [a, e, l] = usParts(r);
    return r.pick([
      `+1${a}${e}${l}`,
      `+49${r.pick(['30', '151', '89'])}${r.int(2, 9)}${r.digits(7)}`,
      `+33${r.pick([`6${r.digits(1)}`, '75', '76', '77', '78'])}${r.digits(7)}`,
    ]);
  },
  (r) =>
    r.pick([
      `0049 30 ${r.int(2, 9)}${r.digits(7)}`,
      `0033 1 ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
    ]),
  (r) =>
    r.pick([
      `+351 91${r.digits(1)} ${r.digits(3)} ${r.digits(3)}`,
      `+48 ${r.pick(['50', '51', '53', '57', '60', '66', '69', '72', '73', '78', '79', '88'])}${r.digits(1)} ${r.digits(3)} ${r.digits(3)}`,
    ]),
  (r) => r.pick([`+91 9${r.digits(4)} ${r.digits(5)}`, `+55 11 9${r.digits(4)}-${r.digits(4)}`]),
];
const SECOND_PHONES: PhoneMaker[] = [
  (r) => {
    const [a, e, l] = usParts(r);
    return r.pick([`${a}.${e}.${l}`, `+1 (${a}) ${e}-${l}`, `1-${a}-${e}-${l}`, `(${a})${e}-${l}`]);
  },
  (r) => `+44 (0)161 ${r.int(2, 9)}${r.digits(2)} ${r.digits(4)}`,
  (r) => r.pick([`+49 (0)89 ${r.int(2, 9)}${r.digits(6)}`, `040 ${r.int(2, 9)}${r.digits(3)} ${r.digits(4)}`]),
  (r) => `0157-${r.digits(8)}`,
  // 06 39 and 06 9x are not mainland France's (Mayotte's, Guadeloupe's and Martinique's, under +262/+590/+596).
  (r) =>
    `+33 (0)6 ${r.pick(['1', '2', '4', '5', '6', '7', '8'])}${r.digits(1)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
  (r) => `+34 93 ${r.int(2, 7)}${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
  (r) =>
    r.pick([
      `+41 44 ${r.int(2, 8)}${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
      `079 ${r.digits(3)} ${r.digits(2)} ${r.digits(2)}`,
    ]),
  (r) => r.pick([`+43 1 ${r.int(2, 9)}${r.digits(6)}`, `0664 ${r.digits(7)}`]),
  (r) =>
    r.pick([`+39 06 ${r.digits(4)} ${r.digits(4)}`, `+39 3${r.int(2, 4)}${r.digits(1)} ${r.digits(3)} ${r.digits(4)}`]),
  (r) => r.pick([`+31 20 ${r.int(2, 8)}${r.digits(2)} ${r.digits(4)}`, `06-${r.int(1, 5)}${r.digits(7)}`]),
  (r) => `+32 2 ${r.int(2, 7)}${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
  (r) => `+52 55 ${r.int(1, 9)}${r.digits(3)} ${r.digits(4)}`,
  (r) => r.pick([`+61 2 ${r.int(8, 9)}${r.digits(3)} ${r.digits(4)}`, `0412 ${r.digits(3)} ${r.digits(3)}`]),
];
const PHONES: Record<TabledSplit, PhoneMaker[]> = {
  'held-out-6': [heldOut6Phone],
  'held-out-7': [heldOut7Phone],
  'held-out-8': [heldOut8Phone],
  'held-out-9': [heldOut9Phone],
  'held-out-10': [heldOut10Phone],
  tuning: [...FIRST_PHONES, ...SECOND_PHONES, ...BROAD_PHONES],
  'held-out': HELD_OUT_PHONES,
  'held-out-2': HELD_OUT_2_PHONES,
  'held-out-3': HELD_OUT_3_PHONES,
  'held-out-4': HELD_OUT_4_PHONES,
  'held-out-5': [heldOut5Phone],
};

export function phone(r: Random, split: TabledSplit): string {
  return r.pick(PHONES[split])(r);
}

/** A number written as one `+` digit run, as in tel: links and JSON: an international form with its separators dropped. */
export function phoneE164(r: Random, split: TabledSplit): string {
  for (;;) {
    const written = phone(r, split);
    if (written.startsWith('+')) return `+${written.replace(/\(0\)/, '').replace(/\D/g, '')}`;
  }
}

function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function luhnComplete(prefix: string, length: number, r: Random): string {
  const body = prefix + r.digits(length - prefix.length - 1);
  return body + luhnCheckDigit(body);
}

/**
 * Issuer prefixes and lengths (Visa, Mastercard incl. 2-series, Amex, Discover, JCB, Diners, UnionPay, Maestro).
 * Visa's 13-digit numbers have not been issued for decades; only the 2026-12-04 held-out split still draws them.
 */
const ISSUERS: Record<TabledSplit, Array<{ prefix: (r: Random) => string; length: number }>> = {
  tuning: [
    { prefix: () => '4', length: 16 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
    { prefix: () => '6011', length: 16 },
    { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
    { prefix: (r) => String(r.int(2221, 2720)), length: 16 },
    { prefix: (r) => `65${r.digits(2)}`, length: 16 },
    { prefix: (r) => `3${r.pick(['6', '8'])}`, length: 14 },
    { prefix: () => '62', length: 16 },
    { prefix: () => '4', length: 19 },
    { prefix: (r) => r.pick(['6759', '6304', '5018']), length: 19 },
    { prefix: (r) => `220${r.int(0, 4)}`, length: 16 },
  ],
  'held-out': [
    { prefix: () => '4', length: 16 },
    { prefix: () => '4', length: 16 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => String(r.int(2221, 2720)), length: 16 },
    { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
    { prefix: (r) => `64${r.int(4, 9)}`, length: 16 },
    { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
    { prefix: () => '62', length: 19 },
    { prefix: () => '36', length: 14 },
    { prefix: (r) => r.pick(['6759', '6763']), length: 16 },
  ],
  // Also RuPay (60, 81, 82), Troy (9792), Verve (5061), Elo (636368) and Mir, besides the common issuers.
  'held-out-2': [
    { prefix: () => '4', length: 16 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => String(r.int(2221, 2720)), length: 16 },
    { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
    { prefix: (r) => `65${r.digits(2)}`, length: 16 },
    { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
    { prefix: (r) => `30${r.int(0, 5)}`, length: 14 },
    { prefix: () => '62', length: 16 },
    { prefix: (r) => `220${r.int(0, 4)}`, length: 16 },
    { prefix: (r) => r.pick(['60', '81', '82']), length: 16 },
    { prefix: () => '9792', length: 16 },
    { prefix: () => '5061', length: 19 },
    { prefix: () => '636368', length: 16 },
    { prefix: () => '4', length: 19 },
  ],
  // Also Hipercard (606282), Dankort (5019), RuPay's own 607… block, Verve (5078) and Mir, besides the common ones.
  'held-out-3': [
    { prefix: () => '4', length: 16 },
    { prefix: () => '4', length: 16 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => String(r.int(2221, 2720)), length: 16 },
    { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
    { prefix: () => '6011', length: 16 },
    { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
    { prefix: () => '62', length: 17 },
    { prefix: (r) => `220${r.int(0, 4)}`, length: 16 },
    { prefix: () => '606282', length: 16 },
    { prefix: () => '5019', length: 16 },
    { prefix: (r) => `607${r.int(0, 8)}`, length: 16 },
    { prefix: (r) => `5078${r.int(65, 99)}`, length: 19 },
  ],
  // The common issuers as most cards are, plus Mir, UnionPay 19, JCB, Diners 36, Maestro 6759 at 18 digits.
  'held-out-4': [
    { prefix: () => '4', length: 16 },
    { prefix: () => '4', length: 16 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => String(r.int(2221, 2720)), length: 16 },
    { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
    { prefix: () => '6011', length: 16 },
    { prefix: (r) => `64${r.int(4, 9)}`, length: 16 },
    { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
    { prefix: () => '36', length: 14 },
    { prefix: () => '62', length: 19 },
    { prefix: (r) => `220${r.int(0, 4)}`, length: 16 },
    { prefix: () => '6759', length: 18 },
  ],
  // The common issuers (most of what is pasted), Visa at 19, Mastercard's 2-series, Discover 65, UnionPay 16,
  // Amex, JCB, Diners 14, Mir.
  // Maestro from 12 to 19 digits, UnionPay at 17–19, Discover's 644–649 and 6011, JCB, Diners 36, Mir, Amex,
  // beside Visa and Mastercard.
  'held-out-6': [
    { prefix: () => '4', length: 16 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => String(r.int(2221, 2720)), length: 16 },
    { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
    { prefix: (r) => r.pick(['6011', String(r.int(644, 649))]), length: 16 },
    { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
    { prefix: () => '36', length: 14 },
    { prefix: (r) => `62${r.int(2, 8)}`, length: 17 },
    { prefix: (r) => `62${r.int(2, 8)}`, length: 19 },
    { prefix: (r) => r.pick(['5018', '5020', '5038', '6304', '6759', '6761']), length: 12 },
    { prefix: (r) => r.pick(['5018', '5020', '5038', '6304', '6759', '6761']), length: 15 },
    { prefix: (r) => r.pick(['5018', '5020', '5038', '6304', '6759', '6761']), length: 19 },
    { prefix: (r) => `220${r.int(0, 4)}`, length: 16 },
  ],
  // Visa at 13 and 19, Mastercard, Amex, Discover 65 and 622126–622925, JCB, UnionPay 62 at 16, Diners 38–39,
  // InstaPayment 637–639, and domestic schemes ruled by their own ranges: Uzbekistan's UzCard (8600) and Humo
  // (9860), and Mir.
  'held-out-7': [
    { prefix: () => '4', length: 13 },
    { prefix: () => '4', length: 16 },
    { prefix: () => '4', length: 19 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => String(r.int(2221, 2720)), length: 16 },
    { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
    { prefix: () => '65', length: 16 },
    { prefix: (r) => String(r.int(622126, 622925)), length: 16 },
    { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
    { prefix: (r) => `62${r.int(2, 8)}`, length: 16 },
    { prefix: (r) => `3${r.int(8, 9)}`, length: 14 },
    { prefix: (r) => `63${r.int(7, 9)}`, length: 16 },
    { prefix: () => '8600', length: 16 },
    { prefix: () => '9860', length: 16 },
    { prefix: (r) => `220${r.int(0, 4)}`, length: 16 },
  ],
  // The common issuers in the eighth split's document kinds, Bancontact (6703), Argentina's Cabal (604201–604219)
  // and Naranja (589562), Egypt's Meeza (507803–507808), Mir, UnionPay at 19 and Maestro at 13.
  // Held-out-9: the common issuers in its document kinds, and issuers no split drew that publish their ranges:
  // China's T-Union (31, nineteen digits), Serbia's DinaCard (9891), Bulgaria's BORICA (2205).
  // Held-out-10: the common issuers in its documents beside ranges no split drew that issuers publish: UnionPay's
  // 81 series (8100–8171), Indonesia's GPN (9360), Sri Lanka's LankaPay (357111), InterPayment (636),
  // Transnistria's NPS Pridnestrovie (6054740–6054744), Visa Electron (4026, 4508, 4844, 4913, 4917) and
  // Mastercard at the ends of its 2-series (2221, 2720).
  'held-out-10': [
    { prefix: () => '4', length: 16 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
    { prefix: () => '6011', length: 16 },
    { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
    { prefix: (r) => `81${String(r.int(0, 71)).padStart(2, '0')}`, length: 16 },
    { prefix: () => '9360', length: 16 },
    { prefix: () => '357111', length: 16 },
    { prefix: () => '636', length: 16 },
    { prefix: (r) => `605474${r.int(0, 4)}`, length: 16 },
    { prefix: (r) => r.pick(['4026', '4508', '4844', '4913', '4917']), length: 16 },
    { prefix: (r) => r.pick(['2221', '2720']), length: 16 },
  ],
  'held-out-9': [
    { prefix: () => '4', length: 16 },
    { prefix: () => '4', length: 16 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => String(r.int(2221, 2720)), length: 16 },
    { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
    { prefix: (r) => `64${r.int(4, 9)}`, length: 16 },
    { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
    { prefix: () => '62', length: 16 },
    { prefix: () => '36', length: 14 },
    { prefix: () => '31', length: 19 },
    { prefix: () => '9891', length: 16 },
    { prefix: () => '2205', length: 16 },
  ],
  'held-out-8': [
    { prefix: () => '4', length: 16 },
    { prefix: () => '4', length: 16 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => String(r.int(2221, 2720)), length: 16 },
    { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
    { prefix: () => '6011', length: 16 },
    { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
    { prefix: () => '62', length: 19 },
    { prefix: () => '6703', length: 17 },
    { prefix: (r) => String(r.int(604201, 604219)), length: 16 },
    { prefix: () => '589562', length: 16 },
    { prefix: (r) => String(r.int(507803, 507808)), length: 16 },
    { prefix: (r) => `220${r.int(0, 4)}`, length: 16 },
    { prefix: (r) => r.pick(['5018', '6304', '6759']), length: 13 },
  ],
  'held-out-5': [
    { prefix: () => '4', length: 16 },
    { prefix: () => '4', length: 16 },
    { prefix: () => '4', length: 19 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
    { prefix: (r) => String(r.int(2221, 2720)), length: 16 },
    { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
    { prefix: () => '65', length: 16 },
    { prefix: () => '62', length: 16 },
    { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
    { prefix: (r) => `30${r.int(0, 5)}`, length: 14 },
    { prefix: (r) => `220${r.int(0, 4)}`, length: 16 },
  ],
};

function groupCard(digits: string, r: Random): string {
  const sep = r.pick(['', ' ', '-', ' ']);
  if (sep === '') return digits;
  const sizes = digits.length === 15 ? [4, 6, 5] : digits.length === 14 ? [4, 6, 4] : null;
  const groups: string[] = [];
  if (sizes) {
    let at = 0;
    for (const s of sizes) groups.push(digits.slice(at, (at += s)));
  } else for (let i = 0; i < digits.length; i += 4) groups.push(digits.slice(i, i + 4));
  return groups.join(sep);
}

export function card(r: Random, split: TabledSplit): string {
  const issuer = r.pick(ISSUERS[split]);
  return groupCard(luhnComplete(issuer.prefix(r), issuer.length, r), r);
}

/** Country, BBAN length and whether the BBAN starts with letters (bank code), per the IBAN registry. */
const IBAN_COUNTRIES: Record<TabledSplit, Array<[string, number, number]>> = {
  // Small and non-EU registries: Luxembourg, Liechtenstein, Monaco, San Marino, Andorra, Gibraltar, Malta,
  // Cyprus, Greece, Bulgaria, Estonia, Latvia, Iceland, the Faroes, Turkey, Israel, Lebanon, Azerbaijan,
  // Bahrain, Costa Rica, Dominican Republic, Montenegro, North Macedonia, Albania.
  // Registries no other split draws: Belarus, Egypt, Greenland, Guatemala, Iraq, Saint Lucia, Moldova,
  // Mauritania, Palestine, São Tomé, El Salvador, East Timor, the Vatican, the British Virgin Islands, Kosovo,
  // and the newest members of the registry (Libya, Sudan, Burundi, Mongolia, Russia, the Falklands,
  // Nicaragua, Somalia, Oman).
  // The newest registry members no split drew (Djibouti, Honduras, Mongolia, Russia, Nicaragua, Somalia, Oman,
  // Yemen, the Falklands) and the Seychelles, beside the large registries in the eighth split's documents.
  // Held-out-9: the large registries in its document kinds (SEPA files, payroll exports, invoices).
  // Held-out-10: every registry has been drawn; it draws the registries whose BBANs hold letters (GB, NL, IE, MT,
  // BH, QA, JO, KW, MU, PK, RO, BG, CY, LV, GI, SC, NI, LC, VG, IQ, PS, AE…) and the large ones, in new forms:
  // grouped with no-break spaces, in lower case, glued to `IBAN:`.
  'held-out-10': [
    ['DE', 18, 0],
    ['FR', 23, 0],
    ['ES', 20, 0],
    ['IT', 23, 1],
    ['GB', 18, 4],
    ['NL', 14, 4],
    ['IE', 18, 4],
    ['MT', 27, 4],
    ['BH', 18, 4],
    ['QA', 25, 4],
    ['JO', 26, 4],
    ['KW', 26, 4],
    ['PK', 20, 4],
    ['RO', 20, 4],
    ['BG', 18, 4],
    ['LV', 17, 4],
    ['GI', 19, 4],
    ['NI', 24, 4],
    ['VG', 20, 4],
    ['IQ', 19, 4],
    ['PS', 25, 4],
    ['BE', 12, 0],
    ['PT', 21, 0],
    ['CH', 17, 0],
    ['SA', 20, 0],
    ['AE', 19, 0],
    ['TR', 22, 0],
  ],
  'held-out-9': [
    ['DE', 18, 0],
    ['FR', 23, 0],
    ['IT', 23, 1],
    ['ES', 20, 0],
    ['NL', 14, 4],
    ['GB', 18, 4],
    ['PL', 24, 0],
    ['SE', 20, 0],
    ['PT', 21, 0],
    ['IE', 18, 4],
    ['BE', 12, 0],
    ['AT', 16, 0],
    ['CH', 17, 0],
    ['NO', 11, 0],
    ['DK', 14, 0],
    ['FI', 14, 0],
    ['RO', 20, 4],
    ['HU', 24, 0],
    ['CZ', 20, 0],
    ['SK', 20, 0],
    ['SI', 15, 0],
    ['HR', 17, 0],
    ['LT', 16, 0],
    ['SA', 20, 0],
    ['AE', 19, 0],
    ['TR', 22, 0],
    ['UA', 25, 0],
  ],
  'held-out-8': [
    ['DJ', 23, 0],
    ['HN', 24, 4],
    ['MN', 16, 0],
    ['RU', 29, 0],
    ['NI', 24, 4],
    ['SO', 19, 0],
    ['OM', 19, 0],
    ['YE', 26, 4],
    ['FK', 14, 2],
    ['SC', 27, 4],
    ['DE', 18, 0],
    ['FR', 23, 0],
    ['GB', 18, 4],
    ['ES', 20, 0],
    ['IT', 23, 1],
    ['NL', 14, 4],
    ['BE', 12, 0],
    ['AT', 16, 0],
    ['CH', 17, 0],
    ['PT', 21, 0],
  ],
  'held-out-7': [
    ['BY', 24, 4],
    ['EG', 25, 0],
    ['GL', 14, 0],
    ['GT', 24, 4],
    ['IQ', 19, 4],
    ['LC', 28, 4],
    ['MD', 20, 2],
    ['MR', 23, 0],
    ['PS', 25, 4],
    ['ST', 21, 0],
    ['SV', 24, 4],
    ['TL', 19, 0],
    ['VA', 18, 0],
    ['VG', 20, 4],
    ['XK', 16, 0],
    ['LY', 21, 0],
    ['SD', 14, 0],
    ['BI', 23, 0],
    ['MN', 16, 0],
    ['RU', 29, 0],
    ['FK', 14, 2],
    ['NI', 24, 4],
    ['SO', 19, 0],
    ['OM', 19, 0],
  ],
  'held-out-6': [
    ['LU', 16, 0],
    ['LI', 17, 0],
    ['MC', 23, 0],
    ['SM', 23, 1],
    ['AD', 20, 0],
    ['GI', 19, 4],
    ['MT', 27, 4],
    ['CY', 24, 0],
    ['GR', 23, 0],
    ['BG', 18, 4],
    ['EE', 16, 0],
    ['LV', 17, 4],
    ['IS', 22, 0],
    ['FO', 14, 0],
    ['TR', 22, 0],
    ['IL', 19, 0],
    ['LB', 24, 0],
    ['AZ', 24, 4],
    ['BH', 18, 4],
    ['CR', 18, 0],
    ['DO', 24, 4],
    ['ME', 18, 0],
    ['MK', 15, 0],
    ['AL', 24, 0],
  ],
  tuning: [
    ['DE', 18, 0],
    ['FR', 23, 0],
    ['ES', 20, 0],
    ['GB', 18, 4],
    ['NL', 14, 4],
    ['IT', 23, 1],
    ['BE', 12, 0],
    ['AT', 16, 0],
    ['CH', 17, 0],
    ['PT', 21, 0],
    ['PL', 24, 0],
    ['IE', 18, 4],
    ['LU', 16, 0],
    ['FI', 14, 0],
    ['DK', 14, 0],
  ],
  'held-out': [
    ['DE', 18, 0],
    ['FR', 23, 0],
    ['ES', 20, 0],
    ['SE', 20, 0],
    ['NO', 11, 0],
    ['CZ', 20, 0],
    ['HR', 17, 0],
    ['GR', 23, 0],
    ['LT', 16, 0],
    ['RO', 20, 4],
    ['SK', 20, 0],
    ['MT', 27, 4],
  ],
  'held-out-2': [
    ['HU', 24, 0],
    ['SI', 15, 0],
    ['EE', 16, 0],
    ['LV', 17, 4],
    ['BG', 18, 4],
    ['CY', 24, 0],
    ['LI', 17, 0],
    ['MC', 23, 0],
    ['TR', 22, 0],
    ['IS', 22, 0],
    ['SA', 20, 0],
    ['AE', 19, 0],
    ['DE', 18, 0],
    ['IT', 23, 1],
  ],
  'held-out-3': [
    ['SE', 20, 0],
    ['NO', 11, 0],
    ['DK', 14, 0],
    ['IE', 18, 4],
    ['CZ', 20, 0],
    ['GR', 23, 0],
    ['PL', 24, 0],
    ['PT', 21, 0],
    ['SM', 23, 1],
    ['FR', 23, 0],
    ['NL', 14, 4],
  ],
  'held-out-4': [
    ['DE', 18, 0],
    ['GB', 18, 4],
    ['BR', 25, 0],
    ['UA', 25, 0],
    ['KZ', 16, 0],
    ['RS', 18, 0],
    ['BA', 16, 0],
    ['GE', 18, 2],
    ['KW', 26, 4],
    ['QA', 25, 4],
    ['JO', 26, 4],
    ['PK', 20, 4],
    ['TN', 20, 0],
    ['MU', 26, 4],
    ['ES', 20, 0],
    ['IT', 23, 1],
  ],
  // Countries no other split draws much: the Nordics, Ireland, Central and Eastern Europe, the Gulf.
  'held-out-5': [
    ['FR', 23, 0],
    ['BE', 12, 0],
    ['NL', 14, 4],
    ['DK', 14, 0],
    ['NO', 11, 0],
    ['FI', 14, 0],
    ['IE', 18, 4],
    ['PL', 24, 0],
    ['SE', 20, 0],
    ['HU', 24, 0],
    ['CZ', 20, 0],
    ['RO', 20, 4],
    ['HR', 17, 0],
    ['SI', 15, 0],
    ['LT', 16, 0],
    ['AE', 19, 0],
    ['SA', 20, 0],
  ],
};

function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    const v = code >= 65 ? code - 55 : code - 48;
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem;
}

export function ibanFor(country: string, bban: string): string {
  const check = 98 - mod97(`${bban}${country}00`);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

export function iban(r: Random, split: TabledSplit): string {
  const [country, length, letters] = r.pick(IBAN_COUNTRIES[split]);
  const bban = r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', letters) + r.digits(length - letters);
  const compact = ibanFor(country, bban);
  if (split === 'held-out-10')
    return r.pick([
      () => compact,
      () => compact.replace(/(.{4})(?=.)/g, '$1 '),
      () => compact.replace(/(.{4})(?=.)/g, '$1\u00a0'),
      () => compact.replace(/(.{4})(?=.)/g, '$1 '),
      () => compact.toLowerCase(),
    ])();
  return r.chance(0.5) ? compact : compact.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Area 001–899 except 666, group 01–99, serial 0001–9999 (SSA rules since 2011). */
export function ssnParts(r: Random): [string, string, string] {
  let area = r.int(1, 899);
  if (area === 666) area = 667;
  return [
    String(area).padStart(3, '0'),
    String(r.int(1, 99)).padStart(2, '0'),
    String(r.int(1, 9999)).padStart(4, '0'),
  ];
}

export function ssn(r: Random): string {
  const [a, g, s] = ssnParts(r);
  return r.pick([`${a}-${g}-${s}`, `${a} ${g} ${s}`]);
}

/** Nine digits in a row, written only where the text names them as an SSN. */
export function ssnDigits(r: Random): string {
  return ssnParts(r).join('');
}

export function ipv4(r: Random): string {
  return r.pick([
    () => `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `192.168.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `172.${r.int(16, 31)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  ])();
}

const hex4 = (r: Random) => r.chars(HEX, r.int(1, 4));
export function ipv6(r: Random, split: TabledSplit): string {
  if (split === 'held-out') return heldOutIpv6(r);
  if (split === 'held-out-2') return heldOut2Ipv6(r);
  if (split === 'held-out-3') return heldOut3Ipv6(r);
  if (split === 'held-out-4') return heldOut4Ipv6(r);
  if (split === 'held-out-5') return heldOut5Ipv6(r);
  if (split === 'held-out-6') return heldOut6Ipv6(r);
  if (split === 'held-out-7') return heldOut7Ipv6(r);
  if (split === 'held-out-8') return heldOut8Ipv6(r);
  if (split === 'held-out-9') return heldOut9Ipv6(r);
  if (split === 'held-out-10') return heldOut10Ipv6(r);
  const makers: Array<() => string> = [
    () => `2001:db8:${hex4(r)}:${hex4(r)}::${hex4(r)}`,
    () => `fe80::${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}`,
    () => Array.from({ length: 8 }, () => r.chars(HEX, 4)).join(':'),
    () => `::ffff:${ipv4(r)}`,
  ];
  makers.push(
    () => `2a00:1450:${hex4(r)}::${hex4(r)}`,
    () => `::ffff:${ipv4(r)}`,
    () => `::1`,
  );
  return r.pick(makers)();
}

function heldOutIpv6(r: Random): string {
  return r.pick([
    () => `2001:db8:${hex4(r)}::${hex4(r)}:${hex4(r)}`,
    () => `2600:1f18:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}`,
    () => `fd${r.chars(HEX, 2)}:${hex4(r)}:${hex4(r)}::${hex4(r)}`,
    () => `::ffff:${ipv4(r)}`,
    () => `64:ff9b::${ipv4(r)}`,
    () => `fe80::${hex4(r)}:${hex4(r)}`,
    () =>
      Array.from({ length: 8 }, () => r.chars(HEX, 4))
        .join(':')
        .toUpperCase(),
  ])();
}

function heldOut2Ipv6(r: Random): string {
  return r.pick([
    () => `2a01:4f8:${hex4(r)}:${hex4(r)}::${r.int(1, 9)}`,
    () => `2606:4700:${hex4(r)}::${hex4(r)}:${hex4(r)}`,
    () => `2001:db8::${hex4(r)}`,
    () => `fe80::${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}`,
    () => `::ffff:${ipv4(r)}`,
    () => `2a02:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}`.toUpperCase(),
  ])();
}

function heldOut3Ipv6(r: Random): string {
  return r.pick([
    () => `2a03:2880:${hex4(r)}:${hex4(r)}:face:b00c::${hex4(r)}`,
    () => `2001:0db8:${r.chars(HEX, 4)}:0000:0000:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}`,
    () => `fd00::${hex4(r)}`,
    () => `2404:6800:${hex4(r)}::${hex4(r)}`,
    () => `::ffff:${ipv4(r)}`,
  ])();
}

function heldOut4Ipv6(r: Random): string {
  return r.pick([
    () => `2001:4860:${hex4(r)}::${hex4(r)}`,
    () => `2400:cb00:${hex4(r)}:${hex4(r)}::${hex4(r)}`,
    () =>
      `2a0${r.int(0, 9)}:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}`,
    () => `fc00::${hex4(r)}:${hex4(r)}`,
    () => `::ffff:${ipv4(r)}`,
    () => `2001:db8:${hex4(r)}:${hex4(r)}::${hex4(r)}`.toUpperCase(),
    () => `fe80::${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}`,
  ])();
}

function heldOut5Ipv6(r: Random): string {
  return r.pick([
    () => `2001:db8:${hex4(r)}::${hex4(r)}:${hex4(r)}`,
    () => `2620:0:${hex4(r)}:${hex4(r)}::${hex4(r)}`,
    () => `2c0f:${hex4(r)}:${hex4(r)}::${r.int(1, 99)}`,
    () => `::ffff:${ipv4(r)}`,
    () => `2001:DB8:${hex4(r).toUpperCase()}:${hex4(r).toUpperCase()}:0:0:0:${hex4(r).toUpperCase()}`,
    () => `fd12:3456:${hex4(r)}::${hex4(r)}`,
    () => `2607:f8b0:${hex4(r)}:${hex4(r)}::${r.chars(HEX, 3)}`,
  ])();
}

/** Providers' prefixes no split drew, with a zone index, compressed in the middle, in capitals, ULA. */
function heldOut8Ipv6(r: Random): string {
  return r.pick([
    () => `2a05:d018:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}`,
    () => `2600:3c00::f03c:${r.chars(HEX, 2)}ff:fe${r.chars(HEX, 2)}:${r.chars(HEX, 4)}`,
    () => `2804:14c:${hex4(r)}:${hex4(r)}::${r.int(1, 999)}`,
    () => `240e:${r.chars(HEX, 3)}:${hex4(r)}:${hex4(r)}::${r.int(1, 9)}`,
    () => `2A01:E0A:${r.chars('0123456789ABCDEF', 3)}:${r.chars('0123456789ABCDEF', 4)}::${r.int(1, 9)}`,
    () => `fd7a:115c:a1e0::${hex4(r)}:${hex4(r)}`,
    () => `2001:470:${hex4(r)}::${r.int(2, 9)}`,
  ])();
}

/** Uncompressed with leading zeros, in capitals, 6to4 and Teredo, NAT64 with a dotted tail, ULA with long runs. */
function heldOut7Ipv6(r: Random): string {
  return r.pick([
    () => `2001:0db8:${Array.from({ length: 6 }, () => r.chars(HEX, 4)).join(':')}`,
    () => `2002:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}::${r.int(1, 9)}`,
    () =>
      `2001:0:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}`,
    () => `64:FF9B::${ipv4(r)}`,
    () =>
      `FD${r.chars('0123456789ABCDEF', 2)}:${r.chars('0123456789ABCDEF', 4)}:${r.chars('0123456789ABCDEF', 4)}::${r.chars('0123456789ABCDEF', 3)}:${r.int(1, 9)}`,
    () => `2c0f:f${r.chars(HEX, 3)}:${hex4(r)}:${r.int(1, 9)}::${r.int(10, 99)}`,
    () => `::ffff:${ipv4(r)}`,
  ])();
}

function heldOut6Ipv6(r: Random): string {
  return r.pick([
    () => `2001:db8:0:${hex4(r)}:0:0:0:${hex4(r)}`,
    () => `2a02:${hex4(r)}:${hex4(r)}:${hex4(r)}::${hex4(r)}`,
    () => `64:ff9b::${ipv4(r)}`,
    () => `2001:db8::${r.int(1, 9)}`,
    () => `fd${r.chars(HEX, 2)}:${r.chars(HEX, 4)}:${r.chars(HEX, 4)}:1::${hex4(r)}`.toUpperCase(),
    () => `2406:da00:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}`,
    () => `::ffff:${ipv4(r)}`,
  ])();
}

export function ip(r: Random, split: TabledSplit): string {
  return r.chance(0.6) ? ipv4(r) : ipv6(r, split);
}

/** Secrets in the documented formats of each vendor. */
const SECRETS: Record<TabledSplit, Array<(r: Random) => string>> = {
  // Formats no detector lists and no split drew: Pinecone, Neon, Render, Dropbox short-lived tokens, Square
  // production tokens, Bitbucket app passwords, JFrog, SonarQube, Duffel, Typeform, Adafruit IO, Infracost, ReadMe,
  // Plaid access tokens, LangSmith, ElevenLabs, Firecrawl, Tavily, PostHog personal keys, Honeycomb ingest keys, Axiom,
  // WooCommerce consumer secrets, Amazon LWA refresh tokens, PASETO local tokens, Fernet tokens; and listed prefixes
  // in forms no split drew (OpenAI service accounts, Anthropic admin keys, fine-grained GitHub tokens).
  // Held-out-9: formats no split drew — Okta API tokens, ClickUp personal tokens, Asana personal access tokens,
  // Backblaze application keys, Scaleway access keys, Resend, Voyage AI, Ably keys, Discord bot tokens, Mistral,
  // Cohere, Deepgram and Together keys (no prefix), Infisical service tokens, Railway tokens (a UUID) — and listed
  // formats (GitHub, Stripe restricted keys, Anthropic, Slack app tokens, GitLab deploy tokens).
  // Held-out-10: formats no split drew — Fireworks, NVIDIA, Cerebras, Deno Deploy, Paddle, Shopify shared secrets,
  // Firebase legacy server keys (`AAAA…:APA91b…`), Mercury (`secret-token:…`), Salesforce session ids (`00D…!…`),
  // LINE channel tokens (base64 with `/`, `+`, `=`), Trello (`ATTA…`), ngrok, Hetzner, Vultr, Linode, Twilio
  // auth tokens, Algolia admin keys, Kraken private keys, Upstash REST tokens, LaunchDarkly (`sdk-`/`api-` and a
  // UUID), IBM Cloud API keys, Sanity, Mapbox secret tokens (`sk.eyJ…`).
  'held-out-10': [
    (r) => `fw_${r.chars(ALNUM, 24)}`,
    (r) => `nvapi-${r.chars(URLSAFE, 64)}`,
    (r) => `csk-${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 48)}`,
    (r) => `ddp_${r.chars(ALNUM, 36)}`,
    (r) =>
      `pdl_live_apikey_01${r.chars('0123456789abcdefghjkmnpqrstvwxyz', 24)}_${r.chars(ALNUM, 22)}_${r.chars(ALNUM, 3)}`,
    (r) => `shpss_${r.chars(HEX, 32)}`,
    (r) => `AAAA${r.chars(URLSAFE, 7)}:APA91b${r.chars(URLSAFE, 134)}`,
    (r) => `secret-token:mercury_production_wma_${r.chars(ALNUM, 40)}_yrucrem`,
    (r) => `00D${r.chars(ALNUM, 12)}!AR${r.chars(ALNUM, 4)}AQ${r.chars(ALNUM + '._', 90)}`,
    (r) => `${r.chars(BASE64, 171)}=`,
    (r) => `ATTA${r.chars(HEX, 64)}${r.chars('0123456789ABCDEF', 8)}`,
    (r) => `2${r.chars(ALNUM, 26)}_${r.chars(ALNUM, 21)}`,
    (r) => r.chars(ALNUM, 64),
    (r) => r.chars(UPPER_ALNUM, 36),
    (r) => r.chars(HEX, 32),
    (r) => `${r.chars(BASE64, 86)}==`,
    (r) => `A${r.chars(ALNUM, 3)}ASQgN${r.chars(BASE64, 54)}=`,
    (r) =>
      `${r.pick(['sdk', 'api'])}-${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}`,
    (r) => r.chars(URLSAFE, 44),
    (r) => `sk${r.chars(ALNUM, 180)}`,
    (r) => `sk.eyJ1Ijoi${r.chars(ALNUM, 12)}IiwiYSI6Im${r.chars(URLSAFE, 26)}.${r.chars(URLSAFE, 22)}`,
  ],
  'held-out-9': [
    (r) => `00${r.chars(URLSAFE, 40)}`,
    (r) => `pk_${r.int(1000000, 99999999)}_${r.chars(UPPER_ALNUM, 32)}`,
    (r) => `2/${r.int(1000000000000, 9999999999999)}/${r.int(1000000000000, 9999999999999)}:${r.chars(HEX, 32)}`,
    (r) => `K00${r.int(1, 5)}${r.chars(ALNUM + '+/', 27)}`,
    (r) => `SCW${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 17)}`,
    (r) => `re_${r.chars(ALNUM, 8)}_${r.chars(ALNUM, 24)}`,
    (r) => `pa-${r.chars(URLSAFE, 43)}`,
    (r) => `${r.chars(URLSAFE, 6)}.${r.chars(URLSAFE, 6)}:${r.chars(URLSAFE, 43)}`,
    (r) => `${r.chars(URLSAFE, 26)}.${r.chars(URLSAFE, 6)}.${r.chars(URLSAFE, 38)}`,
    (r) => r.chars(ALNUM, 32),
    (r) => r.chars(HEX, 40),
    (r) => `st.${r.chars(HEX, 8)}-${r.chars(HEX, 4)}.${r.chars(HEX, 32)}.${r.chars(HEX, 32)}`,
    (r) => `ghp_${r.chars(ALNUM, 36)}`,
    (r) => `rk_live_${r.chars(ALNUM, 99)}`,
    (r) => `sk-ant-api03-${r.chars(URLSAFE, 93)}AA`,
    (r) => `xapp-1-A${r.chars(UPPER_ALNUM, 10)}-${r.int(1000000000000, 9999999999999)}-${r.chars(HEX, 64)}`,
    (r) => `gldt-${r.chars(URLSAFE, 20)}`,
  ],
  'held-out-8': [
    (r) => `pcsk_${r.chars(ALNUM, 5)}_${r.chars(ALNUM, 60)}`,
    (r) => `napi_${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 64)}`,
    (r) => `rnd_${r.chars(ALNUM, 32)}`,
    (r) => `sl.${r.chars(URLSAFE, 138)}`,
    (r) => `EAAA${r.chars(URLSAFE, 60)}`,
    (r) => `ATBB${r.chars(ALNUM, 32)}${r.chars('0123456789ABCDEF', 8)}`,
    (r) => `AKCp${r.chars(ALNUM, 69)}`,
    (r) => `squ_${r.chars(HEX, 40)}`,
    (r) => `duffel_live_${r.chars(URLSAFE, 43)}`,
    (r) => `tfp_${r.chars(URLSAFE, 44)}`,
    (r) => `aio_${r.chars(ALNUM, 28)}`,
    (r) => `ico-${r.chars(ALNUM, 32)}`,
    (r) => `rdme_${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 70)}`,
    (r) =>
      `access-production-${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}`,
    (r) => `lsv2_pt_${r.chars(HEX, 32)}_${r.chars(HEX, 10)}`,
    (r) => `sk_${r.chars(HEX, 48)}`,
    (r) => `fc-${r.chars(HEX, 32)}`,
    (r) => `tvly-${r.chars(ALNUM, 32)}`,
    (r) => `phx_${r.chars(ALNUM, 43)}`,
    (r) => `hcaik_${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 58)}`,
    (r) => `xaat-${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}`,
    (r) => `cs_${r.chars(HEX, 40)}`,
    (r) => `Atzr|${r.chars(URLSAFE, 120)}`,
    (r) => `v4.local.${r.chars(URLSAFE, 120)}`,
    (r) => `gAAAAAB${r.chars(URLSAFE, 93)}==`,
    (r) => `sk-svcacct-${r.chars(URLSAFE, 74)}`,
    (r) => `sk-ant-admin01-${r.chars(URLSAFE, 93)}AA`,
    (r) => `github_pat_11${r.chars(UPPER_ALNUM, 20)}_${r.chars(ALNUM, 59)}`,
    (r) => `glpat-${r.chars(URLSAFE, 20)}`,
    (r) => `xoxp-${r.digits(12)}-${r.digits(12)}-${r.digits(13)}-${r.chars(HEX, 32)}`,
  ],
  // Vendor formats the other splits draw little or not at all (Slack and Discord webhooks, Telegram bots,
  // SendGrid, Stripe webhook secrets, Shopify, Square, Azure client secrets, Alibaba, Tencent, DigitalOcean,
  // Vault, Notion, Figma, Postman, Grafana, New Relic, Supabase, Groq, Replicate, Perplexity, xAI, Atlassian,
  // age), and prefixed formats of vendors the detectors do not list (Pulumi, Netlify, Buildkite, CircleCI,
  // Fly.io, Terraform Cloud, Airtable).
  // Prefixed formats the detectors list but no other split draws (Docker Hub, Tailscale, PlanetScale,
  // Dynatrace, RubyGems, Sourcegraph, Contentful, Mapbox, Doppler, GitLab deploy and runner tokens, Shopify
  // custom apps, Stripe restricted keys), and formats no detector lists (Brevo, EasyPost, Shippo, Flutterwave,
  // Prefect, Clojars, Scalingo, Razorpay, HubSpot, Mailchimp, Twitter bearer tokens, Braintree, Yandex OAuth).
  'held-out-7': [
    (r) => `dckr_pat_${r.chars(URLSAFE, 27)}`,
    (r) => `tskey-auth-${r.chars(ALNUM, 12)}-${r.chars(ALNUM, 32)}`,
    (r) => `pscale_tkn_${r.chars(URLSAFE, 43)}`,
    (r) => `dt0c01.${r.chars(UPPER_ALNUM, 24)}.${r.chars(UPPER_ALNUM, 64)}`,
    (r) => `rubygems_${r.chars(HEX, 48)}`,
    (r) => `sgp_${r.chars(HEX, 40)}`,
    (r) => `CFPAT-${r.chars(URLSAFE, 43)}`,
    (r) => `sk.eyJ${r.chars(URLSAFE, 60)}.${r.chars(URLSAFE, 22)}`,
    (r) => `dp.st.${r.pick(['dev', 'prd'])}.${r.chars(ALNUM, 43)}`,
    (r) => `gldt-${r.chars(URLSAFE, 20)}`,
    (r) => `glrt-${r.chars(URLSAFE, 20)}`,
    (r) => `shpca_${r.chars(HEX, 32)}`,
    (r) => `rk_live_${r.chars(ALNUM, 99)}`,
    (r) => `xkeysib-${r.chars(HEX, 64)}-${r.chars(ALNUM, 16)}`,
    (r) => `EZAK${r.chars(HEX, 54)}`,
    (r) => `shippo_live_${r.chars(HEX, 40)}`,
    (r) => `FLWSECK-${r.chars(HEX, 32)}-X`,
    (r) => `pnu_${r.chars(ALNUM, 36)}`,
    (r) => `CLOJARS_${r.chars(HEX, 60)}`,
    (r) => `tk-us-${r.chars(URLSAFE, 48)}`,
    (r) => `rzp_live_${r.chars(ALNUM, 14)}`,
    (r) => `pat-na1-${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}`,
    (r) => `${r.chars(HEX, 32)}-us${r.int(1, 21)}`,
    (r) => `AAAAAAAAAAAAAAAAAAAAA${r.chars(ALNUM, 26)}%3D${r.chars(ALNUM, 50)}`,
    (r) => `access_token$production$${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 16)}$${r.chars(HEX, 32)}`,
    (r) => `y0_AgAAAAA${r.chars(URLSAFE, 50)}`,
  ],
  'held-out-6': [
    (r) =>
      `https://hooks.slack.com/services/T${r.chars(UPPER_ALNUM, 8)}/B${r.chars(UPPER_ALNUM, 10)}/${r.chars(ALNUM, 24)}`,
    (r) => `https://discord.com/api/webhooks/${r.digits(18)}/${r.chars(URLSAFE, 68)}`,
    (r) => `${r.digits(10)}:AA${r.chars(URLSAFE, 33)}`,
    (r) => `SG.${r.chars(URLSAFE, 22)}.${r.chars(URLSAFE, 43)}`,
    (r) => `whsec_${r.chars(ALNUM, 32)}`,
    (r) => `shpat_${r.chars(HEX, 32)}`,
    (r) => `sq0atp-${r.chars(URLSAFE, 22)}`,
    (r) => `${r.chars(ALNUM, 3)}8Q~${r.chars(ALNUM + '_-.~', 31)}`,
    (r) => `LTAI${r.chars(ALNUM, 20)}`,
    (r) => `AKID${r.chars(ALNUM, 32)}`,
    (r) => `dop_v1_${r.chars(HEX, 64)}`,
    (r) => `hvs.${r.chars(URLSAFE, 90)}`,
    (r) => `ntn_${r.chars(ALNUM, 46)}`,
    (r) => `figd_${r.chars(URLSAFE, 40)}`,
    (r) => `PMAK-${r.chars(HEX, 24)}-${r.chars(HEX, 34)}`,
    (r) => `glc_${r.chars(ALNUM, 48)}`,
    (r) => `NRAK-${r.chars(UPPER_ALNUM, 27)}`,
    (r) => `sbp_${r.chars(HEX, 40)}`,
    (r) => `gsk_${r.chars(ALNUM, 52)}`,
    (r) => `r8_${r.chars(ALNUM, 37)}`,
    (r) => `pplx-${r.chars(ALNUM, 48)}`,
    (r) => `xai-${r.chars(ALNUM, 80)}`,
    (r) => `ATATT3xFfGF0${r.chars(URLSAFE, 170)}=${r.chars(HEX, 8).toUpperCase()}`,
    (r) => `AGE-SECRET-KEY-1${r.chars('023456789ACDEFGHJKLMNPQRSTUVWXYZ', 58)}`,
    (r) => `pul-${r.chars(HEX, 40)}`,
    (r) => `nfp_${r.chars(ALNUM, 36)}`,
    (r) => `bkua_${r.chars(HEX, 40)}`,
    (r) => `CCIPAT_${r.chars(ALNUM, 22)}_${r.chars(HEX, 40)}`,
    (r) => `fo1_${r.chars(URLSAFE, 43)}`,
    (r) => `${r.chars(ALNUM, 14)}.atlasv1.${r.chars(ALNUM, 67)}`,
    (r) => `pat${r.chars(ALNUM, 14)}.${r.chars(HEX, 64)}`,
  ],
  tuning: [
    (r) => `sk-${r.chars(ALNUM, 48)}`,
    (r) => `github_pat_${r.chars(ALNUM, 22)}_${r.chars(ALNUM, 59)}`,
    (r) => `gho_${r.chars(ALNUM, 36)}`,
    (r) => `glpat-${r.chars(URLSAFE, 20)}`,
    (r) => `rk_test_${r.chars(ALNUM, 24)}`,
    (r) => `xoxp-${r.digits(12)}-${r.digits(12)}-${r.digits(13)}-${r.chars(HEX, 32)}`,
    (r) => `npm_${r.chars(ALNUM, 36)}`,
    (r) => `hf_${r.chars(ALNUM, 34)}`,
    (r) => `sk-ant-admin01-${r.chars(URLSAFE, 93)}AA`,
    (r) => `sk-proj-${r.chars(URLSAFE, 48)}`,
    (r) => `sk-ant-api03-${r.chars(URLSAFE, 93)}AA`,
    (r) => `AKIA${r.chars(UPPER_ALNUM, 16)}`,
    (r) => `ASIA${r.chars(UPPER_ALNUM, 16)}`,
    (r) => `ghp_${r.chars(ALNUM, 36)}`,
    (r) => `xoxb-${r.digits(12)}-${r.digits(13)}-${r.chars(ALNUM, 24)}`,
    (r) => `sk_live_${r.chars(ALNUM, 24)}`,
    (r) => `AIza${r.chars(URLSAFE, 35)}`,
    (r) => `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${r.chars(URLSAFE, 40)}.${r.chars(URLSAFE, 43)}`,
  ],
  'held-out': [
    (r) => `sk-proj-${r.chars(URLSAFE, 64)}`,
    (r) => `sk-ant-api03-${r.chars(URLSAFE, 93)}AA`,
    (r) => `ASIA${r.chars(UPPER_ALNUM, 16)}`,
    (r) => `ghs_${r.chars(ALNUM, 36)}`,
    (r) => `ghu_${r.chars(ALNUM, 36)}`,
    (r) => `glpat-${r.chars(URLSAFE, 20)}`,
    (r) => `sk_test_${r.chars(ALNUM, 99)}`,
    (r) => `rk_live_${r.chars(ALNUM, 24)}`,
    (r) => `xoxa-2-${r.digits(12)}-${r.digits(13)}-${r.chars(HEX, 32)}`,
    (r) => `npm_${r.chars(ALNUM, 36)}`,
    (r) => `hf_${r.chars(ALNUM, 34)}`,
    (r) => `AIza${r.chars(URLSAFE, 35)}`,
    (r) => `eyJhbGciOiJSUzI1NiIsImtpZCI6Ij${r.chars(URLSAFE, 20)}.eyJ${r.chars(URLSAFE, 120)}.${r.chars(URLSAFE, 86)}`,
    (r) => `atr_${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 12)}_${r.chars(URLSAFE, 43)}`,
  ],
  // Common vendors and others: Google OAuth, SendGrid, Stripe webhooks, Shopify, DigitalOcean, Vault, Groq,
  // Slack webhooks, Mailchimp, Twilio API keys, Azure AD secrets, Databricks, Anthropic, AWS key ids.
  'held-out-2': [
    (r) => `sk-proj-${r.chars(URLSAFE, 74)}`,
    (r) => `sk-ant-api03-${r.chars(URLSAFE, 93)}AA`,
    (r) => `AKIA${r.chars(UPPER_ALNUM, 16)}`,
    (r) => `ghp_${r.chars(ALNUM, 36)}`,
    (r) => `github_pat_11${r.chars(UPPER_ALNUM, 20)}_${r.chars(ALNUM, 59)}`,
    (r) => `xoxb-${r.digits(11)}-${r.digits(13)}-${r.chars(ALNUM, 24)}`,
    (r) => `GOCSPX-${r.chars(URLSAFE, 28)}`,
    (r) => `SG.${r.chars(URLSAFE, 22)}.${r.chars(URLSAFE, 43)}`,
    (r) => `whsec_${r.chars(ALNUM, 32)}`,
    (r) => `shpat_${r.chars(HEX, 32)}`,
    (r) => `dop_v1_${r.chars(HEX, 64)}`,
    (r) => `hvs.${r.chars(URLSAFE, 24)}`,
    (r) => `gsk_${r.chars(ALNUM, 52)}`,
    (r) =>
      `https://hooks.slack.com/services/T${r.chars(UPPER_ALNUM, 8)}/B${r.chars(UPPER_ALNUM, 10)}/${r.chars(ALNUM, 24)}`,
    (r) => `${r.chars(HEX, 32)}-us${r.int(1, 21)}`,
    (r) => `SK${r.chars(HEX, 32)}`,
    (r) => `${r.chars(ALNUM, 3)}${r.int(7, 8)}Q~${r.chars(URLSAFE + '~.', 34)}`,
    (r) => `dapi${r.chars(HEX, 32)}`,
    (r) => `sk_live_${r.chars(ALNUM, 99)}`,
    (r) => `glpat-${r.chars(URLSAFE, 20)}`,
  ],
  // Anthropic, OpenAI service accounts, Hugging Face, npm, PyPI, Stripe restricted, Linear, Notion, Figma,
  // Sentry, Postman, New Relic, Supabase, Replicate, Perplexity, xAI, Telegram bots, Doppler.
  'held-out-3': [
    (r) => `sk-ant-api03-${r.chars(URLSAFE, 93)}AA`,
    (r) => `sk-svcacct-${r.chars(URLSAFE, 60)}`,
    (r) => `hf_${r.chars(ALNUM, 34)}`,
    (r) => `npm_${r.chars(ALNUM, 36)}`,
    (r) => `pypi-AgEIcHlwaS5vcmc${r.chars(URLSAFE, 60)}`,
    (r) => `rk_live_${r.chars(ALNUM, 40)}`,
    (r) => `lin_api_${r.chars(ALNUM, 40)}`,
    (r) => `ntn_${r.chars(ALNUM, 46)}`,
    (r) => `figd_${r.chars(URLSAFE, 40)}`,
    (r) => `PMAK-${r.chars(HEX, 24)}-${r.chars(HEX, 34)}`,
    (r) => `NRAK-${r.chars(UPPER_ALNUM, 27)}`,
    (r) => `sbp_${r.chars(HEX, 40)}`,
    (r) => `r8_${r.chars(ALNUM, 37)}`,
    (r) => `pplx-${r.chars(ALNUM, 48)}`,
    (r) => `xai-${r.chars(ALNUM, 80)}`,
    (r) => `${r.int(100000000, 999999999)}:AA${r.chars(URLSAFE, 33)}`,
    (r) => `dp.st.prd.${r.chars(ALNUM, 43)}`,
    (r) => `ghp_${r.chars(ALNUM, 36)}`,
  ],
  // OpenAI project and OpenRouter keys, Anthropic, AWS, GitHub fine-grained and app tokens, GitLab, Slack app
  // tokens, Stripe, SendGrid, Google, Azure AD, Hugging Face, JWTs, Groq, Atlassian, Grafana, Vault batch, Sentry.
  'held-out-4': [
    (r) => `sk-proj-${r.chars(URLSAFE, 120)}`,
    (r) => `sk-or-v1-${r.chars(HEX, 64)}`,
    (r) => `sk-ant-api03-${r.chars(URLSAFE, 93)}AA`,
    (r) => `AKIA${r.chars(UPPER_ALNUM, 16)}`,
    (r) => `github_pat_11${r.chars(UPPER_ALNUM, 20)}_${r.chars(ALNUM, 59)}`,
    (r) => `ghs_${r.chars(ALNUM, 36)}`,
    (r) => `glpat-${r.chars(URLSAFE, 20)}`,
    (r) => `xapp-1-A${r.chars(UPPER_ALNUM, 10)}-${r.digits(13)}-${r.chars(HEX, 64)}`,
    (r) => `sk_live_${r.chars(ALNUM, 24)}`,
    (r) => `SG.${r.chars(URLSAFE, 22)}.${r.chars(URLSAFE, 43)}`,
    (r) => `AIza${r.chars(URLSAFE, 35)}`,
    (r) => `${r.chars(ALNUM, 3)}8Q~${r.chars(URLSAFE + '~.', 34)}`,
    (r) => `hf_${r.chars(ALNUM, 34)}`,
    (r) => `eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${r.chars(URLSAFE, 60)}.${r.chars(URLSAFE, 86)}`,
    (r) => `gsk_${r.chars(ALNUM, 52)}`,
    (r) => `ATATT3xFfGF0${r.chars(URLSAFE, 170)}=${r.chars(HEX, 8).toUpperCase()}`,
    (r) => `glsa_${r.chars(ALNUM, 32)}_${r.chars(HEX, 8)}`,
    (r) => `hvb.${r.chars(URLSAFE, 90)}`,
    (r) => `sntrys_eyJpYXQiOj${r.chars(ALNUM, 80)}`,
  ], // OpenAI service accounts and admin keys, Anthropic admin keys, GitHub OAuth and refresh tokens, GitLab
  // deploy and runner tokens, Slack user tokens, Stripe restricted keys, Twilio, Mailgun, Databricks,
  // Doppler, Hugging Face, npm, Google OAuth secrets and access tokens, Heroku, Linear, JWTs.
  'held-out-5': [
    (r) => `sk-svcacct-${r.chars(URLSAFE, 80)}`,
    (r) => `sk-admin-${r.chars(URLSAFE, 60)}`,
    (r) => `sk-ant-admin01-${r.chars(URLSAFE, 93)}AA`,
    (r) => `gho_${r.chars(ALNUM, 36)}`,
    (r) => `ghr_${r.chars(ALNUM, 36)}`,
    (r) => `gldt-${r.chars(URLSAFE, 20)}`,
    (r) => `glrt-${r.chars(URLSAFE, 20)}`,
    (r) => `xoxp-${r.digits(11)}-${r.digits(12)}-${r.digits(13)}-${r.chars(HEX, 32)}`,
    (r) => `rk_live_${r.chars(ALNUM, 99)}`,
    (r) => `SK${r.chars(HEX, 32)}`,
    (r) => `key-${r.chars(HEX, 32)}`,
    (r) => `dapi${r.chars(HEX, 32)}-2`,
    (r) => `dp.pt.${r.chars(ALNUM, 43)}`,
    (r) => `hf_${r.chars(ALNUM, 34)}`,
    (r) => `npm_${r.chars(ALNUM, 36)}`,
    (r) => `GOCSPX-${r.chars(URLSAFE, 28)}`,
    (r) => `ya29.a0${r.chars(URLSAFE, 150)}`,
    (r) => `HRKU-${r.chars(URLSAFE, 60)}`,
    (r) => `lin_api_${r.chars(ALNUM, 40)}`,
    (r) => `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ${r.chars(URLSAFE, 90)}.${r.chars(URLSAFE, 342)}`,
  ],
};

const PEM_LABELS: Record<TabledSplit, string[]> = {
  'held-out-8': ['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY'],
  'held-out-9': ['ENCRYPTED PRIVATE KEY', 'DSA PRIVATE KEY', 'PRIVATE KEY'],
  'held-out-10': ['EC PRIVATE KEY', 'RSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PRIVATE KEY'],
  'held-out-6': ['PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY'],
  'held-out-7': ['OPENSSH PRIVATE KEY', 'DSA PRIVATE KEY', 'PGP PRIVATE KEY BLOCK', 'ENCRYPTED PRIVATE KEY'],
  tuning: ['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'],
  'held-out': ['PRIVATE KEY', 'RSA PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PGP PRIVATE KEY BLOCK'],
  'held-out-2': [
    'PRIVATE KEY',
    'EC PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY',
    'OPENSSH PRIVATE KEY',
    'PGP PRIVATE KEY BLOCK',
  ],
  'held-out-3': ['OPENSSH PRIVATE KEY', 'RSA PRIVATE KEY', 'PRIVATE KEY'],
  'held-out-4': [
    'PRIVATE KEY',
    'EC PRIVATE KEY',
    'OPENSSH PRIVATE KEY',
    'PGP PRIVATE KEY BLOCK',
    'ENCRYPTED PRIVATE KEY',
  ],
  'held-out-5': ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY'],
};

export function pem(r: Random, split: TabledSplit): string {
  const label = r.pick(PEM_LABELS[split]);
  const lines = Array.from({ length: r.int(2, 5) }, () => r.chars(BASE64, 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n${r.chars(BASE64, 20)}==\n-----END ${label}-----`;
}

/** An AWS secret access key: 40 characters of base64's alphabet. */
export function awsSecretKey(r: Random): string {
  return r.chars(ALNUM + '/+', 40);
}

/** A password as people set them: letters, digits and a few symbols that URLs and JSON strings carry unescaped. */
export function password(r: Random): string {
  return `${r.chars(ALNUM, r.int(6, 12))}${r.pick(['!', '*', '-', '_', ''])}${r.digits(r.int(1, 4))}`;
}

/**
 * Passwords of the fourth held-out split: wider symbol sets (`@`, `#`, `$`, `%`, `&`, `?`, `+`, `.` inside),
 * words with digits swapped in, and generated ones, as people set them.
 */
export function passwordBroad(r: Random): string {
  return r.pick([
    () => `${r.chars(ALNUM, r.int(4, 8))}${r.pick(['@', '#', '$', '%', '&', '?', '+', '!'])}${r.digits(r.int(2, 4))}`,
    () =>
      `${r.pick(['Sommer', 'Winter', 'Welcome', 'Bonjour', 'Primavera', 'Admin', 'Dragon'])}${r.int(2019, 2026)}${r.pick(['!', '#', '$', ''])}`,
    () => `${r.chars(ALNUM, 5)}.${r.chars(ALNUM, 5)}${r.digits(2)}`,
    () => r.chars(ALNUM + '!#%&*+-=?', r.int(14, 24)).replace(/^./, 'Q') + String(r.int(0, 9)),
    () => `${r.pick(['P', 'p'])}@ss${r.pick(['w0rd', 'W0rd', 'wort'])}${r.digits(r.int(1, 4))}`,
  ])();
}

/**
 * Passwords of the fifth held-out split: the fourth split's shapes and more (leet words with symbols at both
 * ends, passphrases joined by dashes with a digit, generated ones with brackets and carets, `:` and `=` inside).
 */
export function passwordFifth(r: Random): string {
  return r.pick([
    () => passwordBroad(r),
    () =>
      `${r.pick(['!', '#', '$'])}${r.pick(['Tr0ub4dor', 'S3cur1ty', 'L3tm31n', 'H0nd4C1v1c'])}${r.pick(['&3', '!9', '#42'])}`,
    () =>
      `${r.pick(['correct', 'orange', 'granite', 'velvet'])}-${r.pick(['horse', 'river', 'pencil', 'lantern'])}-${r.pick(['battery', 'cloud', 'table'])}-${r.int(1, 99)}`,
    () => `${r.chars(ALNUM, r.int(6, 10))}^${r.chars(ALNUM, 3)}]${r.digits(2)}`,
    () => `${r.chars(ALNUM, 5)}:${r.chars(ALNUM, 4)}=${r.digits(3)}`,
  ])();
}

/**
 * Passwords of the sixth held-out split, for settings and chats: words with a year and a symbol, digits
 * first, passphrases joined by dots or underscores, lower case with digits, a leading '@', and generated
 * ones with one symbol. None holds a quote, a space, ',', ';', '<', '>' or a bracket, so each one's end is
 * where the line says it is.
 */
export function passwordSixth(r: Random): string {
  return r.pick([
    () =>
      `${r.pick(['Autumn', 'Frühling', 'Zomer', 'Inverno', 'Kesä', 'Bahar'])}${r.int(2019, 2026)}${r.pick(['!', '?', '#', '*'])}`,
    () => `${r.int(2019, 2026)}${r.pick(['Winter', 'Soleil', 'Lluvia'])}${r.pick(['!', '$', '%'])}`,
    () =>
      `${r.pick(['maple', 'tiger', 'copper', 'fjord'])}${r.pick(['.', '_'])}${r.pick(['river', 'stone', 'cloud'])}${r.pick(['.', '_'])}${r.int(10, 99)}`,
    () => `${r.chars('abcdefghijkmnopqrstuvwxyz', r.int(6, 9))}${r.digits(r.int(2, 4))}`,
    () => `@${r.pick(['dmin', 'ccess', 'pril'])}${r.int(2019, 2026)}`,
    () =>
      `${r.chars(ALNUM, r.int(10, 14))}${r.pick(['!', '@', '#', '$', '%', '^', '&', '*', '-', '_', '+', '=', '?', '~'])}${r.digits(1)}`,
  ])();
}

/**
 * Passwords as a generator makes them, for quoted settings only: sixteen characters from letters, digits
 * and the symbols generators offer (brackets, braces, parentheses, '|', ':', ';', ',' among them), with no
 * quote, backslash, '<', '>' or '&' (which the quoting of C, XML, YAML and shells would need escaped).
 */
export function generatedPassword(r: Random): string {
  for (;;) {
    const value = r.chars(ALNUM + '!#$%()*+,-./:;=?@[]^_{}|~', 16);
    if (/[^A-Za-z0-9]/.test(value) && /\d/.test(value) && !value.includes('#{')) return value;
  }
}

/**
 * Passwords of the seventh held-out split: letters outside Latin (Cyrillic, Greek, accented), an emoji, words
 * in the chat's languages with a year, short generated ones, `+` or `&` inside, mixed case with a trailing
 * symbol pair. None holds a quote, a space, ',', ';', '<', '>' or a bracket.
 */
export function passwordSeventh(r: Random): string {
  return r.pick([
    () =>
      `${r.pick(['Пароль', 'Зима', 'Κωδικός', 'Ñandú', 'Çiçek', 'Grønn'])}${r.int(2019, 2026)}${r.pick(['!', '#', '*'])}`,
    () => `${r.pick(['🔥', '🌵', '⭐'])}${r.pick(['Fire', 'Cactus', 'Star'])}${r.int(10, 99)}`,
    () =>
      `${r.pick(['Tardor', 'Udazkena', 'Hydref', 'Haust', 'Jesen', 'Vjeshta'])}${r.int(2019, 2026)}${r.pick(['!', '?', '$'])}`,
    () => `${r.chars(ALNUM, 3)}${r.digits(2)}${r.chars(ALNUM, 2)}`,
    () => `${r.chars(ALNUM, r.int(6, 9))}${r.pick(['+', '&'])}${r.chars(ALNUM, 3)}${r.digits(2)}`,
    () => `${r.chars(ALNUM, r.int(8, 12))}${r.digits(1)}${r.pick(['!!', '#$', '*&', '@!'])}`,
  ])();
}

/**
 * Passwords of the eighth held-out split: leetspeak with symbols, words of the chats' languages with a year,
 * lowercase words with digits, short ones with a symbol in the middle, dash- and dot-joined words with a number,
 * and generator output with `%`, `^` and `~`. None holds a quote, a space, ',', ';', '<', '>' or a bracket.
 */
export function passwordEighth(r: Random): string {
  return r.pick([
    () => `${r.pick(['P@$$w0rd', 'Adm1n!', 'W3lc0me#', 'L3tM3In$', 'S3cur3^'])}${r.int(2020, 2027)}`,
    () =>
      `${r.pick(['Sommer', 'Taona', 'Tsetseg', 'Baraf', 'Haruru', 'Lanmè', 'Chirimoya', 'Nyenyezi'])}${r.int(2019, 2027)}${r.pick(['!', '#', '%', '~'])}`,
    () => `${r.pick(['summer', 'dragon', 'monkey', 'sunshine', 'baseball'])}${r.digits(r.int(2, 4))}`,
    () => `${r.chars(ALNUM, 3)}${r.pick(['%', '^', '~', '='])}${r.chars(ALNUM, 3)}${r.digits(1)}`,
    () =>
      `${r.pick(['river', 'cloud', 'pepper', 'falcon'])}${r.pick(['-', '.'])}${r.pick(['stone', 'lamp', 'orbit'])}${r.pick(['-', '.'])}${r.int(10, 999)}`,
    () => `${r.chars(ALNUM, r.int(10, 14))}${r.pick(['%', '^', '~'])}${r.digits(2)}`,
  ])();
}

/** A random key for a setting that names it (`JWT_SECRET=`, `APP_KEY=base64:`, `ENCRYPTION_KEY=`): hex or base64. */
export function namedKey(r: Random): string {
  return r.pick([
    () => r.chars(HEX, r.pick([32, 64])),
    () => `${r.chars(BASE64, 43)}=`,
    () => r.chars(URLSAFE, r.int(32, 48)),
  ])();
}

/** An address people write so that harvesters miss it: `jane(at)example(dot)com`, `jane [at] example [dot] com`. */
export function obfuscatedEmail(r: Random): string {
  const first = r.pick(['jane', 'lukas', 'sofia', 'mateo', 'chloe', 'emily']);
  const last = r.pick(['doe', 'brown', 'moreau', 'garcia', 'weber']);
  const host = r.pick(['example', 'beispiel', 'exemple']);
  const tld = r.pick(['com', 'org', 'de', 'fr']);
  return r.pick([
    `${first}.${last}(at)${host}(dot)${tld}`,
    `${first}.${last} [at] ${host} [dot] ${tld}`,
    `${first}_${last} AT ${host} DOT ${tld}`,
    `${first}.${last}@${host}[.]${tld}`,
  ]);
}

/** An address with a local part beyond ASCII (RFC 6531): `josé.garcía@…`, `用户@…`, `अजय@…`. */
export function internationalEmail(r: Random): string {
  return `${r.pick(['josé.garcía', 'müller.jürgen', 'françois', 'наталья', 'अजय.कुमार', '用户', 'θεόδωρος'])}@${r.pick(['example.com', 'beispiel.de', 'пример.рф', 'उदाहरण.भारत', '例子.广告', 'example.gr'])}`;
}

export { heldOut8FullWidthPhone, heldOut8NativePhone };

/** A passphrase of four words with spaces, for quoted settings and `key=value` lines ending the line. */
export function passphrase(r: Random): string {
  const words = ['violet', 'harbor', 'pencil', 'thunder', 'quiet', 'meadow', 'copper', 'glacier', 'walnut', 'ember'];
  return `${r.pick(words)} ${r.pick(words)} ${r.pick(words)} ${r.pick(words)} ${r.int(2, 99)}`;
}

/** A password of digits only, as alarm panels, routers and door locks take them: six to ten digits. */
export function numericPassword(r: Random): string {
  for (;;) {
    const value = `${r.int(1, 9)}${r.digits(r.int(5, 9))}`;
    if (!/(\d)\1{2}/.test(value)) return value;
  }
}

/** A PIN or passcode: four to six digits, not one digit repeated. */
export function pin(r: Random): string {
  for (;;) {
    const value = r.digits(r.int(4, 6));
    if (!/^(\d)\1+$/.test(value)) return value;
  }
}

export function awsKeyId(r: Random): string {
  return `${r.pick(['AKIA', 'ASIA'])}${r.chars(UPPER_ALNUM, 16)}`;
}

export function secret(r: Random, split: TabledSplit): string {
  return r.pick(SECRETS[split])(r);
}

/** A token that appears after `Bearer` (opaque, not one of the vendor formats above). */
export function bearerToken(r: Random): string {
  return r.pick([
    () => r.chars(HEX, 40),
    () => r.chars(URLSAFE, 32),
    () => `${r.chars(ALNUM, 24)}.${r.chars(ALNUM, 12)}`,
  ])();
}

/**
 * IPv6 addresses of the ninth held-out split: uncompressed with leading zeros, in capitals, NAT64 with an
 * embedded IPv4 address, 6to4, unique local with a short tail, and global unicast of several registries.
 */
function heldOut9Ipv6(r: Random): string {
  const g = () => r.chars(HEX, 4);
  return r.pick([
    () => `2a02:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}`,
    () => `2A0${r.int(0, 9)}:${g()}:${g()}::${g()}`.toUpperCase(),
    () => `64:ff9b::${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `2002:${g()}:${g()}::${r.int(1, 9)}`,
    () => `fd${r.chars(HEX, 2)}:${g()}:${g()}::${r.chars(HEX, 2)}`,
    () => `2406:${g()}:${g()}:${g()}::${g()}`,
    () => `2c0f:${g()}:${g()}::${r.chars(HEX, 3)}`,
  ])();
}

/**
 * Passwords of the ninth held-out split: words of its languages with a year and a symbol, digits inside words,
 * random strings with `*`, `(`, `)`, `:` and `;`, and passphrases joined by dots or underscores with a number.
 */
export function passwordNinth(r: Random): string {
  return r.pick([
    () =>
      `${r.pick(['Jesień', 'Zmrzlina', 'Baharı', 'Mùaxuân', 'Matahari', 'Mvua', 'Primăvară', 'Καλοκαίρι', 'Kiwi'])}${r.int(2018, 2027)}${r.pick(['*', '!', ')', '#'])}`,
    () => `${r.chars(ALNUM, r.int(4, 7))}*${r.chars(ALNUM, r.int(3, 5))}${r.digits(2)}`,
    () => `${r.chars(ALNUM, r.int(8, 14))}(${r.digits(2)})`,
    () =>
      `${r.pick(['amber', 'nimbus', 'tundra', 'quartz'])}.${r.pick(['falcon', 'meadow', 'harbor'])}_${r.int(10, 999)}`,
    () => `${r.chars(ALNUM, 6)};${r.chars(ALNUM, 4)}${r.digits(1)}`,
  ])();
}

/**
 * IPv6 addresses of the tenth held-out split: cloud providers' prefixes no split drew (Google Cloud, Azure,
 * Cloudflare, Hetzner, OVH, LACNIC and AFRINIC space), an IPv4 address embedded after a /96 of a documentation
 * prefix (RFC 6052), mixed case, and a leading-zero group kept.
 */
function heldOut10Ipv6(r: Random): string {
  const g = () => r.chars(HEX, 4);
  return r.pick([
    () => `2600:1900:${g()}:${g()}::${r.chars(HEX, 3)}`,
    () => `2603:1030:${g()}:${g()}::${r.int(1, 99)}`,
    () => `2a06:98c1:${g()}::${g()}:${g()}`,
    () => `2a01:4f9:${g()}:${g()}::${r.int(2, 9)}`,
    () => `2001:41d0:${r.chars(HEX, 3)}:${g()}::${r.int(1, 99)}`,
    () => `2803:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}`,
    () => `2c0f:f${r.chars(HEX, 3)}:${g()}::${g()}`,
    () =>
      `2001:db8:${r.chars(HEX, 3)}:${r.chars(HEX, 3)}::${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `2a0${r.int(0, 9)}:${g().toUpperCase()}:0${r.chars(HEX, 3)}:${g()}::${g()}`,
  ])();
}

/**
 * Passwords of the tenth held-out split: words of its languages with a year and a symbol (Latvian, Croatian,
 * Slovak, Xhosa, Tok Pisin, Armenian and Hebrew letters), generated ones with `<`, `>`, a backtick, `&` or `=`
 * inside, and two words joined by `+`.
 */
export function passwordTenth(r: Random): string {
  return r.pick([
    () =>
      `${r.pick(['Vasara', 'Jesen', 'Zima', 'Ilanga', 'Samting', 'Արև', 'שמש', 'Ljeto', 'Rudens'])}${r.int(2019, 2027)}${r.pick(['!', '$', '#', '&'])}`,
    () =>
      `${r.chars(ALNUM, r.int(5, 8))}${r.pick(['<', '>', '`', '&', '='])}${r.chars(ALNUM, r.int(3, 6))}${r.digits(2)}`,
    () => `${r.pick(['kopi', 'mango', 'koala', 'tapa'])}+${r.pick(['rivas', 'moana', 'salsa'])}${r.int(10, 99)}`,
  ])();
}

/** For double-quoted settings only: a password manager's long output with symbols, or one holding an apostrophe. */
export function quotedPasswordTenth(r: Random): string {
  return r.pick([
    () => `${r.chars(ALNUM, 2)}${r.chars(ALNUM + '!@#$%^&*', r.int(18, 26))}`,
    () => `${r.chars(ALNUM, r.int(6, 9))}'${r.chars(ALNUM, r.int(2, 4))}${r.digits(2)}`,
  ])();
}

/** For URLs and unquoted shell arguments: a word, a year and an unreserved symbol, or letters and digits joined by one. */
export function urlPasswordTenth(r: Random): string {
  return r.pick([
    () => `${r.pick(['Vasara', 'Jesen', 'Ilanga', 'Ljeto', 'Rudens'])}${r.int(2019, 2027)}${r.pick(['!', '*', '~'])}`,
    () => `${r.chars(ALNUM, r.int(6, 9))}${r.pick(['-', '_', '.'])}${r.chars(ALNUM, r.int(3, 5))}${r.digits(2)}`,
  ])();
}

/** The base64 of `user:password` that HTTP Basic authentication and Docker's `auths` carry. */
export function basicCredentials(r: Random): string {
  const user = r.pick(['admin', 'deploy', 'ci-bot', 'ana.lopez']);
  return Buffer.from(`${user}:${urlPasswordTenth(r)}`).toString('base64');
}
