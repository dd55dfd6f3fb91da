import type { DecoyFamily } from './decoys';
import { ibanFor, luhnComplete } from './entities';
import { ALNUM, BASE64, HEX, type Random, UPPER_ALNUM, URLSAFE } from './random';

/**
 * Look-alike families of the twelfth held-out split (written 2026-12-08, after the twelfth round of fixes,
 * committed before it was scored): what tickets, logs, code, configuration, CSV exports, e-mails, chats, shell
 * sessions and stack traces in English, German, French and Spanish hold beside personal data and a careful
 * reader leaves alone. Most families are the look-alikes of secrets and phone numbers: UUIDs, digests, commit
 * SHAs, container and trace IDs, base64 images and integrity hashes, public keys and certificates, the key
 * placeholders of documentation (`<your-api-key>`, `sk-...`, `xxxx`, AWS's own example key), masked values,
 * vendors' public identifiers (Stripe object IDs and publishable keys, Slack channel IDs, OAuth client IDs),
 * references to a secret held elsewhere (`${{ secrets.X }}`, `process.env.X`, vault paths), talk about
 * passwords in four languages; and numbers people write beside phones — order, invoice, customer and parcel
 * numbers, company and tax IDs (SIRET, USt-IdNr., NIF, Steuernummer), dates and times in each locale, amounts,
 * postcodes, versions and builds, ports, coordinates, durations. Then near misses of the other types: card-length
 * numbers that fail Luhn or are labelled IMEI/ICCID, IBANs with broken check digits and RF references, numbers in
 * SSN form the SSA never issues, OIDs, MAC addresses and fingerprints, and `@` in ssh logins, git remotes,
 * package specifiers and file names.
 */
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const uuid = (r: Random) =>
  `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`;

/** A number of `length` digits from `prefix` whose Luhn sum fails. */
function luhnFailing(prefix: string, length: number, r: Random): string {
  const valid = luhnComplete(prefix, length, r);
  return valid.slice(0, -1) + String((Number(valid.slice(-1)) + r.int(1, 9)) % 10);
}

