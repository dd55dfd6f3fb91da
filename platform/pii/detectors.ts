import { isIPv6 } from 'node:net';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PiiEntityType } from '../policies/policy-rules';
import { ibanValid } from './iban';
import { cardValid, luhnValid } from './payment-cards';
import { lineStartWithin, textBefore } from './context';
import { phoneValid } from './phone-numbers';
import { findCommandPasswords } from './command-passwords';
import { findPrivateKeys, type Span } from './private-keys';
import {
  basicCredentialsValid,
  keyedSecretValid,
  namedPasswordValid,
  pinValid,
  placeholderToken,
  placeholderValue,
  findMailchimpKeys,
  SECRET_PATTERN,
  spokenPasswordValid,
  hasTokenPrefix,
  urlPasswordValid,
} from './secrets';

export { ibanValid, luhnValid };

/**
 * In-process PII detectors. Each is a hoisted regular expression that finds
 * candidates (or a linear scanner where a regex would backtrack), plus a
 * validator where the kind has rules of its own: issuer ranges and Luhn for
 * cards, mod-97 for IBANs, libphonenumber's numbering plans for phones, so
 * that look-alikes are not reported. Pure: no I/O.
 *
 * Every pattern is linear in the text: quantifiers over the same characters
 * are bounded (`{1,4}`, `{0,63}`), and lookbehinds stop a match from starting
 * inside a run another start already covered (test/platform/pii/detectors-worst-case.test.ts).
 */
export interface PiiMatch {
  type: PiiEntityType;
  start: number;
  end: number;
  value: string;
}

/** Facts about a text computed once, so detectors that cannot match skip their regex scan. */
interface TextFacts {
  digits: number;
  /** Whether the text has a ':' (IPv6, URLs with credentials, keys named in settings). */
  colon: boolean;
  /** '-' (token prefixes, PEM armour), '_' (token prefixes), '@' (e-mail), '.' (e-mail, IPv4), '=' (settings). */
  dash: boolean;
  underscore: boolean;
  at: boolean;
  dot: boolean;
  equals: boolean;
}

/**
 * Up to this length the facts come from one pass over the characters; past it, from `includes` (a memchr-style
 * scan per character looked for). A prompt is mostly short parts (names, tool-call keys and values, tool
 * descriptions), where a dozen `includes` calls cost more than reading the characters once.
 */
const ONE_PASS_FACTS_MAX = 128;

function factsOf(text: string): TextFacts {
  if (text.length > ONE_PASS_FACTS_MAX)
    return {
      digits: containsDigit(text) ? countDigits(text) : 0,
      colon: text.includes(':'),
      dash: text.includes('-'),
      underscore: text.includes('_'),
      at: text.includes('@'),
      dot: text.includes('.'),
      equals: text.includes('='),
    };
  let digits = 0;
  let colon = false;
  let dash = false;
  let underscore = false;
  let at = false;
  let dot = false;
  let equals = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 58) colon = true;
    else if (c === 45) dash = true;
    else if (c === 95) underscore = true;
    else if (c === 64) at = true;
    else if (c === 46) dot = true;
    else if (c === 61) equals = true;
  }
  return { digits, colon, dash, underscore, at, dot, equals };
}

interface PatternDetector {
  type: PiiEntityType;
  pattern: RegExp;
  /** Cheap pre-check: skip the regex when the text cannot contain a match. */
  mayContain: (text: string, facts: TextFacts) => boolean;
  /** Which capture group holds the value (0: the whole match). */
  group?: number;
  /** A second group that holds the value when the first did not take part in the match (0: none). */
  altGroup?: number;
  validate?: (value: string, text: string, start: number) => boolean;
}

interface ScanDetector {
  type: PiiEntityType;
  scan: (text: string) => Span[];
  mayContain: (text: string, facts: TextFacts) => boolean;
}

type DetectorSpec = PatternDetector | ScanDetector;

/**
 * A detector in the one shape all of them share. The specs below differ in their fields (a scan or a pattern,
 * a group, a validator); read through one loop, that made every property access megamorphic, which cost more
 * than the pre-checks themselves on a short text.
 */
class Detector {
  readonly type: PiiEntityType;
  readonly mayContain: (text: string, facts: TextFacts) => boolean;
  readonly scan: ((text: string) => Span[]) | null;
  readonly pattern: RegExp | null;
  readonly group: number;
  readonly altGroup: number;
  readonly validate: ((value: string, text: string, start: number) => boolean) | null;

  constructor(spec: DetectorSpec) {
    this.type = spec.type;
    this.mayContain = spec.mayContain;
    this.scan = 'scan' in spec ? spec.scan : null;
    this.pattern = 'pattern' in spec ? spec.pattern : null;
    this.group = ('group' in spec ? spec.group : undefined) ?? 0;
    this.altGroup = ('altGroup' in spec ? spec.altGroup : undefined) ?? 0;
    this.validate = ('validate' in spec ? spec.validate : undefined) ?? null;
  }
}

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/*
 * Pre-checks run on every text, so they lean on `includes`, which V8 runs as a
 * memchr-style scan for the first character: an order of magnitude faster than
 * a regex on a 2 KB prompt when that character is rare. A common first
 * character ('e' in 'eyJ' or 'earer') makes it slow, so those search from a
 * rarer one ('yJ', or the two cases of 'Bearer').
 */
function containsDigit(text: string): boolean {
  return (
    text.includes('0') ||
    text.includes('1') ||
    text.includes('2') ||
    text.includes('3') ||
    text.includes('4') ||
    text.includes('5') ||
    text.includes('6') ||
    text.includes('7') ||
    text.includes('8') ||
    text.includes('9')
  );
}

// Every token family's literal prefix holds '-' or '_' or is one of a few rare strings, which rules most prose
// out at once.
/*
 * The words a setting names a password by (NAMED_PASSWORD, QUOTED_PASSWORD, XML_PASSWORD), as cheap pieces:
 * one regular expression on a short text, `includes` calls on a long one (see hasAsciiSpokenWord). The three
 * detectors ask about the same text one after another, so the answer for the last text asked is kept.
 */
const PASSWORD_NAME_PIECES = [
  'ass',
  'ASS',
  'wd',
  'WD',
  'psk',
  'PSK',
  'wort',
  'WORT',
  'ntrase',
  'enha',
  'woord',
  'asło',
  'ASŁO',
  'senord',
  'ifre',
  'arol',
  'eslo',
  'パスワード',
  '비밀번호',
  '密码',
];
const PASSWORD_NAME_PIECE = new RegExp(PASSWORD_NAME_PIECES.join('|'));
let namedText: string | null = null;
let namedAnswer = false;
function mayNamePassword(t: string): boolean {
  if (t === namedText) return namedAnswer;
  let answer = false;
  if (t.length <= 256) answer = PASSWORD_NAME_PIECE.test(t);
  else answer = PASSWORD_NAME_PIECES.some((piece) => t.includes(piece));
  namedText = t;
  namedAnswer = answer;
  return answer;
}

const mayHoldToken = (text: string, facts: TextFacts) =>
  (facts.dash ||
    facts.underscore ||
    text.includes('AKIA') ||
    text.includes('ASIA') ||
    text.includes('AIza') ||
    text.includes('yJ') ||
    // The newer families without '-' or '_' have digits in their prefix or (almost always) in their random body,
    // so prose without digits does not pay for looking for them.
    (facts.digits > 0 &&
      (text.includes('SK') ||
        text.includes('SG.') ||
        text.includes('Q~') ||
        text.includes(':AA') ||
        text.includes('LTAI') ||
        text.includes('AKID') ||
        text.includes('ATATT') ||
        text.includes('dapi') ||
        text.includes('dp.') ||
        text.includes('hvs.') ||
        text.includes('hvb.') ||
        text.includes('ya29.') ||
        text.includes('hooks.') ||
        text.includes('discord') ||
        text.includes('.atlasv1.') ||
        text.includes('dt0c01.') ||
        text.includes('EZAK') ||
        text.includes('EZTK') ||
        text.includes('AQVN') ||
        text.includes('AAAAAAAAAAAAAAAAAAAA') ||
        text.includes(':APA91b') ||
        text.includes('ATTA') ||
        (text.includes('00D') && text.includes('!')) ||
        (facts.dot && text.includes('pat'))))) &&
  hasTokenPrefix(text);
const atLeastDigits = (n: number) => (_text: string, facts: TextFacts) => facts.digits >= n;

// Image variants (icon@2x.png) and file names have an '@' and a dot but no mail domain.
const FILE_EXTENSION = /\.(?:png|jpe?g|gif|svg|webp|avif|ico|bmp|tiff?|css|js|mjs|ts|json|html?|txt|pdf|zip)$/i;
const RETINA_SUFFIX = /@\d(?:\.\d)?x\./;
// A systemd template's instance (`getty@tty1.service`, `wg-quick@wg0.service`): unit types, which no TLD is named.
const SYSTEMD_UNIT = /\.(?:service|socket|timer|target|mount|automount|slice|scope|device|swap|path)$/;
// git@github.com:org/repo.git is an SSH remote, not a mailbox.
// Kotlin's labelled receivers (this@MainActivity.finish(), super@Outer.run()) and any `x@y.z(` call are code.
const LABELLED_RECEIVER = /^(?:this|super)@\p{Lu}/u;
// Python's matrix product (`x@self.proj.weight.T`, `h @ W`): an operand after '@' that is an object's attribute
// chain (`self.`, `cls.`, `this.`, a tensor library's module) is code, and so is a "domain" followed by another
// `.name` that no top-level domain is made of (`.T`, `.weight.T`).
const CODE_RECEIVER = /@(?:self|cls|this|np|torch|tf|jnp|jax|nn)\./;
// A matrix product on one-letter operands (`a@W.data`, `q@k.transpose`): a local part of one or two characters
// and a one-letter first label are names in an equation, not a mailbox.
const ONE_LETTER_OPERANDS = /^[A-Za-z_]\w?@[A-Za-z]\./;
/*
 * Identifiers built like addresses that name no mailbox: a message's or a part's id in mail and SIP headers
 * (`Message-ID: <…@host>`, `Content-ID:`, `In-Reply-To:`, `References:`, `Call-ID:`, `cid:`), and a Kerberos service
 * principal (`HTTP/web01.corp.example.com@CORP.EXAMPLE.COM`: a service, a host, the realm in capitals).
 */
const MESSAGE_ID_HEADER =
  /(?:message-id|content-id|in-reply-to|references|resent-message-id|x-message-id|call-id|\bi|cid)[ \t]{0,3}[:=][ \t]{0,3}(?:<[^\s<>]{0,200}>[ \t]{0,3})*<?[^\s<>]{0,64}$|\bcid:$/i;
function identifierNotMailbox(value: string, text: string, start: number): boolean {
  if (text.charCodeAt(start - 1) === 47) {
    const domain = value.slice(value.indexOf('@') + 1);
    if (!/[a-z]/.test(domain) && /[A-Za-z][\w-]{0,31}\/$/.test(textBefore(text, start, 33))) return true;
  }
  const lineStart = lineStartWithin(text, start, 300);
  return MESSAGE_ID_HEADER.test(text.slice(lineStart, start));
}
const emailValid = (value: string, text: string, start: number) =>
  !FILE_EXTENSION.test(value) &&
  !SYSTEMD_UNIT.test(value) &&
  !RETINA_SUFFIX.test(value) &&
  !LABELLED_RECEIVER.test(value) &&
  !CODE_RECEIVER.test(value) &&
  !ONE_LETTER_OPERANDS.test(value) &&
  !/^\.[A-Za-z_]/.test(text.slice(start + value.length, start + value.length + 2)) &&
  text.charCodeAt(start + value.length) !== 40 &&
  !isRemotePath(text, start + value.length) &&
  !urlUserOrHandle(text, start) &&
  !identifierNotMailbox(value, text, start);
/**
 * Not a mailbox: a URL's user glued to its `://` (`git+ssh://git@example.com/…`, a Sentry DSN's key in
 * `https://<key>@o1.ingest.sentry.io/1`), and a fediverse handle, whose first `@` comes before the user
 * (`@jane@mastodon.social`).
 */
function urlUserOrHandle(text: string, start: number): boolean {
  if (text.charCodeAt(start - 1) === 64) return true;
  return text.charCodeAt(start - 1) === 47 && text.charCodeAt(start - 2) === 47 && text.charCodeAt(start - 3) === 58;
}
/**
 * `git@github.com:org/repo.git`, `deploy@host:~/app`: an SSH remote's path after the ':'. A ':' followed by
 * something without a path in it (Postfix's `user@example.com:password` in `sasl_passwd`) leaves the address one.
 */
