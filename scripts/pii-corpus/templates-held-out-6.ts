import type { Template } from './templates';

/**
 * Templates of the sixth held-out split (written 2026-12-07, committed before
 * it was scored; the detectors are not tuned on it afterwards). Formats the
 * other splits draw little or not at all: Go, Rust and C, Java properties and
 * Spring XML, Elixir config, Helm values and Kubernetes Secrets, nginx,
 * HAProxy and systemd units, crontabs, unified diffs, Jupyter output,
 * GraphQL variables, protobuf text, vCards, iCalendar and LDIF, `.netrc`,
 * ODBC and ADO connection strings, `docker run -e`, `kubectl
 * --from-literal`, `sshpass`, `redis-cli -a`, Wi-Fi QR payloads, HAR
 * entries, SMS and voicemail transcripts, text from scanned forms, Jira and
 * Zendesk exports, HTML tables, TSV and semicolon CSV; chats in Italian,
 * Dutch, Portuguese, Turkish, Romanian, Ukrainian, Hungarian, Hindi
 * (romanised), Tagalog and Swahili besides the usual ones; passwords with
 * the whole symbol set of password generators in quoted settings; vendor
 * keys the other splits do not draw.
 */
const t = (format: string, lang: Template['lang'], text: string): Template => ({ format, lang, text });

