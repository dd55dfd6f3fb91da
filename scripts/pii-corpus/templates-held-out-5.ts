import type { Template } from './templates';

/**
 * Templates of the fifth held-out split (written 2026-12-07, committed before
 * it was scored; the detectors are not tuned on it afterwards). Phrasing and
 * formats the other splits draw little: TypeScript, Ruby, Kotlin, Swift,
 * Terraform, Ansible, docker-compose, PowerShell, TOML and INI; a Google
 * service-account key in JSON (its private key with escaped newlines);
 * structured JSON logs, Java and Python stack traces, syslog and audit
 * lines; Markdown tables, CSV with quoting, e-mail headers and signatures;
 * Slack, Discord and WhatsApp chats; passwords told in Danish, Norwegian,
 * Finnish, Czech, Russian, Chinese, Japanese, Korean, Greek, Vietnamese,
 * Indonesian, Arabic and Hebrew besides the usual languages; entities
 * inside quotes, brackets, URLs and query strings, next to look-alikes of
 * this split's own families.
 */
const t = (format: string, lang: Template['lang'], text: string): Template => ({ format, lang, text });

export const HELD_OUT_5_POSITIVE: Template[] = [
  // Code and configuration
  t('typescript', 'en', 'const client = new Pool({ host: "{IPV4}", password: "{PASSWORD}" }); // owner {EMAIL}'),
  t('typescript', 'en', 'fetch(url, { headers: { Authorization: `Bearer {BEARER}` } }); // {DECOY:uuids-and-digests}'),
  t('ruby', 'en', "Stripe.api_key = '{SECRET}'\nMailer.deliver(to: '{EMAIL}')"),
  t('kotlin', 'en', 'val support = "{EMAIL}" // call {PHONE} — {DECOY:at-signs-in-tools}'),
  t('swift', 'en', 'let iban = "{IBAN}" // {NAME}'),
  t('terraform', 'en', 'resource "aws_instance" "web" {\n  private_ip = "{IPV4}"\n  tags = { Owner = "{EMAIL}" }\n}'),
  t('terraform', 'en', 'provider "aws" {\n  access_key = "{AWS}"\n  secret_key = "{AWSSECRET}"\n}'),
  t('ansible', 'en', '- hosts: db\n  vars:\n    ansible_host: {IPV4}\n    mysql_root_password: "{PASSWORD}"'),
  t(
    'compose',
    'en',
    'environment:\n  - POSTGRES_PASSWORD={PASSWORD}\n  - ADMIN_EMAIL={EMAIL}\n  - GITHUB_TOKEN={SECRET}',
  ),
  t('powershell', 'en', '$cred = "{PASSWORD}" | ConvertTo-SecureString -AsPlainText -Force # {NAME}'),
  t('toml', 'en', '[smtp]\nhost = "{IPV4}"\nuser = "{EMAIL}"\npassword = "{PASSWORD}"'),
  t('ini', 'en', '[client]\nuser=backup\npassword={PASSWORD}\nhost={IPV6}'),
  t('shell', 'en', 'PGPASSWORD={PASSWORD} psql -h {IPV4} -U app -d crm'),
  t('shell', 'en', 'mysqldump -u admin -p{PASSWORD} --all-databases > all.sql'),
  t('shell', 'en', 'curl -u admin:{PASSWORD} https://{IPV4}:9200/_cat/indices'),
  t(
    'shell',
    'en',
    'aws configure set aws_access_key_id {AWS} && echo {AWSSECRET} | aws configure set aws_secret_access_key',
  ),
  t('url', 'en', 'mongodb+srv://svc:{PASSWORD}@cluster0.ab12c.mongodb.net/app?retryWrites=true&w=majority'),
  t('url', 'en', 'https://portal.example.com/reset?email={EMAIL}&token={SECRET}&lang=de'),
  t('url', 'en', 'amqp://guest:{PASSWORD}@{IPV4}:5672/%2F'),
  t('sql', 'en', "UPDATE customers SET phone = '{PHONE}', email = '{EMAIL}' WHERE id = {N};"),
  t('sql', 'en', "INSERT INTO kyc (ssn, iban) VALUES ('{SSN}', '{IBAN}'); -- {DECOY:registry-and-order-numbers}"),
  // JSON and YAML
  t('json', 'en', '{"type":"service_account","client_email":"{EMAIL}","private_key":"{PEM}","project_id":"acme-prod"}'),
  t(
    'json',
    'en',
    '{"level":"error","msg":"payment failed","card":"{CARD}","ip":"{IP}","ts":"{DECOY:timestamps-and-durations}"}',
  ),
  t('json', 'en', '{"contact":{"phones":["{PHONE}","{PHONE164}"],"emails":["{EMAIL}"]}}'),
  t('json', 'en', '{"tool":"crm.lookup","arguments":"{\\"ssn\\":\\"{SSN}\\",\\"iban\\":\\"{IBAN}\\"}"}'),
  t('json', 'en', '{"aws":{"accessKeyId":"{AWS}","secretAccessKey":"{AWSSECRET}","region":"eu-west-1"}}'),
  t(
    'yaml',
    'en',
    'customer:\n  name: {NAME}\n  phone: "{PHONE}"\n  iban: "{IBAN}"\n  note: {DECOY:money-and-quantities}',
  ),
  t('yaml', 'en', 'auth:\n  api_token: {SECRET}\n  allowed_ips: [{IPV4}, {IPV6}]'),
  // Logs and stack traces
  t(
    'stacktrace',
    'en',
    'java.lang.IllegalStateException: duplicate account for {EMAIL}\n\tat com.acme.crm.AccountService.create(AccountService.java:{N})',
  ),
  t(
    'stacktrace',
    'en',
    'Traceback (most recent call last):\n  File "billing.py", line {N}, in charge\nValueError: card {CARD} declined for {EMAIL}',
  ),
  t('log', 'en', '{DECOY:timestamps-and-durations} sshd[{N}]: Failed password for root from {IPV4} port {N} ssh2'),
  t('log', 'en', 'type=USER_LOGIN msg=audit: addr={IPV6} acct="{EMAIL}" res=success'),
  t('log', 'en', '{"@timestamp":"{DECOY:timestamps-and-durations}","client.ip":"{IPV4}","user.email":"{EMAIL}"}'),
  t('log', 'en', 'WARN config dump: DB_PASSWORD={PASSWORD} REDIS_URL=redis://:{PASSWORD}@{IPV4}:6379'),
  t('log', 'en', 'DEBUG headers={"Authorization": "Bearer {BEARER}", "X-Real-IP": "{IPV4}"}'),
  // Tables and CSV
  t(
    'markdown',
    'en',
    '| name | phone | email |\n|---|---|---|\n| {NAME} | {PHONE} | {EMAIL} |\n| {NAME} | {PHONE} | {EMAIL} |',
  ),
  t('markdown', 'en', '| employee | SSN | IBAN |\n|---|---|---|\n| {NAME} | {SSN} | {IBAN} |'),
  t('csv', 'en', 'name,card,expires\n"{NAME}","{CARD}",08/29\n"{NAME}","{CARD}",01/30'),
  t('csv', 'de', 'Name;Telefon;E-Mail;IBAN\n{NAME};{PHONE};{EMAIL};{IBAN}'),
  // E-mails
  t('email', 'en', 'From: {NAME} <{EMAIL}>\nReply-To: {EMAIL}\nX-Originating-IP: [{IPV4}]\nSubject: invoice'),
  t('email', 'en', 'Best,\n{NAME}\nDirect: {PHONE} · Mobile: {PHONE}\n{EMAIL}'),
  t('email', 'fr', 'Cordialement,\n{NAME}\nTél. : {PHONE}\nCourriel : {EMAIL}'),
  t('email', 'nl', 'Met vriendelijke groet,\n{NAME}\nT {PHONE}\nIBAN {IBAN}'),
  t('email', 'da', 'Venlig hilsen\n{NAME}\nTlf. {PHONE}\nKonto: {IBAN}'),
  // Chats in many languages
  t('chat', 'en', '{NAME}: lol the vpn pw is {PASSWORD} dont share 🙈'),
  t('chat', 'en', '{NAME}: here is my card {CARD} and the PIN is {PIN}, thx!!'),
  t('chat', 'en', '<@U02AB3CD> ssn for the W-2 is {SSN}, phone {PHONE}'),
  t('chat', 'en', '**{NAME}** — new AWS keys: `{AWS}` / `{AWSSECRET}`'),
  t('chat', 'de', '{NAME}: Das WLAN-Passwort lautet {PASSWORD}, Handy {PHONE}'),
  t('chat', 'fr', '{NAME} : le mot de passe est {PASSWORD} et mon numéro {PHONE}'),
  t('chat', 'es', '{NAME}: la contraseña es {PASSWORD}, mi móvil {PHONE}'),
  t('chat', 'it', '{NAME}: la password è {PASSWORD} — IBAN {IBAN}'),
  t('chat', 'pt', '{NAME}: a senha é {PASSWORD}, zap {PHONE}'),
  t('chat', 'da', '{NAME}: adgangskoden er {PASSWORD}'),
  t('chat', 'no', '{NAME}: passordet er {PASSWORD}, ring {PHONE}'),
  t('chat', 'fi', '{NAME}: salasana on {PASSWORD}'),
  t('chat', 'cs', '{NAME}: heslo je {PASSWORD}'),
  t('chat', 'ru', '{NAME}: пароль {PASSWORD}, телефон {PHONE}'),
  t('chat', 'zh', '{NAME}：密码是 {PASSWORD}，电话 {PHONE}'),
  t('chat', 'ja', '{NAME}：パスワードは {PASSWORD} です。'),
  t('chat', 'ko', '{NAME}: 비밀번호는 {PASSWORD} 입니다'),
  t('chat', 'el', '{NAME}: ο κωδικός είναι {PASSWORD}'),
  t('chat', 'vi', '{NAME}: mật khẩu là {PASSWORD}'),
  t('chat', 'id', '{NAME}: kata sandi {PASSWORD} ya'),
  t('chat', 'ar', '{NAME}: كلمة المرور {PASSWORD}'),
  t('chat', 'he', '{NAME}: הסיסמה {PASSWORD}'),
  t('chat', 'sv', '{NAME}: lösenordet är {PASSWORD}, mejl {EMAIL}'),
  t('chat', 'tr', '{NAME}: şifre {PASSWORD}, numara {PHONE}'),
  t('chat', 'pl', '{NAME}: hasło to {PASSWORD}'),
  // Tickets and forms
  t('ticket', 'en', 'Customer {EMAIL} ({PHONE}) disputes {DECOY:money-and-quantities} on card {CARD}.'),
  t('ticket', 'en', 'Block {IP} and {IP}; seen with {DECOY:browser-and-build-versions}'),
  t('ticket', 'en', 'Refund {DECOY:money-and-quantities} to {IBAN}; {DECOY:ssn-and-iban-near-misses}'),
  t('form', 'en', 'Applicant: {NAME}\nSSN: {SSN}\nPhone: {PHONE}\nEmail: {EMAIL}\nIP: {IP}'),
  t('form', 'en', 'Social security no. {SSN9} · {DECOY:registry-and-order-numbers}'),
  t('ticket', 'en', 'Device {DECOY:hardware-identifiers} reported by {EMAIL} from {IPV4}'),
  t('ticket', 'en', 'Parcel {DECOY:parcel-tracking} for {NAME}, {PHONE}'),
  // More cards and SSNs, against this split's near-misses
  t('json', 'en', '{"wallet":{"cards":["{CARD}","{CARD}"],"masked":"{DECOY:masked-values-5}"}}'),
  t('chat', 'en', '{NAME}: try Visa {CARD} or the other one {CARD}? the {DECOY:card-near-misses} failed'),
  t('form', 'en', 'Taxpayer SSN: {SSN}\nSpouse SSN: {SSN}\nEmployer: {DECOY:ssn-and-iban-near-misses}'),
  t('ticket', 'en', 'W-2 for {NAME}: SSN {SSN}, deposit to card {CARD}; {DECOY:registry-and-order-numbers}'),
  t('log', 'en', 'stripe: charge {N} card={CARD} (test mode off) {DECOY:uuids-and-digests}'),
];

