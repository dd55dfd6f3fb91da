import type { DecoyFamily } from './decoys';
import { luhnComplete } from './entities';
import { ALNUM, HEX, UPPER_ALNUM } from './random';

/**
 * Look-alike families of the third held-out split (written 2026-12-07, before
 * it was scored, with the detectors frozen): what real prompts paste that no
 * earlier split generated — stack traces, SQL dumps, HTTP headers, Markdown
 * tables, YAML and Helm values, chat transcripts with emoji, PDF text,
 * spreadsheet exports, package locks, CI logs, template placeholders. A
 * careful reader leaves each alone; none is in the other splits.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');

export const HELD_OUT_3_FAMILIES: DecoyFamily[] = [
  {
    name: 'stack-trace-frames',
    make: (r) =>
      r.pick([
        `at Object.<anonymous> (/srv/app/dist/index.js:${r.int(10, 9999)}:${r.int(1, 80)})`,
        `File "/usr/lib/python3.${r.int(8, 12)}/site-packages/app/views.py", line ${r.int(10, 2000)}, in handler`,
        `#${r.int(0, 9)} 0x${r.chars(HEX, 12)} in main () at main.c:${r.int(10, 900)}`,
        `Exception in thread "pool-${r.int(1, 9)}-thread-${r.int(1, 99)}" java.lang.NullPointerException`,
        `goroutine ${r.int(1, 99999)} [running]: main.go:${r.int(10, 999)} +0x${r.chars(HEX, 3)}`,
        `Segmentation fault at address 0x${r.chars(HEX, 16)} (pid ${r.int(1000, 99999)})`,
      ]),
  },
  {
    name: 'sql-dump-values',
    make: (r) =>
      r.pick([
        `(${r.int(1, 999999)}, ${r.int(1, 9999)}, '${r.int(2019, 2026)}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)} ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}', ${r.int(0, 99999)}.${pad(r.int(0, 99), 2)})`,
        `AUTO_INCREMENT=${r.int(100000, 99999999)}`,
        `-- Dump completed on ${r.int(2019, 2026)}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)} ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}`,
        `COPY public.orders (id, total) FROM stdin; ${r.int(1000000, 9999999)}\t${r.int(1, 9999)}.${pad(r.int(0, 99), 2)}`,
        `pg_dump: dumping contents of table "public.events" (${r.int(100000, 999999999)} rows)`,
      ]),
  },
  {
    name: 'http-header-values',
    make: (r) =>
      r.pick([
        `Content-Length: ${r.int(100, 99999999)}`,
        `ETag: W/"${r.chars(HEX, 8)}-${r.chars(HEX, 27)}"`,
        `X-Request-Id: ${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}`,
        `User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/${r.int(110, 131)}.0.${r.int(5000, 6999)}.${r.int(10, 200)}`,
        `Cache-Control: max-age=${r.int(60, 31536000)}, s-maxage=${r.int(60, 86400)}`,
        `Date: Mon, ${pad(r.int(1, 28), 2)} Dec 2026 ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)} GMT`,
        `traceparent: 00-${r.chars(HEX, 32)}-${r.chars(HEX, 16)}-01`,
        `X-RateLimit-Reset: ${r.int(1700000000, 1799999999)}`,
      ]),
  },
  {
    name: 'markdown-table-cells',
    make: (r) =>
      r.pick([
        `| ${r.int(1, 40)} | ${r.int(1000, 99999)} | ${r.int(1, 99)}.${r.int(0, 9)} % |`,
        `| Q${r.int(1, 4)} ${r.int(2019, 2026)} | ${r.int(100, 999)} ${pad(r.int(0, 999), 3)} ${pad(r.int(0, 999), 3)} | +${r.int(1, 40)}.${r.int(0, 9)}% |`,
        `| v${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 30)} | ${r.int(1, 31)}.${r.int(1, 12)}.${r.int(2019, 2026)} | ✅ |`,
        `| ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)} | requirement text | ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)} |`,
      ]),
  },
  {
    name: 'yaml-config-values',
    make: (r) =>
      r.pick([
        `replicas: ${r.int(1, 12)}\nresources:\n  limits:\n    memory: ${r.int(128, 4096)}Mi`,
        `image: ghcr.io/acme/api:${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 30)}@sha256:${r.chars(HEX, 64)}`,
        `password: \${DB_PASSWORD}\napiKey: {{ .Values.apiKey }}`,
        `port: ${r.int(1024, 65535)}\ntimeoutSeconds: ${r.int(1, 600)}`,
        `schedule: "${r.int(0, 59)} ${r.int(0, 23)} * * ${r.int(0, 6)}"`,
        `secretKeyRef:\n  name: db-credentials\n  key: password`,
      ]),
  },
  {
    name: 'chat-transcript-noise',
    make: (r) =>
      r.pick([
        `[${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}] 👍 ${r.int(1, 40)}  🎉 ${r.int(1, 12)}`,
        `${pad(r.int(1, 28), 2)}/${pad(r.int(1, 12), 2)}/${r.int(2019, 2026)}, ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)} - 😂😂`,
        `🔥 ${r.int(100, 9999)} views · ${r.int(1, 59)} min ago`,
        `@channel standup at ${r.int(9, 11)}:${pad(r.int(0, 59), 2)} 🙏 room ${r.int(100, 999)}`,
        `score ${r.int(0, 9)}:${r.int(0, 9)} ⚽ (${r.int(1, 90)}')`,
      ]),
  },
  {
    name: 'pdf-pasted-text',
    make: (r) =>
      r.pick([
        `Page ${r.int(1, 40)} of ${r.int(40, 200)}`,
        `doi:10.${r.int(1000, 9999)}/${r.chars('abcdefghijklmnopqrstuvwxyz', 4)}.${r.int(2019, 2026)}.${r.int(1000, 99999)}`,
        `ISO/IEC ${r.int(27001, 27002)}:${r.int(2013, 2022)} Annex A.${r.int(5, 8)}.${r.int(1, 30)}`,
        `Tel-\nephone conference, ${r.int(1, 28)} March ${r.int(2019, 2026)}, pp. ${r.int(10, 300)}–${r.int(301, 600)}`,
        `Fig. ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}: results (n = ${r.int(20, 9999)})`,
        `© ${r.int(2019, 2026)} ACME GmbH · HRB ${r.int(10000, 299999)} · Seite ${r.int(1, 9)}/${r.int(10, 20)}`,
      ]),
  },
  {
    name: 'spreadsheet-exports',
    make: (r) =>
      r.pick([
        `=SUM(B${r.int(2, 99)}:B${r.int(100, 999)})`,
        `${r.int(1, 9)},${pad(r.int(0, 999), 3)},${pad(r.int(0, 999), 3)}.${pad(r.int(0, 99), 2)}`,
        `${r.int(44000, 46999)}.${r.int(100000, 999999)}`,
        `"${r.int(100, 999)} ${pad(r.int(0, 999), 3)} ${pad(r.int(0, 999), 3)},${pad(r.int(0, 99), 2)} €"`,
        `Sheet1!A${r.int(1, 999)}:K${r.int(1000, 99999)}`,
      ]),
  },
  {
    name: 'package-and-build-ids',
    make: (r) =>
      r.pick([
        `"integrity": "sha512-${r.chars(ALNUM + '+/', 86)}=="`,
        `"resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.${r.int(0, 9)}.${r.int(0, 9)}.tgz"`,
        `Run #${r.int(1000, 99999)} · job ${r.int(10000000000, 99999999999)} · attempt ${r.int(1, 3)}`,
        `commit ${r.chars(HEX, 40)}`,
        `build ${r.int(20190101, 20261231)}.${r.int(1, 9)}`,
        `AssemblyVersion("${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 99)}.${r.int(0, 255)}")`,
      ]),
  },
  {
    name: 'template-placeholders',
    make: (r) =>
      r.pick([
        `Authorization: Bearer <YOUR_TOKEN>`,
        `OPENAI_API_KEY=sk-...`,
        `"apiKey": "${'x'.repeat(r.int(20, 40))}"`,
        `GITHUB_TOKEN=ghp_${'X'.repeat(36)}`,
        `export AWS_SECRET_ACCESS_KEY=<secret>`,
        `email: {{ user.email }}`,
        `card_number: "**** **** **** ${r.digits(4)}"`,
        `"password": "********"`,
        `token: REPLACE_ME`,
      ]),
  },
  {
    name: 'gift-and-loyalty-numbers',
    make: (r) =>
      r.pick([
        `gift card ${luhnComplete('6006', 16, r).replace(/(\d{4})(?=\d)/g, '$1 ')}`,
        `Miles & More ${r.digits(15)}`,
        `loyalty no. ${r.digits(4)}-${r.digits(4)}-${r.digits(4)}`,
        `voucher ${r.chars(UPPER_ALNUM, 4)}-${r.chars(UPPER_ALNUM, 4)}-${r.chars(UPPER_ALNUM, 4)}`,
      ]),
  },
  {
    name: 'outline-numbering',
    make: (r) =>
      r.pick([
        `steps ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)} to ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}`,
        `(cf. ${r.int(1, 9)}.${r.int(0, 9)}.${r.int(1, 9)}.${r.int(1, 9)})`,
        `Punkt ${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)} der Richtlinie`,
        `${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)}.${r.int(1, 9)} Scope`,
      ]),
  },
  {
    name: 'e-mail-look-alikes-3',
    make: (r) =>
      r.pick([
        `logo@${r.int(2, 3)}x.webp`,
        `@${r.pick(['angular/core', 'nestjs/common', 'babel/preset-env'])}@${r.int(10, 18)}.${r.int(0, 9)}.${r.int(0, 9)}`,
        `user@localhost`,
        `${r.pick(['lodash', 'react'])}@^${r.int(15, 18)}.${r.int(0, 9)}.${r.int(0, 9)}`,
        `docker pull nginx@sha256:${r.chars(HEX, 12)}`,
        `@${r.pick(['maria', 'tom', 'dev-team'])} 👋`,
      ]),
  },
  {
    name: 'ids-with-checksums',
    make: (r) =>
      r.pick([
        `ISIN US${r.digits(9)}${r.int(0, 9)}`,
        `IMO ${r.digits(7)}`,
        `LEI ${r.chars(UPPER_ALNUM, 18)}${r.digits(2)}`,
        `GLN ${r.digits(13)}`,
        `container MSKU ${r.digits(7)}`,
        `NPI ${r.int(1, 2)}${r.digits(9)}`,
      ]),
  },
];