export const HELD_OUT_6_POSITIVE: Template[] = [
  // Code
  t(
    'go',
    'en',
    'db, err := sql.Open("postgres", "host={IPV4} user=app password={PASSWORD} dbname=crm sslmode=disable")',
  ),
  t('go', 'en', 'cfg := Config{APIKey: "{SECRET}", Owner: "{EMAIL}"} // {DECOY:scope-paths}'),
  t('rust', 'en', 'let peer: IpAddr = "{IPV6}".parse()?; // {DECOY:scope-paths}'),
  t('rust', 'en', 'const SUPPORT: &str = "{EMAIL}"; // tel {PHONE}'),
  t('c', 'en', '#define ADMIN_PASS "{PASSWORDQ}"\n#define SERVER_IP "{IPV4}"'),
  t('java', 'en', 'spring.datasource.url=jdbc:mysql://{IPV4}:3306/shop\nspring.datasource.password={PASSWORD}'),
  t(
    'xml',
    'en',
    '<bean id="ds"><property name="url" value="jdbc:postgresql://{IPV4}/crm"/><property name="password" value="{PASSWORDQ}"/></bean>',
  ),
  t('elixir', 'en', 'config :app, App.Repo, username: "app", password: "{PASSWORDQ}", hostname: "{IPV4}"'),
  t('python', 'en', 'client = Client(api_key="{SECRET}")  # billing {EMAIL}'),
  t('python', 'en', 'out = model(x)  # {DECOY:at-signs-in-code-6}\nnotify("{EMAIL}", "{PHONE}")'),
  // Configuration and infrastructure
  t('helm', 'en', 'postgresql:\n  auth:\n    password: "{PASSWORDQ}"\n  primary:\n    loadBalancerIP: {IPV4}'),
  t('k8s', 'en', 'apiVersion: v1\nkind: Secret\nstringData:\n  SMTP_PASSWORD: "{PASSWORDQ}"\n  SMTP_USER: {EMAIL}'),
  t('nginx', 'en', 'upstream api { server {IPV4}:8080; server [{IPV6}]:8080; }'),
  t('haproxy', 'en', 'server web1 {IPV4}:80 check # owner {EMAIL}'),
  t('systemd', 'en', '[Service]\nEnvironment=DB_PASSWORD={PASSWORD}\nEnvironment=API_TOKEN={SECRET}'),
  t('crontab', 'en', '{DECOY:timecodes-and-clock} /usr/bin/backup --notify {EMAIL} --host {IPV4}'),
  t('netrc', 'en', 'machine api.example.com\n  login deploy\n  password {PASSWORD}'),
  t('odbc', 'en', 'Driver={ODBC Driver 18 for SQL Server};Server={IPV4};Uid=sa;Pwd={PASSWORD};'),
  t('ado', 'en', 'Server=tcp:{IPV4},1433;Database=crm;User ID=app;Password={PASSWORD};Encrypt=True;'),
  t('shell', 'en', 'docker run -e MYSQL_ROOT_PASSWORD={PASSWORD} -p 3306:3306 mysql:8'),
  t('shell', 'en', 'kubectl create secret generic db --from-literal=password={PASSWORD} --from-literal=host={IPV4}'),
  t('shell', 'en', "sshpass -p '{PASSWORDQ}' ssh admin@{IPV4}"),
  t('shell', 'en', 'redis-cli -h {IPV4} -a {PASSWORD} ping'),
  t('shell', 'en', 'git remote set-url origin https://ci:{SECRET}@git.example.com/team/app.git'),
  t('shell', 'en', 'export HF_TOKEN={SECRET} OWNER={EMAIL}'),
  t('wifi', 'en', 'WIFI:T:WPA;S:Office-5G;P:{PASSWORD};;'),
  t('diff', 'en', '{DECOY:diff-and-vcs}\n-DB_HOST=db.internal\n+DB_HOST={IPV4}\n+DB_PASSWORD={PASSWORD}'),
  t('diff', 'en', '{DECOY:diff-and-vcs}\n-  email: (none)\n+  email: {EMAIL}\n+  phone: "{PHONE}"'),
  // Structured data
  t('json', 'en', '{"cells":[{"outputs":[{"text":"Connected to {IPV4} as {EMAIL}\\n"}]}]}'),
  t(
    'graphql',
    'en',
    '{"query":"mutation($c: CardInput!){ pay(card: $c) }","variables":{"c":{"number":"{CARD}","holder":"{NAME}"}}}',
  ),
  t('protobuf', 'en', 'customer {\n  email: "{EMAIL}"\n  phone: "{PHONE}"\n  iban: "{IBAN}"\n}'),
  t(
    'json',
    'en',
    '{"request":{"headers":[{"name":"X-Forwarded-For","value":"{IPV4}, {IPV4}"},{"name":"Authorization","value":"Bearer {BEARER}"}]}}',
  ),
  t('json', 'en', '{"payer":{"iban":"{IBAN}","email":"{EMAIL}"},"ref":"{DECOY:finance-ids-not-accounts}"}'),
  t('json', 'en', '{"ssn":"{SSN}","dob":"1987-04-12","phone":"{PHONE164}"}'),
  t('vcard', 'en', 'BEGIN:VCARD\nFN:{NAME}\nTEL;TYPE=cell:{PHONE}\nEMAIL:{EMAIL}\nEND:VCARD'),
  t('ical', 'en', 'ORGANIZER;CN={NAME}:mailto:{EMAIL}\nLOCATION:Dial-in {PHONE}'),
  t('ldif', 'en', 'dn: uid=jdoe,ou=people,dc=example,dc=com\nmail: {EMAIL}\ntelephoneNumber: {PHONE}'),
  t('tsv', 'en', 'name\tphone\temail\n{NAME}\t{PHONE}\t{EMAIL}'),
  t('csv', 'nl', 'naam;telefoon;iban\n{NAME};{PHONE};{IBAN}'),
  t('html', 'en', '<tr><td>{NAME}</td><td>{PHONE}</td><td><a href="mailto:{EMAIL}">mail</a></td></tr>'),
  t('html', 'en', '<input type="hidden" name="card" value="{CARD}"><!-- {DECOY:masked-and-templated} -->'),
  // Tickets, forms, transcripts
  t('jira', 'en', 'h3. Steps\n# Log in as {EMAIL} from {IP}\n# Pay with {CARD}\n{DECOY:diff-and-vcs}'),
  t('zendesk', 'en', 'Requester: {NAME} <{EMAIL}>\nPhone: {PHONE}\nTags: refund, {DECOY:logistics-6}'),
  t('ocr', 'en', 'EMPLOYEE  NAME  {NAME}\nSOCIAL  SECURITY  NO.  {SSN}\nBANK  ACCOUNT  (IBAN)  {IBAN}'),
  t('ocr', 'en', 'Form W-9  |  TIN: {SSN}  |  {DECOY:regulatory-codes}'),
  t('sms', 'en', 'Your parcel is on its way. Questions? Call {PHONE}. Reply STOP to {DECOY:counts-and-measures-6}'),
  t('voicemail', 'en', "Hi it's {NAME}, call me back at {PHONE}, or email {EMAIL}. Bye."),
  t('ticket', 'en', 'Refund to {IBAN} approved; card {CARD} closed; {DECOY:finance-ids-not-accounts}'),
  t('ticket', 'en', 'Login from {IPV6} for {EMAIL}; device {DECOY:hardware-buses}'),
  t('ticket', 'en', 'SSN on file {SSN9}? caller {NAME}, {DECOY:national-ids-other}'),
  t('form', 'en', 'PIN: {PIN}\nCard: {CARD}\nPhone: {PHONE}'),
  // Chats in many languages
  t('chat', 'en', '{NAME}: new wifi pass is {PASSWORD} btw'),
  t('chat', 'en', '{NAME}: login {EMAIL} / {PASSWORD}'),
  t('chat', 'it', '{NAME}: la password del server è {PASSWORD}, chiamami al {PHONE}'),
  t('chat', 'nl', '{NAME}: het wachtwoord is {PASSWORD}, bel me op {PHONE}'),
  t('chat', 'pt', '{NAME}: a senha do wifi é {PASSWORD} e meu e-mail {EMAIL}'),
  t('chat', 'es', '{NAME}: la clave es {PASSWORD}, mi cel {PHONE}'),
  t('chat', 'tr', '{NAME}: şifrem {PASSWORD}, telefonum {PHONE}'),
  t('chat', 'ro', '{NAME}: parola este {PASSWORD}, telefon {PHONE}'),
  t('chat', 'uk', '{NAME}: пароль: {PASSWORD}, тел. {PHONE}'),
  t('chat', 'hu', '{NAME}: a jelszó: {PASSWORD}, telefon: {PHONE}'),
  t('chat', 'hi', '{NAME}: mera password {PASSWORD} hai, number {PHONE}'),
  t('chat', 'tl', '{NAME}: ang password ko ay {PASSWORD}, cp {PHONE}'),
  t('chat', 'sw', '{NAME}: nenosiri ni {PASSWORD}, simu {PHONE}'),
  t('chat', 'de', '{NAME}: Kennwort für den Drucker: {PASSWORD} — IBAN {IBAN}'),
  t('chat', 'fr', '{NAME} : mdp {PASSWORD}, mon IP {IPV4}'),
  t('chat', 'en', '{NAME}: the PIN for the door is {PIN}'),
  t('chat', 'en', '{NAME}: ssn {SSN} and card {CARD} for the form'),
  t('chat', 'en', '{NAME}: hit me up on WhatsApp {PHONE164} or {EMAIL}'),
  t('chat', 'en', '{NAME}: server is {IPV4}, user root, key {SECRET}'),
];

