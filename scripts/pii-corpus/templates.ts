import type { Split } from './entities';
import { BROAD_NEGATIVE, BROAD_POSITIVE } from './templates-broad';
import { HELD_OUT_NEGATIVE, HELD_OUT_POSITIVE } from './templates-held-out';
import { HELD_OUT_2_NEGATIVE, HELD_OUT_2_POSITIVE } from './templates-held-out-2';
import { HELD_OUT_3_NEGATIVE, HELD_OUT_3_POSITIVE } from './templates-held-out-3';
import { HELD_OUT_4_NEGATIVE, HELD_OUT_4_POSITIVE } from './templates-held-out-4';
import { HELD_OUT_5_NEGATIVE, HELD_OUT_5_POSITIVE } from './templates-held-out-5';
import { HELD_OUT_6_NEGATIVE, HELD_OUT_6_POSITIVE } from './templates-held-out-6';
import { HELD_OUT_7_NEGATIVE, HELD_OUT_7_POSITIVE } from './templates-held-out-7';
import { HELD_OUT_8_NEGATIVE, HELD_OUT_8_POSITIVE } from './templates-held-out-8';
import { HELD_OUT_10_NEGATIVE, HELD_OUT_10_POSITIVE } from './templates-held-out-10';
import { HELD_OUT_11_NEGATIVE, HELD_OUT_11_POSITIVE } from './templates-held-out-11';
import { HELD_OUT_12_NEGATIVE, HELD_OUT_12_POSITIVE } from './templates-held-out-12';
import { HELD_OUT_9_NEGATIVE, HELD_OUT_9_POSITIVE } from './templates-held-out-9';

/**
 * Line templates. `{EMAIL}`, `{PHONE}`, `{CARD}`, `{IBAN}`, `{SSN}`, `{IP}`,
 * `{IPV4}`, `{IPV6}` and `{SECRET}` become labelled entities; `{BEARER}` a
 * labelled secret after the word Bearer; `{AWS}` an AWS access key id;
 * `{PEM}` a private-key block; `{AWSSECRET}` an AWS secret access key;
 * `{PASSWORD}` a password (a secret); `{PIN}` a PIN (a secret); `{DECOY}` an unlabelled look-alike from the
 * split's decoy families and `{DECOY:name}` one of the named family; `{NAME}`,
 * `{N}` (a small number) and `{WORD}` are filler. A template whose format is
 * `json` has its values escaped as JSON string content.
 */
export interface Template {
  format: string;
  lang:
    | 'en'
    | 'de'
    | 'fr'
    | 'es'
    | 'it'
    | 'nl'
    | 'pt'
    | 'pl'
    | 'sv'
    | 'tr'
    | 'ja'
    | 'ko'
    | 'hi'
    | 'da'
    | 'no'
    | 'fi'
    | 'cs'
    | 'ru'
    | 'zh'
    | 'el'
    | 'vi'
    | 'id'
    | 'ar'
    | 'he'
    | 'ro'
    | 'uk'
    | 'hu'
    | 'tl'
    | 'sw'
    | 'ca'
    | 'eu'
    | 'cy'
    | 'ga'
    | 'is'
    | 'sr'
    | 'bg'
    | 'sq'
    | 'fa'
    | 'ur'
    | 'bn'
    | 'th'
    | 'ms'
    | 'af'
    | 'ka'
    | 'hy'
    | 'kk'
    | 'az'
    | 'ta'
    | 'mt'
    | 'lb'
    | 'fy'
    | 'fo'
    | 'gd'
    | 'br'
    | 'eo'
    | 'uz'
    | 'mn'
    | 'ky'
    | 'tg'
    | 'ps'
    | 'ku'
    | 'am'
    | 'so'
    | 'ha'
    | 'yo'
    | 'ig'
    | 'mg'
    | 'si'
    | 'ne'
    | 'mr'
    | 'gu'
    | 'pa'
    | 'te'
    | 'kn'
    | 'ml'
    | 'km'
    | 'lo'
    | 'my'
    | 'jv'
    | 'ceb'
    | 'mi'
    | 'sm'
    | 'ht'
    | 'yi'
    | 'qu'
    | 'tt'
    | 'lt'
    | 'lv'
    | 'sk'
    | 'zu'
    | 'rw'
    | 'sn'
    | 'be'
    | 'sl'
    | 'et'
    | 'gl'
    | 'wo'
    | 'ln'
    | 'hr'
    | 'mk'
    | 'rm'
    | 'co'
    | 'oc'
    | 'ti'
    | 'om'
    | 'xh'
    | 'st'
    | 'tn'
    | 'ny'
    | 'lg'
    | 'ak'
    | 'ee'
    | 'bm'
    | 'su'
    | 'ilo'
    | 'haw'
    | 'to'
    | 'fj'
    | 'kl'
    | 'se'
    | 'ba'
    | 'dv'
    | 'or'
    | 'as'
    | 'ug'
    | 'tk'
    | 'ay'
    | 'gn'
    | 'pap'
    | 'tpi'
    | 'la';
  text: string;
}

