import { ibanFor, luhnComplete, ssnParts } from './entities';
import { heldOut12Phone, heldOut12PhoneE164, heldOut12PhoneOf } from './phones-held-out-12';
import { ALNUM, BASE64, HEX, type Random, UPPER_ALNUM, URLSAFE } from './random';

/**
 * Entities of the twelfth held-out split (written 2026-12-08, after the twelfth round of fixes, committed before
 * it was scored), built from public rules, not from the detectors: e-mail addresses of the split's countries;
 * cards of the issuers people there hold (Visa, Mastercard 51–55 and 2221–2720, Amex, Discover, JCB, Diners,
 * UnionPay, Maestro, Cartes Bancaires co-badged Visa), Luhn-complete and written as printed; IBANs of the split's
 * countries with the registry's BBAN layout; SSNs by the SSA's rules; IPv4 and IPv6 addresses; and secrets as
 * vendors document them — AWS AKIA/ASIA key ids and 40-character secret keys, GitHub classic and fine-grained
 * tokens, Slack bot, user and app tokens, Stripe live secret and restricted keys, Google API keys, OpenAI and
 * Anthropic keys, GitLab, npm, Hugging Face, SendGrid, Twilio, Mailgun, Datadog, JWTs, private key blocks —
 * and passwords people set and tell, in English, German, French and Spanish.
 */
const FIRST = [
  'anna',
  'felix',
  'manon',
  'théo',
  'carmen',
  'javier',
  'olivia',
  'james',
  'noah',
  'yasmine',
  'björn',
  'élodie',
  'pablo',
  'ines',
];
const LAST = [
  'schneider',
  'wagner',
  'dubois',
  'laurent',
  'rodríguez',
  'sánchez',
  'taylor',
  'wilson',
  'nguyen',
  'benali',
  'öztürk',
  'garcía',
  'müller',
  "o'brien",
];
const DOMAINS = [
  'gmail.com',
  'googlemail.com',
  'outlook.de',
  'hotmail.fr',
  'gmx.net',
  'web.de',
  'posteo.de',
  'sfr.fr',
  'wanadoo.fr',
  'yahoo.com.mx',
  'live.com.ar',
  'proton.me',
  'me.com',
  'btinternet.com',
  'sbb.ch',
  'stadtwerke-bonn.de',
  'cabinet-martin.fr',
  'hospital-clinic.cat',
  'ayto-madrid.es',
  'acme.io',
  'support.example-shop.com',
  'eng.company.co.uk',
  'uni-koeln.de',
  'ens.fr',
  'tec.mx',
  'ucm.es',
];
const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ ']/g, '');

export function email12(r: Random): string {
  const first = plain(r.pick(FIRST));
  const last = plain(r.pick(LAST));
  const local = r.pick([
    `${first}.${last}`,
    `${first}.${last}`,
    `${first[0]}${last}`,
    `${first}.${last[0]}`,
    `${first}_${last}${r.int(1, 99)}`,
    `${first}-${last}`,
    `${first}+${r.pick(['shop', 'github', 'bank', 'promo', 'jira'])}`,
    `${last}${r.int(1960, 2005)}`,
    r.pick([
      'noreply',
      'no-reply',
      'admin',
      'service.client',
      'atencion.cliente',
      'kundenservice',
      'hr',
      'devops',
      'security',
    ]),
    `${first.toUpperCase()}.${last.toUpperCase()}`,
    `${first}.${last}.${r.pick(['ext', 'extern', 'consultant'])}`,
  ]);
  return `${local}@${r.pick(DOMAINS)}`;
}

