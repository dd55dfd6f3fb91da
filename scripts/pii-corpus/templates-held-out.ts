import type { Template } from './templates';

/**
 * Templates of the held-out split (written 2026-12-07, before it was scored;
 * the detectors were not changed after): other phrasings, formats and
 * combinations than the tuning split's, drawing look-alikes only from the
 * held-out families.
 */
const t = (format: string, lang: Template['lang'], text: string): Template => ({ format, lang, text });

export const HELD_OUT_POSITIVE: Template[] = [
  t('ticket', 'en', 'Caller {NAME} ({PHONE}) says the charge on {CARD} is wrong; {DECOY:invoice-numbers-eu}.'),
  t('ticket', 'en', 'Escalated: user {EMAIL} locked out after 5 attempts from {IPV4} ({DECOY:times-with-zones}).'),
  t('chat', 'en', 'can u text me at {PHONE} when the parcel ({DECOY:parcel-numbers}) arrives'),
  t('chat', 'en', 'sure, my SSN is {SSN} and my DOB {DECOY:date-ranges}'),
  t(
    'email',
    'en',
    'Dear {NAME},\n\nyour refund of {DECOY:amounts-held-out} goes to {IBAN}.\nQuestions? Call {PHONE}.\n',
  ),
  t('email', 'en', 'On {DECOY:timestamps-held-out}, {NAME} <{EMAIL}> wrote:\n> please call me on {PHONE}'),
  t('code', 'en', 'import os\nos.environ["OPENAI_API_KEY"] = "{SECRET}"'),
  t('code', 'en', 'const transport = nodemailer.createTransport({ auth: { user: "{EMAIL}", pass: "x" } });'),
  t('code', 'en', '# .env\nSTRIPE_KEY={SECRET}\nSUPPORT_PHONE="{PHONE}"'),
  t('code', 'en', 'ssh -i id_rsa deploy@{IPV4} # key below\n{PEM}'),
  t('log', 'en', '{DECOY:timestamps-held-out} WARN auth failed for {EMAIL} from {IP}'),
  t('log', 'en', '{IPV4} - - [{DECOY:timestamps-held-out}] "POST /login HTTP/1.1" 401 {N}'),
  t('log', 'en', 'level=info msg="sms queued" to={PHONE164} pod={DECOY:cluster-identifiers}'),
  t('log', 'en', 'kernel: [UFW BLOCK] SRC={IPV6} DST={IPV6} LEN={N}'),
  t('json', 'en', '{"customer":{"name":"{NAME}","phones":["{PHONE}","{PHONE164}"]},"billing":{"iban":"{IBAN}"}}'),
  t('json', 'en', '{"event":"payment","card":"{CARD}","amount":"{DECOY:amounts-held-out}","ip":"{IP}"}'),
  t('json', 'en', '{"headers":{"authorization":"Bearer {BEARER}"},"remote":"{IPV6}"}'),
  t('csv', 'en', 'name,email,phone,ssn\n{NAME},{EMAIL},{PHONE},{SSN}'),
  t('csv', 'en', '{N};{EMAIL};{CARD};{DECOY:timestamps-held-out}'),
  t('yaml', 'en', 'aws:\n  access_key_id: {AWS}\n  secret_ref: vault://kv/aws\n  region: eu-west-1'),
  t('sql', 'en', "UPDATE users SET phone = '{PHONE}', iban = '{IBAN}' WHERE email = '{EMAIL}';"),
  t('http', 'en', 'GET /v1/me HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer {BEARER}\nX-Real-IP: {IPV4}'),
  t('markdown', 'en', '| contact | value |\n|---|---|\n| phone | {PHONE} |\n| mail | {EMAIL} |'),
  t('xml', 'en', '<contact><tel>{PHONE}</tel><email>{EMAIL}</email></contact>'),
  t('html', 'en', '<p>Call <a href="tel:{PHONE164}">us</a> or write to <a href="mailto:{EMAIL}">{EMAIL}</a>.</p>'),
  t('stacktrace', 'en', 'PaymentError: card {CARD} declined (code 51)\n  at charge (billing.ts:{N}:7)'),
  t('chat', 'de', 'Hallo, bin unter {PHONE} erreichbar, sonst per Mail an {EMAIL}. LG {NAME}'),
  t('email', 'de', 'Bitte überweisen Sie {DECOY:amounts-held-out} auf {IBAN} ({DECOY:sepa-references}).'),
  t('ticket', 'de', 'Kunde ruft von {PHONE} an, {DECOY:invoice-numbers-eu} doppelt abgebucht, Karte {CARD}.'),
  t('chat', 'fr', "Mon portable c'est le {PHONE}, et le fixe {PHONE}."),
  t('email', 'fr', 'Bonjour,\nmerci de débiter le compte {IBAN}.\nCordialement,\n{NAME} – {PHONE}'),
  t('ticket', 'fr', 'Connexion suspecte depuis {IP} sur le compte {EMAIL} ({DECOY:timestamps-held-out}).'),
  t('chat', 'es', 'Te paso mi número: {PHONE}. Y mi correo, {EMAIL}.'),
  t('email', 'es', 'Estimado cliente: el cargo a la tarjeta {CARD} fue rechazado. Llámenos al {PHONE}.'),
  t('ticket', 'es', 'El usuario {EMAIL} se conectó desde {IPV6}; token filtrado: {SECRET}'),
  t('chat', 'it', 'Il mio numero è {PHONE}, la mail {EMAIL}.'),
  t('chat', 'nl', 'Mijn IBAN is {IBAN}, bel me op {PHONE}.'),
  t('form', 'en', 'Full name: {NAME}\nSocial Security No.: {SSN}\nPhone: {PHONE}\nCard on file: {CARD}'),
  t('form', 'en', 'ssn={SSN9}&phone={PHONE164}&ip={IPV4}'),
];