export const HELD_OUT_5_NEGATIVE: Template[] = [
  t('log', 'en', '{DECOY:timestamps-and-durations} {DECOY:uuids-and-digests}'),
  t('log', 'en', 'GET /app.js 200 "{DECOY:browser-and-build-versions}"'),
  t('log', 'en', '{DECOY:hardware-identifiers}; {DECOY:hardware-identifiers}'),
  t('json', 'en', '{"tracking":"{DECOY:parcel-tracking}","eta":"{DECOY:timestamps-and-durations}"}'),
  t('json', 'en', '{"ref":"{DECOY:book-and-paper-ids}","total":"{DECOY:money-and-quantities}"}'),
  t('json', 'en', '{"card":"{DECOY:masked-values-5}","note":"{DECOY:secret-talk-and-placeholders}"}'),
  t('yaml', 'en', 'image: {DECOY:at-signs-in-tools}\nversion: {DECOY:browser-and-build-versions}'),
  t('code', 'en', '{DECOY:at-signs-in-tools}\n{DECOY:ip-near-misses}'),
  t('code', 'en', '# {DECOY:secret-talk-and-placeholders}\n# {DECOY:secret-talk-and-placeholders}'),
  t('markdown', 'en', '| metric | value |\n|---|---|\n| {DECOY:money-and-quantities} | {DECOY:money-and-quantities} |'),
  t(
    'markdown',
    'en',
    '| id | when |\n|---|---|\n| {DECOY:registry-and-order-numbers} | {DECOY:timestamps-and-durations} |',
  ),
  t('csv', 'en', 'ref,amount\n{DECOY:registry-and-order-numbers},{DECOY:money-and-quantities}'),
  t('csv', 'en', 'device,serial\n{DECOY:hardware-identifiers},{DECOY:card-near-misses}'),
  t(
    'email',
    'en',
    'Hi,\n{DECOY:secret-talk-and-placeholders}.\nYour order {DECOY:registry-and-order-numbers} ships via {DECOY:parcel-tracking}.',
  ),
  t(
    'email',
    'de',
    'Rechnung {DECOY:registry-and-order-numbers}, Betrag {DECOY:money-and-quantities}; {DECOY:ssn-and-iban-near-misses}',
  ),
  t('email', 'fr', 'Référence {DECOY:book-and-paper-ids} ; montant {DECOY:money-and-quantities}'),
  t('chat', 'en', '{NAME}: card ends {DECOY:masked-values-5}, not sharing more 😅'),
  t('chat', 'en', '{NAME}: we are at {DECOY:geo-and-science-5}'),
  t('chat', 'es', '{NAME}: el pedido {DECOY:parcel-tracking} llega mañana'),
  t('chat', 'it', '{NAME}: {DECOY:card-near-misses} non è una carta'),
  t('chat', 'ja', '{NAME}：{DECOY:book-and-paper-ids}、{DECOY:timestamps-and-durations}'),
  t('chat', 'ko', '{NAME}: {DECOY:browser-and-build-versions}'),
  t('chat', 'ru', '{NAME}: {DECOY:money-and-quantities}, {DECOY:geo-and-science-5}'),
  t('chat', 'pl', '{NAME}: {DECOY:secret-talk-and-placeholders}'),
  t('stacktrace', 'en', 'at {DECOY:ip-near-misses}\nat {DECOY:uuids-and-digests}'),
  t('ticket', 'en', 'Papers: {DECOY:book-and-paper-ids}, {DECOY:geo-and-science-5}'),
  t('ticket', 'en', 'Not PII: {DECOY:ssn-and-iban-near-misses}, {DECOY:card-near-misses}, {DECOY:ip-near-misses}'),
  t('ticket', 'nl', 'Zending {DECOY:parcel-tracking}, bedrag {DECOY:money-and-quantities}'),
  t('log', 'en', '{DECOY} {DECOY} {DECOY}'),
  t('code', 'en', '{DECOY} // {DECOY}'),
];
