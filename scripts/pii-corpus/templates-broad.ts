import type { Template } from './templates';

/**
 * More tuning templates (2026-12-07): signatures, links, extensions, JSON
 * records, entities against punctuation, several entities to a line, in six
 * languages; and look-alike lines from the broad decoy families.
 * `{PHONE164}` is a phone number written as one `+` digit run (tel: links, JSON).
 */
const t = (format: string, lang: Template['lang'], text: string): Template => ({ format, lang, text });

export const BROAD_POSITIVE: Template[] = [
  t('email', 'en', 'Best regards,\n{NAME}\nT: {PHONE} | M: {PHONE}\n{EMAIL}'),
  t('html', 'en', '<a href="tel:{PHONE164}">{PHONE}</a>'),
  t('json', 'en', '{"contact":{"phone":"{PHONE164}","email":"{EMAIL}"},"ip":"{IP}"}'),
  t('chat', 'en', 'Call the front desk ({PHONE}) or my cell: {PHONE}.'),
  t('ticket', 'en', 'Customer called from {PHONE} ext. {N} about invoice {DECOY:invoice-number}.'),
  t('chat', 'en', 'phone: {PHONE}; email: {EMAIL}; card: {CARD}'),
  t('csv', 'en', '"{NAME}";"{PHONE}";"{EMAIL}";"{DECOY:postal-codes}"'),
  t('log', 'en', '{DECOY:timestamp-forms} sms sent to={PHONE164} status=queued id={DECOY:ids-opaque}'),
  t('markdown', 'en', '**Phone:** {PHONE}  \n**IBAN:** {IBAN}'),
  t('form', 'en', 'SSN: {SSN} | DOB: {DECOY:date} | Phone: {PHONE}'),
  t('json', 'en', '{"ssn":"{SSN}","zip":"{DECOY:zip-plus-four}","phone":"{PHONE}"}'),
  t('json', 'en', '{"AccessKeyId":"{AWS}","Expiration":"{DECOY:rfc3339}"}'),
  t('log', 'en', 'client [{IPV6}]:{N} -> {IPV4}:443 at {DECOY:timestamp-forms}'),
  t('log', 'en', 'peer={IPV6} reset; retry from {IPV4}, build {DECOY:build-numbers}'),
  t('chat', 'en', 'Paid {DECOY:amount-locales} with {CARD} on {DECOY:timestamp-forms}; receipt to {EMAIL}.'),
  t('log', 'en', 'ip={IPV4} user={EMAIL} ts={DECOY:timestamp-forms} order={DECOY:order-ticket-ids}'),
  t('chat', 'en', 'my ssn is {SSN}, card {CARD}, call {PHONE}'),
  t('chat', 'en', 'Number: "{PHONE}", then "{PHONE}".'),
  t('chat', 'en', 'reach me at <{PHONE}> or [{EMAIL}]'),
  t('code', 'en', 'headers = {"Authorization": "Bearer {BEARER}"}  # from {IPV4}'),
  t('code', 'en', 'const key = process.env.KEY ?? "{SECRET}"; // rotate by {DECOY:timestamp-forms}'),
  t('ticket', 'en', 'Refund {DECOY:amount-locales} to {IBAN}; customer {PHONE}, SSN {SSN}.'),
  t('email', 'de', 'Tel.: {PHONE}\nFax: {PHONE}\nE-Mail: {EMAIL}'),
  t('ticket', 'de', 'Ihre Kundennummer {DECOY:customer-number}, Rückfragen an {PHONE}.'),
  t('chat', 'de', 'Ruf mich an: {PHONE}! Oder mobil ({PHONE}).'),
  t('email', 'de', 'Kontoinhaber {NAME}, IBAN {IBAN}, Betrag {DECOY:amount-locales}, Tel. {PHONE}'),
  t('csv', 'de', '{NAME};{PHONE};{IBAN};{DECOY:timestamp-forms}'),
  t('email', 'fr', 'Tél. : {PHONE} – Portable : {PHONE}'),
  t('chat', 'fr', 'Mon numéro : «{PHONE}», ma carte : {CARD}.'),
  t('ticket', 'fr', 'Appel de {PHONE} le {DECOY:timestamp-forms}, commande {DECOY:order-ticket-ids}.'),
  t('chat', 'es', 'Tel.: {PHONE} / Móvil: {PHONE} / Correo: {EMAIL}'),
  t('chat', 'es', '¿Me llamas al {PHONE}? Gracias.'),
  t('ticket', 'es', 'Pedido {DECOY:order-ticket-ids}: cliente {NAME}, teléfono {PHONE}, IP {IP}.'),
  t('chat', 'it', 'Chiamami al {PHONE} oppure scrivi a {EMAIL}.'),
  t('email', 'it', 'Il bonifico va su {IBAN}; per domande {PHONE}.'),
  t('chat', 'nl', 'Bel me op {PHONE} of mail {EMAIL}.'),
  t('json', 'en', '[{"tel":"{PHONE}"},{"tel":"{PHONE164}"},{"ip":"{IPV6}"}]'),
  t('yaml', 'en', 'support:\n  phone: {PHONE}\n  pager: {PHONE164}\n  updated: {DECOY:timestamp-forms}'),
];