export const HELD_OUT_NEGATIVE: Template[] = [
  t(
    'ticket',
    'en',
    'Parcel {DECOY:parcel-numbers} is late; {DECOY:invoice-numbers-eu} was paid in {DECOY:week-and-quarter-dates}.',
  ),
  t('chat', 'en', 'standup moved to {DECOY:times-with-zones}, takes {DECOY:iso-durations}'),
  t('log', 'en', '{DECOY:timestamps-held-out} upload done: {DECOY:sizes-and-rates}'),
  t('log', 'en', 'node {DECOY:cluster-identifiers} kernel {DECOY:kernel-and-package-versions}'),
  t('code', 'en', '.btn { color: {DECOY:colours-and-css}; } /* {DECOY:versions-and-builds} */'),
  t('email', 'en', 'The contract runs {DECOY:date-ranges}; see {DECOY:section-numbers}.'),
  t('form', 'en', 'Payment method: {DECOY:masked-held-out}; backup: {DECOY:masked-held-out}'),
  t('ticket', 'en', 'Scanned {DECOY:barcodes-named} and {DECOY:barcodes-named} at the till.'),
  t('email', 'de', 'Lastschrift: {DECOY:sepa-references}, {DECOY:company-and-tax-ids}.'),
  t('email', 'fr', 'Société {NAME} SAS, {DECOY:company-and-tax-ids}, {DECOY:invoice-numbers-eu}.'),
  t('ticket', 'es', 'Empresa con {DECOY:company-and-tax-ids}; envío {DECOY:parcel-numbers}.'),
  t('chat', 'de', 'Fahrzeug {DECOY:vehicle-ids} steht bereit, Abfahrt {DECOY:times-with-zones}.'),
  t('chat', 'en', 'flying {DECOY:travel-codes}, {DECOY:travel-codes}, back {DECOY:date-ranges}'),
  t('email', 'en', 'For billing dial the switchboard and ask for {DECOY:extensions-alone}.'),
  t('chat', 'en', 'cache is at {DECOY:geocache-coordinates}'),
  t('csv', 'en', 'id,value,date\n{DECOY:spreadsheet-rows}\n{DECOY:spreadsheet-rows}'),
  t('log', 'en', 'device {DECOY:luhn-valid-non-cards} registered, fw {DECOY:versions-and-builds}'),
  t(
    'json',
    'en',
    '{"ts":"{DECOY:timestamps-held-out}","size":"{DECOY:sizes-and-rates}","ref":"{DECOY:invoice-numbers-eu}"}',
  ),
  t('markdown', 'en', '| {DECOY:versions-and-builds} | {DECOY:amounts-held-out} | {DECOY:week-and-quarter-dates} |'),
  t('yaml', 'en', 'image: app:{DECOY:kernel-and-package-versions}\nmetadata:\n  {DECOY:cluster-identifiers}'),
  t('ticket', 'fr', 'Colis {DECOY:parcel-numbers}, montant {DECOY:amounts-held-out}, rappel {DECOY:times-with-zones}.'),
  t('chat', 'es', 'Vuelo {DECOY:travel-codes} el {DECOY:date-ranges}, total {DECOY:amounts-held-out}.'),
  t('code', 'en', '{DECOY} // {DECOY}'),
  t('log', 'en', '{DECOY} {DECOY} {DECOY}'),
];
