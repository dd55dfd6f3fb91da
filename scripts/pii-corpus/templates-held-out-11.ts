import type { Template } from './templates';

/**
 * Templates of the eleventh held-out split (written 2026-12-08, after the eleventh round of fixes, and committed
 * before it was scored; the detectors are not tuned on it afterwards). What people paste into a prompt, mostly
 * in English, German, French and Spanish, with some Italian, Dutch, Portuguese and Polish: support tickets and
 * their replies, e-mails with headers and signatures, chats, CRM and payment CSV exports, JSON API bodies and
 * webhook payloads, application and web-server logs, code (Python, JavaScript, shell, YAML, `.env`, SQL) and
 * form data. Entities sit against brackets, quotes, commas, colons, semicolons and full stops, inside JSON
 * strings, and several to a line, beside look-alikes of the split's own families.
 */
const t = (format: string, lang: Template['lang'], text: string): Template => ({ format, lang, text });

export const HELD_OUT_11_POSITIVE: Template[] = [
  // Support tickets
  t(
    'ticket',
    'en',
    'Subject: Refund for {DECOY:order-numbers-11}\n\nHi, I was charged twice on my card {CARD}. Please refund to the same card or call me on {PHONE}. Thanks, {NAME}',
  ),
  t(
    'ticket',
    'en',
    'Customer {NAME} ({EMAIL}) reports login failures since {DECOY:dates-and-times-11}. Last IP seen: {IPV4}. {DECOY:customer-and-ticket-ids-11}',
  ),
  t(
    'ticket',
    'de',
    'Sehr geehrte Damen und Herren,\nbitte buchen Sie den Betrag von {DECOY:prices-11} von meinem Konto ab: IBAN {IBAN}. Rückfragen gerne unter {PHONE}.\nMit freundlichen Grüßen\n{NAME}',
  ),
  t(
    'ticket',
    'de',
    'Hallo Support, meine neue Telefonnummer lautet {PHONE} und meine E-Mail {EMAIL}. Bitte im Kundenkonto ({DECOY:customer-and-ticket-ids-11}) ändern.',
  ),
  t(
    'ticket',
    'fr',
    "Bonjour,\nsuite à ma {DECOY:order-numbers-11}, merci de me rembourser sur l'IBAN {IBAN}. Vous pouvez me joindre au {PHONE} ou par mail : {EMAIL}.\nCordialement",
  ),
  t(
    'ticket',
    'fr',
    'Mon numéro de carte est {CARD} (exp. {DECOY:dates-and-times-11}), le paiement a été refusé deux fois. Tél : {PHONE}',
  ),
  t(
    'ticket',
    'es',
    'Hola, mi número de teléfono es {PHONE} y mi correo {EMAIL}. Quiero cambiar la cuenta de domiciliación a {IBAN}. Gracias.',
  ),
  t(
    'ticket',
    'es',
    'Buenas tardes, me han cobrado {DECOY:prices-11} en la tarjeta {CARD} y no reconozco el cargo ({DECOY:invoice-numbers-11}).',
  ),
  t(
    'ticket',
    'en',
    'Applicant SSN: {SSN}; DOB {DECOY:dates-and-times-11}; contact {EMAIL}, {PHONE}. Please verify before {DECOY:log-timestamps-11}.',
  ),
  t('ticket', 'en', 'W-9 on file — SSN {SSN9}, name {NAME}. Payroll {DECOY:invoice-numbers-11}.'),
  t('ticket', 'it', 'Buongiorno, il mio IBAN è {IBAN} e il cellulare {PHONE}. Grazie, {NAME}'),
  t('ticket', 'nl', 'Goedemiddag, mijn rekeningnummer is {IBAN}, telefoon {PHONE}. Groet, {NAME}'),
  t('ticket', 'pt', 'Olá, o meu email é {EMAIL} e o telemóvel {PHONE}. IBAN para reembolso: {IBAN}'),
  t('ticket', 'pl', 'Dzień dobry, mój numer telefonu to {PHONE}, e-mail {EMAIL}. Numer konta: {IBAN}.'),
  // E-mails
  t(
    'email',
    'en',
    'From: {NAME} <{EMAIL}>\nTo: billing <{EMAIL}>\nDate: {DECOY:log-timestamps-11}\nSubject: Re: {DECOY:invoice-numbers-11}\n\nPlease find the corrected invoice attached.',
  ),
  t(
    'email',
    'de',
    'Von: {NAME} [mailto:{EMAIL}]\nGesendet: {DECOY:dates-and-times-11}\nAn: {EMAIL}\nBetreff: AW: Vertrag\n\n--\nMobil: {PHONE}\nTel.: {PHONE}',
  ),
  t(
    'email',
    'fr',
    "-----Message d'origine-----\nDe : {NAME} <{EMAIL}>\nEnvoyé : {DECOY:dates-and-times-11}\n\nBien à vous,\n{NAME}\nPortable : {PHONE} | Fixe : {PHONE}",
  ),
  t(
    'email',
    'es',
    'De: {EMAIL}\nPara: {EMAIL}\nAsunto: Transferencia {DECOY:invoice-numbers-11}\n\nLe confirmo la transferencia a la cuenta {IBAN}. Un saludo.',
  ),
  t(
    'email',
    'en',
    '> On {DECOY:dates-and-times-11}, {NAME} <{EMAIL}> wrote:\n> call me at {PHONE} if the tracking ({DECOY:tracking-numbers-11}) does not update',
  ),
  // Chats
  t('chat', 'en', '[{DECOY:log-timestamps-11}] lena: here is my ssn {SSN} for the form'),
  t('chat', 'en', 'max: the staging db pw is {PASSWORD} (don’t share)\nsarah: 👍'),
  t('chat', 'de', '[14:03] Jonas: Schick mir mal deine Nummer\n[14:04] Lena: {PHONE} 😊'),
  t('chat', 'de', 'WLAN-Passwort: {PASSWORD}\nRouter: {IPV4}'),
  t('chat', 'fr', 'Camille: mon mot de passe c’est {PASSWORD} je l’ai noté nulle part 🙈'),
  t('chat', 'fr', 'Lucas : écris-moi sur {EMAIL} ou au {PHONE}'),
  t('chat', 'es', 'Lucía: te paso mi número, {PHONE}. Y mi correo es {EMAIL}'),
  t('chat', 'es', 'Alejandro: la contraseña del wifi es {PASSWORD}'),
  t('chat', 'en', 'ops-bot: new deploy {DECOY:versions-11} to {IPV4} by {EMAIL}'),
  // CSV exports
  t('csv', 'en', 'id,name,email,phone,created\n{N},{NAME},{EMAIL},{PHONE},{DECOY:log-timestamps-11}'),
  t('csv', 'de', 'Kundennr;Name;IBAN;Betrag\n{N};{NAME};{IBAN};{DECOY:prices-11}'),
  t('csv', 'fr', 'nom;email;téléphone;ville\n"{NAME}";"{EMAIL}";"{PHONE}";"Lyon"'),
  t('csv', 'en', 'order_id,card_number,amount,ip\n{DECOY:order-numbers-11},{CARD},{DECOY:prices-11},{IP}'),
  t('csv', 'es', 'nombre,correo,móvil,iban\n{NAME},{EMAIL},{PHONE164},{IBAN}'),
  t('csv', 'en', 'employee,ssn,start\n{NAME},{SSN},{DECOY:dates-and-times-11}'),
  // JSON bodies
  t('json', 'en', '{"customer":{"email":"{EMAIL}","phone":"{PHONE164}"},"order":"{DECOY:order-numbers-11}"}'),
  t('json', 'en', '{"event":"payment_failed","card":"{CARD}","ip":"{IP}","ts":"{DECOY:log-timestamps-11}"}'),
  t('json', 'de', '{"kontoinhaber":"{NAME}","iban":"{IBAN}","verwendungszweck":"{DECOY:invoice-numbers-11}"}'),
  t('json', 'en', '{"user":{"id":"{DECOY:uuids-and-digests-11}","email":"{EMAIL}","last_ip":"{IPV6}"}}'),
  t(
    'json',
    'en',
    '{"credentials":{"access_key_id":"{AWS}","secret_access_key":"{AWSSECRET}"},"region":"eu-central-1"}',
  ),
  t('json', 'en', '{"type":"service_account","private_key":"{PEM}","client_email":"{EMAIL}"}'),
  t(
    'json',
    'fr',
    '{"client":{"nom":"{NAME}","tel":"{PHONE}","courriel":"{EMAIL}"},"suivi":"{DECOY:tracking-numbers-11}"}',
  ),
  t('json', 'es', '{"cliente":"{NAME}","telefono":"{PHONE}","tarjeta":"{CARD}"}'),
  t('json', 'en', '{"applicant":{"ssn":"{SSN}","phone":"{PHONE}"},"version":"{DECOY:versions-11}"}'),
  t('json', 'en', '{"headers":{"Authorization":"Bearer {BEARER}","X-Request-Id":"{DECOY:uuids-and-digests-11}"}}'),
  // Logs
  t(
    'log',
    'en',
    '{DECOY:log-timestamps-11} INFO  auth.login success user={EMAIL} ip={IPV4} ua="Mozilla/5.0 (Windows NT 10.0; Win64; x64) {DECOY:versions-11}"',
  ),
  t('log', 'en', '{IPV4} - - {DECOY:log-timestamps-11} "POST /api/v1/login HTTP/1.1" 401 512 "-" "curl/8.5.0"'),
  t('log', 'en', '{DECOY:log-timestamps-11} sshd[{N}]: Failed password for root from {IP} port {N} ssh2'),
  t('log', 'en', '{DECOY:log-timestamps-11} WARN payment declined card={CARD} order={DECOY:order-numbers-11}'),
  t(
    'log',
    'de',
    '{DECOY:log-timestamps-11} FEHLER Zustellung an {EMAIL} fehlgeschlagen (Server {IPV4}: 550 mailbox unavailable)',
  ),
  t('log', 'en', '{DECOY:log-timestamps-11} DEBUG request headers: Authorization: Bearer {BEARER}'),
  t('log', 'en', 'kernel: [UFW BLOCK] IN=eth0 OUT= MAC={DECOY:mac-addresses-11} SRC={IPV4} DST={IPV4} PROTO=TCP'),
  t('log', 'en', '{DECOY:log-timestamps-11} client {IPV6} connected, session {DECOY:uuids-and-digests-11}'),
  // Code
  t('code', 'en', 'import openai\nclient = openai.OpenAI(api_key="{SECRET}")\nprint(client.models.list())'),
  t('code', 'en', 'const stripe = require("stripe")("{SECRET}");\n// {DECOY:versions-11}'),
  t(
    'code',
    'en',
    'export AWS_ACCESS_KEY_ID={AWS}\nexport AWS_SECRET_ACCESS_KEY={AWSSECRET}\nexport AWS_DEFAULT_REGION=eu-west-1',
  ),
  t('code', 'en', 'curl -H "Authorization: Bearer {BEARER}" https://api.example.com/v2/orders/{N}'),
  t('code', 'en', 'DATABASE_URL=postgres://app:{PASSWORDURL}@{IPV4}:5432/shop\nREDIS_URL=redis://{IPV4}:6379/0'),
  t('code', 'en', '# .env\nGITHUB_TOKEN={SECRET}\nADMIN_EMAIL={EMAIL}'),
  t('code', 'en', 'git remote set-url origin https://oauth2:{SECRET}@gitlab.com/acme/api.git'),
  t(
    'code',
    'en',
    "INSERT INTO customers (name, email, phone, iban) VALUES ('{NAME}', '{EMAIL}', '{PHONE}', '{IBAN}');",
  ),
  t('code', 'en', 'ssh -i ~/.ssh/id_ed25519 deploy@{IPV4} -p 2222'),
  t(
    'code',
    'en',
    'AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey={AZUREKEY};EndpointSuffix=core.windows.net"',
  ),
  t('code', 'en', 'headers = {"Authorization": "Bearer {JWT}", "Content-Type": "application/json"}'),
  t(
    'code',
    'en',
    'spring:\n  datasource:\n    url: jdbc:mysql://{IPV4}:3306/crm\n    username: crm\n    password: {PASSWORD}\n',
  ),
  t('code', 'en', 'SLACK_BOT_TOKEN={SECRET}  # {DECOY:placeholders-11} in prod'),
  t('code', 'en', 'key_file = """{PEM}"""'),
  t('code', 'de', '// TODO: Passwort nicht hart kodieren!\nconst passwort = "{PASSWORD}";'),
  t('code', 'es', '# configuración\nSMTP_USER={EMAIL}\nSMTP_PASS={PASSWORD}'),
  t('code', 'en', 'server {\n  listen 80;\n  allow {IPV4};\n  allow {IPV6};\n  deny all;\n}'),
  // Forms and prose
  t('form', 'en', 'Name: {NAME}\nEmail: {EMAIL}\nPhone: {PHONE}\nSSN: {SSN}\nCard: {CARD}'),
  t(
    'form',
    'de',
    'Name: {NAME}\nE-Mail: {EMAIL}\nTelefon: {PHONE}\nIBAN: {IBAN}\nGeburtsdatum: {DECOY:dates-and-times-11}',
  ),
  t('form', 'fr', 'Nom : {NAME}\nCourriel : {EMAIL}\nTéléphone : {PHONE}\nIBAN : {IBAN}'),
  t('form', 'es', 'Nombre: {NAME}\nCorreo electrónico: {EMAIL}\nTeléfono: {PHONE}\nNúmero de tarjeta: {CARD}'),
  t(
    'prose',
    'en',
    'Can you write a polite reminder to {NAME} ({EMAIL}) that invoice {DECOY:invoice-numbers-11} for {DECOY:prices-11} is overdue?',
  ),
  t(
    'prose',
    'de',
    'Formuliere eine Antwort an {EMAIL}: Die Lieferung ({DECOY:tracking-numbers-11}) kommt am {DECOY:dates-and-times-11}.',
  ),
  t('prose', 'fr', 'Résume ce message de {EMAIL} : « Rappelez-moi au {PHONE} avant {DECOY:dates-and-times-11} »'),
  t('prose', 'es', 'Traduce al inglés: «Mi tarjeta {CARD} fue bloqueada, llámenme al {PHONE}».'),
  t(
    'prose',
    'en',
    'Why does my server at {IPV4} reject connections from {IPV6}? The firewall runs {DECOY:versions-11}.',
  ),
];

