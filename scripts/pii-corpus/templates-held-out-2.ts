import type { Template } from './templates';

/**
 * Templates of the second held-out split (written 2026-12-07, committed
 * before it was scored, with the detectors frozen): formats and phrasings the
 * other splits do not use (Terraform, Kubernetes, Dockerfiles, Go, nginx and
 * syslog lines, JSON logs, support chats in six languages), several entities
 * to a line, entities against punctuation and inside JSON strings, drawing
 * look-alikes only from this split's families.
 */
const t = (format: string, lang: Template['lang'], text: string): Template => ({ format, lang, text });

export const HELD_OUT_2_POSITIVE: Template[] = [
  t('ticket', 'en', 'P2 – {NAME} ({EMAIL}, {PHONE}) was charged twice on {CARD}; {DECOY:sixteen-digit-references}.'),
  t('ticket', 'en', 'Fraud check: card {CARD} used from {IPV4} and {IPV6} within {N} s.'),
  t('ticket', 'en', 'Customer asked us to delete SSN {SSN} and DOB ({DECOY:dates-and-times-2}) from the CRM.'),
  t('chat', 'en', 'ok the number is {PHONE}.. or whatsapp {PHONE164}'),
  t('chat', 'en', '@here who pasted {SECRET} in #general?? rotate pls'),
  t('chat', 'en', 'pls wire it to {IBAN} (ref {DECOY:bank-identifiers}) thx!!'),
  t('email', 'en', 'Hi {NAME},\n\nplease call {PHONE} (mobile) or {PHONE} (office).\n\n-- \n{NAME} | {EMAIL}'),
  t('email', 'en', 'Subject: Re: access\n\nThe key is {AWS} and the secret is in the vault. Sent from {IPV4}.'),
  t('code', 'en', 'provider "aws" {\n  access_key = "{AWS}"\n  secret_key = "{AWSSECRET}"\n}'),
  t('code', 'en', 'env:\n  - name: SENDGRID_KEY\n    value: "{SECRET}"\n  - name: SUPPORT_MAIL\n    value: {EMAIL}'),
  t('code', 'en', 'ENV DATABASE_URL=postgres://billing:{PASSWORD}@{IPV4}:5432/billing'),
  t('code', 'en', 'client := api.New("{SECRET}") // TODO move to env, ask {EMAIL}'),
  t('code', 'en', 'cat > key.pem <<EOF\n{PEM}\nEOF'),
  t('code', 'en', 'mongodb+srv://admin:{PASSWORD}@cluster0.example.net/?retryWrites=true'),
  t('log', 'en', '{IPV4} - - [{DECOY:dates-and-times-2}] "GET /api/users?email={EMAIL} HTTP/2" 200 {N}'),
  t('log', 'en', '<134>1 {DECOY:dates-and-times-2} gw01 sshd - - Failed password for root from {IPV6} port {N}'),
  t('log', 'en', '{"level":"warn","msg":"card declined","pan":"{CARD}","ip":"{IP}","trace":"{DECOY:digests-and-ids}"}'),
  t('log', 'en', 'WARN twilio: sms to {PHONE164} failed; account {DECOY:digests-and-ids}'),
  t('json', 'en', '{"user":{"email":"{EMAIL}","tel":"{PHONE}","iban":"{IBAN}"},"meta":{"ip":"{IPV4}"}}'),
  t('json', 'en', '{"db":{"host":"{IPV6}","user":"app","password":"{PASSWORD}"},"apiKey":"{SECRET}"}'),
  t('json', 'en', '[{"ssn":"{SSN}","phone":"{PHONE164}"},{"ssn":"{SSN}","phone":"{PHONE}"}]'),
  t('csv', 'en', 'email;phone;iban;amount\n{EMAIL};{PHONE};{IBAN};{DECOY:amounts-held-out-2}'),
  t('csv', 'en', '"{NAME}","{EMAIL}","{PHONE}","{DECOY:other-national-ids}"'),
  t('sql', 'en', "INSERT INTO payouts (iban, email) VALUES ('{IBAN}', '{EMAIL}'), ('{IBAN}', '{EMAIL}');"),
  t('http', 'en', 'POST /hooks HTTP/1.1\nX-Forwarded-For: {IPV4}, {IPV4}\nAuthorization: Bearer {BEARER}'),
  t('markdown', 'en', '- [ ] rotate `{SECRET}`\n- [ ] tell {EMAIL}\n- [x] block {IP}'),
  t('form', 'en', 'SSN (no dashes): {SSN9}\nPhone: {PHONE}\nEmail: {EMAIL}'),
  t('chat', 'de', 'Servus! Meine Handynummer ist {PHONE}, Festnetz {PHONE}. IBAN: {IBAN}.'),
  t('email', 'de', 'Guten Tag,\nanbei die Daten: Karte {CARD}, gültig bis {N}/28. Rückruf unter {PHONE}.'),
  t('ticket', 'de', 'Login von {IPV4} für {EMAIL} gesperrt ({DECOY:dates-and-times-2}).'),
  t('chat', 'fr', 'Salut, tu peux me rappeler au {PHONE} ? Sinon {EMAIL}.'),
  t(
    'email',
    'fr',
    'Madame, Monsieur,\nveuillez prélever {DECOY:amounts-held-out-2} sur le compte {IBAN}.\n{NAME}, tél. {PHONE}',
  ),
  t('chat', 'es', 'Mi móvil: {PHONE}; mi IBAN, {IBAN}; mi correo: {EMAIL}'),
  t('ticket', 'es', 'Acceso desde {IPV6} con la clave {SECRET}.'),
  t('chat', 'it', 'Chiamami al {PHONE} oppure scrivi a {EMAIL}, grazie!'),
  t('email', 'it', 'Gentile cliente, la carta {CARD} è stata bloccata. Per info: {PHONE}.'),
  t('chat', 'nl', 'Bel me even op {PHONE}, of mail {EMAIL}.'),
  t('email', 'pt', 'Olá, o meu telemóvel é {PHONE} e o IBAN {IBAN}.'),
  t('ticket', 'pt', 'Cliente {EMAIL} acessou de {IP} com o cartão {CARD}.'),
];

