import { ibanFor, luhnComplete, ssnParts } from './entities';
import { heldOut11Phone, heldOut11PhoneE164 } from './phones-held-out-11';
import { ALNUM, BASE64, HEX, type Random, UPPER_ALNUM, URLSAFE } from './random';

/**
 * Entities of the eleventh held-out split (written 2026-12-08, after the eleventh round of fixes, committed
 * before it was scored), built from public rules, not from the detectors: e-mail addresses of the split's
 * countries (providers' domains and company domains, dotted, hyphenated, `+tag`, digits, capitals); cards of
 * the issuers whose cards people in those countries hold, Luhn-complete, written as printed; IBANs of the
 * split's countries with the BBAN layout of the registry (letters where the registry puts a bank code); SSNs by
 * the SSA's rules, dashed, spaced or bare; IPv4 public and private, IPv6 compressed, full, link-local and
 * IPv4-mapped; and secrets as vendors document them (AWS AKIA and ASIA key ids and secret keys, GitHub,
 * GitLab, Slack, Stripe, OpenAI, Anthropic, Google, SendGrid, Twilio, npm, PyPI, Hugging Face, Shopify,
 * DigitalOcean, Azure storage keys, JWTs, private keys), passwords people set in the split's languages.
 */
const FIRST = [
  'lena',
  'maximilian',
  'camille',
  'lucas',
  'lucía',
  'alejandro',
  'sarah',
  'michael',
  'giulia',
  'sem',
  'inês',
  'zofia',
];
const LAST = [
  'becker',
  'hoffmann',
  'lefèvre',
  'bernard',
  'fernández',
  'martínez',
  'johnson',
  'miller',
  'rossi',
  'de vries',
  'silva',
  'kowalska',
];
const DOMAINS = [
  'gmail.com',
  'outlook.com',
  'web.de',
  'gmx.de',
  't-online.de',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'yahoo.es',
  'hotmail.es',
  'telefonica.es',
  'icloud.com',
  'protonmail.com',
  'bluewin.ch',
  'libero.it',
  'acme-gmbh.de',
  'kanzlei-schulz.de',
  'mairie-lyon.fr',
  'clinica-sol.es',
  'contoso.com',
  'northwind-traders.co.uk',
  'mail.uni-heidelberg.de',
  'stud.uni-muenchen.de',
  'fabrikam.io',
  'example.co.mx',
  'globex.com.ar',
];
const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ /g, '');

export function email11(r: Random): string {
  const first = plain(r.pick(FIRST));
  const last = plain(r.pick(LAST));
  const local = r.pick([
    `${first}.${last}`,
    `${first}.${last}`,
    `${first[0]}.${last}`,
    `${first}${last[0]}`,
    `${first}_${last}`,
    `${last}.${first}${r.int(1, 99)}`,
    `${first}-${last}`,
    `${first}.${last}+${r.pick(['amazon', 'newsletter', 'rechnung', 'factures'])}`,
    `${first}${r.int(1970, 2004)}`,
    `${r.pick(['info', 'kontakt', 'contact', 'ventas', 'support', 'rh', 'buchhaltung', 'facturation'])}`,
    `${first}.${last}`.replace(/^./, (c) => c.toUpperCase()).replace(/\.(.)/, (_, c: string) => `.${c.toUpperCase()}`),
  ]);
  return `${local}@${r.pick(DOMAINS)}`;
}

const ISSUERS: Array<{ prefix: (r: Random) => string; length: number }> = [
  { prefix: () => '4', length: 16 },
  { prefix: () => '4', length: 16 },
  { prefix: () => '4', length: 16 },
  { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
  { prefix: (r) => `5${r.int(1, 5)}`, length: 16 },
  { prefix: (r) => String(r.int(2221, 2720)), length: 16 },
  { prefix: (r) => `3${r.pick(['4', '7'])}`, length: 15 },
  { prefix: () => '6011', length: 16 },
  { prefix: (r) => `6${r.int(44, 49)}`, length: 16 },
  { prefix: () => '65', length: 16 },
  { prefix: (r) => `35${r.int(28, 89)}`, length: 16 },
  { prefix: () => '36', length: 14 },
  { prefix: () => '62', length: 16 },
  { prefix: (r) => `67${r.pick(['59', '61', '63'])}`, length: 16 },
  { prefix: () => '4', length: 19 },
];

export function card11(r: Random): string {
  const issuer = r.pick(ISSUERS);
  const digits = luhnComplete(issuer.prefix(r), issuer.length, r);
  const sep = r.pick(['', ' ', ' ', '-']);
  if (sep === '') return digits;
  if (digits.length === 15) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep);
  if (digits.length === 14) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep);
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
  ['IT', 23, 1],
  ['NL', 14, 4],
  ['BE', 12, 0],
  ['AT', 16, 0],
  ['CH', 17, 0],
  ['GB', 18, 4],
  ['IE', 18, 4],
  ['PT', 21, 0],
  ['LU', 16, 0],
  ['PL', 24, 0],
  ['MC', 23, 0],
];

