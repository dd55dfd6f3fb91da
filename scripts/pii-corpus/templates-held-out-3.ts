import type { Template } from './templates';

/**
 * Templates of the third held-out split (written 2026-12-07, committed before
 * it was scored, with the detectors frozen): what real prompts hold that the
 * other splits never generated — stack traces, SQL dumps, raw HTTP exchanges,
 * Markdown tables, YAML and Helm values, .env and INI files, chat transcripts
 * with emoji, PDFs pasted as text, GraphQL, crash reports — with several
 * entities to a line, entities against punctuation and inside JSON strings,
 * in seven languages, drawing look-alikes only from this split's families.
 */
const t = (format: string, lang: Template['lang'], text: string): Template => ({ format, lang, text });

export const HELD_OUT_3_POSITIVE: Template[] = [
  t('stacktrace', 'en', 'Error: SMTP 550 for {EMAIL}\n    {DECOY:stack-trace-frames}\n    {DECOY:stack-trace-frames}'),
  t(
    'stacktrace',
    'en',
    'Traceback (most recent call last):\n  {DECOY:stack-trace-frames}\nValueError: invalid card {CARD} for user {EMAIL}',
  ),
  t(
    'stacktrace',
    'en',
    'psycopg2.OperationalError: could not connect to server at "{IPV4}", port 5432 ({DECOY:stack-trace-frames})',
  ),
  t(
    'sql',
    'en',
    "INSERT INTO `customers` VALUES ({N},'{NAME}','{EMAIL}','{PHONE}','{IBAN}'),({N},'{NAME}','{EMAIL}','{PHONE164}','{IBAN}');",
  ),
  t('sql', 'en', "UPDATE employees SET ssn = '{SSN}', card = '{CARD}' WHERE id = {N}; {DECOY:sql-dump-values}"),
  t('sql', 'en', 'COPY public.sessions (ip, ua) FROM stdin;\n{IPV4}\tcurl/8.4\n{IPV6}\tMozilla/5.0\n\\.'),
  t(
    'http',
    'en',
    'GET /v1/me HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer {BEARER}\nX-Real-IP: {IPV4}\n{DECOY:http-header-values}',
  ),
  t(
    'http',
    'en',
    'HTTP/1.1 401 Unauthorized\n{DECOY:http-header-values}\nWWW-Authenticate: Bearer\n\n{"error":"bad key {SECRET}"}',
  ),
  t('http', 'en', 'curl -H "x-api-key: {SECRET}" -d \'{"email":"{EMAIL}"}\' https://api.example.com/users'),
  t(
    'markdown',
    'en',
    '| name | e-mail | phone |\n|---|---|---|\n| {NAME} | {EMAIL} | {PHONE} |\n| {NAME} | {EMAIL} | {PHONE} |',
  ),
  t(
    'markdown',
    'en',
    '| host | address |\n|---|---|\n| db-1 | `{IPV4}` |\n| db-2 | `{IPV6}` |\n{DECOY:markdown-table-cells}',
  ),
  t('yaml', 'en', 'database:\n  host: {IPV4}\n  user: billing\n  password: {PASSWORD}\nsmtp:\n  from: {EMAIL}'),
  t('yaml', 'en', 'stripe:\n  secretKey: {SECRET}\n{DECOY:yaml-config-values}'),
  t(
    'env',
    'en',
    'DATABASE_PASSWORD={PASSWORD}\nAWS_ACCESS_KEY_ID={AWS}\nAWS_SECRET_ACCESS_KEY={AWSSECRET}\nADMIN_EMAIL={EMAIL}',
  ),
  t('ini', 'en', '[smtp]\nhost = {IPV4}\nuser = {EMAIL}\npass = {PASSWORD}'),
  t('json', 'en', '{"settings":{"db":{"password":"{PASSWORD}"},"notify":["{EMAIL}","{EMAIL}"],"allow":["{IPV4}/32"]}}'),
  t('json', 'en', '{"customer":{"ssn":"{SSN}","card":{"number":"{CARD}","exp":"{N}/29"},"phone":"{PHONE164}"}}'),
  t('json', 'en', '{"messages":[{"role":"user","content":"my iban is {IBAN} and my mail {EMAIL}"}]}'),
  t('graphql', 'en', 'mutation { updateUser(email: "{EMAIL}", phone: "{PHONE164}") { id } }'),
  t('chat', 'en', '[{N}:{N}] {NAME}: my card got declined 😭 {CARD}\n[{N}:{N}] agent: thanks! 🙏'),
  t('chat', 'en', "{NAME} 🚀: prod db is {IPV4}, pw {PASSWORD} (don't share lol)"),
  t('chat', 'en', 'ping me on {PHONE}!!! 📞 or {EMAIL} 📧'),
  t(
    'pdf',
    'en',
    'APPLICATION FORM {DECOY:pdf-pasted-text}\nApplicant: {NAME}\nSoc. Sec. #: {SSN9}\nE-mail: {EMAIL}\nTel.: {PHONE}',
  ),
  t('pdf', 'en', 'Remittance advice\nPay to IBAN: {IBAN}\nQueries: {EMAIL} / {PHONE}\n{DECOY:pdf-pasted-text}'),
  t('form', 'en', 'SSN#{SSN9}; DOB withheld; contact {EMAIL}'),
  t('form', 'en', 'social security number - {SSN}, phone - {PHONE}'),
  t('log', 'en', 'ts={N} level=error msg="login failed" user={EMAIL} remote_addr={IP} {DECOY:package-and-build-ids}'),
  t('log', 'en', 'sshd[{N}]: Accepted publickey for deploy from {IPV4} port {N} ssh2'),
  t('log', 'en', 'kernel: [UFW BLOCK] IN=eth0 SRC={IPV4} DST={IPV4} PROTO=TCP DPT=22'),
  t('code', 'en', 'const client = new Client({ apiKey: "{SECRET}" }); // {EMAIL}'),
  t('code', 'en', 'ssh -i ~/.ssh/id_ed25519 root@{IPV4}\n{PEM}'),
  t('csv', 'en', 'id;name;email;tel;iban\n{N};{NAME};{EMAIL};{PHONE};{IBAN}'),
  t('chat', 'de', '{NAME} 😅: Meine neue Nummer: {PHONE}. IBAN für die Rückzahlung: {IBAN}'),
  t('pdf', 'de', 'Rechnung {DECOY:pdf-pasted-text}\nBankverbindung: {IBAN}\nTelefon {PHONE} · E-Mail {EMAIL}'),
  t('yaml', 'de', '# Zugangsdaten (nicht committen!)\nkennwort: {PASSWORD}\nserver: {IPV4}'),
  t('chat', 'fr', '{NAME} : voici ma carte {CARD} 🙈 et mon 06 ? non, {PHONE}'),
  t('email', 'fr', 'Bonjour,\nmerci d’écrire à {EMAIL} ou d’appeler le {PHONE}.\nRIB : {IBAN}'),
  t('chat', 'es', '¡Hola! 👋 Mi correo es {EMAIL} y mi tarjeta {CARD}.'),
  t('markdown', 'es', '| cliente | IBAN |\n|---|---|\n| {NAME} | {IBAN} |'),
  t('chat', 'it', 'ciao 😊 il mio numero è {PHONE}, l’email {EMAIL}'),
  t('email', 'nl', 'Beste {NAME},\nu kunt ons bereiken op {PHONE} of {EMAIL}. Rekening: {IBAN}.'),
  t('chat', 'pt', 'Oi! 😀 meu zap é {PHONE} e o e-mail {EMAIL}'),
  t('ticket', 'pt', 'Cartão {CARD} recusado; IP {IP}; {DECOY:gift-and-loyalty-numbers}.'),
  t('ticket', 'en', 'Refund {CARD} (not the {DECOY:gift-and-loyalty-numbers}); customer {EMAIL}.'),
  t('ticket', 'en', 'Block {IP} and {IP}, see {DECOY:outline-numbering}.'),
];