const ISSUERS: Array<{ prefix: (r: Random) => string; length: number }> = [
  { prefix: () => '4', length: 16 },
  { prefix: () => '4', length: 16 },
  { prefix: (r) => `4${r.pick(['97', '970', '539', '13'])}`, length: 16 },
  { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
  { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
  { prefix: (r) => String(r.int(2221, 2720)), length: 16 },
  { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
  { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
  { prefix: () => '6011', length: 16 },
  { prefix: (r) => `6${r.int(44, 49)}`, length: 16 },
  { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
  { prefix: (r) => `30${r.int(0, 5)}`, length: 14 },
  { prefix: () => '36', length: 14 },
  { prefix: (r) => `62${r.int(2, 8)}`, length: 16 },
  { prefix: (r) => `62${r.int(2, 8)}`, length: 19 },
  { prefix: (r) => `67${r.pick(['59', '61', '63'])}`, length: 16 },
  { prefix: () => '4', length: 19 },
];

export function card12(r: Random): string {
  const issuer = r.pick(ISSUERS);
  const digits = luhnComplete(issuer.prefix(r), issuer.length, r);
  const sep = r.pick(['', ' ', ' ', '-', '-']);
  if (sep === '') return digits;
  if (digits.length === 15) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep);
  if (digits.length === 14) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep);
  if (digits.length === 19 && r.chance(0.5)) return `${digits.slice(0, 6)}${sep}${digits.slice(6)}`;
  return digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
}

/** Country, BBAN length, letters at the BBAN's start (bank code), per the SWIFT IBAN registry. */
const IBAN_COUNTRIES: Array<[string, number, number]> = [
  ['DE', 18, 0],
  ['DE', 18, 0],
  ['FR', 23, 0],
  ['FR', 23, 0],
  ['ES', 20, 0],
  ['ES', 20, 0],
  ['AT', 16, 0],
  ['CH', 17, 0],
  ['BE', 12, 0],
  ['LU', 16, 0],
  ['GB', 18, 4],
  ['IE', 18, 4],
  ['NL', 14, 4],
  ['IT', 23, 1],
  ['PT', 21, 0],
  ['MC', 23, 0],
  ['LI', 17, 0],
  ['AD', 20, 0],
  // Poland in Morocco's place: Morocco's 28-character account numbers are not in the registry.
  ['PL', 24, 0],
  ['DK', 14, 0],
  ['SE', 20, 0],
];

export function iban12(r: Random): string {
  const [country, length, letters] = r.pick(IBAN_COUNTRIES);
  const bban = r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', letters) + r.digits(length - letters);
  const compact = ibanFor(country, bban);
  return r.chance(0.6) ? compact.replace(/(.{4})(?=.)/g, '$1 ') : compact;
}

export function ssn12(r: Random): string {
  const [a, g, s] = ssnParts(r);
  return r.pick([`${a}-${g}-${s}`, `${a}-${g}-${s}`, `${a}-${g}-${s}`, `${a} ${g} ${s}`, `${a}${g}${s}`]);
}

export function ipv4_12(r: Random): string {
  return r.pick([
    () => `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `192.168.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `172.${r.int(16, 31)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    () =>
      `${r.pick([2, 5, 37, 45, 52, 54, 78, 79, 80, 82, 84, 87, 90, 95, 109, 141, 151, 178, 194, 213])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(0, 255)}`,
    () => `100.${r.int(64, 127)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  ])();
}

export function ipv6_12(r: Random): string {
  const g = () => r.chars(HEX, r.int(1, 4));
  return r.pick([
    () => `2a00:${g()}:${g()}:${g()}::${g()}`,
    () => `2001:db8:${g()}::${g()}`,
    () => `2600:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}`,
    () => `fe80::${g()}:${g()}:${g()}:${g()}`,
    () => `fd${r.chars(HEX, 2)}:${g()}:${g()}::${g()}`,
    () => `::ffff:${ipv4_12(r)}`,
    () =>
      Array.from({ length: 8 }, () => r.chars(HEX, 4))
        .join(':')
        .toUpperCase(),
    () => `2a01:cb${r.chars(HEX, 2)}:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}`,
  ])();
}

export function awsKeyId12(r: Random): string {
  return `${r.pick(['AKIA', 'AKIA', 'ASIA'])}${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
}

export function awsSecret12(r: Random): string {
  return r.chars(ALNUM + '/+', 40);
}

export function vendorKey12(r: Random): string {
  return r.pick([
    () => `ghp_${r.chars(ALNUM, 36)}`,
    () => `ghp_${r.chars(ALNUM, 36)}`,
    () => `github_pat_11${r.chars(UPPER_ALNUM, 20)}_${r.chars(ALNUM, 59)}`,
    () => `ghs_${r.chars(ALNUM, 36)}`,
    () => `ghu_${r.chars(ALNUM, 36)}`,
    () => `glpat-${r.chars(URLSAFE, 20)}`,
    () => `xoxb-${r.digits(13)}-${r.digits(13)}-${r.chars(ALNUM, 24)}`,
    () => `xoxp-${r.digits(13)}-${r.digits(13)}-${r.digits(13)}-${r.chars(HEX, 32)}`,
    () => `xapp-1-A${r.chars(UPPER_ALNUM, 10)}-${r.digits(13)}-${r.chars(HEX, 64)}`,
    () => `sk_live_${r.chars(ALNUM, r.pick([24, 99]))}`,
    () => `rk_live_${r.chars(ALNUM, r.pick([24, 99]))}`,
    () => `whsec_${r.chars(ALNUM, 32)}`,
    () => `AIza${r.chars(URLSAFE, 35)}`,
    () => `AIza${r.chars(URLSAFE, 35)}`,
    () => `sk-proj-${r.chars(URLSAFE, 156)}`,
    () => `sk-${r.chars(ALNUM, 20)}T3BlbkFJ${r.chars(ALNUM, 20)}`,
    () => `sk-ant-api03-${r.chars(URLSAFE, 93)}AA`,
    () => `npm_${r.chars(ALNUM, 36)}`,
    () => `hf_${r.chars(ALNUM, 34)}`,
    () => `SG.${r.chars(URLSAFE, 22)}.${r.chars(URLSAFE, 43)}`,
    () => `key-${r.chars(HEX, 32)}`,
    () => `shpss_${r.chars(HEX, 32)}`,
    () => `glsa_${r.chars(ALNUM, 32)}_${r.chars(HEX, 8)}`,
  ])();
}

export function jwt12(r: Random): string {
  const header = Buffer.from(
    JSON.stringify({
      alg: r.pick(['HS256', 'RS256', 'ES256']),
      typ: 'JWT',
      ...(r.chance(0.4) ? { kid: r.chars(ALNUM, 8) } : {}),
    }),
  ).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({
      sub: r.chance(0.5) ? r.digits(9) : `auth0|${r.chars(HEX, 24)}`,
      iat: 1764000000 + r.int(0, 9999999),
      ...(r.chance(0.5) ? { email_verified: true } : { role: r.pick(['user', 'admin', 'service']) }),
    }),
  ).toString('base64url');
  return `${header}.${payload}.${r.chars(URLSAFE, r.pick([43, 86]))}`;
}

export function pem12(r: Random): string {
  const label = r.pick([
    'RSA PRIVATE KEY',
    'PRIVATE KEY',
    'OPENSSH PRIVATE KEY',
    'EC PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY',
  ]);
  const lines = Array.from({ length: r.int(2, 5) }, () => r.chars(BASE64, label === 'OPENSSH PRIVATE KEY' ? 70 : 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n${r.chars(BASE64, r.int(8, 40))}=\n-----END ${label}-----`;
}

export function bearer12(r: Random): string {
  return r.pick([() => jwt12(r), () => `ya29.a0${r.chars(URLSAFE, 140)}`, () => r.chars(URLSAFE, 40)])();
}

/** Passwords people set and tell: words with years and symbols, generated ones, keyboard walks with changes. */
export function password12(r: Random): string {
  return r.pick([
    () =>
      `${r.pick(['Frühling', 'Hamburg', 'Mausi', 'Bayern', 'Doudou', 'Marseille', 'Loulou', 'Corazón', 'Sevilla', 'Madrid', 'Summer', 'Liverpool', 'Charlie'])}${r.int(1970, 2026)}${r.pick(['!', '#', '$', '?', '*', '', '!!'])}`,
    () => r.chars(ALNUM, r.int(12, 20)),
    () =>
      `${r.chars(ALNUM, r.int(3, 6))}${r.pick(['!', '#', '%', '&', '*', '@', '$'])}${r.chars(ALNUM, r.int(4, 8))}${r.pick(['?', '+', '='])}${r.digits(2)}`,
    () =>
      `${r.pick(['Qwertz', 'Azerty', 'Qwerty'])}${r.pick(['!', '#', '.'])}${r.digits(4)}${r.chars('ABCDEFGHJKLMNP', 2)}`,
    () =>
      `${r.pick(['correct', 'cheval', 'Pferd', 'caballo', 'blue'])}-${r.pick(['horse', 'batterie', 'Batterie', 'grapa', 'staple'])}-${r.pick(['staple', 'agrafe', 'Heftklammer', 'mesa', 'nine'])}-${r.int(10, 99)}`,
  ])();
}

/** A password for URLs and connection strings: no character a URL must escape. */
export function urlPassword12(r: Random): string {
  return r.pick([
    () => r.chars(ALNUM, r.int(12, 24)),
    () =>
      `${r.pick(['Herbst', 'Automne', 'Otono', 'Winter'])}${r.int(2019, 2026)}${r.pick(['', '-', '_', '.'])}${r.chars(ALNUM, 3)}`,
    () => `${r.chars(ALNUM, 8)}-${r.chars(ALNUM, 8)}`,
  ])();
}

export function heldOut12Entity(
  slot: string,
  r: Random,
): { type: 'EMAIL' | 'PHONE' | 'CARD' | 'IBAN' | 'SSN' | 'IP' | 'SECRET'; value: string } | null {
  switch (slot) {
    case 'EMAIL':
      return { type: 'EMAIL', value: email12(r) };
    case 'PHONE':
      return { type: 'PHONE', value: heldOut12Phone(r) };
    case 'PHONEDE':
      return { type: 'PHONE', value: heldOut12PhoneOf(r, ['DE', 'AT', 'CH']) };
    case 'PHONEFR':
      return { type: 'PHONE', value: heldOut12PhoneOf(r, ['FR', 'BE', 'CH', 'LU', 'MA', 'SN', 'CA']) };
    case 'PHONEES':
      return { type: 'PHONE', value: heldOut12PhoneOf(r, ['ES', 'MX', 'AR', 'CL', 'CO', 'PE']) };
    case 'PHONEEN':
      return { type: 'PHONE', value: heldOut12PhoneOf(r, ['US', 'CA', 'GB', 'IE', 'AU', 'IN']) };
    case 'PHONE164':
      return { type: 'PHONE', value: heldOut12PhoneE164(r) };
    case 'CARD':
      return { type: 'CARD', value: card12(r) };
    case 'IBAN':
      return { type: 'IBAN', value: iban12(r) };
    case 'SSN':
      return { type: 'SSN', value: ssn12(r) };
    case 'SSN9': {
      const [a, g, s] = ssnParts(r);
      return { type: 'SSN', value: `${a}${g}${s}` };
    }
    case 'IP':
      return { type: 'IP', value: r.chance(0.6) ? ipv4_12(r) : ipv6_12(r) };
    case 'IPV4':
      return { type: 'IP', value: ipv4_12(r) };
    case 'IPV6':
      return { type: 'IP', value: ipv6_12(r) };
    case 'SECRET':
      return { type: 'SECRET', value: vendorKey12(r) };
    case 'AWS':
      return { type: 'SECRET', value: awsKeyId12(r) };
    case 'AWSSECRET':
      return { type: 'SECRET', value: awsSecret12(r) };
    case 'HEXKEY':
      // Datadog, Mailgun and similar keys are bare hex; templates put them only after the setting's name.
      return { type: 'SECRET', value: r.chars(HEX, 32) };
    case 'JWT':
      return { type: 'SECRET', value: jwt12(r) };
    case 'PEM':
      return { type: 'SECRET', value: pem12(r) };
    case 'BEARER':
      return { type: 'SECRET', value: bearer12(r) };
    case 'PASSWORD':
      return { type: 'SECRET', value: password12(r) };
    case 'PASSWORDURL':
      return { type: 'SECRET', value: urlPassword12(r) };
    default:
      return null;
  }
}
