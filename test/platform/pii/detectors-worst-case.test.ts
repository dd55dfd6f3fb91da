import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectPii } from '../../../platform/pii/detectors';
import type { PiiEntityType } from '../../../platform/policies/policy-rules';

/*
 * Each detector against 1 MB of its own near-misses: text that passes its
 * pre-check and starts its pattern (or scan) everywhere, but never completes
 * a match. A detector that backtracks over the rest of the text from each
 * start is quadratic there.
 *
 * Linear time is shown without a wall-clock bound: the same test measures
 * the text at n = 256 KB and at 4n = 1 MB, in CPU time (a loaded machine
 * delays a process; it does not make it burn more CPU), taking the least of a
 * few interleaved runs of each. Linear work makes the ratio about 4 and
 * quadratic work about 16; the bound of 10 leaves room for noise on either
 * side. A ratio over the bound is measured again, up to three times: noise
 * comes and goes, a quadratic detector's ratio does not.
 */
const MB = 1024 * 1024;
const RUNS = 3;
const ATTEMPTS = 3;
const RATIO_BOUND = 10;

function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** CPU microseconds (user and system) of one detectPii call. */
function cpuTime(text: string, wanted: ReadonlySet<PiiEntityType>): number {
  const before = process.cpuUsage();
  detectPii(text, wanted);
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

function growthRatio(small: string, large: string, wanted: ReadonlySet<PiiEntityType>): number {
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let i = 0; i < RUNS; i++) {
    bestSmall = Math.min(bestSmall, cpuTime(small, wanted));
    bestLarge = Math.min(bestLarge, cpuTime(large, wanted));
  }
  return bestLarge / Math.max(bestSmall, 1);
}