export function iban11(r: Random): string {
  const [country, length, letters] = r.pick(IBAN_COUNTRIES);
  const bban = r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', letters) + r.digits(length - letters);
  const compact = ibanFor(country, bban);
  return r.chance(0.55) ? compact.replace(/(.{4})(?=.)/g, '$1 ') : compact;
}

export function ssn11(r: Random): string {
  const [a, g, s] = ssnParts(r);
  return r.pick([`${a}-${g}-${s}`, `${a}-${g}-${s}`, `${a} ${g} ${s}`, `${a}${g}${s}`]);
}

export function ipv4_11(r: Random): string {
  return r.pick([
    () => `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `192.168.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `172.${r.int(16, 31)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    () =>
      `${r.pick([31, 46, 62, 77, 81, 85, 88, 91, 93, 176, 185, 188, 193, 212, 217])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  ])();
}

export function ipv6_11(r: Random): string {
  const g = () => r.chars(HEX, r.int(1, 4));
  return r.pick([
    () => `2a02:${g()}:${g()}:${g()}::${g()}`,
    () => `2001:${r.pick(['4860', '67c', '1620', '41d0', '470'])}:${g()}:${g()}::${g()}`,
    () => `fe80::${g()}:${g()}:${g()}:${g()}`,
    () => `::ffff:${ipv4_11(r)}`,
    () => Array.from({ length: 8 }, () => r.chars(HEX, 4)).join(':'),
    () => `2a01:e0a:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}`,
    () => `2003:${r.chars(HEX, 2)}:${g()}:${g()}::1`,
  ])();
}

export function awsKeyId11(r: Random): string {
  return `${r.pick(['AKIA', 'ASIA', 'ASIA'])}${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
}

export function awsSecret11(r: Random): string {
  return r.chars(ALNUM + '/+', 40);
}

export function vendorKey11(r: Random): string {
  return r.pick([
    () => `ghp_${r.chars(ALNUM, 36)}`,
    () => `github_pat_11${r.chars(UPPER_ALNUM, 20)}_${r.chars(ALNUM, 59)}`,
    () => `gho_${r.chars(ALNUM, 36)}`,
    () => `glpat-${r.chars(URLSAFE, 20)}`,
    () => `xoxb-${r.digits(12)}-${r.digits(13)}-${r.chars(ALNUM, 24)}`,
    () => `xoxp-${r.digits(12)}-${r.digits(12)}-${r.digits(13)}-${r.chars(HEX, 32)}`,
    () => `sk_live_${r.chars(ALNUM, 99)}`,
    () => `rk_live_${r.chars(ALNUM, 99)}`,
    () => `sk-proj-${r.chars(URLSAFE, 156)}`,
    () => `sk-ant-api03-${r.chars(URLSAFE, 93)}AA`,
    () => `AIza${r.chars(URLSAFE, 35)}`,
    () => `SG.${r.chars(URLSAFE, 22)}.${r.chars(URLSAFE, 43)}`,
    () => `SK${r.chars(HEX, 32)}`,
    () => `npm_${r.chars(ALNUM, 36)}`,
    () => `pypi-AgEIcHlwaS5vcmc${r.chars(URLSAFE, 150)}`,
    () => `hf_${r.chars(ALNUM, 34)}`,
    () => `shpat_${r.chars(HEX, 32)}`,
    () => `dop_v1_${r.chars(HEX, 64)}`,
    () => `key-${r.chars(HEX, 32)}`,
  ])();
}

export function jwt11(r: Random): string {
  const header = Buffer.from(JSON.stringify({ alg: r.pick(['HS256', 'RS256']), typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({ sub: r.digits(8), exp: 1765000000 + r.int(0, 9999999), scope: r.pick(['read', 'admin', 'api']) }),
  ).toString('base64url');
  return `${header}.${payload}.${r.chars(URLSAFE, 43)}`;
}

export function azureKey11(r: Random): string {
  return `${r.chars(BASE64, 86)}==`;
}

export function pem11(r: Random): string {
  const label = r.pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'EC PRIVATE KEY']);
  const lines = Array.from({ length: r.int(2, 4) }, () => r.chars(BASE64, 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n${r.chars(BASE64, 24)}==\n-----END ${label}-----`;
}

export function bearer11(r: Random): string {
  return r.pick([() => jwt11(r), () => r.chars(URLSAFE, 43), () => `ya29.${r.chars(URLSAFE, 120)}`])();
}

/** Passwords people set, in the split's languages: words with years and symbols, and generated ones. */
export function password11(r: Random): string {
  return r.pick([
    () =>
      `${r.pick(['Sommer', 'Schatzi', 'Fussball', 'Soleil', 'Chouquette', 'Verano', 'Barcelona', 'Primavera', 'Sunshine', 'Dragon'])}${r.int(1980, 2026)}${r.pick(['!', '#', '$', '?', '.', ''])}`,
    () => `${r.chars(ALNUM, r.int(10, 16))}`,
    () =>
      `${r.chars(ALNUM, r.int(4, 7))}${r.pick(['!', '#', '%', '&', '*', '-', '_'])}${r.chars(ALNUM, r.int(3, 6))}${r.digits(2)}`,
    () =>
      `${r.pick(['Hund', 'Chat', 'Perro', 'Gatto'])}${r.pick(['_', '-', '.'])}${r.pick(['Blau', 'Rouge', 'Verde', 'Azul'])}${r.digits(r.int(2, 4))}`,
  ])();
}

/** A password for URLs and connection strings: no character a URL must escape. */
export function urlPassword11(r: Random): string {
  return r.pick([
    () => `${r.chars(ALNUM, r.int(10, 20))}`,
    () => `${r.pick(['Sommer', 'Soleil', 'Verano', 'Winter'])}${r.int(2019, 2026)}${r.pick(['!', '*', '~', '-'])}`,
  ])();
}

export function heldOut11Entity(
  slot: string,
  r: Random,
): { type: 'EMAIL' | 'PHONE' | 'CARD' | 'IBAN' | 'SSN' | 'IP' | 'SECRET'; value: string } | null {
  switch (slot) {
    case 'EMAIL':
      return { type: 'EMAIL', value: email11(r) };
    case 'PHONE':
      return { type: 'PHONE', value: heldOut11Phone(r) };
    case 'PHONE164':
      return { type: 'PHONE', value: heldOut11PhoneE164(r) };
    case 'CARD':
      return { type: 'CARD', value: card11(r) };
    case 'IBAN':
      return { type: 'IBAN', value: iban11(r) };
    case 'SSN':
      return { type: 'SSN', value: ssn11(r) };
    case 'SSN9': {
      const [a, g, s] = ssnParts(r);
      return { type: 'SSN', value: `${a}${g}${s}` };
    }
    case 'IP':
      return { type: 'IP', value: r.chance(0.6) ? ipv4_11(r) : ipv6_11(r) };
    case 'IPV4':
      return { type: 'IP', value: ipv4_11(r) };
    case 'IPV6':
      return { type: 'IP', value: ipv6_11(r) };
    case 'SECRET':
      return { type: 'SECRET', value: vendorKey11(r) };
    case 'AWS':
      return { type: 'SECRET', value: awsKeyId11(r) };
    case 'AWSSECRET':
      return { type: 'SECRET', value: awsSecret11(r) };
    case 'JWT':
      return { type: 'SECRET', value: jwt11(r) };
    case 'AZUREKEY':
      return { type: 'SECRET', value: azureKey11(r) };
    case 'PEM':
      return { type: 'SECRET', value: pem11(r) };
    case 'BEARER':
      return { type: 'SECRET', value: bearer11(r) };
    case 'PASSWORD':
      return { type: 'SECRET', value: password11(r) };
    case 'PASSWORDURL':
      return { type: 'SECRET', value: urlPassword11(r) };
    default:
      return null;
  }
}