const t = (format: string, lang: Template['lang'], text: string): Template => ({ format, lang, text });

/** 2026-12-04's templates: its tuning split, then its held-out split (scored, then tuned on). */
const FIRST_POSITIVE: Template[] = [
  t('ticket', 'en', 'Ticket #{N}: customer {NAME} ({EMAIL}) cannot log in since Monday, last seen from {IP}.'),
  t('chat', 'en', 'hey, can you call me back on {PHONE}? thx'),
  t('chat', 'en', 'my new number is {PHONE} and my email is {EMAIL}.'),
  t('email', 'en', 'Hi team,\nplease refund the order to card {CARD}; the customer can be reached at {PHONE}.\nThanks'),
  t(
    'email',
    'de',
    'Sehr geehrte Damen und Herren,\nbitte überweisen Sie den Betrag auf {IBAN}. Rückfragen gern unter {PHONE}.',
  ),
  t('ticket', 'de', 'Kunde {NAME}, Tel. {PHONE}, Kartennummer {CARD} – bitte sperren!'),
  t('chat', 'de', 'Meine Mail ist {EMAIL}, schreib mir einfach.'),
  t('chat', 'fr', 'Bonjour, mon numéro est le {PHONE} et mon e-mail {EMAIL}.'),
  t('email', 'fr', 'Merci de virer le montant sur le compte {IBAN} avant vendredi.'),
  t('ticket', 'es', 'El cliente pagó con la tarjeta {CARD} y pide la devolución a {IBAN}.'),
  t('chat', 'es', 'Llámame al {PHONE}, o escríbeme a {EMAIL}.'),
  t('form', 'en', 'Applicant: {NAME}\nSSN: {SSN}\nDate of birth: {DECOY:date}'),
  t('form', 'en', 'Please verify the SSN {SSN} against our records.'),
  t('code', 'en', 'const client = new OpenAI({ apiKey: "{SECRET}" });'),
  t('code', 'en', 'export AWS_ACCESS_KEY_ID={AWS}\nexport AWS_REGION=eu-central-1'),
  t('code', 'en', 'curl -H "Authorization: Bearer {BEARER}" https://api.example.com/v1/items'),
  t('code', 'en', 'here is the deploy key, do not share:\n{PEM}\nthanks'),
  t('log', 'en', '2024-03-12T08:14:22Z INFO login ok user={EMAIL} ip={IP} latency=12ms'),
  t('log', 'en', 'sshd[2211]: Accepted publickey for deploy from {IPV6} port 52144 ssh2'),
  t('log', 'en', '[{DECOY:time}] GET /api/orders from {IPV4} status=200'),
  t('json', 'en', '{"name":"{NAME}","email":"{EMAIL}","phone":"{PHONE}"}'),
  t('json', 'en', '{"card":"{CARD}","iban":"{IBAN}"}'),
  t('json', 'en', '{"private_key":"{PEM}","client_email":"{EMAIL}"}'),
  t('csv', 'en', '{N},{NAME},{EMAIL},{PHONE},DE'),
  t('csv', 'en', '{N};{NAME};{IBAN};{DECOY:price}'),
  t('chat', 'en', 'use this key for now: {SECRET} (rotate it after the demo)'),
  t('ticket', 'en', 'Blocked IPs: {IPV4}, {IPV4} and {IPV6}.'),
  t('email', 'en', 'Wire details — IBAN: {IBAN}, reference {DECOY:invoice-number}.'),
  t('chat', 'fr', 'Ma carte {CARD} a été refusée, pouvez-vous vérifier ?'),
  t('ticket', 'es', 'Número de la seguridad social del empleado (EE. UU.): {SSN}.'),
  t('email', 'en', 'From: {NAME} <{EMAIL}>\nTo: <{EMAIL}>\nSubject: invoice {DECOY:invoice-number}'),
  t('chat', 'de', 'Der Server {IP} antwortet nicht mehr, Version {DECOY:version}.'),
  t('form', 'en', 'ssn={SSN9}&dob=1984-02-11'),
  t('form', 'en', 'SSN#{SSN9} verified by HR'),
  t('chat', 'en', 'call me: tel:{PHONE}'),
  t('ticket', 'de', 'Bitte zurückrufen: {PHONE}. Danke!'),
  t('chat', 'es', 'mi móvil: {PHONE} (WhatsApp)'),
  t('log', 'en', 'from={EMAIL}; relay={IPV4}; helo=[{IPV4}]'),
  t('code', 'en', 'git clone {DECOY:git-remote} && echo "owner: {EMAIL}"'),
  t('chat', 'fr', 'Voici ma carte : {CARD}. Date d’expiration {DECOY:card-expiry}.'),
];
const SECOND_POSITIVE: Template[] = [
  t('yaml', 'en', 'contact:\n  email: {EMAIL}\n  phone: "{PHONE}"\n  since: {DECOY:rfc3339}'),
  t('sql', 'en', "INSERT INTO customers (email, phone) VALUES ('{EMAIL}', '{PHONE}');"),
  t('markdown', 'en', '| {NAME} | {EMAIL} | {PHONE} |'),
  t('chat', 'en', 'ok so the card is {CARD}, expiry next year'),
  t('http', 'en', 'X-Forwarded-For: {IPV4}, {IP}'),
  t('http', 'en', 'Authorization: Bearer {BEARER}'),
  t('log', 'en', 'WARN {DECOY:log-timestamp} rate limit hit for {IP} (account {DECOY:case-number})'),
  t('log', 'en', 'connect to [{IPV6}]:443 failed: timeout'),
  t('stacktrace', 'en', 'Error: invalid recipient <{EMAIL}>\n    at send (mailer.js:42:13)'),
  t('ticket', 'de', 'Rückruf erbeten unter {PHONE} (Herr {NAME}), Vorgang {DECOY:case-number}.'),
  t('email', 'de', 'Bitte buchen Sie die Miete künftig von {IBAN} ab. Mit freundlichen Grüßen'),
  t('chat', 'de', 'hab dir meine Kreditkarte geschickt: {CARD}'),
  t('ticket', 'fr', 'Client injoignable au {PHONE}, merci de le relancer par mail : {EMAIL}'),
  t('email', 'fr', 'Veuillez trouver mon RIB : {IBAN} (banque en ligne).'),
  t('chat', 'es', 'Mi IBAN es {IBAN} y mi teléfono {PHONE}.'),
  t('ticket', 'es', 'Tarjeta rechazada: {CARD}. Contactar con {EMAIL}.'),
  t('form', 'en', 'Employee record — Social Security number {SSN}, hired {DECOY:rfc3339}'),
  t('chat', 'en', 'my ssn is {SSN} if you need it for the W-2'),
  t('json', 'en', '[{"ip":"{IP}","seen":{DECOY:unix-time}},{"ip":"{IPV6}"}]'),
  t('json', 'en', '{"user":{"mail":"{EMAIL}","tel":"{PHONE}","ssn":"{SSN}"}}'),
  t('json', 'en', '{"env":{"GITHUB_TOKEN":"{SECRET}","PORT":"8080"}}'),
  t('code', 'en', 'aws_access_key_id = {AWS}\nregion = us-east-1'),
  t('code', 'en', 'client = Anthropic(api_key="{SECRET}")  # TODO move to vault'),
  t('code', 'en', 'ssh-keygen output:\n{PEM}'),
  t('csv', 'en', '"{NAME}","{EMAIL}","{CARD}","{DECOY:zip-plus-four}"'),
  t('chat', 'en', 'pinging {IPV4} from {IPV6} works, {IPV4} does not'),
  t('email', 'en', 'Reach me at {PHONE} or {PHONE} (mobile). Cheers, {NAME}'),
  t('markdown', 'en', '- token: `{SECRET}`\n- expires: {DECOY:rfc3339}'),
];

