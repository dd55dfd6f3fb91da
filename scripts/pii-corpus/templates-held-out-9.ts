import type { Template } from './templates';

/**
 * Templates of the ninth held-out split (written 2026-12-07, after the ninth round of fixes, and committed
 * before it was scored; the detectors are not tuned on it afterwards). Document kinds and formats no other
 * split draws: Ansible inventories and vars, Helm values, systemd units, docker-compose files, crontabs,
 * Postman collections, LDIF, iCalendar, SMTP sessions, Apache access logs, git log output, SEPA pain.001 XML,
 * payroll CSV with semicolons, TOML, HOCON, Jupyter output, Jira comments, PagerDuty and Zendesk exports, Swift,
 * Dart, Lua, R, Elixir, PHP mailers, Terraform; keys of vendors no split drew (Okta, ClickUp, Asana,
 * Backblaze, Scaleway, Resend, Voyage, Ably, Discord bots, Mistral, Cohere, Deepgram, Together, Infisical) beside
 * listed ones; chats and e-mails in languages no split drew (Zulu, Kinyarwanda, Shona, Belarusian, Slovenian,
 * Estonian, Galician, Wolof, Lingala) and in Italian, Dutch, Polish, Czech, Turkish, Vietnamese, Indonesian,
 * Swahili, Hindi and Bengali with their own digits; phone numbers of Central Asia, the Caribbean, the Pacific
 * and Africa in forms no split drew (dots after `+cc`, `(+cc)` and pairs, thin and figure spaces,
 * non-breaking hyphens, em dashes).
 */
const t = (format: string, lang: Template['lang'], text: string): Template => ({ format, lang, text });