function isRemotePath(text: string, end: number): boolean {
  if (text.charCodeAt(end) !== 58 || end + 1 >= text.length) return false;
  const next = text.charCodeAt(end + 1);
  if (next === 32 || next === 10) return false;
  const path = /^[^\s"'<>]{0,256}/.exec(text.slice(end + 1, end + 257))?.[0] ?? '';
  return /[/~]|\.git$|^\d{0,5}$/.test(path);
}

// Barcodes (EAN-13 shares Visa's 13 digits and first digit) and book numbers, when the text names them.
// Gift, voucher, promo and redemption codes are drawn from card-like ranges and pass Luhn; they are not cards.
const PRODUCT_CODE_WORD =
  /(?:EAN|GTIN|UPC|ISBN|barcode|SKU|gift ?(?:card )?code|voucher(?: code)?|coupon(?: code)?|promo(?:tion(?:al)?)? code|redemption code|claim code|activation code|serial(?: no\.?| number)?|license key|gutschein(?:code)?|code cadeau|c[óo]digo (?:de )?regalo|buono)\W{0,3}$/i;

// Keys made to be public: a search-only key (Algolia's `searchOnlyApiKey`), a publishable or public one.
const PUBLIC_KEY_NAME = /(?:search[_-]?only|public|publishable)[_-]?api[_-]?key["']?\s{0,3}[:=]\s{0,3}["']?$/i;

// A national identity number named right before it: Indonesia's sixteen-digit NIK (East Java's start with 35, in
// JCB's range, and some pass Luhn), and the numbers of the same length elsewhere.
const NATIONAL_ID_WORD = /\b(?:NIK|KTP|e-KTP|NIN|NIC|CNIC|NID|Aadhaar|RRN|CURP|DNI)\W{0,3}$/;

// Four-part versions, OIDs and the numbers of sections, clauses and articles (section 2.9.7.5, § 4.1.2.3,
// Abschnitt 3.1.4.2) have the shape of IPv4 addresses; the word before them tells.
const NOT_AN_ADDRESS_WORD = new RegExp(
  [
    '(?:version|build|release|firmware|ver\\.|oid|snmp|section|sect\\.|\\bsec\\.|§|clause|article|\\bart\\.',
    'chapter|chap\\.|paragraph|\\bpara\\.?|\\bitem|requirement|\\breq\\.|annex|appendix|figure|\\bfig\\.',
    'abschnitt|kapitel|ziffer|absatz|artikel|anhang|punkt|apartado|cap[ií]tulo|cl[aá]usula|art[ií]culo|anexo',
    'punto|chapitre|paragraphe|alin[ée]a|sezione|articolo|capitolo|hoofdstuk|\\biso|\\brfc|\\biec|nist|itu-t',
    // What ships with a four-part version: drivers, runtimes, firmware and BIOS, SDKs, assemblies, patches, packages.
    'driver|\\bjre|\\bjdk|\\bjava|\\bjvm|runtime|\\bbios|\\buefi|microcode|\\bsdk|toolkit|\\bcuda|assembly',
    'file ?version|product ?version|fileversion|productversion|\\brev\\.?|revision|patch|hotfix|update|upgrade|edition',
    'plugin|plug-in|add-?on|extension|package|\\bpkg|nuget|\\bgem|\\bcrate|library|\\blib|engine|agent ?version',
    'installer|setup|\\bmsi|\\bexe|\\bdll|bundle|\\bimage|\\btag|\\bchart|\\brelease|\\bv\\.?|\\bver)s?\\W{0,3}$',
  ].join('|'),
  'i',
);

// Part, lot and catalogue numbers are built in the SSN's shape too (P/N 412-08-3391, Lot 231-44-0917): named so,
// they are what the name says.
const PART_NUMBER_WORD =
  /(?:\bP\/N|\bPN|\bpart(?: ?(?:no|num|number)\.?| ?#)?|\blot|\bbatch|\bS\/N|\bserial(?: ?(?:no|number)\.?)?|\bmodel|\bSKU|\bcat(?:alog(?:ue)?)?\.?(?: ?no\.?)?|\bitem(?: ?no\.?)?)[ \t]{0,2}[:#]?[ \t]{0,2}$/i;
const SSN_NAMED =
  /(?<![A-Za-z])(?:ssn|s\.s\.n\.?|ss#|us-ssn|seguro social|soc(?:ial|\.)?[ _-]?sec(?:urity|\.)?(?:[ _-]?(?:number|num\.?|no\.?|#))?)(?![A-Za-z])[^\d\n(]{0,24}?(?:\([^)\n]{0,32}\)[^\d\n]{0,6}?)?((?!000|666|9\d\d)\d{3}(?!00)\d{2}(?!0000)\d{4})(?!\d)/gi;

/*
 * Outline and list numbering (items 1.2.3.4 and 5.6.7.8, see 4.6.1.9 above) is four single digits; so are a
 * few real addresses (8.8.8.8, 1.1.1.1, 1.0.0.1). Four single digits are an address only where the text says
 * so: an address word before them, a port or prefix length after, a URL, or the resolvers' repeated digit.
 * An address of that shape with none of these is missed: numbered lists are far more common.
 */
const ADDRESS_WORD =
  /(?:\bip|address|addr|host|server|gateway|router|dns|resolver|nameserver|ping|ssh|curl|connect|from|\bto\b|via|peer|client|remote|\bsrc|\bdst|inet|adresse|direcci[oó]n|indirizzo|endereço|:\/\/|@)\W{0,4}$/i;
// The second of a range or list of outline numbers (steps 5.4.1.4 to 7.3.3.2, 2.1.3 and 2.1.3.1, 1.2.3.4–1.2.3.9)
// is numbered like the first: a word such as `to` there joins two numbers, it does not name an address.
const AFTER_OUTLINE_NUMBER =
  /(?:^|[^\d.])\d(?:\.\d){2,3}\)?\s{0,2}(?:to|and|or|through|thru|till|until|bis|und|oder|à|au|et|ou|al|a|y|o|e|-|–|—|,|&|\/)\s{0,2}$/i;
/** An IPv4 netmask (`255.255.254.0`) or an ACL's wildcard mask (`0.0.0.255`): contiguous ones, then zeros, or the reverse. */
function isMask(value: string): boolean {
  const n = value.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const inverse = 0xffffffff - n;
  // `x + 1` is a power of two (a run of low ones); compared as numbers, since 32-bit `&` would take 2^31 for negative.
  const lowOnes = (x: number) => x > 0 && Number.isInteger(Math.log2(x + 1));
  // A wildcard mask ends in 255 whatever its first octet (`15.255.255.255` for 224.0.0.0/4).
  return (value.startsWith('255.') && lowOnes(inverse)) || (value.endsWith('.255') && lowOnes(n));
}

/**
 * A network written as a prefix (`10.20.0.0/16`, `fe80::/10`, `::/0`): the host bits after the prefix length are
 * all zero. It names a range, not anyone's address (`/32` and `/128`, and a host's own `10.0.0.5/24`, are hosts).
 */
function isNetworkPrefix(value: string, text: string, end: number): boolean {
  if (text.charCodeAt(end) !== 47) return false;
  const length = /^\d{1,3}(?!\d)/.exec(text.slice(end + 1, end + 5))?.[0];
  if (length === undefined) return false;
  const bits = Number(length);
  if (value.includes(':')) return bits < 128 && value.endsWith('::');
  if (bits >= 32) return false;
  const n = value.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  return n % 2 ** (32 - bits) === 0;
}

/*
 * Addresses no one is given, which protocols use by number: the unspecified address (`bind 0.0.0.0`), the
 * limited broadcast, multicast groups (224.0.0.0/4: mDNS 224.0.0.251, SSDP 239.255.255.250) and the cloud
 * instance-metadata address 169.254.169.254. IPv6's are below (ipv6Valid).
 */
// Azure's wire server and DNS (168.63.129.16), Alibaba's metadata (100.100.100.200), ECS task metadata (169.254.170.2).
const WELL_KNOWN_IPV4 = new Set([
  '0.0.0.0',
  '255.255.255.255',
  '169.254.169.254',
  '169.254.170.2',
  '168.63.129.16',
  '100.100.100.200',
]);
function wellKnownIpv4(value: string): boolean {
  if (WELL_KNOWN_IPV4.has(value)) return true;
  const first = Number(value.slice(0, value.indexOf('.')));
  return first >= 224 && first <= 239;
}
// A product's build after the verb that installs it (`after updating to PowerShell 7.1.6.136`, `X-Mailer: Acrobat
// Reader 24.5.93.178`): one to three capitalised words between the verb and the number name the product.
const VERSION_VERB_PRODUCT =
  /(?:updat|upgrad|install|downgrad|rolled back|reinstall|x-mailer:|user-agent:)[a-z]*[ \t]{1,3}(?:to[ \t]{1,3})?(?:[A-Z][\w+.-]{0,24}[ \t]{1,3}){1,3}$/i;

// A subnet's broadcast address, named as such (`Bcast:10.255.255.255`, `brd 192.168.1.255`, `broadcast …`).
const BROADCAST_WORD = /(?:bcast|broadcast|\bbrd)\W{0,3}$/i;
// What names a loopback address after it (`::1  ip6-localhost ip6-loopback`, `127.0.0.1 localhost`).
const LOOPBACK_NAME_AFTER = /^[ \t]{1,8}(?:ip6-)?(?:localhost|loopback)\b/i;
// A reverse-lookup name: the address's octets reversed, then `.in-addr.arpa`.
const REVERSE_LOOKUP_AFTER = /^\.in-addr\.arpa\b/i;
// A product's name right before its four-part version, as a list of what something was tested or built with
// writes it (`Tested with Zabbix 7.2.18.3 and Db2 11.5.9.0`, `FW 5.4.12.7`): a capitalised word of letters (and
// digits), after `with`, `and`, a comma or the start of a clause; a word for an address or a host is not one.
const PRODUCT_BEFORE_VERSION =
  /(?:\b(?:with|and|on|using|running|requires?|supports?|includes?|ships?|tested|built|after|since|also)|&&|[,;=])[ \t]{0,3}(?:[A-Z][A-Za-z]{0,20}[0-9]{0,2}[ \t]){1,2}$/;
// A product's name in camel case right before the number (`OpenResty 1.25.3.1`, `PowerShell 7.4.0.5`, `GitLab …`),
// whatever word comes before it; one that ends in a word for an address or a host (`WebServer`, `DbHost`) is a host.
const CAMEL_CASE_PRODUCT =
  /(?:^|[\s([,;:"'])[A-Z][a-z]+[A-Z][A-Za-z]{0,20}(?<!Host|Server|Gateway|Router|Node|Proxy|Peer|Ip|Addr|Address|Dns|Vip|Nat|Client|Ips|Vm|Db|HostName|ServerName)[ \t]$/;
const NOT_A_PRODUCT =
  /(?:\b(?:IP|IPs|IPv4|Host|Server|Gateway|Router|DNS|Peer|Node|Client|Proxy|NAT|VIP|VPN|Address|Addr|From|To|Via|Src|Dst|Remote|Local|Primary|Secondary|Master|Replica|Subnet|Net|Network|Interface|Ping|SSH|Connect(?:ed)?)[ \t])$/i;

/** A URL's host, or an address with its port (`://127.30.24.147`, `@…`, `…:58791`, `…/55723`): a connection's end. */
function inConnectionPosition(text: string, start: number, end: number): boolean {
  const before = text.charCodeAt(start - 1);
  const after = text.charCodeAt(end);
  const digitAfter = text.charCodeAt(end + 1) >= 48 && text.charCodeAt(end + 1) <= 57;
  return (
    before === 64 ||
    (before === 47 && text.charCodeAt(start - 2) === 47) ||
    ((after === 58 || after === 47) && digitAfter)
  );
}

function ipv4Valid(value: string, text: string, start: number): boolean {
  if (text.charCodeAt(start - 1) === 47 && afterProductToken(text, start - 1)) return false;
  if (wellKnownIpv4(value)) return false;
  // 127.0.0.0/8 is the host itself: 127.0.0.53 (systemd's stub resolver), 127.0.0.11 (Docker's), 127.0.1.1
  // (Debian's own name). 127.0.0.1 is no one's address where the text names it as the loopback (in a log's
  // peer field, `from 127.0.0.1`, it is reported like any other).
  if (value.startsWith('127.') && value !== '127.0.0.1' && !inConnectionPosition(text, start, start + value.length))
    return false;
  if (
    LOOPBACK_V4.test(value) &&
    (LOOPBACK_WORD.test(textBefore(text, start, 16)) ||
      LOOPBACK_NAME_AFTER.test(text.slice(start + value.length, start + value.length + 24)))
  )
    return false;
  const end = start + value.length;
  if (REVERSE_LOOKUP_AFTER.test(text.slice(end, end + 14))) return false;
  if (BROADCAST_WORD.test(textBefore(text, start, 12))) return false;
  const product = textBefore(text, start, 40);
  if (PRODUCT_BEFORE_VERSION.test(product) && !NOT_A_PRODUCT.test(product)) return false;
  if (CAMEL_CASE_PRODUCT.test(product)) return false;
  if (isMask(value) || isNetworkPrefix(value, text, start + value.length)) return false;
  const before = textBefore(text, start, 24);
  if (NOT_AN_ADDRESS_WORD.test(before)) return false;
  if (VERSION_VERB_PRODUCT.test(textBefore(text, start, 64))) return false;
  if (value.length !== 7) return true;
  if (AFTER_OUTLINE_NUMBER.test(before)) return false;
  if (value[0] === value[2] && value[2] === value[4] && value[4] === value[6]) return true;
  const next = text.charCodeAt(start + 7);
  return next === 58 || next === 47 || ADDRESS_WORD.test(textBefore(text, start, 16));
}

/*
 * A product token's version (`Chrome/120.0.0.0`, `Edg/120.0.2210.91`, `Gradle/8.5.0.1`): a word glued to the
 * '/' at `slash`, itself after a space, a bracket, a quote or the start — not a segment of a URL's path
 * (`/hosts/10.0.0.1`) and not a word for an address (`host/10.0.0.1`).
 */
const PRODUCT_TOKEN_START = /[\s("'=;,]/;
const ADDRESS_TOKEN = /^(?:ip|ips|ipv4|host|hosts|server|addr|address|peer|node|gateway|dns|via|from|to|src|dst)$/i;
function afterProductToken(text: string, slash: number): boolean {
  let i = slash - 1;
  const limit = Math.max(0, slash - 32);
  while (i >= limit) {
    const c = text.charCodeAt(i);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
    if (!word) break;
    i--;
  }
  const token = text.slice(i + 1, slash);
  if (!/^[A-Za-z]/.test(token) || ADDRESS_TOKEN.test(token)) return false;
  return i < 0 || PRODUCT_TOKEN_START.test(text.charAt(i));
}

const QUERY_PASSWORD =
  /(?<=[?&;])[A-Za-z_]{0,16}(?:password|passwd|pwd|pass|passwort|secret|token)=([^\s&#;"'<>]{1,128})/gi;

// `-p` glued to its value, on a line that runs a MySQL or MariaDB client (`mysql`, `mysqldump`, `mariadb`, …).
const GLUED_PASSWORD_FLAG = /(?<=[ \t])-p(?!assword)([^\s"'`]{3,128})/g;
const MYSQL_CLIENT = /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlsh|mariadb|mariadb-dump)\b/;
function gluedPasswordValid(value: string, text: string, start: number): boolean {
  const lineStart = lineStartWithin(text, start, 200);
  return MYSQL_CLIENT.test(text.slice(lineStart, start)) && !placeholderValue(value);
}

// `curl -u user:password` (and `--user`): the user ends at the first ':', the password runs to the next space,
// on a line that runs curl (`-u` alone is a user name in mysql, psql and ssh-keygen).
const CURL_USER_PASSWORD = /(?<=[ \t])(?:-u|--user)(?:[ \t]{1,3}|=)["']?[^\s:"'$]{1,64}:([^\s"']{1,128})/g;
const CURL_COMMAND = /\bcurl\b/;
function curlPasswordValid(value: string, text: string, start: number): boolean {
  const lineStart = lineStartWithin(text, start, 200);
  return CURL_COMMAND.test(text.slice(lineStart, start)) && namedPasswordValid(value);
}

/*
 * PowerShell turns a plain-text string into a credential: `"p@ss" | ConvertTo-SecureString -AsPlainText` or
 * `ConvertTo-SecureString -String "p@ss" -AsPlainText`; the string is the password. Found from the cmdlet's
 * name, then the string piped into it (read backwards from the name) or passed after it: a pattern that
 * started at every quote would read up to 128 characters after each one, and JSON is mostly quotes.
 */
const SECURE_STRING = /convertto-securestring/gi;
const SECURE_STRING_LENGTH = 'ConvertTo-SecureString'.length;
const SECURE_STRING_PIPED = /(["'])([^"'\r\n]{4,128})\1[ \t]{0,3}\|[ \t]{0,3}$/;
const SECURE_STRING_ARGUMENT = /^[ \t]{1,3}(?:-String[ \t]{1,3})?(["'])([^"'\r\n]{4,128})\1/i;
function findSecureStrings(text: string): Span[] {
  const spans: Span[] = [];
  SECURE_STRING.lastIndex = 0;
  for (let m = SECURE_STRING.exec(text); m !== null; m = SECURE_STRING.exec(text)) {
    const at = m.index;
    const from = Math.max(0, at - 140);
    const piped = SECURE_STRING_PIPED.exec(text.slice(from, at));
    if (piped?.[2] !== undefined && namedPasswordValid(piped[2])) {
      const start = from + piped.index + 1;
      spans.push({ start, end: start + piped[2].length });
    }
    const end = at + SECURE_STRING_LENGTH;
    const passed = SECURE_STRING_ARGUMENT.exec(text.slice(end, end + 150));
    if (passed?.[2] !== undefined && namedPasswordValid(passed[2])) {
      const start = end + passed[0].length - 1 - passed[2].length;
      spans.push({ start, end: start + passed[2].length });
    }
  }
  return spans;
}

/*
 * Clients that take a password as a flag's argument, on a line that runs them: `sshpass -p '…'`, `redis-cli -a …`
 * (and `--pass`), `sqlcmd`/`bcp`/`zip`/`unzip`/`7z` `-P …`, the LDAP tools' `-w …`, `mongosh -p …`, PuTTY's
 * `-pw …`, `smbclient -U user%password`, OpenSSL's `-passin pass:…`, and `--password …`/`--password=…` on any
 * command (`--password-stdin` reads it from elsewhere). The flag letter alone means other things elsewhere
 * (`ssh -p 22`, `cp -a`), so it counts only after its own command.
 */
const PASSWORD_FLAG =
  /(?<=[ \t])(?:(-[apPw]|-pw|--pass(?:word|wd)?|--auth|--requirepass)(?:[ \t]{1,3}|=)|-U[ \t]{1,3}[^\s%"']{1,64}%|-pass(?:in|out)[ \t]{1,3}pass:)(["']?)([^\s"'`]{3,128})\2(?![^\s"'])/g;
const FLAG_COMMANDS: ReadonlyArray<[RegExp, RegExp]> = [
  [/^-p$/, /\b(?:sshpass|mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport)\b/],
  [/^-a$/, /\b(?:redis-cli|keydb-cli|valkey-cli)\b/],
  [/^-P$/, /\b(?:sqlcmd|bcp|osql|isql|zip|unzip|zipcloak|7z|7za|rar|unrar)\b/],
  [/^-w$/, /\bldap[a-z]+\b/],
  [/^-pw$/, /\b(?:plink|pscp|psftp|putty)(?:\.exe)?\b/],
  [/^--auth$/, /\b(?:redis-cli|keydb-cli|valkey-cli)\b/],
];
function flagPasswordValid(value: string, text: string, start: number): boolean {
  if (!namedPasswordValid(value)) return false;
  const lineStart = lineStartWithin(text, start, 200);
  const before = text.slice(lineStart, start);
  const flag = /(?:^|[ \t])(-{1,2}[A-Za-z]+)(?:[ \t]{1,3}|=)["']?$/.exec(before)?.[1];
  if (flag === undefined)
    return (
      /(?:-U[ \t]{1,3}[^\s%"']{1,64}%|pass:)$/.test(before) &&
      /\b(?:smbclient|rpcclient|openssl|net use)\b|-pass(?:in|out)/.test(before)
    );
  if (/^--pass(?:word|wd)?$|^--requirepass$/.test(flag)) return true;
  return FLAG_COMMANDS.some(([f, command]) => f.test(flag) && command.test(before));
}

/*
 * A Wi-Fi network shared as a QR code's text (`WIFI:T:WPA;S:Office;P:s3cret;;`): fields are `X:value;`, a `\;`,
 * `\,`, `\:` or `\\` inside a value is escaped, and `P:` is the password.
 */
function findWifiPasswords(text: string): Span[] {
  const spans: Span[] = [];
  for (let at = text.indexOf('WIFI:'); at !== -1; at = text.indexOf('WIFI:', at + 5)) {
    let i = at + 5;
    const limit = Math.min(text.length, at + 400);
    while (i < limit) {
      const key = text.charCodeAt(i);
      if (text.charCodeAt(i + 1) !== 58) break;
      let j = i + 2;
      while (j < limit && text.charCodeAt(j) !== 59 && text.charCodeAt(j) !== 10)
        j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (j >= limit || text.charCodeAt(j) !== 59) break;
      if (key === 80 && j - (i + 2) >= 4 && namedPasswordValid(text.slice(i + 2, j)))
        spans.push({ start: i + 2, end: j });
      i = j + 1;
    }
  }
  return spans;
}

/*
 * A password given as a quoted string where it is set, read to its closing quote: generated passwords hold
 * `,`, `;`, brackets and braces, which end an unquoted value (Helm and Kubernetes `password: "m1u;K{…"`,
 * Elixir's `password: "…"`, TOML, `.env` with quotes), a C or C++ constant (`#define ADMIN_PASS "…"`,
 * `const char *db_password = "…";`), a setting named in an attribute (Spring's `<property name="password"
 * value="…"/>`, .NET's `<add key="DbPassword" value="…"/>`), and an XML element (Maven's `<password>…</password>`).
 * No whitespace inside: a quoted phrase after a password word is prose.
 */
// The word naming a password in a setting's name, with what may follow it (`SMTP_PASSWORD`, `db_pass_prod`): the
// match starts at the word, not at the name's start, so a scan does not try every word's first character.
const PASSWORD_KEY_WORD =
  '(?:password|passwd|passphrase|passwort|kennwort|contrase[ñn]a|wachtwoord|senha|_pass|_pwd|(?<![A-Za-z])pass|(?<![A-Za-z])pwd|(?<![A-Za-z])psk)[A-Za-z0-9_.-]{0,32}';
const QUOTED_VALUE = `(?:"([^\\s"\\\\]{4,128})"|'([^\\s'\\\\]{4,128})')`;
const QUOTED_PASSWORD = new RegExp(
  // After the name: a closing quote and bracket (Chef's `['smtp_password'] = '…'`), and a declared type (Bicep's
  // `param adminPassword string = '…'`, `val dbPassword: String = "…"`).
  `(?:${PASSWORD_KEY_WORD}["']?\\]?(?:[ \t]{1,3}(?:string|securestring|secureString)|[ \t]{0,3}:[ \t]{0,3}(?:String|string|str|&str|SecureString))?[ \t]{0,3}(?:[:=]|:=|=>)[ \t]{0,3}` +
    `|#define[ \t]{1,3}\\w{0,32}(?:PASS|PWD|SECRET)\\w{0,32}[ \t]{1,8}` +
    `|\\b(?:name|key|id)=["'][A-Za-z0-9_.-]{0,32}${PASSWORD_KEY_WORD}["'][ \t]{1,3}value=` +
    // Postman's and others' JSON pairs: `{"key":"password","value":"…"}`.
    `|"(?:key|name)"[ \t]{0,3}:[ \t]{0,3}"[A-Za-z0-9_.-]{0,32}${PASSWORD_KEY_WORD}"[ \t]{0,3},[ \t]{0,3}"value"[ \t]{0,3}:[ \t]{0,3})${QUOTED_VALUE}`,
  'gi',
);
const XML_PASSWORD =
  /<((?:\w{0,32}:)?\w{0,32}(?:password|passwd|Password|Passwd|PASSWORD)\w{0,32})>([^\s<>]{4,128})<\/\1>/g;

// `login user@example.com / s3cret`, `creds: admin / Hunter42!`: a user, a slash between spaces, the password; the
// login may be named with what it opens (`the admin login for the router is admin / …`).
const LOGIN_PAIR =
  /(?<![A-Za-z])(?:login|log-in|logon|auth-user-pass|creds?|credentials|user(?:name)?|account|anmeldung|identifiant|acceso|usuario|u\/p)\b(?:[ \t]{1,3}(?:for|to|of|on)(?:[ \t]{1,3}[A-Za-z-]{1,20}){1,3})?(?:[ \t]{1,3}(?:is|are))?[ \t]{0,3}:?[ \t]{1,3}[^\s/]{1,96}[ \t]{1,3}\/[ \t]{1,3}([^\s"'`,;<>(){}]{3,127}[^\s"'`,;<>(){}.:])(?=[.,;:]?(?:\s|$))/gi;

const AWS_SECRET_SHAPE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const AWS_CONTEXT = /(?:AKIA|ASIA)[0-9A-Z]{16}|\baws\b|amazon|secret.?access|access.?key/i;
function awsSecretValid(value: string, text: string, start: number): boolean {
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/\d/.test(value) || placeholderToken(value)) return false;
  const from = Math.max(0, start - 120);
  return AWS_CONTEXT.test(text.slice(from, start)) || AWS_CONTEXT.test(text.slice(start + 40, start + 120));
}

/*
 * What a password value is made of where it is set or told: anything but space, quotes, separators and
 * brackets, and the full-width punctuation of Chinese and Japanese (`密码是 X，电话 …`). A ']' inside a value
 * belongs to it (`dXwaiSq7r^8rS]51`); one that ends it closes a bracket around it.
 */
// Not in a value: quotes, brackets, separators, full-width and Arabic punctuation, and hiragana (the particles Japanese
// glues after a value: `パスワードはXです`).
const VALUE_CHAR = '[^\\s"\'`,;<>{}()[\\]，。、；：（）「」،؛\\u3040-\\u309f]';
/*
 * Brackets and `;` inside a value belong to it (`WaA5Vg(81)`, `1TANIo;WIxw9`): `(` and `;` when more of the value
 * follows (a `;` before `Key=` separates a connection string's pairs), `)` when it closes a `(` of the value or
 * when no `(` before it on the line is still open (`(pw abc123)`: that bracket ends the value).
 */
const CLOSE_IN_VALUE = `(?:(?<=\\(${VALUE_CHAR}{1,64})|(?<!\\([^()\\n]{0,256}))\\)`;
/*
 * `<`, `>` and a backtick inside a value belong to it too when more of the value follows (`Km8yV<Ben4`, `pNpb3>lwp`,
 * `nJhQW0A\`V1sa`): at the value's end they are a tag's or Markdown's; a `<` that opens a tag (`<br>`) ends it.
 */
const VALUE_PIECE =
  `${VALUE_CHAR}|\\](?=${VALUE_CHAR})|\\((?=${VALUE_CHAR})|;(?=${VALUE_CHAR})(?![A-Za-z_][\\w.-]{0,40}=)|` +
  `(?<=${VALUE_CHAR})(?:<(?![A-Za-z/!][\\w-]{0,10}>)|>|\`)(?=${VALUE_CHAR})|` +
  CLOSE_IN_VALUE;
const VALUE_RUN = (min: number, max: number) => `(?:${VALUE_PIECE}){${min},${max}}`;

const NAMED_PASSWORD = new RegExp(
  `(?:password|passwd|passphrase|passcode|\\bpwd|\\bpw|\\bpass|_pass|\\bpsk|passwort|kennwort|contrase[ñn]a|mot_de_passe|\\bmdp|senha|wachtwoord|has[łl]o|l[öo]senord|[şs]ifre|parola|heslo|salasana|adgangskode|passord|jelsz[óo]|пароль|パスワード|비밀번호|密码)["']?\\s{0,3}[:=]\\s{0,3}["']?(${VALUE_RUN(6, 128)})(?!${VALUE_CHAR})`,
  'gi',
);

const XML_PROPERTY_SECRET =
  /<name>[^<\n]{0,64}(?:secret|password|passwd|pass|token|credential|key)[^<\n]{0,32}<\/name>[ \t\r\n]{0,16}<value>([^\s<>]{4,512})<\/value>/gi;
const KEY_VALUE = '((?:[A-Za-z0-9/+_~.-]|[:!](?=[A-Za-z0-9/+_~.-])){16,512}={0,2})(?![A-Za-z0-9/+_~.=-])';
const TOLD_KEY = new RegExp(
  `(?:\\bsecret[ \\t]{1,3}set[ \\t]{1,3}[\\w-]{1,64}[ \\t]{1,3}(?:--body|-b)(?:[ \\t]{1,3}|=)|\\bngrok[ \\t]{1,3}(?:config[ \\t]{1,3}add-)?authtoken[ \\t]{1,3}` +
    `|(?<![\\w-])--(?:api-?key|auth-?token|access-?token|token)(?:[ \\t]{1,3}|=)` +
    `|(?<![A-Za-z])(?:key|token|secret)(?:[ \\t]{1,3}for[ \\t]{1,3}[A-Za-z-]{1,20})?(?:[ \\t]{0,3}:[ \\t]{1,3}|[ \\t]{1,3}(?:is|was)[ \\t]{1,3}|[ \\t]{1,3}(?=\`))` +
    `|(?<![A-Za-z])(?:rotate|rotated|revoke|revoked|leaked|exposed)[ \\t]{1,3}(?=[\\w\`])` +
    `|^(?:api_?key|token|secret|secret_?key|access_?key|auth_?token)[ \\t]{2,24})["'\`]?${KEY_VALUE}`,
  'gim',
);

/*
 * A password told in a sentence rather than set: `pw K4tcvyG*7841`, `the password for the prod db is …`,
 * `Passwort lautet …`, `mot de passe : …`, `la contraseña es …`, `a senha é …`. The word, up to three words
 * (no digits) naming what it is for, a verb or a separator, then the value on the same line. Only words for a password
 * count (`pass` alone is a verb); the value is judged by `spokenPasswordValid` (secrets.ts). A full stop or
 * colon right after the value ends the sentence, not the password.
 */
const PASSWORD_WORDS = [
  // Short verbs that are prepositions in English count only after their own language's word: Polish
  // `hasło to`, Czech, Croatian and Slovenian `heslo je`/`lozinka je`/`geslo je`, Finnish and Estonian `on`.
  'has[łl][oa][ \\t]{1,3}to|hesl[oa][ \\t]{1,3}je|lozinka[ \\t]{1,3}je|geslo[ \\t]{1,3}je',
  'salasana(?:si|ni|nne|mme)?[ \\t]{1,3}on|salas[õo]na[ \\t]{1,3}on',
  // Estonian `parool on`, Kinyarwanda, Shona `pasiwedhi yangu ndi`, Zulu `iphasiwedi yami ngu`, Lingala, Wolof
  "parool[ \\t]{1,3}on|ijambo ry'ibanga|pasiwedhi(?:[ \\t]{1,3}yangu)?[ \\t]{1,3}ndi|iphasiwedi(?:[ \\t]{1,3}yami)?[ \\t]{1,3}ngu",
  'liloba ya sekele[ \\t]{1,3}ezali|baatu jàll bi[ \\t]{1,3}mooy',
  // Latvian `parole ir`, Xhosa, Sesotho, Tswana, Chichewa, Luganda, Bambara, Sundanese, Hawaiian, Tongan, Fijian,
  // Northern Sami, Guarani, Papiamento and Tok Pisin with their verbs; Twi, Ewe and Ilocano `password ne`/`enye`/
  // `ket`; Latin `tessera est` (`tessera` alone is Italian for a membership card).
  'parole[ \\t]{1,3}ir|igama lokugqitha(?:[ \\t]{1,3}ngu)?|phasewete(?:[ \\t]{1,3}ke)?|lefoko la sephiri(?:[ \\t]{1,3}ke)?',
  "mawu achinsinsi(?:[ \\t]{1,3}ndi)?|ekigambo ky'ekyama(?:[ \\t]{1,3}kye)?|gundo daɲɛ(?:[ \\t]{1,3}ye)?",
  'kecap (?:akses|konci)(?:[ \\t]{1,3}(?:na|nya))?|ʻ?ōlelo huna(?:[ \\t]{1,3}ʻo)?|lea fakapulipuli(?:[ \\t]{1,3}ko)?',
  "vosa vuni(?:[ \\t]{1,3}e)?|beassans[áa]tni(?:[ \\t]{1,3}lea)?|ñe'ẽñemi(?:[ \\t]{1,3}ha'e)?|kontrase[ñn]a(?:[ \\t]{1,3}ta)?",
  'paswot(?:[ \\t]{1,3}em)?|passwords?[ \\t]{1,3}(?:ne|enye|ket)|tessera(?=[ \\t]{1,3}est[ \\t])',
  // Romansh, Corsican, Occitan, Tigrinya, Oromo, Greenlandic, Bashkir, Dhivehi (with its `-akee`), Uyghur, Turkmen,
  // Aymara, and Macedonian with its article
  "pled-clav|parolla d'intrata(?:[ \\t]{1,3}hè)?|senhal|ፓስዎርድ|jechi darbii|isissutissaq|серһүҙ|ޕާސްވޯޑ(?:ަކީ)?",
  'مەخپىي نومۇر|açar sözi|imantat aru|лозинката',
  // English: a password set to a value (`I set the router password to …`), a new key told (`new key is …`).
  '(?:password|passphrase)(?:[ \\t]{1,3}(?:was|is))?[ \\t]{1,3}(?:set|changed|reset)[ \\t]{1,3}to|(?:set|changed|reset)[ \\t]{1,3}(?:the|my|our)(?:[ \\t]{1,3}[a-z]{1,20})?[ \\t]{1,3}password[ \\t]{1,3}to|new key(?=[ \\t]{1,3}is[ \\t])',
  '(?:il-)?passwords?|passwd|passw|pwd|pw|passphrase|passcode|passwort|kennwort|mot de passe|mdp|contrase[ñn]a|senha|wachtwoord',
  // English: `the pass is …` (`pass` alone is a verb), a network's key named with what it opens (`network key for
  // the guest wifi: …`).
  'the pass(?=[ \\t]{1,3}(?:is|was)[ \\t])|network[ \\t](?:key|password)',
  // English: a network named with where it is, then the verb (`the wifi at the cabin is …`).
  '(?:wi-?fi|wlan)(?:[ \\t]{1,3}(?:at|in|for)(?:[ \\t]{1,3}(?:the|my|our))?(?:[ \\t]{1,3}[A-Za-z]{1,20}){1,2})?(?=[ \\t]{1,3}is[ \\t])',
  // Quechua, Pashto, Māori, Tajik, Tatar, Igbo, Yoruba, Samoan, Javanese, Haitian Creole, Yiddish, Kurdish (`şîfre`)
  "pakasqa simi|پټنوم|kupuhipa|рамз|серсүз|okwuntughe|ọ̀rọ̀ aṣínà|upu fa'alilo|tembung sandhi|modpas|פּאַראָל|[şs]îfre",
  // Polish, Swedish, Turkish, Romanian/Italian, Czech/Slovak, Finnish, Danish, Norwegian, Hungarian, Croatian and
  // Serbian, Slovenian, Estonian, Lithuanian, Russian — with their definite and inflected forms (lösenordet,
  // passordet, adgangskoden, salasanasi, hasła, hesla).
  'has[łl][oa]|l[öo]senord(?:et)?|loyniorð(?:ið)?|[şs]ifre(?:n|si|m|miz|niz)?|parola|parolă|parole|hesl[oa]|salasana(?:si|ni|nne|mme)?',
  // Spanish `clave` (a key, and what a password is called), Catalan, Galician, Basque, Welsh, Icelandic, Albanian,
  // Afrikaans, Swahili (`nenosiri`, `neno la siri`), Zulu, Bulgarian and Serbian, Persian, Hindi, Thai
  'clave|contrasenya|contrasinal|pasahitza|cyfrinair|lykilor[ðd]|fjal[ëe]kalimi|wagwoord|nenosiri|neno la siri',
  'iphasiwedi|парола(?:та)?|лозинка|رمز عبور|पासवर्ड|รหัสผ่าน|lykilor[ðd]i[ðd]|[şs]ifr[əe]',
  // Irish, Georgian, Armenian (with its article), Kazakh, Urdu, Bengali, Tamil
  'pasfhocal|პაროლი|գաղտնաբառ(?:ը)?|құпия сөз|پاس ورڈ|পাসওয়ার্ড|கடவுச்சொல்',
  // Scottish Gaelic, Breton, Luxembourgish, Frisian, Faroese, Esperanto, Uzbek, Hausa, Somali, Malagasy, Mongolian,
  // Kyrgyz, Amharic, Sinhala, Khmer, Lao, Burmese, Nepali and Marathi (as Hindi), Telugu, Kannada, Malayalam,
  // Gujarati, Punjabi
  'facal-faire|ger-tremen|passwuert|wachtwurd|loyniorð|pasvorto|parol|kalmar sirri|furaha sirta|tenimiafina',
  'нууц үг|сырсөз|የይለፍ ቃል|මුරපදය|ពាក្យសម្ងាត់|ລະຫັດຜ່ານ|စကားဝှက်|పాస్‌వర్డ్|ಪಾಸ್‌ವರ್ಡ್|പാസ്‌വേഡ്|પાસવર્ડ|ਪਾਸਵਰਡ',
  // A network's password named by what it opens, where `pass` alone is a verb: `wifi pass is …`, `WLAN pass: …`.
  '(?:wi-?fi|wlan|hotspot)[ \\t]?(?:pass|key|code)',
  // French and Spanish name the code before the network (`le code wifi c’est …`, `la clé wifi`, `código del wifi`).
  '(?:code|cl[ée]|c[óo]digo)[ \\t](?:(?:du|de|del)[ \\t])?(?:wi-?fi|wlan)',
  'adgangskode(?:n)?|kodeord(?:et)?|passord(?:et)?|jelsz[óo]|lozinka|geslo|salas[õo]na|slapta[žz]odis|пароль',
  // Greek, Vietnamese, Indonesian and Malay, Arabic, Hebrew (with its article), Japanese, Korean, Chinese
  'κωδικ[όο]ς(?: πρόσβασης)?|συνθηματικό|m[ậa]t kh[ẩa]u|kata (?:sandi|laluan)|كلمة (?:المرور|السر)|ה?סיסמ[הא]',
  'パスワード|暗証番号|비밀번호|密码|密碼|口令',
].join('|');
// Verbs and particles between the word and the value: "is" in the languages above (Polish `jest`, Swedish
// `är`, Danish and Norwegian `er`, Greek `είναι`, Vietnamese `là`, Indonesian `adalah`), and the particles that
// Chinese, Japanese and Korean write glued to the word (`密码是`, `パスワードは`, `비밀번호는`), or a full-width colon.
const PASSWORD_VERBS =
  "is|was|is now|ist|lautet|war|est|c'est|c’est|était|es|era|é|è|és|yw|" +
  'është|hi|არის|estas|jest|är|er|είναι|ήταν|là|adalah|ialah|هي|היא|это|este|era|ay|ni|ndiyo|ni hii|е|је|är nu|' +
  // Lithuanian, Hausa, Somali, Malagasy, Breton, Luxembourgish, Cebuano, Igbo, Haitian Creole, Samoan, Yiddish
  'yra|ita ce|waa|dia|eo|ass|kay|bụ|la se|o|איז';
// Whose it is, between the word and the verb: Tagalog `password ko ay`, Romanian `parola mea este`, Swahili
// `nenosiri langu ni`, Indonesian `kata sandi saya`, Portuguese `senha minha`, Catalan `contrasenya meva`.
const PASSWORD_OWNERS = 'ko|mo|niya|namin|natin|mea|ta|sa|langu|yangu|lako|yako|saya|kamu|anda|minha|meva|mía|mia|moja';
const SPOKEN_PASSWORD = new RegExp(
  `(?<![A-Za-z])(?:${PASSWORD_WORDS})(?![A-Za-z])` +
    // What it is for: up to three words (no digits), not glued to a ':' or '=' that is glued to the value.
    `(?:[ \\t]{1,3}(?:${PASSWORD_OWNERS})(?![A-Za-z]))?` +
    // What it opens, named right after the word with no preposition: `kata sandi wifi …`, `password VPN: …`.
    `(?:[ \\t]{1,3}(?:wi-?fi|WiFi|WIFI|wlan|WLAN|vpn|VPN)(?![A-Za-z]))?` +
    // Or where it was sent or kept (`Passwort im Chat geschickt: …`, `mot de passe dans le coffre : …`); up to four
    // words (`contraseña del wifi de la oficina es …`).
    `(?:[ \\t]{1,3}(?:for|of|to|on|in|im|für|zum|vom|de|du|dans|pour|para|del|en|per|voor|van|do|da|dla|för|till|til|için|na)(?:[ \\t]{1,3}[^\\s\\d:="'\`]{1,30}){1,4}(?![:=][^\\s:=]))?` +
    `(?:[ \\t]{0,3}[:=：][ \\t]{0,3}|[ \\t]{1,3}[-–][ \\t]{1,3}|[ \\t]{1,3}(?:${PASSWORD_VERBS})[ \\t]{0,3}:?[ \\t]{1,3}|(?:是|为|為|は|는|은|คือ)[ \\t]{0,3}|[ \\t]{1,3})` +
    // French guillemets hold a space inside them (`« … »`).
    `(?:["'\`“„「]|«[ \\t\\u00a0\\u202f]?)?(${VALUE_RUN(5, 127)}(?:[^\\s"'\`,;<>{}()[\\].:，。、；：（）「」،؛\\u3040-\\u309f]|${CLOSE_IN_VALUE}))(?=[.:]?(?:[\\s"'\`,;<>{}()[\\]”»，。、；：（）「」،؛\\u3040-\\u309f]|$))`,
  'gi',
);

/*
 * A password given as the answer in a chat transcript: a line asking for it (`what’s the wifi password?`,
 * `Passwort?`, `¿la contraseña?`) and the next line a speaker's turn holding one value and nothing else
 * (`sam: Kx7#pLm2=44`).
 */
const ASKED_PASSWORD = new RegExp(
  `(?<![A-Za-z])(?:passwords?|passwort|kennwort|mot de passe|mdp|contrase[ñn]a|clave|pw)(?:[ \\t]{1,3}[^\\s?？]{1,20}){0,3}[ \\t]{0,2}[?？] ?\\r?\\n[^\\n:]{1,32}:[ \\t]{1,3}(${VALUE_RUN(5, 127)})[ \\t]*(?=\\r?\\n|$)`,
  'gi',
);

/*
 * The literal pieces of SPOKEN_PASSWORD's words, as cheap tests before the pattern: in ASCII (one piece may
 * stand for several words: `ass` for password, passphrase and passord, `esl` for heslo and geslo), beyond
 * ASCII (tried only in text that has a character beyond ASCII), and the words Chinese, Japanese and Korean
 * glue a particle to (`密码是…`), which need no space or separator after them.
 */
const ASCII_SPOKEN_PIECES = [
  'pw',
  'PW',
  'Pw',
  'ass',
  'ASS',
  'wort',
  'WORT',
  'mdp',
  'enha',
  'ntrase',
  'woord',
  'senord',
  'ifre',
  'arol',
  'esl',
  'asl',
  'angskode',
  'odeord',
  'elsz',
  'ozinka',
  'salas',
  'aptaz',
  'khau',
  'sandi',
  'laluan',
  'lave',
  'LAVE',
  'ntrasi',
  'ahitz',
  'frinair',
  'ykilor',
  'kalimi',
  'siri',
  'hasiwedi',
  'fhocal',
  'tremen',
  'faire',
  'asswuert',
  'achtwurd',
  'asvorto',
  'arol',
  'sirri',
  'sirta',
  'miafina',
  'assw',
  'akasqa',
  'upuhipa',
  'kwuntughe',
  'alilo',
  'embung',
  'odpas',
  'etwork key',
  'ibanga',
  'asiwedhi',
  'arool',
  'sekele',
  'baatu',
  'ew key',
  'etwork password',
  'arole',
  'okugqitha',
  'hasewete',
  'sephiri',
  'chinsinsi',
  'ekyama',
  'kecap',
  'fakapulipuli',
  'vosa vuni',
  'beassans',
  'aswot',
  'tessera',
  'pled-clav',
  'parolla',
  'senhal',
  'darbii',
  'isissutissa',
  'imantat',
  'wifi',
  'WiFi',
  'Wi-Fi',
  'wi-fi',
  'WIFI',
  'wlan',
  'WLAN',
];
// A network's password named by what it opens (`wifi pass`, `WLAN key`, `hotspot code`): `pass` is in the pieces
// above; `key` and `code` count beside a network's name.
const NETWORK_WORD = /(?:i-?fi|I-?FI|i-?Fi|lan|LAN|otspot|OTSPOT)[ \t]?(?:key|code|KEY|CODE)/;
/*
 * On a short text (a tool call's value, a name) one regular expression over the pieces costs less than thirty
 * calls to `includes` (36 strings of a tool-calling request: 2.3 µs against 16 µs); on a long one, each
 * `includes` is a memchr-style scan and the calls cost less.
 */
const ASCII_SPOKEN_PIECE = new RegExp(ASCII_SPOKEN_PIECES.join('|'));
const SHORT_TEXT = 256;
const LOWER_THEN_UPPER = /[a-z][A-Z]/;
const hasAsciiSpokenWord = (t: string) => {
  if (t.length <= SHORT_TEXT) return ASCII_SPOKEN_PIECE.test(t) || NETWORK_WORD.test(t);
  for (const piece of ASCII_SPOKEN_PIECES) if (t.includes(piece)) return true;
  return NETWORK_WORD.test(t);
};
const hasOtherSpokenWord = (t: string) =>
  t.includes('asł') ||
  t.includes('ASŁ') ||
  t.includes('aptaž') ||
  t.includes('khẩu') ||
  t.includes('κωδικ') ||
  t.includes('ΚΩΔΙΚ') ||
  t.includes('συνθηματ') ||
  t.includes('كلمة') ||
  t.includes('סיסמ') ||
  t.includes('арол') ||
  t.includes('озинк') ||
  t.includes('رمز') ||
  t.includes('पासवर्ड') ||
  t.includes('รหัสผ่าน') ||
  t.includes('ykilorð') ||
  t.includes('ifrə') ||
  t.includes('პაროლ') ||
  t.includes('գաղտնաբառ') ||
  t.includes('құпия') ||
  t.includes('پاس ورڈ') ||
  t.includes('পাসওয়ার্ড') ||
  t.includes('கடவுச்சொல்') ||
  t.includes('loyniorð') ||
  t.includes('нууц') ||
  t.includes('сырсөз') ||
  t.includes('የይለፍ') ||
  t.includes('මුරපද') ||
  t.includes('ពាក្យសម្ងាត់') ||
  t.includes('ລະຫັດ') ||
  t.includes('စကားဝှက်') ||
  t.includes('పాస్') ||
  t.includes('ಪಾಸ್') ||
  t.includes('പാസ്') ||
  t.includes('પાસવર્ડ') ||
  t.includes('ਪਾਸਵਰਡ') ||
  t.includes('fjalëkalimi') ||
  t.includes('پټنوم') ||
  t.includes('рамз') ||
  t.includes('серсүз') ||
  t.includes('aṣínà') ||
  t.includes('פּאַראָל') ||
  t.includes('îfre') ||
  t.includes('daɲɛ') ||
  t.includes('ōlelo') ||
  t.includes("ñe'ẽñemi") ||
  t.includes('ፓስዎርድ') ||
  t.includes('серһүҙ') ||
  t.includes('ޕާސްވޯޑ') ||
  t.includes('مەخپىي') ||
  t.includes('açar') ||
  t.includes('kontraseña');
const hasGluedSpokenWord = (t: string) =>
  t.includes('パスワード') ||
  t.includes('暗証番号') ||
  t.includes('비밀번호') ||
  t.includes('密码') ||
  t.includes('密碼') ||
  t.includes('口令');
const BEYOND_ASCII = /[^\t\n\r\x20-\x7e]/;

/*
 * A PIN or passcode of four to eight digits, named right before it (`PIN 4821`, `pin code is 0931`,
 * `PIN-Code: 55210`, `passcode 482913`). A year after `PIN` with nothing between is a year (`PIN 2024 plan`).
 */
const PIN_CODE =
  /(?<![A-Za-z])(?:pin(?:[ -]?(?:code|number|no\.?|nummer))?|passcode|code pin|geheimzahl)(?![A-Za-z])(?:[ \t]{1,3}(?:for|of|to|on|für|zum|vom|de|du|pour|para|del|per|voor|van|do|da|dla|för|till|til|için|na)(?:[ \t]{1,3}[^\s\d:="'`]{1,30}){1,3}(?=[ \t]{0,3}[:=#]|[ \t]{1,3}(?:is|was|ist|lautet|est|es|é|è)[ \t]))?(?:[ \t]{0,3}[:=#][ \t]{0,3}|[ \t]{1,3}(?:is|was|ist|lautet|est|es|é|è)[ \t]{0,3}:?[ \t]{1,3}|[ \t]{1,3}(?!(?:19|20)\d\d(?!\d)))(\d{4,8})(?!\d|[.,/:-]\d)/gi;

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * Whether two colons have at most four hex digits between them: what every IPv6 candidate starts with (two
 * `hex{0,4}:` groups). Keys and values of JSON (`"id":"…","qty":2`), times and URLs rarely do, and this
 * reads each character at most twice where the pattern tries every colon.
 */
function hasHexGroupBetweenColons(text: string): boolean {
  let at = text.indexOf(':');
  while (at !== -1) {
    const next = text.indexOf(':', at + 1);
    if (next === -1) return false;
    if (next - at <= 5) {
      let i = at + 1;
      while (i < next && isHexDigit(text.charCodeAt(i))) i++;
      if (i === next) return true;
    }
    at = next;
  }
  return false;
}

// EUI-64 identifiers (eight groups of two hex digits) are valid IPv6 text but hardware addresses.
const EUI64 = /^(?:[0-9A-Fa-f]{2}:){7}[0-9A-Fa-f]{2}$/;
/*
 * Valid IPv6 text that is something else: C++, Rust and Perl scope paths whose names are hex letters (`db::add(row)`,
 * `use bc::dec;`: an address without a single decimal digit is one only in documentation), a call's name (followed
 * by `(`), and network prefixes (`fe80::/10`, `::/0`).
 */
/*
 * IPv6's addresses no one is given: multicast (ff00::/8: all-nodes ff02::1, all-routers ff02::2), the metadata
 * address fd00:ec2::254, and the loopback ::1 where the text names it as the loopback or the local host (in a log's
 * peer or source field, `from ::1`, it is the address a connection came from, reported like any other).
 */
const LOOPBACK_WORD = /(?:loopback|localhost|\blo0?|listen|bind)\W{0,3}$/i;
function wellKnownIpv6(v: string, text: string, start: number): boolean {
  if (/^ff[0-9a-f]{2}:/i.test(v) || /^fd00:ec2::254$/i.test(v)) return true;
  return (
    v === '::1' &&
    (LOOPBACK_WORD.test(textBefore(text, start, 16)) ||
      LOOPBACK_NAME_AFTER.test(text.slice(start + v.length, start + v.length + 24)))
  );
}
// 127.0.0.1 named as the loopback or the local host is no one's address either.
const LOOPBACK_V4 = /^127\.0\.0\.1$/;
const ipv6Valid = (v: string, text: string, start: number) =>
  isIPv6(v) &&
  !EUI64.test(v) &&
  !wellKnownIpv6(v, text, start) &&
  /\d/.test(v) &&
  text.charCodeAt(start + v.length) !== 40 &&
  !isNetworkPrefix(v, text, start + v.length);

// Names of fields and parameters that hold an address (`email=`, `from=`, `Owner=`): before `=`, they end the key.
const FIELD_NAME = new RegExp(
  '^(?:e?mails?|e?mail(?:to|from|addr|address)?|addr(?:ess)?|users?|username|login|logon|account|acct|owner|contact|' +
    'customer|client|member|admin|author|committer|maintainer|reporter|assignee|reviewer|recipients?|rcpt|sender|' +
    'from|to|cc|bcc|reply|replyto|notify|alerts?|principal|upn|id|uid|sub|subject|name|value|default|dest|target|' +
    'q|query|search|filter|where|eq|is|match|like|for|by|as|with|in|on|at|of|key|val|v|k|e|u|s|m|t|f|r|p|x|y)$',
  'i',
);
const EMAIL_LOCAL = "[A-Za-z0-9](?:[A-Za-z0-9._%+'’~^!-]{0,63})@";
const EMAIL_DOMAIN =
  '(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N}-]{0,61}[\\p{L}\\p{M}\\p{N}])?\\.)+(?:[A-Za-z]{2,24}(?![A-Za-z0-9-])|xn--[a-z0-9-]{2,59}(?![A-Za-z0-9-])|(?=[^\\p{ASCII}])\\p{L}[\\p{L}\\p{M}]{1,23}(?![\\p{L}\\p{M}\\p{N}-]))';

/*
 * SSNs in health records and claims, where the field says what the number is rather than a word before it: an HL7
 * identifier whose type code is `SS` (`PID|1||412764146^^^SSA^SS`, the fifth component), and X12 segments with the
 * SSN qualifiers (`NM1*…*34*…`, `REF*SY*…`) or a member id that is nine digits under the SSA's rules (`NM1*IL*…*MI*…`:
 * payers long used the SSN as the member id).
 */
const SSN_SHAPE = /^(?!000|666|9\d\d)\d{3}(-?)(?!00)\d{2}\1(?!0000)\d{4}$/;
// X12: the qualifier, then the number, then the next element or the segment's end.
const SSN_X12 = /\*(?:34|MI|SY)\*(\d{3}-?\d{2}-?\d{4})(?=[~*\n]|$)/g;
// CDA names the SSA's identifier by its OID (`<id root="2.16.840.1.113883.4.1" extension="…"/>`).
const SSN_CDA =
  /\broot="2\.16\.840\.1\.113883\.4\.1"[ \t]{1,3}extension="(\d{3}-?\d{2}-?\d{4})"|\bextension="(\d{3}-?\d{2}-?\d{4})"[ \t]{1,3}root="2\.16\.840\.1\.113883\.4\.1"/g;
// A header cell that names an SSN column in a CSV, TSV or semicolon export (`name,ssn,email`).
const SSN_COLUMN =
  /(?:^|[,;\t])"?(?:ssn|SSN|Ssn|social_security_number|social_security_no|soc_sec_no|ss_number)"?(?=[,;\t]|$)/gm;
const CSV_ROWS = 50;
// An SQL insert that names its columns (`INSERT INTO payroll (ssn, iban) VALUES ('177073296', …)`): the value at an
// SSN column's position is one.
const SQL_INSERT =
  /\bINSERT[ \t]+INTO[ \t]+[\w."`[\]]{1,64}[ \t]*\(([^()\n]{1,400})\)[ \t]*VALUES[ \t]*\(([^()\n]{1,800})\)/gi;
const SSN_COLUMN_NAME = /^[`"[]?(?:ssn|social_security_number|social_security_no|soc_sec_no|ss_number)[`"\]]?$/i;

function sqlInsertSsns(text: string, spans: Span[]): void {
  SQL_INSERT.lastIndex = 0;
  for (let m = SQL_INSERT.exec(text); m !== null; m = SQL_INSERT.exec(text)) {
    const column = (m[1] ?? '').split(',').findIndex((c) => SSN_COLUMN_NAME.test(c.trim()));
    if (column < 0) continue;
    const values = m[2] ?? '';
    const valuesStart = m.index + m[0].length - 1 - values.length;
    // The values, split at commas outside single quotes ('' inside a literal is a quote).
    let index = 0;
    let cellStart = 0;
    let quoted = false;
    for (let i = 0; i <= values.length; i++) {
      const c = values.charAt(i);
      if (c === "'") quoted = !quoted;
      else if ((c === ',' && !quoted) || i === values.length) {
        if (index === column) {
          const cell = values.slice(cellStart, i);
          const lead = cell.length - cell.trimStart().length;
          const trimmed = cell.trim();
          const literal = trimmed.startsWith("'") && trimmed.endsWith("'") ? trimmed.slice(1, -1) : trimmed;
          if (SSN_SHAPE.test(literal)) {
            const start = valuesStart + cellStart + lead + (literal === trimmed ? 0 : 1);
            spans.push({ start, end: start + literal.length });
          }
          break;
        }
        index++;
        cellStart = i + 1;
      }
    }
  }
}

/** The cells of an export's column `column` in the rows under the header line ending at `headerEnd`. */
function ssnColumnCells(text: string, headerEnd: number, column: number, separator: string, spans: Span[]): void {
  let lineStart = headerEnd + 1;
  for (let row = 0; row < CSV_ROWS && lineStart < text.length; row++) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 || newline - lineStart > 1000 ? Math.min(text.length, lineStart + 1000) : newline;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    if (!line.includes(separator)) return;
    let offset = lineStart;
    const cells = line.split(separator);
    for (let c = 0; c < column && c < cells.length; c++) offset += (cells[c]?.length ?? 0) + 1;
    const cell = cells[column];
    if (cell !== undefined) {
      const quoted = cell.startsWith('"') && cell.endsWith('"') && cell.length > 2;
      const value = quoted ? cell.slice(1, -1) : cell;
      if (SSN_SHAPE.test(value))
        spans.push({ start: offset + (quoted ? 1 : 0), end: offset + (quoted ? 1 : 0) + value.length });
    }
    if (newline === -1) return;
    lineStart = newline + 1;
  }
}

function findSsnsInRecords(text: string): Span[] {
  const spans: Span[] = [];
  // HL7 PID-19, the patient's SSN: the nineteenth field of a PID segment.
  for (let at = text.indexOf('PID|'); at !== -1; at = text.indexOf('PID|', at + 4)) {
    if (at > 0 && !/[\r\n]/.test(text.charAt(at - 1))) continue;
    let field = 0;
    let i = at;
    const limit = Math.min(text.length, at + 2000);
    while (i < limit && field < 19) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) break;
      if (c === 124) field++;
      i++;
    }
    if (field !== 19) continue;
    let end = i;
    while (end < limit && /[\d-]/.test(text.charAt(end))) end++;
    if (end > i && /^(?:$|[|\r\n^])/.test(text.charAt(end)) && SSN_SHAPE.test(text.slice(i, end)))
      spans.push({ start: i, end });
  }
  if (text.includes('113883.4.1')) {
    SSN_CDA.lastIndex = 0;
    for (let m = SSN_CDA.exec(text); m !== null; m = SSN_CDA.exec(text)) {
      const value = m[1] ?? m[2] ?? '';
      if (!SSN_SHAPE.test(value)) continue;
      const start = m.index + m[0].indexOf(`"${value}"`) + 1;
      spans.push({ start, end: start + value.length });
    }
  }
  SSN_COLUMN.lastIndex = 0;
  for (let m = SSN_COLUMN.exec(text); m !== null; m = SSN_COLUMN.exec(text)) {
    const lineStart = lineStartWithin(text, m.index + 1, 1000);
    const newline = text.indexOf('\n', m.index + 1);
    if (newline === -1) break;
    const header = text.slice(lineStart, newline).replace(/\r$/, '');
    const separator = header.includes('\t') ? '\t' : header.includes(';') ? ';' : ',';
    const before = text.slice(lineStart, m.index + (m[0].startsWith(separator) ? 1 : 0));
    const column = before === '' ? 0 : before.split(separator).length - 1;
    ssnColumnCells(text, newline, column, separator, spans);
  }
  if (
    (text.includes('VALUES') || text.includes('values')) &&
    (text.includes('ssn') || text.includes('SSN') || text.includes('ocial_'))
  )
    sqlInsertSsns(text, spans);
  spans.sort((a, b) => a.start - b.start);
  if (text.includes('*')) {
    SSN_X12.lastIndex = 0;
    for (let m = SSN_X12.exec(text); m !== null; m = SSN_X12.exec(text)) {
      const value = m[1] ?? '';
      if (!SSN_SHAPE.test(value)) continue;
      const start = m.index + m[0].length - value.length;
      spans.push({ start, end: start + value.length });
    }
  }
  // HL7: from each `^SS` type code back over the three components before it to the identifier (each at most 16
  // characters, so the walk is bounded).
  for (let at = text.indexOf('^SS'); at !== -1; at = text.indexOf('^SS', at + 3)) {
    if (/[A-Za-z0-9]/.test(text.charAt(at + 3))) continue;
    let i = at;
    for (let carets = 0; carets < 3 && i > 0; carets++) {
      const limit = Math.max(0, i - 17);
      i--;
      while (i > limit && text.charCodeAt(i) !== 94 && text.charCodeAt(i) !== 124 && text.charCodeAt(i) !== 10) i--;
      if (text.charCodeAt(i) !== 94) {
        i = -1;
        break;
      }
    }
    if (i <= 0) continue;
    let start = i;
    while (start > 0 && start > i - 12 && /[\d-]/.test(text.charAt(start - 1))) start--;
    const value = text.slice(start, i);
    const before = text.charAt(start - 1);
    if (SSN_SHAPE.test(value) && (start === 0 || /[|~^\s]/.test(before))) spans.push({ start, end: i });
  }
  return spans;
}

/*
 * Local parts beyond ASCII (RFC 6531: `françois@…`, `अजय.कुमार@…`, `用户@…`), found from each '@' and read
 * backwards: letters, marks and digits of any script and the ASCII local part's symbols. Chinese, Japanese and
 * Korean are written without spaces, so a local part in their scripts is one of its own, not glued to a Latin one
 * (`メールはjane@example.com` is jane's address), and the other way round. A local part of ASCII alone is left to
 * the pattern. Reading from '@' keeps Unicode classes off the text's every position.
 */
const LOCAL_LETTER = /[\p{L}\p{M}\p{N}]/u;
const LOCAL_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LOCAL_SYMBOLS = "._%+'’~^!-";
const EMAIL_DOMAIN_AT = new RegExp(EMAIL_DOMAIN, 'uy');
function findEmailsBeyondAscii(text: string): Span[] {
  const spans: Span[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    const last = text.charAt(at - 1);
    if (!LOCAL_LETTER.test(last)) continue;
    const cjk = LOCAL_CJK.test(last);
    let start = at;
    let ascii = true;
    while (start > 0 && at - start < 64) {
      const c = text.charAt(start - 1);
      const letter = LOCAL_LETTER.test(c);
      if (!(letter && LOCAL_CJK.test(c) === cjk) && !(!cjk && LOCAL_SYMBOLS.includes(c))) break;
      if (c.charCodeAt(0) > 0x7e) ascii = false;
      start--;
    }
    if (ascii) continue;
    // Masked (`*`, `•`) or glued to more of a local part than 64 characters: not an address.
    const before = text.charAt(start - 1);
    if (before === '*' || before === '•' || (start > 0 && at - start >= 64 && LOCAL_LETTER.test(before))) continue;
    while (start < at && !LOCAL_LETTER.test(text.charAt(start))) start++;
    if (start === at) continue;
    EMAIL_DOMAIN_AT.lastIndex = at + 1;
    const domain = EMAIL_DOMAIN_AT.exec(text);
    if (!domain) continue;
    const end = at + 1 + domain[0].length;
    if (emailValid(text.slice(start, end), text, start)) spans.push({ start, end });
  }
  return spans;
}

/*
 * A number in a URI that dials or messages it, written internationally: `https://wa.me/15551234567`,
 * `sip:+38761642904@sip.example.net`, `callto:+965…`, `sms:`, `facetime:`, WhatsApp's `send?phone=`. Glued to
 * the scheme or path, it is out of the phone pattern's reach (which starts no number after '/' or ':').
 */
const PHONE_URI =
  /(?<=\bwa\.me\/|\bsips?:|\bcallto:|\bsms:|\bfacetime(?:-audio)?:|\bskype:|[?&]phone=|[?&]number=)(\+?[1-9]\d{6,14})(?![\w.-]\d)/gi;
function phoneUriValid(value: string): boolean {
  return parsePhoneNumberFromString(value.startsWith('+') ? value : `+${value}`)?.isValid() === true;
}

/**
 * Order matters: earlier detectors claim their spans first (a secret that
 * contains digits is not also a phone number; a card is not a phone number;
 * an IPv4-mapped IPv6 address is not cut into an IPv4 one).
 */
const DETECTOR_SPECS: DetectorSpec[] = [
  // Every armour's BEGIN comes after dashes (private-keys.ts).
  { type: 'SECRET', scan: findPrivateKeys, mayContain: (t, facts) => facts.dash && t.includes('BEGIN ') },
  { type: 'SECRET', pattern: SECRET_PATTERN, mayContain: mayHoldToken, validate: (v) => !placeholderToken(v) },
  {
    type: 'SECRET',
    scan: findMailchimpKeys,
    mayContain: (t, facts) => facts.dash && t.includes('-us'),
  },
  {
    type: 'SECRET',
    // The password of a URL's credentials (postgres://app:s3cret@db…), before e-mail takes s3cret@db… for a mailbox.
    // As the WHATWG URL parser reads an authority, the userinfo ends at its last '@' (redis://u:p@ss@host: the
    // password is p@ss): the password runs greedily over '@' and gives back to the last one before the host.
    // The user may be empty (redis://:p@ss@host), and the password may hold ':' (the userinfo splits at its
    // first) and '#' (amqp://guest:#S3cr3t@host: a URL parser ends the authority there, but a '#' before the
    // '@' of a host is a password's, not a fragment's).
    pattern:
      /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/[^\s:@/?#"'<>]{0,64}:([^\s/?"'<>]{1,128})@(?=[A-Za-z0-9[])/g,
    group: 1,
    mayContain: (t, facts) => facts.colon && facts.at && t.includes('://'),
    validate: urlPasswordValid,
  },
  {
    type: 'SECRET',
    // Keys named by their setting, whose values have no vendor prefix (AWS secret keys, Azure account keys, …):
    // any setting that ends in `SECRET` (`JWT_SECRET`, `NEXTAUTH_SECRET`, `WEBHOOK_SECRET`, Rails'
    // `secret_key_base`) or in `TOKEN` (`DEPLOY_TOKEN`, `ossrhToken`; not a page's, a sync's or a form's), and the
    // keys that sign or encrypt (`ENCRYPTION_KEY`, Laravel's `APP_KEY=base64:…`). A ':' or '!' inside the value
    // belongs to it (Firebase's `AAAA…:APA91b…`, Asana's `2/…/…:…`, a Salesforce session's `00D…!…`).
    pattern:
      /(?:aws_secret_access_key|secret_?access_?key|aws_secret_key|AccountKey|SharedAccessKey|api[_-]?key|token(?<!(?:next|page|continuation|sync|csrf|xsrf|idempotency|cancellation|cursor|pagination|resume)[_-]?token)|client[_-]?secret|app[_-]?secret|secret(?:[_-]?key(?:[_-]base)?)?|(?:encryption|signing|master|app|session|cookie|jwt|hmac|crypto)[_-]?key)["']?\s{0,3}[:=]\s{0,3}["']?(?:base64:)?((?:[A-Za-z0-9/+_~.-]|[:!](?=[A-Za-z0-9/+_~.-])){16,256}={0,2})(?![A-Za-z0-9/+_~.=-])/gi,
    group: 1,
    mayContain: (t, facts) =>
      (facts.colon || facts.equals) &&
      (t.includes('ey') ||
        t.includes('EY') ||
        t.includes('oken') ||
        t.includes('OKEN') ||
        t.includes('ecret') ||
        t.includes('ECRET')),
    // A publishable key (Stripe's `pk_live_…`, Mapbox's `pk.eyJ…`) is shipped to every browser, whatever names it.
    validate: (value, text, start) =>
      keyedSecretValid(value) &&
      !/^pk_(?:live|test)_|^pk\.eyJ/.test(value) &&
      !PUBLIC_KEY_NAME.test(textBefore(text, start, 48)),
  },
  {
    type: 'SECRET',
    // A quoted value of a setting named for a secret that the rule above leaves (`$env:AZURE_CLIENT_SECRET =
    // "tsOQsr8559UO"`, `"j8JAQ2Ef-l2TYEgze"`: under sixteen characters, or no long run of letters and digits),
    // judged as a password told.
    pattern: /(?:client[_-]?secret|app[_-]?secret|secret)["']?[ \t]{0,3}[:=][ \t]{0,3}(["'])([^\s"'\\]{8,128})\1/gi,
    group: 2,
    mayContain: (t, facts) =>
      (facts.colon || facts.equals) &&
      (t.includes('"') || t.includes("'")) &&
      (t.includes('ecret') || t.includes('ECRET')),
    validate: (value) => spokenPasswordValid(value),
  },
  {
    type: 'SECRET',
    // A Hadoop-style property (`core-site.xml`, `hive-site.xml`): a `<name>` naming a secret, then its `<value>`.
    pattern: XML_PROPERTY_SECRET,
    group: 1,
    mayContain: (t) => t.includes('<name>') && t.includes('<value>'),
    // A Java class (`org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider`) names a provider, not a secret.
    validate: (value, text, start) =>
      !value.includes('://') &&
      !/^(?:[a-z][a-z0-9_]*\.)+[A-Z]\w*$/.test(value) &&
      (/pass(?:word|wd)?<\/name>/i.test(textBefore(text, start, 80))
        ? namedPasswordValid(value)
        : keyedSecretValid(value)),
  },
  {
    type: 'SECRET',
    // A key told rather than set: handed to a command (`gh secret set NAME --body "…"`, `ngrok config add-authtoken …`,
    // `--apikey …`, `--token …`), told in prose (`here is the key for staging: …`, `my token was \`…\``, `the leaked
    // key \`…\``, `rotate …` in a commit message), or a row of a secret store's table (`api_key     …` in `vault kv
    // get`). What follows must look like a key (keyedSecretValid: a long run of mixed letters and digits).
    pattern: TOLD_KEY,
    group: 1,
    mayContain: (t, facts) =>
      facts.digits > 0 &&
      (t.includes('ey') ||
        t.includes('oken') ||
        t.includes('ecret') ||
        t.includes('otate') ||
        t.includes('evoke') ||
        t.includes('eaked')),
    validate: (value) =>
      keyedSecretValid(value) && !value.includes('://') && !/^pk_(?:live|test)_|^pk\.eyJ/.test(value),
  },
  {
    type: 'SECRET',
    // A kubeconfig user's `token:` (indented under `user:`), and `Authorization: Token …` (Django REST framework's
    // and others' scheme beside Bearer), and Okta's `Authorization: SSWS …`.
    pattern:
      /^[ \t]{2,16}token:[ \t]{1,3}["']?([A-Za-z0-9._~+/-]{16,512}={0,2})["']?[ \t]*$|\bAuthorization:[ \t]{0,3}(?:Token|SSWS)[ \t]{1,3}((?:[A-Za-z0-9._~+/-]|[:!](?=[A-Za-z0-9._~+/-])){16,512}={0,2})/gm,
    group: 1,
    altGroup: 2,
    mayContain: (t, facts) => facts.colon && (t.includes('oken:') || t.includes('Token ') || t.includes('SSWS ')),
    validate: keyedSecretValid,
  },
  {
    type: 'SECRET',
    // A password that is a URL's query parameter (…?user=app&password=s3cr&t=1): the value ends at the next '&'
    // or '#', which separate parameters, and not at the end of the URL as in a setting.
    pattern: QUERY_PASSWORD,
    group: 1,
    mayContain: (t) => t.includes('=') && (t.includes('?') || t.includes('&')),
    validate: namedPasswordValid,
  },
  {
    type: 'SECRET',
    // The MySQL and MariaDB clients take the password glued to `-p` (mysql -u root -pS3cret db).
    pattern: GLUED_PASSWORD_FLAG,
    group: 1,
    mayContain: (t) => t.includes('-p'),
    validate: gluedPasswordValid,
  },
  {
    type: 'SECRET',
    // curl's `-u user:password`.
    pattern: CURL_USER_PASSWORD,
    group: 1,
    // Both need a '-' (the flag, `ConvertTo-`): prose without one pays a fact already known.
    mayContain: (t, facts) => facts.dash && t.includes('curl') && (t.includes('-u') || t.includes('--user')),
    validate: curlPasswordValid,
  },
  {
    type: 'SECRET',
    // PowerShell's plain-text string made a SecureString, piped or passed.
    scan: findSecureStrings,
    // PowerShell reads its names in any case: the usual casings are searched (`SecureString`, `securestring`,
    // `SECURESTRING`), then the pattern, case-insensitive, finds every one.
    mayContain: (t, facts) =>
      facts.dash && (t.includes('ureString') || t.includes('urestring') || t.includes('URESTRING')),
  },
  {
    type: 'SECRET',
    // AWS secret access keys pasted without their setting's name: forty characters of base64, all three
    // classes, next to an access key id (AKIA…/ASIA…) or where the text names AWS.
    pattern: AWS_SECRET_SHAPE,
    // A key has digits; prose without any pays nothing, and 'AWS'/'KIA'/'SIA' are searched before 'ws' ('a' is
    // too common a first character to search from).
    mayContain: (t, facts) =>
      facts.digits > 0 &&
      (t.includes('KIA') || t.includes('SIA') || t.includes('AWS') || t.includes('ws') || t.includes('mazon')),
    validate: awsSecretValid,
  },
  {
    type: 'SECRET',
    // Clients given the password as a flag's argument (sshpass, redis-cli, sqlcmd, the LDAP tools, …).
    pattern: PASSWORD_FLAG,
    group: 3,
    mayContain: (t, facts) => facts.dash && (t.includes(' -') || t.includes('\t-')),
    validate: flagPasswordValid,
  },
  {
    type: 'SECRET',
    // Passwords where a command, a statement or a file format puts them by position (command-passwords.ts).
    scan: findCommandPasswords,
    mayContain: (_t, facts) => facts.digits > 0 || facts.colon || facts.equals,
  },
  {
    type: 'SECRET',
    // The password field of a Wi-Fi QR payload.
    scan: findWifiPasswords,
    mayContain: (t, facts) => facts.colon && t.includes('WIFI:'),
  },
  {
    type: 'SECRET',
    // Quoted passwords where they are set, read to the closing quote; before the unquoted rule below, which
    // ends a value at `,`, `;` and brackets. Double quotes hold the value in group 1, single quotes in group 2.
    pattern: QUOTED_PASSWORD,
    group: 1,
    altGroup: 2,
    mayContain: (t, facts) =>
      (facts.colon || facts.equals || t.includes('#define')) &&
      (t.includes('"') || t.includes("'")) &&
      mayNamePassword(t),
    validate: namedPasswordValid,
  },
  {
    type: 'SECRET',
    pattern: XML_PASSWORD,
    group: 2,
    mayContain: (t) => t.includes('</') && mayNamePassword(t),
    validate: namedPasswordValid,
  },
  {
    type: 'SECRET',
    // A user and a password with a slash between them, after a word for a login.
    pattern: LOGIN_PAIR,
    group: 1,
    mayContain: (t, facts) => facts.digits > 0 && t.includes(' / '),
    validate: spokenPasswordValid,
  },
  {
    type: 'SECRET',
    // Passwords named by their setting in JSON, YAML, .env and INI files, and in `key=value` strings.
    pattern: NAMED_PASSWORD,
    group: 1,
    // The separator first: `facts.colon` is already known, and most prose has no `=`, so the five word scans run
    // only on text that could hold a setting.
    mayContain: (t, facts) => (facts.colon || facts.equals) && mayNamePassword(t),
    validate: namedPasswordValid,
  },
  {
    type: 'SECRET',
    pattern: SPOKEN_PASSWORD,
    group: 1,
    // A told password has a digit (or a symbol and both cases); text without digits pays nothing here. A word
    // is followed by a space, a tab or a separator, except where a particle is glued to it: text without any of
    // those (a tool call's `A-20931`) is searched for the glued words alone.
    // A generated password of letters alone (`mot de passe c’est YAFIMpZQLt`) is looked for in short texts only,
    // and only where a lower-case letter runs into a capital: in long text without a digit the search would fall
    // on all prose.
    mayContain: (t, facts) => {
      if (facts.digits === 0 && (t.length > SHORT_TEXT || !LOWER_THEN_UPPER.test(t))) return false;
      const separated = facts.colon || facts.equals || t.includes(' ') || t.includes('\t') || t.includes('：');
      if (separated && hasAsciiSpokenWord(t)) return true;
      return BEYOND_ASCII.test(t) && (hasGluedSpokenWord(t) || (separated && hasOtherSpokenWord(t)));
    },
    validate: spokenPasswordValid,
  },
  {
    type: 'SECRET',
    pattern: ASKED_PASSWORD,
    group: 1,
    // The speaker's name ends in a colon, a fact already known; the question mark ends its line (a space may follow).
    mayContain: (t, facts) =>
      facts.colon &&
      ((t.includes('?') && (t.includes('?\n') || t.includes('? \n') || t.includes('?\r\n') || t.includes('? \r\n'))) ||
        (t.includes('？') && (t.includes('？\n') || t.includes('？ \n')))) &&
      hasAsciiSpokenWord(t),
    validate: spokenPasswordValid,
  },
  {
    type: 'SECRET',
    pattern: PIN_CODE,
    group: 1,
    mayContain: (t, facts) =>
      facts.digits >= 4 &&
      (t.includes('PIN') || t.includes('pin') || t.includes('Pin') || t.includes('asscode') || t.includes('eheimzahl')),
    validate: pinValid,
  },
  {
    type: 'SECRET',
    // HTTP basic credentials: base64 of user:password.
    // Docker's `config.json` keeps the same in `"auth": "…"` under `auths`.
    pattern: /(?:\bBasic\s+|"auth"[ \t]{0,3}:[ \t]{0,3}")([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/g,
    group: 1,
    mayContain: (t) => t.includes('Basic') || t.includes('"auth"'),
    validate: basicCredentialsValid,
  },
  {
    type: 'SECRET',
    // A ':' or '!' inside the token belongs to it (Asana's `2/…/…:…`, Ably's `….…:…`).
    pattern: /\b[Bb]earer\s+((?:[A-Za-z0-9._~+/-]|[:!](?=[A-Za-z0-9._~+/-])){16,}=*)/g,
    group: 1,
    validate: (v) => !placeholderToken(v),
    mayContain: (t) => t.includes('Bearer') || t.includes('bearer'),
  },
  {
    type: 'EMAIL',
    // Health records and claims put an address in a field of their own: HL7's telecom component after its
    // equipment type (`^NET^Internet^jane@…`, where `^` joins components and is no part of the address) and X12's
    // communication number after the `EM` qualifier (`PER*IC*…*EM*jane@…~`, where `*` is no mask); EDIFACT's COM
    // segment puts it after `COM+` (`COM+jane@example.com:EM'`, where `+` separates elements).
    pattern: new RegExp(
      `(?<=\\^(?:Internet|NET|X\\.400)\\^|\\*EM\\*|\\bCOM\\+)${EMAIL_LOCAL.replace('~^!', '~!')}${EMAIL_DOMAIN}`,
      'gu',
    ),
    mayContain: (t, facts) => facts.at && facts.dot && (t.includes('^') || t.includes('*EM*') || t.includes('COM+')),
    validate: emailValid,
  },
  {
    type: 'EMAIL',
    // `=` is a local part's character too (RFC 5322 atext: `first=last@…`, SRS and VERP bounces), but far more
    // often it ends a setting's or a parameter's name (`email=`, `ADMIN_EMAIL=`, `emailAddress=`, `?to=`): a lower-case
    // or capitalised word before it that names no field, with nothing but a boundary or a parameter's `=` before that
    // word (`-F to=jean=lopez@…`), joins the address.
    pattern: new RegExp(
      `(?<=^|[\\s"'<>(\\[:,;=])[A-Za-z][a-z]{1,19}=[A-Za-z0-9](?:[A-Za-z0-9._%+'’~^!-]{0,62})@${EMAIL_DOMAIN}`,
      'gu',
    ),
    mayContain: (t, facts) => facts.at && facts.dot && t.includes('='),
    validate: (value, text, start) =>
      !FIELD_NAME.test(value.slice(0, value.indexOf('='))) && emailValid(value, text, start),
  },
  {
    type: 'EMAIL',
    // Local parts beyond ASCII (found from each '@'; the pattern below reads ASCII ones).
    scan: findEmailsBeyondAscii,
    mayContain: (_t, facts) => facts.at && facts.dot,
  },
  {
    type: 'EMAIL',
    pattern: new RegExp(`(?<![A-Za-z0-9._%+*•-])${EMAIL_LOCAL}${EMAIL_DOMAIN}`, 'gu'),
    mayContain: (_t, facts) => facts.at && facts.dot,
    validate: emailValid,
  },
  {
    type: 'IBAN',
    pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g,
    mayContain: atLeastDigits(4),
    validate: ibanValid,
  },
  {
    type: 'IBAN',
    // Pasted from a form or a URL in lower case: one compact token, all lower case (the check is the same).
    pattern: /(?<![\w-])[a-z]{2}\d{2}[a-z0-9]{11,30}(?![\w-])/g,
    mayContain: atLeastDigits(4),
    validate: ibanValid,
  },
  {
    type: 'CARD',
    // A whole digit run (single spaces or dashes between digits), not a piece of a longer one or of a code (JJD3542…).
    pattern: /(?<![\w+-]|\d[ -])\d(?:[ -]?\d){11,18}(?![ -]?\d|-)/g,
    mayContain: atLeastDigits(12),
    validate: (value, text, start) =>
      cardValid(value, text, start) &&
      !PRODUCT_CODE_WORD.test(textBefore(text, start, 24)) &&
      !NATIONAL_ID_WORD.test(textBefore(text, start, 16)),
  },
  {
    type: 'SSN',
    pattern: /(?<![\d+-]|\d )(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-]|[ .-]\d)/g,
    mayContain: atLeastDigits(9),
    validate: (_value, text, start) => !PART_NUMBER_WORD.test(textBefore(text, start, 16)),
  },
  {
    type: 'SSN',
    // Nine digits in a row are an SSN only when the text says so.
    // Its spellings (SSN, S.S.N., SS#, Social Security No., soc. sec. #) and what people put between the name and
    // the number ("SSN (no dashes):", "ssn\": \"", "SSN number -"): a bounded run of anything but digits.
    pattern: SSN_NAMED,
    group: 1,
    mayContain: (t, facts) =>
      facts.digits >= 9 &&
      (t.includes('SS') ||
        t.includes('ss') ||
        t.includes('S.S') ||
        t.includes('ec') ||
        t.includes('EC') ||
        t.includes('eguro')),
  },
  {
    type: 'SSN',
    scan: findSsnsInRecords,
    mayContain: (t, facts) =>
      facts.digits >= 9 &&
      (t.includes('^SS') ||
        t.includes('*34*') ||
        t.includes('*MI*') ||
        t.includes('*SY*') ||
        t.includes('PID|') ||
        t.includes('113883.4.1') ||
        t.includes('ssn') ||
        t.includes('SSN') ||
        t.includes('Ssn') ||
        t.includes('social_s') ||
        t.includes('soc_sec') ||
        t.includes('ss_number')),
  },
  {
    type: 'IP',
    // curl prints the IPv6 address it tries with the port after a colon and no brackets (`Trying 2001:db8::3:443...`):
    // the last group before the dots is the port.
    pattern: /(?<=\bTrying )([0-9A-Fa-f:]{2,39}):\d{1,5}(?=\.\.\.)/g,
    group: 1,
    mayContain: (t, facts) => facts.colon && t.includes('Trying '),
    validate: (v, text, start) => ipv6Valid(v, text, start),
  },
  {
    type: 'IP',
    // Full, compressed and IPv4-mapped forms; net.isIPv6 decides.
    pattern: /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,8}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:]|\.\d)/g,
    mayContain: (t, facts) => facts.colon && hasHexGroupBetweenColons(t),
    validate: ipv6Valid,
  },
  {
    type: 'IP',
    // Not glued to a word (v1.2.3.4), and not a version or an OID that the text names as one.
    // tcpdump writes a port after the address with a dot (`10.1.2.3.52344 > 10.9.8.7.443:`); a fifth part is taken
    // for a port only there, before ` >` or `: `.
    pattern:
      /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d|\.\d(?!\d{0,4}(?:[ \t]>|:[ \t])))/g,
    mayContain: (_text, facts) => facts.digits >= 4 && facts.dot,
    validate: ipv4Valid,
  },
  {
    type: 'PHONE',
    pattern: PHONE_URI,
    group: 1,
    mayContain: (t, facts) =>
      facts.digits >= 7 &&
      (t.includes('wa.me/') ||
        t.includes('sip') ||
        t.includes('SIP') ||
        t.includes('callto:') ||
        t.includes('sms:') ||
        t.includes('facetime') ||
        t.includes('skype:') ||
        t.includes('phone=') ||
        t.includes('number=')),
    validate: phoneUriValid,
  },
  {
    type: 'PHONE',
    // Up to six groups of digits; the whole run or nothing (a longer run is some other number). A number may be
    // glued to a `tel:` link's colon, or a vCard's `TEL;TYPE=cell:`.
    // A country code may be bracketed, (+34); North America's 1 may precede a bracketed area code. German and
    // Austrian numbers put spaces around the slash after the area code (`0664 / 360 59 34`); the subscriber's
    // number after it starts with 1–9, so a list of two numbers (`0664 / 0676 …`) stays two.
    pattern:
      /(?:(?<=\btel:|\bTEL(?:;[A-Za-z0-9=,"-]{1,40})?:)|(?<![\w+@/.:#〒-]|\d[ .-]))(?:(?:\+|00)[1-9]\d{0,2}[ .-]?|\(\+[1-9]\d{0,2}\)[ ]?|1[ .-]?(?=\())?(?:\(0\)[ ]?)?(?:\(\d{1,5}\)[ ]?|0\d{1,4} \/ (?=[1-9]))?\d{1,15}(?:[ ./-]\d{1,8}){0,5}(?![\w@]|[ ./:-]\d)/g,
    mayContain: atLeastDigits(7),
    validate: phoneValid,
  },
];
const DETECTORS = DETECTOR_SPECS.map((spec) => new Detector(spec));

/*
 * Other forms of digits and separators, read as their ASCII forms: the decimal digits of every script Unicode
 * lists (Arabic-Indic ٠–٩, Persian ۰–۹, Devanagari ०–९, Bengali ০–৯, Thai, Myanmar, full-width ０–９, …) and `＋`;
 * the no-break, figure, thin, narrow no-break and ideographic spaces that typesetting and East Asian input put
 * between groups; hyphens, the figure dash, en and em dashes, the minus sign and the full-width hyphen-minus; the
 * middle dot some write between groups, read as a dot. Each is one UTF-16 unit, as its ASCII form is; a digit
 * beyond the Basic Multilingual Plane (two units) is left as it is, so that offsets stay exact.
 */
const OTHER_FORMS = /[\u00a0\u00b7\u2007\u2009\u202f\u2010-\u2014\u2212\u3000\uff0b\uff0d]|[^\P{Nd}0-9]/u;
const OTHER_FORMS_ALL = new RegExp(OTHER_FORMS.source, 'gu');
const DECIMAL_DIGIT = /\p{Nd}/u;
function asciiForm(c: string): string {
  if (c.length !== 1) return c;
  const code = c.charCodeAt(0);
  if (code === 0xff0b) return '+';
  if (code === 0x00a0 || code === 0x2007 || code === 0x2009 || code === 0x202f || code === 0x3000) return ' ';
  if ((code >= 0x2010 && code <= 0x2014) || code === 0x2212 || code === 0xff0d) return '-';
  if (code === 0x00b7) return '.';
  // Unicode gives each script's digits as a run of ten from its zero: the digit's value is its place in the run.
  let value = 0;
  while (value < 9 && DECIMAL_DIGIT.test(String.fromCharCode(code - value - 1))) value++;
  return String.fromCharCode(48 + value);
}
export function asciiForms(text: string): string {
  // Text of ASCII alone (its UTF-8 length is its length) has none: Node counts that natively, several times
  // faster than a regular expression reads a long text.
  if (text.length > 64 && Buffer.byteLength(text, 'utf8') === text.length) return text;
  return OTHER_FORMS.test(text) ? text.replace(OTHER_FORMS_ALL, asciiForm) : text;
}

/**
 * Finds PII of the wanted types, non-overlapping, sorted by position.
 */
export function detectPii(original: string, wanted: ReadonlySet<PiiEntityType>): PiiMatch[] {
  const found: PiiMatch[] = [];
  const claimed = new ClaimedSpans();
  // The detectors read digits and separators in their ASCII forms; each other form is one UTF-16 unit, as its
  // ASCII form is, so every offset found in the read text is the same in the original, and values are cut from it.
  const text = asciiForms(original);
  const facts = factsOf(text);
  for (const detector of DETECTORS) {
    if (!wanted.has(detector.type) || !detector.mayContain(text, facts)) continue;
    if (detector.scan) {
      for (const { start, end } of detector.scan(text)) {
        if (claimed.claim(start, end))
          found.push({ type: detector.type, start, end, value: original.slice(start, end) });
      }
      continue;
    }
    const pattern = detector.pattern as RegExp;
    const group = detector.group;
    const altGroup = detector.altGroup;
    pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(text)) !== null) {
      const value = m[group] ?? (altGroup > 0 ? m[altGroup] : undefined);
      if (value === undefined) continue;
      const start = group === 0 ? m.index : m.index + m[0].lastIndexOf(value);
      const end = start + value.length;
      // A span an earlier detector claimed is not validated again (a phone candidate inside an address, a URL's
      // password's digits): the overlap test is a binary search, a validator may parse against numbering plans.
      if (claimed.overlaps(start, end)) continue;
      if (detector.validate && !detector.validate(value, text, start)) continue;
      if (claimed.claim(start, end))
        found.push({ type: detector.type, start, end, value: text === original ? value : original.slice(start, end) });
    }
  }
  return found.length > 1 ? found.sort((a, b) => a.start - b.start) : found;
}

/**
 * Spans already reported, sorted by start, so a new one is checked for overlap
 * by binary search: a text with thousands of entities stays linear-logarithmic.
 */
class ClaimedSpans {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Whether [start, end) overlaps a recorded span. */
  overlaps(start: number, end: number): boolean {
    const lo = this.firstStartingAtOrAfter(start);
    return (lo > 0 && (this.ends[lo - 1] ?? 0) > start) || (lo < this.starts.length && (this.starts[lo] ?? 0) < end);
  }

  private firstStartingAtOrAfter(start: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.starts[mid] ?? 0) < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Records [start, end) unless it overlaps a recorded span; says whether it did. */
  claim(start: number, end: number): boolean {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.starts[mid] ?? 0) < start) lo = mid + 1;
      else hi = mid;
    }
    // Spans are disjoint, so only the neighbours on either side can overlap.
    if (lo > 0 && (this.ends[lo - 1] ?? 0) > start) return false;
    if (lo < this.starts.length && (this.starts[lo] ?? 0) < end) return false;
    this.starts.splice(lo, 0, start);
    this.ends.splice(lo, 0, end);
    return true;
  }
}