export const HELD_OUT_12_FAMILIES: DecoyFamily[] = [
  {
    name: 'uuids-12',
    make: (r) =>
      r.pick([
        () => uuid(r),
        () => uuid(r).toUpperCase(),
        () => `{${uuid(r).toUpperCase()}}`,
        () => `urn:uuid:${uuid(r)}`,
        () => uuid(r).replace(/-/g, ''),
      ])(),
  },
  {
    name: 'digests-12',
    make: (r) =>
      r.pick([
        () => `sha256:${r.chars(HEX, 64)}`,
        () => r.chars(HEX, 64),
        () => `md5 ${r.chars(HEX, 32)}`,
        () => `SHA-1: ${r.chars(HEX, 40).toUpperCase()}`,
        () => `etag "${r.chars(HEX, 32)}"`,
        () => `${r.chars(HEX, 64)}  ${r.pick(['app.tar.gz', 'setup.exe', 'ubuntu-24.04.iso'])}`,
      ])(),
  },
  {
    name: 'commit-shas-12',
    make: (r) =>
      r.pick([
        () => `commit ${r.chars(HEX, 40)}`,
        () =>
          `${r.chars(HEX, 7)} ${r.pick(['fix: handle null user', 'feat(api): add retries', 'chore: bump deps', 'Merge pull request #' + r.int(10, 9999)])}`,
        () => `HEAD is now at ${r.chars(HEX, 7)}`,
        () => `git cherry-pick ${r.chars(HEX, 12)}`,
        () => `https://github.com/acme/api/commit/${r.chars(HEX, 40)}`,
        () => `index ${r.chars(HEX, 7)}..${r.chars(HEX, 7)} 100644`,
      ])(),
  },
  {
    name: 'base64-images-12',
    make: (r) =>
      r.pick([
        () => `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${r.chars(BASE64, r.int(40, 90))}=`,
        () => `data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==`,
        () => `data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ${r.chars(BASE64, r.int(40, 80))}`,
        () => `integrity="sha384-${r.chars(BASE64, 64)}"`,
        () => `"integrity": "sha512-${r.chars(BASE64, 86)}=="`,
      ])(),
  },
  {
    name: 'public-keys-12',
    make: (r) =>
      r.pick([
        () =>
          `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(BASE64, 43)} ${r.pick(['anna@laptop', 'deploy@ci', 'jdoe@MacBook-Pro.local'])}`,
        () =>
          `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${r.chars(BASE64, 120)}== ${r.pick(['build-agent', 'backup@nas'])}`,
        () =>
          `-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${r.chars(BASE64, 20)}\n${r.chars(BASE64, 64)}\nIDAQAB\n-----END PUBLIC KEY-----`,
        () =>
          `-----BEGIN CERTIFICATE-----\nMIID${r.chars(BASE64, 60)}\n${r.chars(BASE64, 64)}\n-----END CERTIFICATE-----`,
        () => `age1${r.chars('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)}`,
        () =>
          `pub   rsa4096 ${r.int(2019, 2025)}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)} [SC]\n      ${r.chars(HEX, 40).toUpperCase()}`,
      ])(),
  },
  {
    name: 'key-placeholders-12',
    make: (r) =>
      r.pick([
        () => '<your-api-key>',
        () => 'YOUR_API_KEY',
        () => 'sk-...',
        () => 'sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        () => `ghp_${'x'.repeat(36)}`,
        () => 'AKIAIOSFODNN7EXAMPLE',
        () => 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        () => '<REPLACE_ME>',
        () => 'xoxb-your-bot-token',
        () => 'sk_live_...',
        () => '********',
        () => '••••••••',
        () => '<password>',
        () => '[REDACTED]',
        () => '${API_TOKEN}',
        () => 'your_password_here',
        () => 'AIza...',
        () => 'eyJhbGciOi...',
      ])(),
  },
  {
    name: 'masked-values-12',
    make: (r) =>
      r.pick([
        () => `**** **** **** ${r.digits(4)}`,
        () => `•••• ${r.digits(4)}`,
        () => `XXXX-XXXX-XXXX-${r.digits(4)}`,
        () => `sk_live_…${r.chars(ALNUM, 4)}`,
        () => `ghp_****${r.chars(ALNUM, 4)}`,
        () => `+49 *** ***${r.digits(2)}`,
        () => `06 •• •• •• ${r.digits(2)}`,
        () => `DE** **** **** **** **${r.digits(2)} ${r.digits(2)}`,
        () => `***-**-${r.digits(4)}`,
        () => `AKIA************${r.chars(UPPER_ALNUM, 4)}`,
        () => `${r.chars('abcdefghijklmnopqrstuvwxyz', 1)}***@${r.pick(['gmail.com', 'web.de', 'orange.fr'])}`,
        () => `(***) ***-${r.digits(4)}`,
      ])(),
  },
  {
    name: 'public-ids-12',
    make: (r) =>
      r.pick([
        () => `cus_${r.chars(ALNUM, 14)}`,
        () => `pi_${r.chars(ALNUM, 24)}`,
        () => `ch_${r.chars(ALNUM, 24)}`,
        () => `evt_${r.chars(ALNUM, 24)}`,
        () => `pk_live_${r.chars(ALNUM, 24)}`,
        () => `C0${r.chars(UPPER_ALNUM, 8)}`,
        () => `U0${r.chars(UPPER_ALNUM, 8)}`,
        () => `${r.digits(12)}-${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 32)}.apps.googleusercontent.com`,
        () => `arn:aws:iam::${r.digits(12)}:role/${r.pick(['deploy', 'lambda-exec', 'ReadOnly'])}`,
        () => `arn:aws:s3:::${r.pick(['acme-logs', 'backups-eu'])}-${r.digits(4)}`,
        () => `i-0${r.chars(HEX, 16)}`,
        () => `sg-0${r.chars(HEX, 16)}`,
        () => `AC${r.chars(HEX, 32)}`,
        () =>
          `projects/${r.pick(['acme-prod', 'shop-staging'])}-${r.digits(6)}/secrets/${r.pick(['db-password', 'stripe-key'])}/versions/${r.int(1, 9)}`,
      ])(),
  },
  {
    name: 'secret-references-12',
    make: (r) =>
      r.pick([
        () => `\${{ secrets.${r.pick(['AWS_SECRET_ACCESS_KEY', 'NPM_TOKEN', 'GH_PAT', 'STRIPE_SECRET_KEY'])} }}`,
        () => `{{ vault_${r.pick(['db_password', 'api_key', 'smtp_pass'])} }}`,
        () => `process.env.${r.pick(['STRIPE_SECRET_KEY', 'OPENAI_API_KEY', 'DB_PASSWORD'])}`,
        () => `os.environ["${r.pick(['DATABASE_PASSWORD', 'SLACK_BOT_TOKEN', 'AWS_SECRET_ACCESS_KEY'])}"]`,
        () => `$(cat /run/secrets/${r.pick(['db_password', 'api_token'])})`,
        () => `vault:secret/data/${r.pick(['prod', 'staging'])}/${r.pick(['postgres', 'redis'])}#password`,
        () => `valueFrom: {secretKeyRef: {name: ${r.pick(['db-creds', 'api-keys'])}, key: password}}`,
        () => `%env(${r.pick(['DATABASE_PASSWORD', 'MAILER_DSN'])})%`,
        () => `op://Private/${r.pick(['GitHub', 'AWS'])}/credential`,
      ])(),
  },
  {
    name: 'password-talk-12',
    make: (r) =>
      r.pick([
        () => 'Your password must be at least 12 characters long.',
        () => 'I forgot my password and the reset link expired.',
        () => 'Das Passwort muss mindestens 10 Zeichen und eine Ziffer enthalten.',
        () => 'Passwort vergessen? Bitte den Link in der E-Mail verwenden.',
        () => 'Mot de passe oublié ? Cliquez sur « Réinitialiser ».',
        () => 'Le mot de passe a expiré, merci de le changer.',
        () => 'La contraseña debe tener al menos 8 caracteres.',
        () => 'He olvidado mi contraseña, ¿me enviáis el enlace?',
        () => 'password: ""',
        () => 'PASSWORD=',
        () => '"password": null',
        () => 'echo "$PW" | docker login --username ci --password-stdin',
        () => 'passwd: password updated successfully',
        () => 'Password authentication failed for user "postgres"',
        () => 'Kennwort: (siehe Passwortmanager)',
        () => 'contraseña: la de siempre',
        () => 'mot de passe : celui du coffre-fort',
      ])(),
  },
  {
    name: 'trace-and-container-ids-12',
    make: (r) =>
      r.pick([
        () => `trace_id=${r.chars(HEX, 32)} span_id=${r.chars(HEX, 16)}`,
        () => `traceparent: 00-${r.chars(HEX, 32)}-${r.chars(HEX, 16)}-01`,
        () => `X-Request-Id: ${uuid(r)}`,
        () => `container ${r.chars(HEX, 64)}`,
        () =>
          `${r.pick(['api', 'worker', 'web'])}-${r.chars('bcdfghjklmnpqrstvwxz2456789', 10)}-${r.chars('bcdfghjklmnpqrstvwxz2456789', 5)}`,
        () => `x-amz-request-id: ${r.chars(UPPER_ALNUM, 16)}`,
        () => `cf-ray: ${r.chars(HEX, 16)}-${r.pick(['FRA', 'CDG', 'MAD', 'LHR'])}`,
        () => `sentry event ${r.chars(HEX, 32)}`,
      ])(),
  },
  {
    name: 'opaque-tokens-12',
    make: (r) =>
      r.pick([
        () => `?utm_source=newsletter&utm_campaign=${r.chars(ALNUM, 10)}`,
        () => `session-${r.digits(6)}`,
        () => `nonce="${r.chars(BASE64, 22)}=="`,
        () => `csrfmiddlewaretoken_len=64`,
        () => `/share/${r.chars(URLSAFE, 11)}`,
        () => `youtu.be/${r.chars(URLSAFE, 11)}`,
        () => `ETag: W/"${r.chars(HEX, 8)}-${r.chars(ALNUM, 27)}"`,
        () => `font-family: "${r.pick(['Inter', 'Roboto'])}"; --hash: ${r.chars(HEX, 8)}`,
      ])(),
  },
  {
    name: 'company-and-tax-ids-12',
    make: (r) =>
      r.pick([
        () => `SIRET ${r.digits(3)} ${r.digits(3)} ${r.digits(3)} ${r.digits(5)}`,
        () => `SIREN ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`,
        () => `USt-IdNr. DE${r.digits(9)}`,
        () => `St.-Nr. ${r.int(10, 99)}/${r.digits(3)}/${r.digits(5)}`,
        () => `HRB ${r.int(1000, 250000)} B`,
        () => `CIF B${r.digits(8)}`,
        () => `N° TVA FR${r.digits(11)}`,
        () => `RFC ${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${r.digits(6)}${r.chars(UPPER_ALNUM, 3)}`,
        () => `CUIT ${r.pick(['20', '27', '30'])}-${r.digits(8)}-${r.int(0, 9)}`,
        () => `UID CHE-${r.digits(3)}.${r.digits(3)}.${r.digits(3)}`,
        () => `EORI DE${r.digits(10)}`,
      ])(),
  },
  {
    name: 'order-and-ticket-numbers-12',
    make: (r) =>
      r.pick([
        () => `Bestellung ${r.digits(3)}-${r.digits(7)}-${r.digits(7)}`,
        () => `order #${r.int(1000000, 99999999)}`,
        () => `Auftragsnr. ${r.digits(10)}`,
        () => `n° de commande ${r.digits(9)}`,
        () => `pedido nº ${r.digits(3)} ${r.digits(3)} ${r.digits(3)}`,
        () => `Ticket #${r.int(100000, 9999999)}`,
        () => `JIRA ${r.pick(['OPS', 'SUP', 'PAY'])}-${r.int(100, 99999)}`,
        () => `Kundennummer ${r.digits(4)} ${r.digits(4)}`,
        () => `référence client ${r.int(10, 99)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
        () => `Vorgang ${r.int(1000, 9999)}/${r.digits(6)}`,
        () => `Rechnungsnummer ${r.int(2020, 2026)}-${r.digits(6)}`,
        () => `Factura ${r.chars('AF', 1)}${r.int(2020, 2026)}-${r.digits(5)}`,
        () => `case ${r.digits(8)}`,
        () => `Aktenzeichen ${r.int(1, 99)} O ${r.int(1, 999)}/${r.int(20, 26)}`,
      ])(),
  },
  {
    name: 'parcel-numbers-12',
    make: (r) =>
      r.pick([
        () => `1Z${r.chars(UPPER_ALNUM, 6)}${r.digits(10)}`,
        () => `DHL ${r.digits(12)}`,
        () => `JJD${r.digits(18)}`,
        () => `Colissimo ${r.digits(1)}${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1)}${r.digits(11)}`,
        () => `Correos PQ${r.chars(UPPER_ALNUM, 4)}${r.digits(12)}`,
        () => `FedEx ${r.digits(4)} ${r.digits(4)} ${r.digits(4)}`,
        () => `Hermes H${r.digits(19)}`,
        () => `GLS ${r.digits(11)}`,
        () => `${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 2)}${r.digits(9)}${r.pick(['DE', 'FR', 'ES', 'GB'])}`,
      ])(),
  },
  {
    name: 'dates-and-times-12',
    make: (r) => {
      const y = r.int(2019, 2027);
      const m = r.int(1, 12);
      const d = r.int(1, 28);
      const h = r.int(0, 23);
      const mi = r.int(0, 59);
      return r.pick([
        () => `${pad(d, 2)}.${pad(m, 2)}.${y} ${pad(h, 2)}:${pad(mi, 2)}`,
        () => `${pad(d, 2)}/${pad(m, 2)}/${y} à ${h}h${pad(mi, 2)}`,
        () => `${y}-${pad(m, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(r.int(0, 59), 2)}.${r.digits(3)}Z`,
        () => `${pad(m, 2)}/${pad(d, 2)}/${y} ${((h + 11) % 12) + 1}:${pad(mi, 2)} ${h < 12 ? 'AM' : 'PM'}`,
        () => `${d} de ${r.pick(['enero', 'marzo', 'julio', 'octubre'])} de ${y}, ${pad(h, 2)}:${pad(mi, 2)} h`,
        () => `${String(1700000000 + r.int(0, 99999999))}${r.digits(3)}`,
        () => `${y}${pad(m, 2)}${pad(d, 2)}${pad(h, 2)}${pad(mi, 2)}${pad(r.int(0, 59), 2)}`,
        () => `${pad(h, 2)}:${pad(mi, 2)}:${pad(r.int(0, 59), 2)},${r.digits(3)}`,
        () => `KW ${r.int(1, 52)}/${y}`,
        () => `${r.int(1, 400)}ms / p99 ${r.int(400, 4000)} ms`,
      ])();
    },
  },
  {
    name: 'amounts-12',
    make: (r) =>
      r.pick([
        () => `${r.int(1, 99)}.${r.digits(3)},${r.digits(2)} €`,
        () => `${r.int(1, 99)} ${r.digits(3)},${r.digits(2)} €`,
        () => `$${r.int(1, 999)},${r.digits(3)}.${r.digits(2)}`,
        () => `MXN ${r.int(1, 99)},${r.digits(3)}.${r.digits(2)}`,
        () => `CHF ${r.int(1, 99)}'${r.digits(3)}.${r.digits(2)}`,
        () => `£${r.int(1, 999)}.${r.digits(2)}`,
        () => `${r.int(1, 9)} ${r.digits(3)} ${r.digits(3)} EUR`,
        () => `ARS ${r.int(1, 999)}.${r.digits(3)}.${r.digits(3)},${r.digits(2)}`,
      ])(),
  },
  {
    name: 'versions-and-builds-12',
    make: (r) =>
      r.pick([
        () => `v${r.int(0, 20)}.${r.int(0, 40)}.${r.int(0, 99)}`,
        () => `node v${r.int(18, 22)}.${r.int(0, 19)}.${r.int(0, 9)}`,
        () => `10.0.${r.int(17763, 26100)}.${r.int(1, 4000)}`,
        () => `Chrome/${r.int(110, 131)}.0.${r.int(5000, 6900)}.${r.int(10, 250)}`,
        () => `build ${r.int(2019, 2026)}.${pad(r.int(1, 12), 2)}.${pad(r.int(1, 28), 2)}.${r.int(1000, 99999)}`,
        () => `python:3.${r.int(8, 13)}.${r.int(0, 12)}-slim`,
        () =>
          `${r.pick(['postgres', 'redis', 'nginx'])}:${r.int(1, 17)}.${r.int(0, 9)}-alpine${r.int(3, 3)}.${r.int(18, 20)}`,
        () => `Version ${r.int(1, 9)}.${r.int(0, 9)}.${r.int(0, 9)} (Build ${r.digits(5)})`,
        () => `kernel 6.${r.int(1, 11)}.${r.int(0, 60)}-${r.int(1, 200)}-generic`,
      ])(),
  },
  {
    name: 'network-look-alikes-12',
    make: (r) =>
      r.pick([
        () => Array.from({ length: 6 }, () => r.chars(HEX, 2)).join(':'),
        () => Array.from({ length: 6 }, () => r.chars(HEX, 2).toUpperCase()).join('-'),
        () => `MD5:${Array.from({ length: 16 }, () => r.chars(HEX, 2)).join(':')}`,
        () => `SHA256:${r.chars(BASE64.replace('+', '').replace('/', ''), 43)}`,
        () => `1.3.6.1.4.1.${r.int(300, 60000)}.${r.int(1, 20)}.${r.int(1, 9)}`,
        () => `OID 2.16.840.1.${r.int(100000, 114999)}`,
        () => `port ${r.int(1024, 65535)}`,
        () => `${r.int(1, 9)}.${r.int(10, 99)}.${r.int(300, 999)}`,
        () => `std::vector<int>::iterator`,
        () => `${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}`,
        () => `0x${r.chars(HEX, 8)}`,
        () => `CIDR /${r.int(8, 30)}`,
      ])(),
  },
  {
    name: 'at-sign-look-alikes-12',
    make: (r) =>
      r.pick([
        () => `git@github.com:${r.pick(['acme', 'example-org'])}/${r.pick(['api', 'infra', 'web'])}.git`,
        () =>
          `${r.pick(['deploy', 'ubuntu', 'root', 'ec2-user'])}@${r.pick(['web-01', 'bastion', 'db-primary', 'ip-10-0-3-17'])}:~$`,
        () =>
          `npm i @${r.pick(['types', 'aws-sdk', 'nestjs'])}/${r.pick(['node', 'client-s3', 'core'])}@${r.int(1, 20)}.${r.int(0, 9)}.${r.int(0, 9)}`,
        () => `logo@2x.png`,
        () => `@${r.pick(['Override', 'Autowired', 'Test', 'pytest.fixture'])}`,
        () => `${r.pick(['python', 'numpy', 'torch'])}@${r.int(1, 3)}.${r.int(0, 12)}`,
        () => `@${r.pick(['anna', 'jdupont', 'carlos'])} can you look?`,
        () => `user@host`,
        () => `image: ${r.pick(['nginx', 'redis'])}@sha256:${r.chars(HEX, 64)}`,
      ])(),
  },
  {
    name: 'card-look-alikes-12',
    make: (r) =>
      r.pick([
        () => `Ref. ${luhnFailing('4', 16, r)}`,
        () => luhnFailing(`5${r.int(1, 5)}`, 16, r).replace(/(\d{4})(?=\d)/g, '$1 '),
        () => `IMEI ${luhnComplete(`35${r.digits(6)}`, 15, r)}`,
        () => `ICCID ${luhnComplete(`8949${r.digits(4)}`, 19, r)}`,
        () => `Sendungsnr. ${luhnFailing('00340434', 20, r)}`,
        () => `Gutscheincode ${r.digits(4)}-${r.digits(4)}-${r.digits(4)}`,
        () => `numéro de dossier ${luhnFailing('3', 16, r)}`,
        () => `EAN ${r.digits(13)}`,
        () => `Mandatsreferenz ${r.digits(16)}`.replace(/\d{16}$/, (m) => luhnFailing(m.slice(0, 2), 16, r)),
      ])(),
  },
  {
    name: 'iban-look-alikes-12',
    make: (r) =>
      r.pick([
        () => {
          const good = ibanFor('DE', r.digits(18));
          const bad = good.slice(0, 2) + pad((Number(good.slice(2, 4)) + r.int(1, 50)) % 97 || 3, 2) + good.slice(4);
          return bad.replace(/(.{4})(?=.)/g, '$1 ');
        },
        () => {
          const good = ibanFor('FR', r.digits(23));
          return good.slice(0, -1) + String((Number(good.slice(-1)) + r.int(1, 9)) % 10);
        },
        () => `BIC ${r.pick(['COBADEFFXXX', 'BNPAFRPPXXX', 'CAIXESBBXXX', 'DEUTDEDBBER', 'UBSWCHZH80A'])}`,
        () => `BLZ ${r.digits(3)} ${r.digits(3)} ${r.digits(2)}, Kto. ${r.digits(10)}`,
        () => `RF${r.int(10, 99)} ${r.digits(4)} ${r.digits(4)} ${r.digits(4)}`,
        () => `sort code ${r.digits(2)}-${r.digits(2)}-${r.digits(2)}, account ${r.digits(8)}`,
        () => `Gläubiger-ID DE${r.digits(2)}ZZZ0000${r.digits(7)}`,
        () => `CLABE ${r.digits(18)}`,
        () => `CBU ${r.digits(22)}`,
      ])(),
  },
  {
    name: 'ssn-look-alikes-12',
    make: (r) =>
      r.pick([
        () => `000-${pad(r.int(1, 99), 2)}-${pad(r.int(1, 9999), 4)}`,
        () => `666-${pad(r.int(1, 99), 2)}-${pad(r.int(1, 9999), 4)}`,
        () => `${r.int(100, 899)}-00-${pad(r.int(1, 9999), 4)}`,
        () => `${r.int(100, 899)}-${pad(r.int(1, 99), 2)}-0000`,
        () => `${r.int(900, 999)}-${pad(r.int(1, 69), 2)}-${pad(r.int(1, 9999), 4)}`,
        () => `part ${r.chars('ABCDEFGHJK', 2)}-${r.digits(3)}-${r.digits(2)}-${r.digits(4)}`,
        () => `ZIP ${r.digits(5)}-${r.digits(4)}`,
      ])(),
  },
  {
    name: 'postcodes-and-places-12',
    make: (r) =>
      r.pick([
        () => `D-${r.int(10000, 99999)} ${r.pick(['Berlin', 'München', 'Köln'])}`,
        () => `${r.int(75001, 75020)} Paris CEDEX ${r.int(1, 20)}`,
        () => `${r.int(28001, 28080)} Madrid`,
        () => `CP ${r.int(1000, 99999)}, ${r.pick(['CDMX', 'Guadalajara', 'Monterrey'])}`,
        () => `${r.pick(['SW1A', 'EC2N', 'M1'])} ${r.int(1, 9)}${r.chars('ABDEFGHJLNPQRSTUWXYZ', 2)}`,
        () => `${(r.int(-90000000, 90000000) / 1e6).toFixed(6)}, ${(r.int(-180000000, 180000000) / 1e6).toFixed(6)}`,
        () => `Postfach ${r.int(10, 9999)} ${r.int(10, 99)}`,
        () =>
          `Calle ${r.pick(['Mayor', 'Alcalá', 'Serrano'])} ${r.int(1, 200)}, ${r.int(1, 9)}º ${r.pick(['A', 'B', 'izq.'])}`,
      ])(),
  },
  {
    name: 'quantities-and-counts-12',
    make: (r) =>
      r.pick([
        () =>
          `${r.int(1, 999)} ${r.digits(3)} ${r.digits(3)} ${r.pick(['Besucher', 'visiteurs', 'visitas', 'requests'])}`,
        () => `${r.int(1, 64)} GiB / ${r.int(100, 999)} ${r.digits(3)} ${r.digits(3)} bytes`,
        () => `${r.int(1, 9)},${r.digits(3)},${r.digits(3)},${r.digits(3)} rows`,
        () => `Lot ${r.digits(2)}-${r.digits(3)}-${r.digits(3)}`,
        () => `Art.-Nr. ${r.digits(3)}.${r.digits(3)}.${r.digits(2)}`,
        () => `réf. ${r.int(10, 99)} ${r.digits(3)} ${r.digits(3)} ${r.digits(2)}`,
        () => `${r.int(10, 99)} ${r.digits(3)} ${r.digits(3)} ${r.digits(3)} Einwohner`,
        () => `PID ${r.int(100, 99999)}, RSS ${r.int(1000, 999999)} kB`,
      ])(),
  },
  {
    name: 'stack-frames-12',
    make: (r) =>
      r.pick([
        () =>
          `at ${r.pick(['com.acme.billing.InvoiceService', 'org.springframework.web.servlet.FrameworkServlet'])}.${r.pick(['process', 'doGet', 'handle'])}(${r.pick(['InvoiceService', 'FrameworkServlet'])}.java:${r.int(10, 2000)})`,
        () =>
          `File "/usr/lib/python3.${r.int(9, 12)}/site-packages/${r.pick(['requests', 'urllib3', 'django'])}/${r.pick(['api', 'connectionpool', 'base'])}.py", line ${r.int(10, 999)}, in ${r.pick(['request', 'urlopen', 'get_response'])}`,
        () =>
          `    at ${r.pick(['Object.<anonymous>', 'processTicksAndRejections', 'Layer.handle'])} (${r.pick(['/app/dist/server.js', 'node:internal/process/task_queues'])}:${r.int(1, 900)}:${r.int(1, 80)})`,
        () =>
          `goroutine ${r.int(1, 9999)} [running]:\nmain.(*Server).handle(0xc000${r.chars(HEX, 6)}, 0x${r.chars(HEX, 6)})`,
        () => `Segmentation fault at 0x${r.chars(HEX, 12)} (pc 0x${r.chars(HEX, 12)})`,
      ])(),
  },
];
