import type { Template } from './templates';

/**
 * Templates of the fourth held-out split (written 2026-12-07, committed
 * before it was scored; the detectors are not tuned on it afterwards).
 * Different and more adversarial phrasing than the other splits: code in
 * Python, Go, Java, Rust, C#, PHP and shell; connection strings and URLs
 * with credentials; JSON with escapes and nesting, XML and HTML attributes,
 * `mailto:`/`tel:` links and Markdown links; nginx, CloudTrail, Kubernetes
 * and mail-server logs; WhatsApp, Slack and Teams exports; e-mail signatures
 * and forwarded headers; forms and CSV with quoting; twelve languages
 * (Polish, Swedish, Turkish, Japanese, Korean and Hinglish besides the
 * seven of the other splits); entities against brackets, quotes, colons and
 * full-width punctuation; passwords and PINs told in sentences. Look-alikes
 * only from this split's families.
 */
const t = (format: string, lang: Template['lang'], text: string): Template => ({ format, lang, text });

export const HELD_OUT_4_POSITIVE: Template[] = [
  // Code
  t('python', 'en', 'conn = psycopg2.connect(host="{IPV4}", user="etl", password="{PASSWORD}")\nnotify("{EMAIL}")'),
  t('python', 'en', 'OPENAI_API_KEY = "{SECRET}"  # TODO move to vault, ask {EMAIL}'),
  t('go', 'en', 'cfg := Config{Addr: "[{IPV6}]:8443", Token: "{SECRET}", Owner: "{EMAIL}"}'),
  t('java', 'en', 'String iban = "{IBAN}"; // customer {NAME}, {PHONE}'),
  t('rust', 'en', 'let card = "{CARD}"; assert!(luhn(card)); // from ticket {DECOY:git-and-ci-output}'),
  t('csharp', 'en', '"ConnectionString": "Server={IPV4};Database=crm;User Id=sa;Password={PASSWORD};"'),
  t('php', 'en', "$mail->setFrom('{EMAIL}'); $mail->addReplyTo('{EMAIL}'); // {DECOY:at-signs-in-code}"),
  t('shell', 'en', 'export GITHUB_TOKEN={SECRET}\nssh -p 2222 ops@{IPV4} # {DECOY:four-part-versions}'),
  t('shell', 'en', 'mysql -h {IPV4} -u root -p{PASSWORD} crm < dump.sql'),
  t('url', 'en', 'jdbc:postgresql://{IPV4}:5432/app?user=app&password={PASSWORD}&ssl=true'),
  t('url', 'en', 'redis://default:{PASSWORD}@{IPV4}:6379/0'),
  t('url', 'en', 'https://app.example.com/invite?email={EMAIL}&ref={DECOY:epoch-and-snowflake-ids}'),
  t('dockerfile', 'en', 'ENV STRIPE_KEY={SECRET}\nENV SUPPORT_MAIL={EMAIL}\nEXPOSE 8080'),
  t(
    'k8s',
    'en',
    'kind: Secret\nstringData:\n  DB_PASSWORD: "{PASSWORD}"\n  SMTP_HOST: "{IPV4}"\n# {DECOY:cloud-resource-ids}',
  ),
  t('code', 'en', '-----BEGIN CERTIFICATE REQUEST----- is public, but this is not:\n{PEM}'),
  // JSON, XML, HTML
  t('json', 'en', '{"event":"signup","user":{"email":"{EMAIL}","phone":"{PHONE164}","geo":{"ip":"{IP}"}}}'),
  t(
    'json',
    'en',
    '{"payment":{"pan":"{CARD}","holder":"{NAME}","billing_iban":"{IBAN}"},"meta":"{DECOY:epoch-and-snowflake-ids}"}',
  ),
  t('json', 'en', '{"eventName":"ConsoleLogin","sourceIPAddress":"{IPV4}","userIdentity":{"accessKeyId":"{AWS}"}}'),
  t('json', 'en', '[{"role":"tool","content":"lookup ok: ssn={SSN}, email={EMAIL}"}]'),
  t('json', 'en', '{"headers":{"authorization":"Bearer {BEARER}","x-forwarded-for":"{IPV4}, {IPV4}"}}'),
  t('xml', 'en', '<contact email="{EMAIL}" phone="{PHONE}"><iban>{IBAN}</iban></contact>'),
  t('html', 'en', '<a href="mailto:{EMAIL}">Write us</a> or <a href="tel:{PHONE164}">call</a>'),
  t('markdown', 'en', 'Questions? [{EMAIL}](mailto:{EMAIL}) · Phone: {PHONE} · {DECOY:dotted-numbering}'),
  // Logs
  t('log', 'en', '{IPV4} - - [07/Dec/2026:04:15:37 +0000] "POST /login HTTP/1.1" 401 512 "-" "curl/8.5"'),
  t('log', 'en', 'postfix/smtpd[{N}]: NOQUEUE: reject: RCPT from unknown[{IPV4}]: 554 <{EMAIL}>: Relay access denied'),
  t('log', 'en', 'level=warn msg="token leaked in config" token={SECRET} host={IPV6}'),
  t('log', 'en', 'Dec  7 04:15:37 fw01 kernel: DROP IN=eth1 SRC={IPV4} DST={IPV4} LEN=60 {DECOY:telecom-codes}'),
  t('log', 'en', 'audit: user={EMAIL} action=export card={CARD} result=denied ({DECOY:masked-and-redacted})'),
  // Chats and exports
  t('chat', 'en', '[07/12/2026, 09:14:22] {NAME}: the wifi password is {PASSWORD} btw'),
  t('chat', 'en', '{NAME}  9:41 AM\nok pw for the staging box: {PASSWORD} — and the jump host is {IPV4}'),
  t('chat', 'en', 'my PIN is {PIN}, card {CARD}, don’t tell anyone 🙃'),
  t('chat', 'en', 'new phone who dis 😂 {PHONE} (save it!)'),
  t('chat', 'en', '{NAME}: can u send the money to {IBAN}? ty'),
  t('chat', 'hi', 'bhai mera number {PHONE} hai, aur mail {EMAIL} pe bhej dena'),
  t('chat', 'pt', '[07/12/2026 10:02] {NAME}: me chama no zap {PHONE} 😉'),
  t('chat', 'es', 'oye, mi cel es {PHONE} y la contraseña del wifi es {PASSWORD}'),
  t('chat', 'ja', '電話番号：{PHONE}、メール：{EMAIL}までお願いします。'),
  t('chat', 'ko', '연락처: {PHONE} / 이메일: {EMAIL}'),
  t('chat', 'tr', 'Merhaba, numaram {PHONE}, e-posta {EMAIL}. IBAN: {IBAN}'),
  t('chat', 'pl', 'Cześć! Mój numer to {PHONE}, a hasło do konta: {PASSWORD}'),
  t('chat', 'sv', 'Hej! Ring mig på {PHONE} eller mejla {EMAIL}.'),
  t('chat', 'de', 'Das Passwort für den Router ist {PASSWORD} – bitte nicht weitergeben. PIN: {PIN}'),
  t('chat', 'fr', 'Le code PIN est {PIN} et mon portable {PHONE}.'),
  t('chat', 'it', 'Ciao! La password del wifi è {PASSWORD}, chiamami al {PHONE}.'),
  t('chat', 'nl', 'Mijn nummer is {PHONE}, mail me op {EMAIL}.'),
  // E-mails and forms
  t(
    'email',
    'en',
    '---------- Forwarded message ---------\nFrom: {NAME} <{EMAIL}>\nDate: Mon, 7 Dec 2026\nTo: {EMAIL}, {EMAIL}',
  ),
  t('email', 'en', '--\n{NAME} | Head of Ops\nM {PHONE} | T {PHONE}\n{EMAIL}'),
  t(
    'email',
    'de',
    'Mit freundlichen Grüßen\n{NAME}\nTel.: {PHONE}\nIBAN: {IBAN} · {DECOY:bank-identifiers-not-accounts}',
  ),
  t('email', 'es', 'Saludos,\n{NAME}\nCel.: {PHONE}\nCorreo: {EMAIL}'),
  t('email', 'pt', 'Atenciosamente,\n{NAME}\nFone: {PHONE} | {EMAIL}\n{DECOY:national-ids-not-phones}'),
  t('form', 'en', 'Name: {NAME}\nSocial Security Number: {SSN}\nDaytime phone: {PHONE}\nEmail: {EMAIL}'),
  t('form', 'en', 'W-9 — TIN/SSN (9 digits, no dashes): {SSN9}'),
  t('csv', 'en', '"id","name","email","phone"\n"{N}","{NAME}","{EMAIL}","{PHONE}"\n"{N}","{NAME}","{EMAIL}","{PHONE}"'),
  t('csv', 'en', 'ip,first_seen,hits\n{IPV4},2026-12-01,{N}\n{IPV6},2026-12-02,{N}'),
  t('ticket', 'en', 'Customer ({EMAIL}) says card {CARD} was charged twice; {DECOY:amounts-world-formats} each.'),
  t('ticket', 'en', 'AWS creds pasted in #general: {AWS} / {AWSSECRET}. Rotate now.'),
  t('ticket', 'en', 'Refund to {IBAN} (not {DECOY:bank-identifiers-not-accounts}); contact {PHONE}'),
  t('ticket', 'en', 'Allowlist {IP}, {IP} and {IP}; see {DECOY:dotted-numbering}.'),
  t('ticket', 'en', 'SSN {SSN} on file; phone {PHONE}; {DECOY:masked-and-redacted}'),
  // Cards, IBANs and SSNs in more places
  t('sql', 'en', "INSERT INTO payments (pan, iban, ssn) VALUES ('{CARD}', '{IBAN}', '{SSN}');"),
  t('yaml', 'en', 'billing:\n  card: "{CARD}"\n  iban: {IBAN}\n  contact: {EMAIL}'),
  t('csv', 'en', 'name;ssn;card\n{NAME};{SSN};{CARD}\n{NAME};{SSN};{CARD}'),
  t('json', 'en', '{"applicant":{"ssn":"{SSN9}","card_last_used":"{CARD}","iban":"{IBAN}"}}'),
  t('chat', 'en', 'my social is {SSN} and the card is {CARD} exp 08/29 cvv on the back lol'),
  t('chat', 'de', 'Kreditkarte {CARD}, gültig bis 08/29 – und bitte auf {IBAN} zurücküberweisen'),
  t('ticket', 'fr', 'Carte {CARD} bloquée ; remboursement sur {IBAN} ({DECOY:amounts-world-formats}).'),
  t('email', 'it', 'Gentile cliente, IBAN {IBAN} intestato a {NAME}; carta {CARD}.'),
  t('log', 'en', 'charge.failed pan={CARD} customer={EMAIL} ip={IPV4} {DECOY:epoch-and-snowflake-ids}'),
  t('form', 'en', 'Employee: {NAME} | SSN: {SSN} | Direct deposit IBAN: {IBAN}'),
];