export const HELD_OUT_2_NEGATIVE: Template[] = [
  t('ticket', 'en', 'Patient record: {DECOY:health-and-insurance-ids}; see {DECOY:numbered-lists-and-clauses}.'),
  t('email', 'en', 'Payroll: {DECOY:other-national-ids}, {DECOY:bank-identifiers}, net {DECOY:amounts-held-out-2}.'),
  t('code', 'en', '# deploy key (public)\n{DECOY:public-keys-and-certificates}'),
  t('code', 'en', '.env.example:\n{DECOY:placeholder-and-publishable-keys}\n{DECOY:placeholder-and-publishable-keys}'),
  t('log', 'en', '{DECOY:dates-and-times-2} deploy {DECOY:digests-and-ids} ok'),
  t('log', 'en', '{DECOY:dates-and-times-2} link up {DECOY:network-non-addresses}, {DECOY:network-non-addresses}'),
  t('chat', 'en', 'sent {DECOY:amounts-held-out-2} to {DECOY:crypto-addresses}'),
  t('chat', 'en', 'paper is {DECOY:science-and-measurements}, result {DECOY:science-and-measurements}'),
  t('markdown', 'en', '| control | status |\n|---|---|\n| {DECOY:numbered-lists-and-clauses} | done |'),
  t(
    'json',
    'en',
    '{"id":"{DECOY:digests-and-ids}","amount":"{DECOY:amounts-held-out-2}","at":"{DECOY:dates-and-times-2}"}',
  ),
  t('json', 'en', '{"publicKey":"{DECOY:public-keys-and-certificates}","note":"{DECOY:e-mail-look-alikes-2}"}'),
  t(
    'csv',
    'en',
    'ref,amount,date\n{DECOY:sixteen-digit-references},{DECOY:amounts-held-out-2},{DECOY:dates-and-times-2}',
  ),
  t('code', 'en', '{DECOY:e-mail-look-alikes-2}\n{DECOY:e-mail-look-alikes-2}'),
  t('email', 'de', 'Ihre {DECOY:health-and-insurance-ids} und {DECOY:sixteen-digit-references} liegen vor.'),
  t('email', 'de', 'Gemäß {DECOY:numbered-lists-and-clauses} beträgt der {DECOY:amounts-held-out-2}.'),
  t('ticket', 'fr', 'Dossier {DECOY:health-and-insurance-ids}, remboursement {DECOY:amounts-held-out-2}.'),
  t('chat', 'fr', 'la clé publique : {DECOY:public-keys-and-certificates}'),
  t('ticket', 'es', 'Empleado con {DECOY:other-national-ids}; nómina {DECOY:amounts-held-out-2}.'),
  t('chat', 'it', 'Il mio {DECOY:other-national-ids}, bonifico {DECOY:bank-identifiers}.'),
  t('email', 'nl', 'Uw {DECOY:other-national-ids} en {DECOY:bank-identifiers} zijn bijgewerkt.'),
  t('ticket', 'pt', 'Transferência {DECOY:amounts-held-out-2} em {DECOY:dates-and-times-2}.'),
  t(
    'sql',
    'en',
    "SELECT * FROM builds WHERE sha = '{DECOY:digests-and-ids}' AND os = '{DECOY:network-non-addresses}';",
  ),
  t('yaml', 'en', 'image: registry.example.com/app@{DECOY:digests-and-ids}\nreplicas: {N}'),
  t('code', 'en', '{DECOY} // {DECOY}'),
  t('log', 'en', '{DECOY} {DECOY} {DECOY}'),
];