export const BROAD_NEGATIVE: Template[] = [
  t('log', 'en', '{DECOY:timestamp-forms} pid={N} {DECOY:numbers-in-records}'),
  t('ticket', 'en', 'Shipments {DECOY:tracking-dhl}, {DECOY:tracking-royal-mail}, {DECOY:tracking-dpd}'),
  t('ticket', 'en', 'FedEx {DECOY:tracking-fedex-15}; La Poste {DECOY:tracking-la-poste}'),
  t('chat', 'en', 'ISBN {DECOY:isbn-10-13}, {DECOY:reference-codes}'),
  t('json', 'en', '{"id":"{DECOY:ids-opaque}","amount":"{DECOY:amount-locales}","ref":"{DECOY:order-ticket-ids}"}'),
  t('csv', 'en', '{DECOY:order-ticket-ids};{DECOY:timestamp-forms};{DECOY:amount-locales};{DECOY:postal-codes}'),
  t('form', 'en', 'Card: {DECOY:masked-values} | SSN: {DECOY:masked-values}'),
  t('log', 'en', 'dhcp: {DECOY:mac-forms} got a lease, firmware {DECOY:semver-forms}'),
  t('chat', 'en', 'meet at {DECOY:coordinate-forms} at {DECOY:timestamp-forms}'),
  t('log', 'en', 'snmp {DECOY:oid-forms} = {N}'),
  t('ticket', 'de', 'Bitte {DECOY:phone-word-near-other-number}, Betrag {DECOY:amount-locales}.'),
  t('email', 'fr', 'Réf. {DECOY:order-ticket-ids}, montant {DECOY:amount-locales}, livraison {DECOY:postal-codes}.'),
  t('email', 'es', 'Su pedido {DECOY:order-ticket-ids} por {DECOY:amount-locales} llega el {DECOY:timestamp-forms}.'),
  t('chat', 'en', '{DECOY:phone-word-near-other-number}'),
  t('code', 'en', 'npm i {DECOY:at-sign-non-mail} # {DECOY:semver-forms}'),
  t('ticket', 'en', 'device IMEI {DECOY:imei}, {DECOY:four-part-versions}'),
  t('chat', 'en', '{DECOY:non-card-long-numbers} is the transaction reference'),
  t('markdown', 'en', '| {DECOY:build-numbers} | {DECOY:timestamp-forms} | {DECOY:ranges-and-ratios} |'),
  t('email', 'de', 'Gemäß {DECOY:standards-and-laws}; {DECOY:bank-account-numbers}.'),
  t('json', 'en', '{"metrics":"{DECOY:numbers-in-records}","build":"{DECOY:build-numbers}"}'),
  t('chat', 'it', 'Ordine {DECOY:order-ticket-ids} del {DECOY:timestamp-forms}, totale {DECOY:amount-locales}.'),
  t('chat', 'nl', 'Bestelling {DECOY:order-ticket-ids}, postcode {DECOY:postal-codes}.'),
  t('log', 'en', '{DECOY} | {DECOY} | {DECOY}'),
  t('csv', 'en', '{DECOY},{DECOY},{DECOY}'),
];