/** Lines with no entity: every look-alike in them must be left alone. */
export const HELD_OUT_11_NEGATIVE: Template[] = [
  t(
    'ticket',
    'en',
    'Hi, my {DECOY:order-numbers-11} has not arrived. Tracking says {DECOY:tracking-numbers-11}. Can you check?',
  ),
  t('ticket', 'en', 'Invoice {DECOY:invoice-numbers-11} shows {DECOY:prices-11} but I was quoted {DECOY:prices-11}.'),
  t(
    'ticket',
    'de',
    'Guten Tag, meine {DECOY:order-numbers-11} vom {DECOY:dates-and-times-11} ist noch nicht da ({DECOY:tracking-numbers-11}).',
  ),
  t(
    'ticket',
    'de',
    'Die {DECOY:invoice-numbers-11} über {DECOY:prices-11} wurde doppelt gebucht. {DECOY:customer-and-ticket-ids-11}',
  ),
  t(
    'ticket',
    'fr',
    'Bonjour, ma {DECOY:order-numbers-11} du {DECOY:dates-and-times-11} est bloquée. {DECOY:customer-and-ticket-ids-11}',
  ),
  t(
    'ticket',
    'es',
    'Hola, el {DECOY:order-numbers-11} ({DECOY:prices-11}) llegó roto. {DECOY:customer-and-ticket-ids-11}',
  ),
  t(
    'ticket',
    'en',
    'The card on file is {DECOY:masked-values-11}; please charge that one. Ref {DECOY:card-length-non-cards-11}',
  ),
  t('ticket', 'de', 'Karte: {DECOY:masked-values-11}, Referenz {DECOY:card-length-non-cards-11}'),
  t('ticket', 'fr', 'Carte enregistrée : {DECOY:masked-values-11}. Référence : {DECOY:bank-codes-11}'),
  t(
    'ticket',
    'en',
    'Which of these is right: {DECOY:iban-near-misses-11} or {DECOY:iban-near-misses-11}? Our bank says the check digits fail.',
  ),
  t('ticket', 'en', 'Test SSNs for the sandbox: {DECOY:ssn-never-issued-11}, {DECOY:ssn-never-issued-11}'),
  t('ticket', 'es', 'Referencia de pago: {DECOY:phone-like-codes-11}; {DECOY:bank-codes-11}'),
  t(
    'email',
    'en',
    'Date: {DECOY:log-timestamps-11}\nSubject: Your order {DECOY:order-numbers-11} has shipped\n\nTrack it: {DECOY:tracking-numbers-11}',
  ),
  t(
    'email',
    'de',
    'Betreff: {DECOY:password-talk-11}\n\nKlicken Sie auf den Link, um ein neues Passwort zu setzen. {DECOY:customer-and-ticket-ids-11}',
  ),
  t(
    'email',
    'fr',
    'Objet : {DECOY:password-talk-11}\nVotre commande {DECOY:order-numbers-11} sera livrée {DECOY:dates-and-times-11}.',
  ),
  t('email', 'es', 'Asunto: {DECOY:password-talk-11}\nSu pedido llegará el {DECOY:dates-and-times-11}.'),
  t(
    'chat',
    'en',
    'dev1: bumped to {DECOY:versions-11}, build {DECOY:uuids-and-digests-11}\ndev2: nice, {DECOY:log-timestamps-11}',
  ),
  t('chat', 'de', 'Treffen am {DECOY:dates-and-times-11} bei {DECOY:coordinates-11}? 👍'),
  t('chat', 'fr', 'on se voit {DECOY:dates-and-times-11}, c’est ici : {DECOY:coordinates-11}'),
  t('chat', 'es', 'quedamos el {DECOY:dates-and-times-11} en {DECOY:coordinates-11} 😀'),
  t('chat', 'en', 'use {DECOY:at-in-names-11} for retina and {DECOY:at-in-names-11} for the rest'),
  t('chat', 'en', 'the key is in 1Password, not here: {DECOY:placeholders-11}'),
  t(
    'csv',
    'en',
    'sku,qty,price,updated\n{DECOY:quantities-and-ids-11},{N},{DECOY:prices-11},{DECOY:log-timestamps-11}',
  ),
  t('csv', 'en', 'device,mac,firmware\nrouter-{N},{DECOY:mac-addresses-11},{DECOY:versions-11}'),
  t(
    'csv',
    'de',
    'Rechnung;Datum;Betrag;Sendung\n{DECOY:invoice-numbers-11};{DECOY:dates-and-times-11};{DECOY:prices-11};{DECOY:tracking-numbers-11}',
  ),
  t('csv', 'en', 'isbn,title\n{DECOY:isbn-11},"Release It!"'),
  t(
    'json',
    'en',
    '{"id":"{DECOY:uuids-and-digests-11}","created":"{DECOY:log-timestamps-11}","version":"{DECOY:versions-11}"}',
  ),
  t('json', 'en', '{"location":"{DECOY:coordinates-11}","oid":"{DECOY:oids-and-dotted-11}"}'),
  t(
    'json',
    'en',
    '{"card":"{DECOY:masked-values-11}","order":"{DECOY:order-numbers-11}","amount":"{DECOY:prices-11}"}',
  ),
  t('json', 'en', '{"apiKey":"{DECOY:placeholders-11}","publishableKey":"{DECOY:public-keys-11}"}'),
  t('json', 'en', '{"image":"{DECOY:at-in-names-11}","digest":"{DECOY:uuids-and-digests-11}"}'),
  t('json', 'de', '{"sendungsnummer":"{DECOY:tracking-numbers-11}","kunde":"{DECOY:customer-and-ticket-ids-11}"}'),
  t('log', 'en', '{DECOY:log-timestamps-11} INFO worker started pid={N} version={DECOY:versions-11}'),
  t('log', 'en', '{DECOY:log-timestamps-11} WARN {DECOY:password-talk-11} for request {DECOY:uuids-and-digests-11}'),
  t('log', 'en', '{DECOY:log-timestamps-11} dhcpd: DHCPACK to {DECOY:mac-addresses-11} via eth0'),
  t('log', 'en', '{DECOY:log-timestamps-11} ssh: host key {DECOY:fingerprints-11}'),
  t('log', 'en', '{DECOY:log-timestamps-11} snmp trap {DECOY:oids-and-dotted-11} value={N}'),
  t('log', 'en', '{DECOY:log-timestamps-11} pulled {DECOY:at-in-names-11} in {N}ms'),
  t('code', 'en', '$ git clone {DECOY:at-in-names-11}\n$ npm i {DECOY:at-in-names-11}'),
  t('code', 'en', 'OPENAI_API_KEY={DECOY:placeholders-11}\nSTRIPE_PUBLISHABLE_KEY={DECOY:public-keys-11}'),
  t('code', 'en', '.btn { color: {DECOY:css-and-colours-11}; } {DECOY:css-and-colours-11}'),
  t('code', 'en', '{DECOY:network-non-ips-11} // {DECOY:network-non-ips-11}'),
  t('code', 'en', 'assert checksum("{DECOY:uuids-and-digests-11}") == {DECOY:log-timestamps-11}'),
  t('code', 'en', 'password = os.environ["DB_PASSWORD"]  # {DECOY:password-talk-11}'),
  t(
    'code',
    'en',
    'if not is_luhn_valid("{DECOY:card-length-non-cards-11}"): raise ValueError("{DECOY:password-talk-11}")',
  ),
  t('prose', 'en', 'Convert {DECOY:dates-and-times-11} to ISO 8601 and {DECOY:prices-11} to USD.'),
  t('prose', 'de', 'Erkläre mir {DECOY:oids-and-dotted-11} und {DECOY:phone-like-codes-11}.'),
  t('prose', 'fr', 'Explique la {DECOY:oids-and-dotted-11} et le {DECOY:isbn-11}.'),
  t('prose', 'es', 'Compara {DECOY:versions-11} con {DECOY:versions-11}; {DECOY:quantities-and-ids-11}.'),
  t(
    'prose',
    'en',
    'Our WiFi router {DECOY:mac-addresses-11} runs firmware {DECOY:versions-11}; {DECOY:network-non-ips-11}.',
  ),
  t('prose', 'it', 'Ordine {DECOY:order-numbers-11} del {DECOY:dates-and-times-11}: {DECOY:prices-11}.'),
  t('prose', 'nl', 'Bestelling {DECOY:order-numbers-11}, pakket {DECOY:tracking-numbers-11}.'),
  t('prose', 'en', '{DECOY} and {DECOY}'),
  t('prose', 'en', 'Please summarise: {DECOY}; {DECOY}; {DECOY}'),
];