export const HELD_OUT_9_POSITIVE: Template[] = [
  // Configuration and deployment files
  t(
    'ansible',
    'en',
    '[db]\n{IPV4} ansible_user=deploy ansible_become_pass={PASSWORD}\n[web]\n{IPV4} ansible_user=deploy',
  ),
  t('ansible', 'en', 'smtp_relay_password: "{PASSWORD}"\nops_contact: {EMAIL}\nops_phone: "{PHONE}"'),
  t('helm', 'en', 'postgresql:\n  auth:\n    password: {PASSWORD}\n  primary:\n    loadBalancerIP: {IPV4}'),
  t('helm', 'en', 'alerting:\n  receivers:\n    email: {EMAIL}\n    apiToken: {SECRET}'),
  t('systemd', 'en', '[Service]\nEnvironment=DB_PASS={PASSWORD}\nEnvironment=BIND_ADDR={IPV6}\nExecStart=/usr/bin/app'),
  t(
    'compose',
    'en',
    'services:\n  db:\n    environment:\n      MYSQL_ROOT_PASSWORD: {PASSWORD}\n      MYSQL_HOST: {IPV4}',
  ),
  t('crontab', 'en', '15 2 * * * PGPASSWORD={PASSWORD} pg_dump -h {IPV4} crm | gzip > /backup/crm.gz'),
  t('toml', 'en', '[smtp]\nhost = "{IPV4}"\nuser = "{EMAIL}"\npassword = "{PASSWORD}"'),
  t('hocon', 'en', 'db {\n  url = "jdbc:postgresql://{IPV4}:5432/crm"\n  password = "{PASSWORD}"\n}'),
  t('terraform', 'en', 'administrator_login_password = "{PASSWORD}"\nallowed_ip = "{IPV4}"'),
  t('env', 'en', 'API_KEY={SECRET}\nSUPPORT_PHONE="{PHONE}"\nSUPPORT_EMAIL={EMAIL}'),
  t('env', 'en', 'ACCESS_TOKEN={SECRET}\nADMIN_EMAIL={EMAIL}'),
  t(
    'ldif',
    'en',
    'dn: uid=jdoe,ou=people,dc=example,dc=org\nmail: {EMAIL}\ntelephoneNumber: {PHONE}\nuserPassword: {PASSWORD}',
  ),
  t(
    'postman',
    'en',
    '{"auth":{"type":"basic","basic":[{"key":"password","value":"{PASSWORD}"},{"key":"username","value":"{EMAIL}"}]}}',
  ),
  // Tool output and logs
  t('apache', 'en', '{IPV4} - jdoe [07/Dec/2026:10:02:11 +0100] "GET /export?email={EMAIL} HTTP/1.1" 200 5120'),
  t('apache', 'en', '{IPV6} - - [07/Dec/2026:10:04:52 +0100] "POST /login HTTP/2.0" 302 0 "-" "curl/8.5.0"'),
  t(
    'gitlog',
    'en',
    'commit 9f2c4e1\nAuthor: {NAME} <{EMAIL}>\nDate:   Mon Dec 7 09:12:44 2026 +0100\n\n    rotate {SECRET}',
  ),
  t('smtp', 'en', 'S: 220 mx.example.net ESMTP\nC: EHLO {IPV4}\nC: MAIL FROM:<{EMAIL}>\nS: 250 OK'),
  t('ical', 'en', 'BEGIN:VEVENT\nATTENDEE;CN={NAME}:mailto:{EMAIL}\nLOCATION:Call {PHONE}\nEND:VEVENT'),
  t('jupyter', 'en', "In [3]: conn = psycopg2.connect(host='{IPV4}', password='{PASSWORD}')\nOut[3]: <connection>"),
  t('pagerduty', 'en', '{"incident":"DB down","assignee":"{EMAIL}","escalation_phone":"{PHONE}","source":"{IP}"}'),
  t('zendesk', 'en', 'Ticket #{N} from {EMAIL}: my card {CARD} was charged twice, call me on {PHONE}'),
  // Finance and HR documents
  t('sepa-xml', 'en', '<CdtrAcct><Id><IBAN>{IBAN}</IBAN></Id></CdtrAcct><Cdtr><Nm>{NAME}</Nm></Cdtr>'),
  t('payroll-csv', 'en', 'employee;ssn;iban;email\n{NAME};{SSN};{IBAN};{EMAIL}'),
  t('w2', 'en', "Employee's social security number: {SSN9}\nEmployee's name: {NAME}"),
  t('invoice', 'it', 'Fattura n. {N} — pagamento su IBAN {IBAN}, per domande {EMAIL} o {PHONE}'),
  t('invoice', 'nl', 'Factuur {N}: gelieve te betalen op {IBAN}. Vragen? Bel {PHONE} of mail {EMAIL}.'),
  t('invoice', 'pl', 'Faktura {N}, przelew na rachunek {IBAN}, kontakt: {EMAIL}, tel. {PHONE}'),
  t('payment', 'cs', 'Platba kartou {CARD} proběhla. Dotazy na {EMAIL} nebo na čísle {PHONE}.'),
  t('payment', 'tr', 'Kartınız {CARD} ile ödeme alındı. Bilgi için {PHONE} numarasını arayın.'),
  t('form', 'en', 'Applicant SSN: {SSN} | Phone: {PHONE} | Email: {EMAIL}'),
  // Code
  t('swift', 'en', 'let cred = URLCredential(user: "jdoe", password: "{PASSWORD}", persistence: .forSession)'),
  t('dart', 'en', "final conn = PostgreSQLConnection('{IPV4}', 5432, 'crm', username: 'app', password: '{PASSWORD}');"),
  t('lua', 'en', 'local red = redis:new()\nred:connect("{IPV4}", 6379)\nred:auth("{PASSWORD}")'),
  t('r', 'en', 'con <- dbConnect(RPostgres::Postgres(), host = "{IPV4}", password = "{PASSWORD}")'),
  t('elixir', 'en', 'config :app, App.Repo,\n  hostname: "{IPV4}",\n  password: "{PASSWORD}"'),
  t('php', 'en', "$mail->Username = '{EMAIL}';\n$mail->Password = '{PASSWORD}';"),
  t('python', 'en', 'client = Client(api_key="{SECRET}")  # owner: {EMAIL}'),
  t('http', 'en', 'GET /api/v1/users HTTP/1.1\nHost: {IPV4}\nAuthorization: Bearer {SECRET}'),
  t('http', 'en', 'GET /api/v1/users HTTP/1.1\nAuthorization: SSWS {SECRET}'),
  t('pem', 'en', 'cat > key.pem <<EOF\n{PEM}\nEOF'),
  // Chats and e-mails, English
  t('chat', 'en', '{NAME}: the wifi at the cabin is {PASSWORD}, landline {PHONE}'),
  t('chat', 'en', '{NAME}: temp password {PASSWORD} — change it after first login'),
  t('chat', 'en', '{NAME}: I set the router password to {PASSWORD}'),
  t('chat', 'en', '{NAME}: new key is {SECRET}, old one revoked'),
  t('chat', 'en', '{NAME}: ping me at {EMAIL} or {PHONE} if the deploy to {IP} fails'),
  t('email', 'en', 'Hi team,\nplease wire the deposit to {IBAN} and send the receipt to {EMAIL}.\nThanks, {NAME}'),
  // Chats and e-mails, other languages
  t('chat', 'it', '{NAME}: la password del server è {PASSWORD}, chiamami al {PHONE}'),
  t('chat', 'nl', '{NAME}: het wachtwoord is {PASSWORD}, bel me op {PHONE}'),
  t('chat', 'pl', '{NAME}: hasło do VPN: {PASSWORD}, mój numer {PHONE}'),
  t('chat', 'cs', '{NAME}: heslo je {PASSWORD}, volej na {PHONE}'),
  t('chat', 'tr', '{NAME}: şifre {PASSWORD}, beni {PHONE} numarasından ara'),
  t('chat', 'vi', '{NAME}: mật khẩu là {PASSWORD}, gọi cho tôi số {PHONE}'),
  t('chat', 'id', '{NAME}: kata sandi wifi {PASSWORD}, hubungi {PHONE}'),
  t('chat', 'sw', '{NAME}: nenosiri ni {PASSWORD}, nipigie {PHONE}'),
  t('chat', 'zu', '{NAME}: iphasiwedi yami ngu {PASSWORD}, ngishayele ku {PHONE}'),
  t('chat', 'rw', "{NAME}: ijambo ry'ibanga ni {PASSWORD}, nkuhamagare kuri {PHONE}"),
  t('chat', 'sn', '{NAME}: pasiwedhi yangu ndi {PASSWORD}, ndifonere pa {PHONE}'),
  t('chat', 'be', '{NAME}: пароль {PASSWORD}, тэлефон {PHONE}'),
  t('chat', 'sl', '{NAME}: geslo je {PASSWORD}, pokliči me na {PHONE}'),
  t('chat', 'et', '{NAME}: parool on {PASSWORD}, helista mulle {PHONE}'),
  t('chat', 'gl', '{NAME}: o contrasinal é {PASSWORD}, chámame ao {PHONE}'),
  t('chat', 'wo', '{NAME}: baatu jàll bi mooy {PASSWORD}, woo ma ci {PHONE}'),
  t('chat', 'ln', '{NAME}: liloba ya sekele ezali {PASSWORD}, benga ngai na {PHONE}'),
  t('chat', 'hi', '{NAME}: मेरा नंबर {PHONEIN} है, ईमेल {EMAIL}'),
  t('chat', 'bn', '{NAME}: আমার নম্বর {PHONEIN}, ইমেইল {EMAIL}'),
  t('email', 'de', 'Guten Tag,\nbitte überweisen Sie auf {IBAN}. Rückfragen an {EMAIL} oder {PHONE}.\n{NAME}'),
  t('email', 'fr', 'Bonjour,\nvotre carte {CARD} a été débitée. Contact : {EMAIL}, {PHONE}.\n{NAME}'),
  t('email', 'es', 'Hola,\nla transferencia a {IBAN} está confirmada. Escríbenos a {EMAIL}.\n{NAME}'),
];

/** Lines with no entity: every look-alike in them must be left alone. */
export const HELD_OUT_9_NEGATIVE: Template[] = [
  t('chat', 'en', '{NAME}: see {DECOY}'),
  t('chat', 'en', '{NAME}: {DECOY} and {DECOY}'),
  t('log', 'en', '{DECOY}\n{DECOY}'),
  t('config', 'en', '# {DECOY}\n# {DECOY}'),
  t('csv', 'en', '{DECOY};{DECOY};{DECOY}'),
  t('ticket', 'en', 'Ticket #{N}: {DECOY} / {DECOY}'),
  t('chat', 'it', '{NAME}: guarda {DECOY}'),
  t('chat', 'nl', '{NAME}: zie {DECOY}'),
  t('chat', 'pl', '{NAME}: zobacz {DECOY}'),
  t('chat', 'tr', '{NAME}: bak {DECOY}'),
  t('chat', 'vi', '{NAME}: xem {DECOY}'),
  t('chat', 'sw', '{NAME}: angalia {DECOY}'),
  t('email', 'de', 'Hallo,\nsiehe {DECOY}, außerdem {DECOY}.\n{NAME}'),
];