export const HELD_OUT_3_NEGATIVE: Template[] = [
  t('stacktrace', 'en', 'Unhandled rejection\n    {DECOY:stack-trace-frames}\n    {DECOY:stack-trace-frames}'),
  t('stacktrace', 'en', '{DECOY:stack-trace-frames}\n{DECOY:stack-trace-frames}\n{DECOY:stack-trace-frames}'),
  t('sql', 'en', 'INSERT INTO `orders` VALUES {DECOY:sql-dump-values},{DECOY:sql-dump-values};'),
  t('sql', 'en', '{DECOY:sql-dump-values}\n{DECOY:sql-dump-values}'),
  t('http', 'en', 'HTTP/2 200\n{DECOY:http-header-values}\n{DECOY:http-header-values}\n{DECOY:http-header-values}'),
  t('http', 'en', 'GET /health HTTP/1.1\n{DECOY:http-header-values}\n{DECOY:template-placeholders}'),
  t(
    'markdown',
    'en',
    '| # | count | share |\n|---|---|---|\n{DECOY:markdown-table-cells}\n{DECOY:markdown-table-cells}',
  ),
  t('markdown', 'en', '## Requirements\n{DECOY:markdown-table-cells}\n- {DECOY:outline-numbering}'),
  t('yaml', 'en', '{DECOY:yaml-config-values}\n{DECOY:yaml-config-values}'),
  t('yaml', 'en', 'env:\n  - {DECOY:template-placeholders}\n  - {DECOY:template-placeholders}'),
  t('env', 'en', '# .env.example\n{DECOY:template-placeholders}\n{DECOY:template-placeholders}'),
  t('chat', 'en', '{DECOY:chat-transcript-noise}\n{DECOY:chat-transcript-noise}'),
  t('chat', 'en', '{NAME}: lol {DECOY:chat-transcript-noise} 😂 {DECOY:e-mail-look-alikes-3}'),
  t('pdf', 'en', '{DECOY:pdf-pasted-text}\n{DECOY:pdf-pasted-text}\n{DECOY:pdf-pasted-text}'),
  t('csv', 'en', 'month,total,formula\nJan,{DECOY:spreadsheet-exports},{DECOY:spreadsheet-exports}'),
  t('json', 'en', '{"lockfileVersion":3,"packages":{"":{"version":"1.0.0"}},{DECOY:package-and-build-ids}}'),
  t('log', 'en', '{DECOY:package-and-build-ids} {DECOY:package-and-build-ids}'),
  t('code', 'en', 'import x from "{DECOY:e-mail-look-alikes-3}"; // {DECOY:e-mail-look-alikes-3}'),
  t(
    'ticket',
    'en',
    'Vessel {DECOY:ids-with-checksums}, cargo {DECOY:ids-with-checksums}, see {DECOY:outline-numbering}.',
  ),
  t('ticket', 'en', 'Customer paid with {DECOY:gift-and-loyalty-numbers} and {DECOY:gift-and-loyalty-numbers}.'),
  t('chat', 'de', 'Hab {DECOY:chat-transcript-noise} 🤔 und {DECOY:spreadsheet-exports} gerechnet'),
  t('pdf', 'de', 'Gemäß {DECOY:outline-numbering} ({DECOY:pdf-pasted-text})'),
  t('email', 'fr', 'Voir {DECOY:pdf-pasted-text} et le tableau {DECOY:markdown-table-cells}.'),
  t('chat', 'es', 'jajaja {DECOY:chat-transcript-noise} 🎉 {DECOY:gift-and-loyalty-numbers}'),
  t('ticket', 'it', 'Fattura allegata: {DECOY:spreadsheet-exports}, {DECOY:ids-with-checksums}.'),
  t('email', 'nl', 'Zie {DECOY:pdf-pasted-text}; {DECOY:http-header-values}.'),
  t('chat', 'pt', 'kkkk {DECOY:chat-transcript-noise} {DECOY:template-placeholders}'),
  t('log', 'en', '{DECOY} {DECOY}'),
  t('code', 'en', '{DECOY} // {DECOY}'),
];