const FIRST_NEGATIVE: Template[] = [
  t('ticket', 'en', 'Order {DECOY:order-number} shipped on {DECOY:date}, invoice {DECOY:invoice-number}.'),
  t('chat', 'en', 'we upgraded to {DECOY:version} yesterday at {DECOY:time}'),
  t('log', 'en', '{DECOY:date} {DECOY:time} build {DECOY:hash} deployed, release {DECOY:semver}'),
  t('json', 'en', '{"id":"{DECOY:uuid}","total":"{DECOY:price}","card":"{DECOY:masked-card}"}'),
  t('code', 'en', '<img src="/static/{DECOY:retina-file}" srcset="/static/{DECOY:retina-file} 2x">'),
  t('chat', 'de', 'Treffen am {DECOY:date-time} Uhr, Bestellnummer {DECOY:order-number}.'),
  t('email', 'fr', 'Votre commande {DECOY:order-number} du {DECOY:date} d’un montant de {DECOY:price} est expédiée.'),
  t('ticket', 'es', 'Pedido {DECOY:order-number}, factura {DECOY:invoice-number}, total {DECOY:price}.'),
  t('log', 'en', 'snmp walk {DECOY:oid} returned {N} rows'),
  t('chat', 'en', 'the office is at {DECOY:coordinates}'),
  t('form', 'en', 'SSN on file: {DECOY:masked-ssn}; card ending {DECOY:masked-card}'),
  t('ticket', 'en', 'reference {DECOY:issuerless-card-number} is our internal id, not a card'),
  t('chat', 'en', 'typo: the card {DECOY:luhn-invalid-card} fails the check'),
  t('log', 'en', 'device {DECOY:mac-address} joined the network'),
  t('code', 'en', 'npm i {DECOY:npm-scope} && run --flag {DECOY:short-key-like}'),
  t('form', 'en', 'rejected SSN {DECOY:invalid-ssn}; rejected IBAN {DECOY:iban-bad-checksum}'),
  t('chat', 'en', 'contact {DECOY:masked-email} for access, not {DECOY:out-of-range-ipv4}'),
  t('csv', 'en', '{DECOY:order-number},{DECOY:date},{DECOY:price},{DECOY:uuid}'),
  t('code', 'en', '{DECOY}'),
  t('chat', 'en', 'see {DECOY} and {DECOY}'),
  t('ticket', 'de', 'Rechnung {DECOY:invoice-number} vom {DECOY:date}: {DECOY:price}'),
  t('chat', 'fr', 'La version {DECOY:semver} sort le {DECOY:date} à {DECOY:time}.'),
  t('email', 'fr', 'Le chiffre d’affaires atteint {DECOY:thousands-spaced} € sur {N} clients.'),
  t('chat', 'de', 'Sprechzeiten {DECOY:time-range}, Kundennummer {DECOY:customer-number}, {DECOY:zip-city}'),
  t('code', 'en', 'git remote add origin {DECOY:git-remote}'),
  t('email', 'en', 'sort code {DECOY:sort-code}, pi is {DECOY:long-decimal}, card expires {DECOY:card-expiry}'),
  t('log', 'en', '{DECOY:date} {DECOY:time} worker {DECOY:uuid} retried order {DECOY:order-number}'),
];
const SECOND_NEGATIVE: Template[] = [
  t('ticket', 'en', 'UPS {DECOY:tracking-ups}, USPS {DECOY:tracking-usps}, FedEx {DECOY:tracking-fedex}'),
  t('chat', 'en', 'the book is {DECOY:isbn}, EAN {DECOY:ean-13}'),
  t('log', 'en', '{DECOY:rfc3339} job={DECOY:git-sha} ts={DECOY:unix-time} took {DECOY:duration}'),
  t('log', 'en', '{DECOY:log-timestamp} image {DECOY:image-digest} pulled'),
  t('yaml', 'en', 'dependencies:\n  left-pad: "{DECOY:semver-range}"\n  build: {DECOY:build-number}'),
  t('chat', 'en', 'Windows {DECOY:windows-build}, fixes {DECOY:cve}'),
  t('json', 'en', '{"lat_lng":"{DECOY:geo-decimal}","orcid":"{DECOY:orcid}"}'),
  t('email', 'de', 'Ihr Vorgang {DECOY:case-number}, Betrag {DECOY:price-swiss}, Nummer {DECOY:dotted-number}.'),
  t('form', 'en', 'phone on file {DECOY:masked-phone}, IBAN on file {DECOY:masked-iban}'),
  t('log', 'en', 'arp: {DECOY:mac-dashed} / {DECOY:eui64}'),
  t('code', 'en', '.badge { background: url("{DECOY:retina-file}"); }'),
  t('ticket', 'fr', 'Colis {DECOY:tracking-ups}, dossier {DECOY:case-number}, le {DECOY:rfc3339}'),
  t('ticket', 'es', 'Número de seguimiento {DECOY:tracking-usps}; ISBN {DECOY:isbn}.'),
  t('chat', 'en', 'part {DECOY:ssn-like-part-number} ships to ZIP {DECOY:zip-plus-four}'),
  t('code', 'en', 'OPENAI_API_KEY={DECOY:api-key-placeholder}  # set yours'),
  t('csv', 'en', '{DECOY:case-number},{DECOY:unix-time},{DECOY:issuerless-card-number},{DECOY:account-in-text}'),
  t('chat', 'en', 'session id {DECOY:random-token}, see {DECOY}'),
  t('code', 'en', '{DECOY} {DECOY}'),
];