export const HELD_OUT_6_NEGATIVE: Template[] = [
  t('diff', 'en', '{DECOY:diff-and-vcs}\n{DECOY:diff-and-vcs}'),
  t('cpp', 'en', 'auto r = {DECOY:scope-paths}; // {DECOY:timecodes-and-clock}'),
  t('rust', 'en', 'use {DECOY:scope-paths};'),
  t('log', 'en', '{DECOY:hardware-buses}'),
  t('log', 'en', 'kernel: {DECOY:hardware-buses} {DECOY:product-versions-6}'),
  t('log', 'en', '{DECOY:timecodes-and-clock} {DECOY:network-prefixes-and-masks}'),
  t('log', 'en', 'UA={DECOY:product-versions-6}'),
  t('nginx', 'en', '# {DECOY:network-prefixes-and-masks}\nlisten 443 ssl; # {DECOY:timecodes-and-clock}'),
  t('systemd', 'en', '[Timer]\nOnCalendar=*-*-* 03:00:00\n# {DECOY:secret-lookalikes-6}'),
  t('yaml', 'en', 'db:\n  {DECOY:secret-lookalikes-6}\n  note: {DECOY:counts-and-measures-6}'),
  t('env', 'en', '{DECOY:secret-lookalikes-6}\n{DECOY:masked-and-templated}'),
  t('python', 'en', '{DECOY:at-signs-in-code-6}\n# {DECOY:counts-and-measures-6}'),
  t('python', 'en', '{DECOY:at-signs-in-code-6}  # {DECOY:product-versions-6}'),
  t('json', 'en', '{"shipment":"{DECOY:logistics-6}","dest":"{DECOY:postal-codes-world}"}'),
  t('json', 'en', '{"masked":"{DECOY:masked-and-templated}","id":"{DECOY:national-ids-other}"}'),
  t('json', 'en', '{"fin":"{DECOY:finance-ids-not-accounts}","count":"{DECOY:counts-and-measures-6}"}'),
  t('csv', 'en', 'code,desc\n{DECOY:regulatory-codes},{DECOY:regulatory-codes}'),
  t('csv', 'de', 'Sendung;PLZ\n{DECOY:logistics-6};{DECOY:postal-codes-world}'),
  t('tsv', 'en', 'ref\tvalue\n{DECOY:finance-ids-not-accounts}\t{DECOY:counts-and-measures-6}'),
  t('html', 'en', '<td>{DECOY:masked-and-templated}</td><td>{DECOY:national-ids-other}</td>'),
  t('ocr', 'en', 'REF  {DECOY:regulatory-codes}   DATE  {DECOY:timecodes-and-clock}'),
  t('sms', 'en', '{DECOY:counts-and-measures-6}. {DECOY:logistics-6}'),
  t('ticket', 'en', 'Customer gave {DECOY:national-ids-other} and {DECOY:finance-ids-not-accounts} (not stored)'),
  t('ticket', 'en', 'Ship to {DECOY:postal-codes-world}; {DECOY:logistics-6}'),
  t('jira', 'en', '* {DECOY:product-versions-6}\n* {DECOY:hardware-buses}'),
  t('chat', 'en', '{NAME}: {DECOY:secret-lookalikes-6} lol'),
  t('chat', 'it', '{NAME}: spedizione {DECOY:logistics-6}, CAP {DECOY:postal-codes-world}'),
  t('chat', 'nl', '{NAME}: {DECOY:counts-and-measures-6}, ref {DECOY:finance-ids-not-accounts}'),
  t('chat', 'pt', '{NAME}: {DECOY:national-ids-other}? não é telefone'),
  t('chat', 'tr', '{NAME}: {DECOY:timecodes-and-clock} — {DECOY:regulatory-codes}'),
  t('chat', 'ro', '{NAME}: {DECOY:masked-and-templated}'),
  t('chat', 'uk', '{NAME}: {DECOY:network-prefixes-and-masks}'),
  t('chat', 'hi', '{NAME}: {DECOY:counts-and-measures-6} hai'),
  t('chat', 'sw', '{NAME}: {DECOY:logistics-6}'),
  t('chat', 'en', '{NAME}: {DECOY:scope-paths} breaks on {DECOY:product-versions-6}'),
  t('log', 'en', '{DECOY} {DECOY} {DECOY}'),
  t('code', 'en', '{DECOY} // {DECOY}'),
];