const NEAR_MISSES: Array<{ type: PiiEntityType; name: string; unit: string }> = [
  { type: 'SECRET', name: 'BEGIN lines without an END', unit: '-----BEGIN RSA PRIVATE KEY-----\n' },
  { type: 'SECRET', name: 'BEGIN lines with short bodies', unit: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n' },
  {
    type: 'SECRET',
    name: 'an END of another kind after every BEGIN',
    unit: '-----BEGIN EC PRIVATE KEY-----\nabc\n-----END CERTIFICATE-----\n',
  },
  { type: 'SECRET', name: 'token prefixes run together', unit: 'sk-AKIAghp_xoxb-AIza' },
  { type: 'SECRET', name: 'key-id prefixes with one character too many', unit: 'AKIAABCDEFGHIJKLMNOPQ ASIA' },
  { type: 'SECRET', name: 'JWT headers without a signature', unit: 'eyJhbGciOiJIUzI1NiJ9.eyJ.' },
  { type: 'SECRET', name: 'Bearer words with short tokens', unit: 'Bearer abc bearer ' },
  {
    type: 'SECRET',
    name: 'PGP and SSH2 BEGIN lines without an END',
    unit: '---- BEGIN SSH2 PRIVATE KEY ----\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n',
  },
  {
    type: 'SECRET',
    name: 'newer vendor prefixes run together',
    unit: 'GOCSPX-SG.whsec_shpat_dop_v1_hvs.gsk_1:AAQ~dapi',
  },
  { type: 'SECRET', name: 'URL schemes with credentials that never reach an @', unit: 'db://user:pass' },
  { type: 'SECRET', name: 'key settings with short values', unit: 'api_key=abc123 ' },
  { type: 'SECRET', name: 'Basic words before short base64', unit: 'Basic YWJj ' },
  { type: 'SECRET', name: 'password settings with short values', unit: 'password=ab ' },
  { type: 'SECRET', name: 'password words in sentences before short values', unit: 'the password for the box is ab1 ' },
  { type: 'SECRET', name: 'pw and PIN words before short values', unit: 'pw x9 PIN is 12 ' },
  { type: 'SSN', name: 'SSN names before too few digits', unit: 'SSN (no dashes): 1234 ' },
  { type: 'SSN', name: 'SSN names and bracketed notes before too few digits', unit: 'SSN (9 digits, no dashes): 12 (' },
  { type: 'SECRET', name: "URL credentials whose '@'s never reach a host", unit: 'db://u:p@-' },
  { type: 'SECRET', name: 'query-string passwords without values', unit: '?password=&pwd=&' },
  { type: 'SECRET', name: 'MySQL -p flags with short values', unit: 'mysql -px ' },
  {
    type: 'SECRET',
    name: 'base64 runs one character longer than an AWS secret key',
    unit: `aws ${'Ab1'.repeat(13)}xy `,
  },
  { type: 'SECRET', name: 'postal PIN codes', unit: 'pincode 560001 ' },
  { type: 'SECRET', name: 'password words of more languages before short values', unit: 'hasło: a1 lösenord är b2 ' },
  { type: 'SECRET', name: "password values of ']'s", unit: 'password=a]]]]]' },
  {
    type: 'SECRET',
    name: 'glued password particles before short values',
    unit: '密码是a1，パスワードはb2 비밀번호는c3 ',
  },
  { type: 'SECRET', name: 'password words with their verbs before short values', unit: 'heslo je a1 salasana on b2 ' },
  { type: 'SECRET', name: 'curl -u users without a password', unit: 'curl -u admin ' },
  { type: 'SECRET', name: 'ConvertTo-SecureString strings never closed', unit: '"abc | ConvertTo-SecureString \'' },
  { type: 'SECRET', name: 'URL credentials with empty users that never reach a host', unit: 'redis://:p#' },
  { type: 'IP', name: 'product tokens before four-part versions', unit: 'Chrome/120.0.0.0 ' },
  { type: 'SECRET', name: 'quoted password settings holding a space', unit: 'db_password: "ab1 ' },
  { type: 'SECRET', name: 'password constants before unquoted values', unit: '#define X_PASS 12 ' },
  { type: 'SECRET', name: 'password attributes without a value', unit: 'name="password" value= ' },
  { type: 'SECRET', name: 'password elements never closed', unit: '<password>ab1x<' },
  { type: 'SECRET', name: 'client flags of other commands', unit: 'ssh -p 2222 -a 9876 ' },
  { type: 'SECRET', name: 'Wi-Fi payloads without a password', unit: 'WIFI:S:ab;T:WPA;' },
  { type: 'SECRET', name: 'login pairs with short passwords', unit: 'login a@b.c / x1 ' },
  { type: 'SECRET', name: 'PIN phrases before short numbers', unit: 'PIN for the door is 12 ' },
  { type: 'PHONE', name: 'vCard TEL properties before short numbers', unit: 'TEL;TYPE=cell:12 ' },
  { type: 'IP', name: 'network prefixes and netmasks', unit: '10.8.0.0/16 255.255.0.0 fe80::/10 ' },
  { type: 'IP', name: 'scope paths of hex letters', unit: 'db::add(1) ' },
  { type: 'EMAIL', name: 'matrix products on attributes', unit: 'x@self.w.T ' },
  { type: 'PHONE', name: 'phone words before pairs of digits', unit: 'Direct: 12 34 ' },
  { type: 'EMAIL', name: 'internationalised domains without a top-level label', unit: 'a@bücher-beispiel.' },
  { type: 'PHONE', name: 'counts in threes in Markdown table cells', unit: '| 511 409 738 |\n' },
  { type: 'EMAIL', name: 'at signs between local parts', unit: 'a.b@' },
  { type: 'EMAIL', name: 'domains without a top-level label', unit: 'x@a.b.c.d.e.f.g.h.' },
  { type: 'EMAIL', name: 'image variants', unit: 'icon@2x.png ' },
  { type: 'IBAN', name: 'country codes and check digits without a BBAN', unit: 'DE89 ' },
  { type: 'IBAN', name: 'IBANs one character too long', unit: 'DE89370400440532013000A ' },
  { type: 'CARD', name: 'one digit run', unit: '4' },
  { type: 'CARD', name: 'digits between spaces', unit: '4 ' },
  { type: 'CARD', name: 'digits between dashes', unit: '5-' },
  { type: 'SSN', name: 'SSN heads without a serial', unit: '123-45-' },
  { type: 'SSN', name: 'spaced groups that never close', unit: '123 45 ' },
  { type: 'SSN', name: 'SSN words before short numbers', unit: 'SSN 12345 ' },
  { type: 'IP', name: 'one colon run of hex groups', unit: 'a1:' },
  { type: 'IP', name: 'colons only', unit: ':' },
  { type: 'IP', name: 'one dotted run of octets', unit: '1.' },
  { type: 'IP', name: 'out-of-range quads', unit: '999.999.999.999 ' },
  { type: 'PHONE', name: 'one run of two-digit groups', unit: '12 ' },
  { type: 'PHONE', name: 'dotted two-digit groups', unit: '06.' },
  { type: 'PHONE', name: 'country codes without a number', unit: '+1 +49 (0) ' },
  { type: 'PHONE', name: 'bracketed country codes and a 1 before brackets, without a number', unit: '(+34) 1 ( ' },
  { type: 'PHONE', name: 'numbers that fail the plans, one after another', unit: 'tel 0000 000000, ' },
  // Round eight's patterns
  { type: 'SECRET', name: 'IDENTIFIED BY without a quoted value', unit: "IDENTIFIED BY 'ab " },
  { type: 'SECRET', name: 'store-password flags without a value', unit: ' -storepass  docker login -p ' },
  { type: 'SECRET', name: 'CREATE USER without a PASSWORD', unit: 'CREATE USER a ' },
  { type: 'SECRET', name: 'pgpass-like lines one field short', unit: 'db:5432:crm:app\n' },
  { type: 'SECRET', name: 'relay lines without a password', unit: '[smtp.example.com]:587 user\n' },
  { type: 'SECRET', name: 'sqlplus logins without a host', unit: 'sqlplus scott/tiger ' },
  { type: 'SECRET', name: 'echo without a pipe into a reader', unit: "echo 'Xq7!mPz2k' | cat " },
  { type: 'SECRET', name: 'setters without a closing quote', unit: 'ds.setPassword("Xq7!mPz2k ' },
  { type: 'SECRET', name: 'connect calls without a closing bracket', unit: 'DBI->connect("a", "b", ' },
  { type: 'SECRET', name: 'door codes with too few digits', unit: 'door code is 12 password 1 ' },
  { type: 'SECRET', name: 'passphrase settings of one word', unit: 'password: walnut\n' },
  { type: 'SSN', name: 'HL7 identifiers of another type', unit: '412764146^^^SSA^MR|' },
  { type: 'PHONE', name: 'wa.me links with too few digits', unit: 'wa.me/12345 sip:+1 ' },
  { type: 'EMAIL', name: 'HL7 telecom components without a domain', unit: '^NET^Internet^jane@example ' },
  // Round nine's patterns and scans
  { type: 'EMAIL', name: 'local parts beyond ASCII without a domain', unit: 'françoisé@ 用户@ ' },
  { type: 'EMAIL', name: 'a local part beyond ASCII that never ends', unit: 'éa' },
  { type: 'SECRET', name: 'ACL SETUSER without a password rule', unit: 'ACL SETUSER app on ~k +get ' },
  { type: 'SECRET', name: 'net use and cmdkey without a password', unit: 'net use \\\\fs\\s /user:a cmdkey /pas ' },
  { type: 'SECRET', name: 'echo pairs without a reader', unit: '(echo abcd; echo efgh) | cat ' },
  { type: 'SECRET', name: 'password properties without a value', unit: 'setProperty("db.password", x) :password x ' },
  { type: 'SECRET', name: 'creds without a password', unit: 'creds are admin ' },
  { type: 'SSN', name: 'CSV headers naming ssn over rows without one', unit: 'name,ssn,email\na,b,c\n' },
  { type: 'SSN', name: 'PID segments one field short', unit: 'PID|1||||||||||||||||||\n' },
  { type: 'IP', name: "curl's Trying without a port", unit: '*   Trying 12:34:56:78:90:443.. ' },
  { type: 'PHONE', name: 'thousands-grouped figures before words', unit: '816 798 188 Aufrufe ' },
  { type: 'IBAN', name: "lower-case tokens of an IBAN's shape failing the check", unit: 'de12abc4567890123456 ' },
  { type: 'PHONE', name: 'short numbers before a phone word', unit: '12 34 56 номерына шылтырат ' },
  { type: 'EMAIL', name: 'words joined by = with no @ after them', unit: ' ann=bob=cy.dx ' },
  { type: 'SECRET', name: 'token settings with colons and no value after them', unit: 'api_token=ab:cd:ef:gh: ' },
  { type: 'SECRET', name: 'Bearer with colons between short runs', unit: 'Bearer a:b:c:d:e:f:g ' },
  { type: 'SECRET', name: 'Salesforce org ids without a session', unit: '00D5g000004Xk9L!AQ ' },
  { type: 'SECRET', name: 'key words before short values', unit: 'the key for x: ab12 token was `cd34` rotate ef56 ' },
  { type: 'SECRET', name: 'property names without a value', unit: '<name>a.secret.key</name><value></value>' },
  // Round twelve's rules
  { type: 'SECRET', name: "c'est after a password word before short values", unit: 'mot de passe c’est ab1 ' },
  { type: 'SECRET', name: 'password settings of letters in one case', unit: 'SMTP_PASS=abcdefghijkl\n' },
  {
    type: 'PHONE',
    name: 'CSV rows with quoted separators under a phone header, numbers failing the plans',
    unit: 'name,"tel, mobile",x\n"a,b",0000 000000,c\n',
  },
  {
    type: 'PHONE',
    name: 'quoted cells with order words before numbers failing the plans',
    unit: "'factura', '0000 000000', ",
  },
  // Round thirteen's rules
  {
    type: 'SECRET',
    name: 'chat questions for a password answered with short values',
    unit: 'what is the wifi password?\nsam: ab1\n',
  },
  {
    type: 'SECRET',
    name: 'password words with four words of purpose before guillemets and short values',
    unit: 'mot de passe du wifi de la maison est « ab1 » ',
  },
  {
    type: 'SECRET',
    name: 'logins for a device before a user and no password',
    unit: 'login for the router is admin1 / ',
  },
  {
    type: 'SSN',
    name: 'SQL inserts naming an SSN column with values too short',
    unit: "INSERT INTO t (ssn, x) VALUES ('12', 'a'); ",
  },
  {
    type: 'SSN',
    name: 'SQL inserts naming an SSN column whose values never close',
    unit: 'INSERT INTO t (ssn) VALUES (1,',
  },
  { type: 'PHONE', name: 'area codes with a spaced slash before too few digits', unit: 'Tel. 0664 / 1 ' },
  { type: 'PHONE', name: 'Belgian slashes before dotted groups failing the plan', unit: 'tel 00/000.00.00 ' },
  { type: 'CARD', name: 'six-thirteen groups failing Luhn after a card word', unit: 'card 411111-1111111111112 ' },
  { type: 'SECRET', name: 'secret settings with short quoted words', unit: 'client_secret = "abcdefgh" ' },
  { type: 'PHONE', name: '"my number" before too few digits', unit: 'my number is 12 34 ' },
];

describe('PII detectors on 1 MB of their own near-misses', () => {
  for (const { type, name, unit } of NEAR_MISSES) {
    test(`${type} on ${name}: time grows linearly with the text`, () => {
      const wanted = new Set<PiiEntityType>([type]);
      const small = fill(unit, MB / 4);
      const large = fill(unit, MB);
      // A near-miss is one: the run must not be taken for an entity wholesale.
      const found = detectPii(large, wanted).length;
      assert.ok(found <= 1, `${found} matches in the near-miss text`);
      const ratios: number[] = [];
      while (ratios.length < ATTEMPTS && !ratios.some((r) => r < RATIO_BOUND))
        ratios.push(growthRatio(small, large, wanted));
      assert.ok(
        ratios.some((r) => r < RATIO_BOUND),
        `CPU time for 4n over CPU time for n: ${ratios.map((r) => r.toFixed(1)).join(', ')}`,
      );
    });
  }
});