export const HELD_OUT_4_NEGATIVE: Template[] = [
  t('log', 'en', '{DECOY:git-and-ci-output}\n{DECOY:git-and-ci-output}\n{DECOY:four-part-versions}'),
  t('log', 'en', '{DECOY:cloud-resource-ids} {DECOY:epoch-and-snowflake-ids}'),
  t('json', 'en', '{"build":"{DECOY:four-part-versions}","ids":["{DECOY:epoch-and-snowflake-ids}"]}'),
  t('json', 'en', '{"schema":"{DECOY:password-and-pin-talk}","note":"{DECOY:masked-and-redacted}"}'),
  t('code', 'en', '{DECOY:at-signs-in-code}\n{DECOY:at-signs-in-code}'),
  t('code', 'en', '// {DECOY:public-strings}\n// {DECOY:e-mail-look-alikes-4}'),
  t('markdown', 'en', '{DECOY:tables-of-counts}'),
  t('markdown', 'en', '## Scope\nSee {DECOY:dotted-numbering} and {DECOY:dotted-numbering}.'),
  t('email', 'en', 'Hi all,\n{DECOY:password-and-pin-talk}. Also {DECOY:password-and-pin-talk}.\nThanks'),
  t('email', 'en', 'Invoice paid: {DECOY:amounts-world-formats} via {DECOY:bank-identifiers-not-accounts}.'),
  t('ticket', 'en', 'Shipment {DECOY:logistics-codes}, {DECOY:logistics-codes}; {DECOY:card-look-alikes-4}.'),
  t('ticket', 'en', 'Device {DECOY:telecom-codes}; {DECOY:card-look-alikes-4}.'),
  t('ticket', 'en', 'Paper {DECOY:science-and-geo-numbers}; {DECOY:science-and-geo-numbers}.'),
  t('form', 'en', 'Customer record: {DECOY:masked-and-redacted}, {DECOY:masked-and-redacted}'),
  t('chat', 'en', '{NAME}: {DECOY:password-and-pin-talk} 🙄'),
  t('chat', 'en', '{NAME}: pls check {DECOY:e-mail-look-alikes-4} and {DECOY:telecom-codes}'),
  t('csv', 'en', 'metric,value\n{DECOY:epoch-and-snowflake-ids},{DECOY:amounts-world-formats}'),
  t('chat', 'hi', 'bhai {DECOY:national-ids-not-phones} wala form bhar diya, {DECOY:amounts-world-formats} bhi'),
  t('email', 'pt', 'Segue {DECOY:national-ids-not-phones} e {DECOY:national-ids-not-phones}.'),
  t('chat', 'es', 'El pedido {DECOY:logistics-codes} cuesta {DECOY:amounts-world-formats}.'),
  t('chat', 'ja', '{DECOY:national-ids-not-phones}、{DECOY:amounts-world-formats}です。'),
  t('chat', 'ko', '빌드 {DECOY:four-part-versions}, 참고 {DECOY:dotted-numbering}'),
  t('chat', 'tr', 'Tutar {DECOY:amounts-world-formats}, referans {DECOY:bank-identifiers-not-accounts}'),
  t('chat', 'pl', 'Kwota {DECOY:amounts-world-formats}; {DECOY:tables-of-counts}'),
  t('chat', 'sv', 'Se {DECOY:science-and-geo-numbers} och {DECOY:git-and-ci-output}'),
  t('email', 'de', 'Bitte {DECOY:password-and-pin-talk} beachten; {DECOY:bank-identifiers-not-accounts}.'),
  t('email', 'fr', 'Voir {DECOY:dotted-numbering} ; {DECOY:password-and-pin-talk}.'),
  t('ticket', 'it', 'Spedizione {DECOY:logistics-codes}, importo {DECOY:amounts-world-formats}.'),
  t('ticket', 'nl', 'Zie {DECOY:cloud-resource-ids} en {DECOY:public-strings}.'),
  t('log', 'en', '{DECOY} {DECOY} {DECOY}'),
  t('code', 'en', '{DECOY} // {DECOY}'),
];