export const POSITIVE_TEMPLATES: Record<Split, Template[]> = {
  tuning: [...FIRST_POSITIVE, ...SECOND_POSITIVE, ...BROAD_POSITIVE],
  'held-out': HELD_OUT_POSITIVE,
  'held-out-2': HELD_OUT_2_POSITIVE,
  'held-out-3': HELD_OUT_3_POSITIVE,
  'held-out-4': HELD_OUT_4_POSITIVE,
  'held-out-5': HELD_OUT_5_POSITIVE,
  'held-out-6': HELD_OUT_6_POSITIVE,
  'held-out-7': HELD_OUT_7_POSITIVE,
  'held-out-8': HELD_OUT_8_POSITIVE,
  'held-out-9': HELD_OUT_9_POSITIVE,
  'held-out-10': HELD_OUT_10_POSITIVE,
  'held-out-11': HELD_OUT_11_POSITIVE,
  'held-out-12': HELD_OUT_12_POSITIVE,
};

/** Lines with no entity: every look-alike in them must be left alone. */
export const NEGATIVE_TEMPLATES: Record<Split, Template[]> = {
  tuning: [...FIRST_NEGATIVE, ...SECOND_NEGATIVE, ...BROAD_NEGATIVE],
  'held-out': HELD_OUT_NEGATIVE,
  'held-out-2': HELD_OUT_2_NEGATIVE,
  'held-out-3': HELD_OUT_3_NEGATIVE,
  'held-out-4': HELD_OUT_4_NEGATIVE,
  'held-out-5': HELD_OUT_5_NEGATIVE,
  'held-out-6': HELD_OUT_6_NEGATIVE,
  'held-out-7': HELD_OUT_7_NEGATIVE,
  'held-out-8': HELD_OUT_8_NEGATIVE,
  'held-out-9': HELD_OUT_9_NEGATIVE,
  'held-out-10': HELD_OUT_10_NEGATIVE,
  'held-out-11': HELD_OUT_11_NEGATIVE,
  'held-out-12': HELD_OUT_12_NEGATIVE,
};
