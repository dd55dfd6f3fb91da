import { lineEndWithin, lineStartWithin } from './context';
import RE2 from 're2';

/**
 * Credentials by their vendors' documented formats: a literal prefix and a
 * body of known alphabet and length, so a match is a key and not a word.
 * Prefixes are what makes these safe to look for without context; keys that
 * have none (AWS secret keys, Azure account keys) are found by the setting
 * that names them (detectors.ts), and so are HTTP basic credentials and a
 * URL's password.
 */
const VENDOR_TOKENS = [
  // OpenAI, Anthropic, OpenRouter, DeepSeek (sk-…), AWS key ids, GitHub, GitLab, npm, Hugging Face
  'sk-(?:proj-|ant-(?:api|admin)\\d{2}-)?[A-Za-z0-9_-]{20,}',
  '(?:AKIA|ASIA)[0-9A-Z]{16}',
  'gh[pousr]_[A-Za-z0-9]{36,}',
  'github_pat_[A-Za-z0-9_]{40,}',
  'gl(?:pat|ptt|dt|rt|cbt|imt|soat|ffct|oas|agent)-[A-Za-z0-9_-]{20,}',
  'GR1348941[A-Za-z0-9_-]{20,}',
  'npm_[A-Za-z0-9]{36}',
  'hf_[A-Za-z0-9]{34,}',
  'pypi-AgE[A-Za-z0-9_-]{50,}',
  // Slack tokens and webhooks, Discord webhooks, Telegram bots
  'xox[abposre]-[A-Za-z0-9-]{10,}',
  'xapp-\\d-[A-Za-z0-9-]{10,}',
  'https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9/]{20,}',
  'https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{5,20}/[A-Za-z0-9_-]{40,}',
  '\\d{8,10}:AA[A-Za-z0-9_-]{33}',
  // Google: API keys, OAuth client secrets and access tokens
  'AIza[0-9A-Za-z_-]{35}',
  'GOCSPX-[A-Za-z0-9_-]{28}',
  'ya29\\.[A-Za-z0-9_-]{20,}',
  // Stripe secret and restricted keys and webhook secrets (a publishable key, `pk_live_…`, is shipped in every
  // checkout page: not a secret), Square, Shopify
  '(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}',
  'whsec_[A-Za-z0-9+/]{24,}={0,2}',
  'sq0(?:atp|csp)-[A-Za-z0-9_-]{22,}',
  'shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}',
  // Azure AD client secrets, Alibaba and Tencent key ids, DigitalOcean, Databricks, Vault, Doppler
  '[A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}',
  'LTAI[A-Za-z0-9]{12,20}',
  'AKID[A-Za-z0-9]{32}',
  'do[por]_v1_[a-f0-9]{64}',
  'dapi[a-f0-9]{32}(?:-\\d)?',
  'hv[sb]\\.[A-Za-z0-9_-]{24,}',
  'dp\\.(?:st|ct|sa|scim|audit|pt)\\.[A-Za-z0-9_.-]{40,}',
  // Mail and messaging APIs: SendGrid, Mailgun, Twilio API keys
  'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}',
  'key-[0-9a-f]{32}',
  'SK[0-9a-f]{32}',
  // Developer tools: Atlassian, Linear, Notion, Figma, Postman, Sentry, Grafana, New Relic, Supabase, Heroku
  'ATATT3[A-Za-z0-9_=-]{100,}',
  'lin_api_[A-Za-z0-9]{40}',
  'secret_[A-Za-z0-9]{43}',
  'ntn_[A-Za-z0-9]{40,}',
  'figd_[A-Za-z0-9_-]{40,}',
  'PMAK-[a-f0-9]{24}-[a-f0-9]{34}',
  'sntry[su]_[A-Za-z0-9+/=_]{40,}',
  'gl(?:sa|c)_[A-Za-z0-9+/=_]{32,}',
  'NRAK-[A-Z0-9]{27}',
  'sbp_[a-f0-9]{40}',
  'HRKU-[A-Za-z0-9_-]{40,}',
  // Model providers with prefixes of their own: Groq, Replicate, Perplexity, xAI
  'gsk_[A-Za-z0-9]{48,}',
  'r8_[A-Za-z0-9]{37}',
  'pplx-[A-Za-z0-9]{48}',
  'xai-[A-Za-z0-9]{60,}',
  // age secret keys, Autrace keys, JWTs (and Mapbox's secret JWT-shaped tokens)
  // CI, infrastructure and hosting: CircleCI, Terraform Cloud, Pulumi, Netlify, Buildkite, Fly.io, Docker Hub,
  // Tailscale, PlanetScale, 1Password service accounts, Dynatrace, RubyGems, Sourcegraph, Airtable, Contentful
  'CCIP(?:AT|RJ)_[A-Za-z0-9]{20,}_[a-f0-9]{40}',
  '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_-]{60,}',
  'pul-[a-f0-9]{40}',
  'nf[pc]_[A-Za-z0-9]{36,}',
  'bku[at]_[a-f0-9]{40}',
  'fo1_[A-Za-z0-9_-]{40,}',
  'dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}',
  'tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{6,}-[A-Za-z0-9]{20,}',
  'pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,}',
  'ops_eyJ[A-Za-z0-9+/=_-]{40,}',
  'dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}',
  'rubygems_[a-f0-9]{48}',
  'sgp_[a-f0-9]{40}',
  'pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}',
  'CFPAT-[A-Za-z0-9_-]{43}',
  // Shipping, payments, mail and marketing, registries and clouds whose keys carry a prefix of their own: Shippo,
  // Razorpay, EasyPost, Brevo, Flutterwave, Prefect, Clojars, Scalingo, HubSpot private apps, Mailchimp (the
  // datacenter after the key: findMailchimpKeys below), Braintree access tokens, Yandex OAuth and Cloud API keys, Twitter app bearer tokens
  // (a run of `A`s, then the token), Mapbox secret tokens (`sk.` and two parts)
  'shippo_(?:live|test)_[a-f0-9]{40}',
  'rzp_(?:live|test)_[A-Za-z0-9]{14}',
  'EZ[AT]K[A-Za-z0-9]{40,}',
  'x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}',
  'FLWSECK(?:_TEST)?-[a-f0-9]{32}-X',
  'pnu_[A-Za-z0-9]{36}',
  'CLOJARS_[a-f0-9]{60}',
  'tk-us-[A-Za-z0-9_-]{48}',
  'pat-(?:na|eu)\\d-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}',
  'access_token\\$(?:production|sandbox)\\$[a-z0-9]{16}\\$[a-f0-9]{32}',
  'y0_[A-Za-z0-9_-]{50,}',
  'AQVN[A-Za-z0-9_-]{35,38}',
  'A{20,22}[A-Za-z0-9]{10,}(?:%[0-9A-F]{2}[A-Za-z0-9]{10,}){0,4}',
  'sk\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}',
  'AGE-SECRET-KEY-1[0-9A-Z]{58}',
  'atr_[a-z0-9]{12}_[A-Za-z0-9_-]{43}',
  '(?:sk\\.)?eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}',
  // Typeform, PostHog, Tavily, Firecrawl, Infracost, Dropbox (short-lived), Amazon's Login with Amazon refresh tokens,
  // Plaid access tokens, WooCommerce consumer keys and secrets, Fernet tokens
  'tfp_[A-Za-z0-9]{40,}',
  'phx_[A-Za-z0-9]{40,}',
  'tvly-(?:dev-|prod-)?[A-Za-z0-9]{32,}',
  'fc-[a-f0-9]{32}',
  'ico-[A-Za-z0-9]{32}',
  'sl\\.[A-Za-z0-9_-]{130,}',
  'Atzr\\|[A-Za-z0-9_-]{50,}',
  'access-(?:production|sandbox|development)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  '[ck]s_[a-f0-9]{40}',
  'gAAAAA[A-Za-z0-9_-]{80,}={0,2}',
  // Keys whose documented form holds a ':' or a '!': Firebase Cloud Messaging's legacy server keys
  // (`AAAA…:APA91b…`), Mercury's (`secret-token:mercury_production_…`), Salesforce session ids (the org id, `!`,
  // the session); and Trello, Deno Deploy, Fireworks, NVIDIA, Cerebras and Paddle keys
  'AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,}',
  'secret-token:mercury_(?:production|sandbox)_[a-z]{2,5}_[A-Za-z0-9]{20,}_yrucrem',
  '00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{80,}',
  'ATTA[a-f0-9]{64}[A-F0-9]{8}',
  'ddp_[A-Za-z0-9]{36}',
  'fw_[A-Za-z0-9]{24}',
  'nvapi-[A-Za-z0-9_-]{64}',
  'csk-[a-z0-9]{48}',
  'pdl_(?:live|sdbx)_apikey_[a-z0-9]{26}_[A-Za-z0-9]{22}_[A-Za-z0-9]{3}',
];

/**
 * Mailchimp's API keys: 32 hex digits, then the datacenter (`-us21`). Kept out of SECRET_PATTERN, where a family
 * without a literal start would be tried at every hex digit of every text: found from each `-us`, read backwards.
 */
export function findMailchimpKeys(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  for (let at = text.indexOf('-us'); at !== -1; at = text.indexOf('-us', at + 3)) {
    const start = at - 32;
    if (start < 0 || isTokenChar(text.charCodeAt(start - 1))) continue;
    let hex = true;
    for (let i = start; i < at && hex; i++) {
      const c = text.charCodeAt(i);
      hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
    }
    if (!hex) continue;
    let end = at + 3;
    while (end < at + 5 && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    if (end === at + 3 || isTokenChar(text.charCodeAt(end))) continue;
    if (!placeholderToken(text.slice(start, end))) spans.push({ start, end });
  }
  return spans;
}
function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

export const SECRET_PATTERN = new RegExp(`(?<![A-Za-z0-9_-])(?:${VENDOR_TOKENS.join('|')})(?![A-Za-z0-9_-])`, 'g');

/** Each family's literal start, as a cheap test before the full pattern. */
export const TOKEN_PREFIX =
  /sk-|AKIA|ASIA|gh[pousr]_|github_pat_|gl[a-z]{1,5}-|GR13|npm_|hf_|pypi-|xox|xapp-|hooks\.slack|discord|:AA|AIza|GOCSPX|ya29\.|_live_|_test_|whsec_|sq0|shp|Q~|LTAI|AKID|_v1_|dapi|hv[sb]\.|dp\.|SG\.|key-|SK[0-9a-f]|ATATT|lin_api_|secret_|ntn_|figd_|PMAK|sntry|gl(?:sa|c)_|NRAK|sbp_|HRKU|gsk_|r8_|pplx-|xai-|AGE-SECRET|atr_|eyJ|CCIP|\.atlasv1\.|pul-|nf[pc]_|bku[at]_|fo1_|dckr_|tskey-|pscale_|ops_|dt0c01\.|rubygems_|sgp_|pat[A-Za-z0-9]{14}\.|CFPAT-|shippo_|rzp_|EZ[AT]K|sib-|FLWSECK|pnu_|CLOJARS_|tk-us-|pat-(?:na|eu)|access_token\$|y0_|AQVN|A{20}|sk\.eyJ|tfp_|phx_|tvly-|fc-|ico-|sl\.|Atzr|access-(?:production|sandbox|development)|[ck]s_|gAAAAA|:APA91b|secret-token:|00D[A-Za-z0-9]{12,15}!|ATTA|ddp_|fw_|nvapi-|csk-|pdl_/;

/**
 * The same test on RE2 for texts past a few dozen characters: an automaton reads each character once, where
 * V8's backtracking engine tries the fifty alternatives at every position. RE2 reads a Latin-1 copy of the
 * text (one byte per UTF-16 unit, a plain copy), cheaper than its own UTF-8 conversion. A unit above U+00FF
 * loses its high byte there, which can only add a match, never hide one: every prefix is ASCII, and ASCII
 * units are copied as they are. Fresh strings, CPU time: 2 KB of prose with dashes 14.2 -> 4.2 µs, a
 * 263-character tool result 2.0 -> 0.8 µs, 75 characters 0.56 -> 0.40 µs; under 32 characters V8's call is
 * the cheaper one.
 */
const TOKEN_PREFIX_LINEAR = new RE2(TOKEN_PREFIX.source, 'u');
const TOKEN_PREFIX_LINEAR_FROM = 32;

/** Whether `text` holds the literal start of any token family (TOKEN_PREFIX), or may (see above). */
export function hasTokenPrefix(text: string): boolean {
  if (text.length < TOKEN_PREFIX_LINEAR_FROM) return TOKEN_PREFIX.test(text);
  return TOKEN_PREFIX_LINEAR.test(Buffer.from(text, 'latin1'));
}

// A placeholder where the key would go: ${DB_PASSWORD}, <password>, ****, xxxxxx, your_api_key_here; or a
// reference to where it is kept: $DB_PASSWORD, $(cat secret), $env:DB_PASS, $HOME/.pgpass. A value that only
// starts with `$` (`$L3tm31n&3`, `$S3cur1ty#42`) is not a reference: a variable's name ends at its first
// character that is not a letter, digit or '_', and a password goes on.
// A template's slot is a bracketed name (`{password}`, `<password>`, `[REDACTED]`, `%DB_PASS%`, `{{ .Values.pw }}`,
// `<%= ENV['PW'] %>`, `#{pw}`) or a token-replacement marker (`__DB_PASSWORD__`, `@@SMTP_PASSWORD@@`, `#{Pw}#`); a
// generated password that merely starts or ends with a bracket (`{h9Q09Y%?.PN`, `n*T*?yl@y(hzI2c}`) is none of these.
const PLACEHOLDER =
  /^(?:[*•x.]+|\$(?:[{(].*|\w*|\w+\/.*|env:.*)|.*(?:\$\{|\{\{|\{%|<%|%\(|#\{).*|.*(?:\{[A-Za-z_][\w .:-]*\}|<[A-Za-z_][\w .:-]*>|\[[A-Za-z_][\w .:-]*\]).*|%[A-Za-z_]\w*%|__[A-Za-z0-9_]+__|@@[A-Za-z0-9_]+@@|.*(?:your|changeme|change_me|replace_?me|fill_?me|placeholder|redacted|_here|<<[A-Za-z_]+>>).*)$/i;

/** A URL's password counts unless it is a placeholder or an environment reference. */
export function urlPasswordValid(value: string): boolean {
  return !PLACEHOLDER.test(value);
}

/** Whether a value is a placeholder or a reference (see PLACEHOLDER) rather than a credential. */
export function placeholderValue(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/**
 * A value named as a key is one when it looks random: a long run of letters
 * and digits, mixed classes (upper, lower, digits; or letters and digits over
 * twenty characters, as hex keys and UUIDs are), not a placeholder and not a
 * reference to where the key is kept (`process.env.API_KEY`, `vault:…`).
 */
export function keyedSecretValid(value: string): boolean {
  if (
    PLACEHOLDER.test(value) ||
    placeholderToken(value) ||
    /^(?:process\.env|env\.|os\.environ|vault|secrets?\.|ssm|arn)/i.test(value)
  )
    return false;
  const longest = Math.max(...value.split(/[^A-Za-z0-9]/).map((p) => p.length));
  if (longest < 12) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((c) => c.test(value)).length;
  return classes === 3 || (classes === 2 && /\d/.test(value) && value.length >= 20);
}

/** HTTP basic credentials: base64 of printable `user:password`. */
export function basicCredentialsValid(value: string): boolean {
  if (value.length % 4 !== 0) return false;
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded);
}

/**
 * A token where only the prefix is real: `ghp_xxxx…`, `sk-XXXXXXXX…`, `AKIA0000…`, `sk_live_your_key_here`.
 * Random strings almost never hold five equal characters in a row, nor, at twenty characters or more, draw
 * from fewer than eight distinct ones; documentation and templates do both.
 */
export function placeholderToken(value: string): boolean {
  // Twitter's app bearer tokens start with a run of `A`s by design; the rest is what is judged.
  if (/^A{20,22}[^A]/.test(value)) value = value.replace(/^A+/, '');
  // Fernet tokens start with the version byte and a timestamp's high bytes (`gAAAAA`).
  if (value.startsWith('gAAAAA')) value = value.slice(6);
  // A Salesforce session starts with its org's id, which runs of zeros fill (`00D000000000062!…`).
  if (/^00D[A-Za-z0-9]{12,15}!/.test(value)) value = value.slice(value.indexOf('!') + 1);
  // A value in angle brackets (`<token>`, `<<KEY>>`) is a slot to fill; a `<` or `>` inside one is a character of it
  // (`Km8yV<Ben4`), which generated passwords hold.
  if (/(.)\1{4}/.test(value) || /your|changeme|placeholder|redacted|_here|^<|>$/i.test(value)) return true;
  return value.length >= 20 && new Set(value).size < 8;
}

const FILE_PATH = /^(?:(?:~|\.{1,2})?\/[\w.-]+\/[\w./-]*|[A-Za-z]:\\[\w .\\-]*)$/;

/**
 * A password named by its setting (`"password": "…"`, `DB_PASSWORD=…`, `passwd: …`) is one when it is not a
 * placeholder, not a reference (`${DB_PASSWORD}`, `env:`), and mixes letters with digits or symbols, which
 * schema words (`string`, `required`, `true`) and prose do not.
 */
/**
 * A stored hash, not a password: MySQL's `*` and 40 hex digits (what `IDENTIFIED BY PASSWORD '…'` takes),
 * PostgreSQL's `md5` and 32 hex digits and `SCRAM-SHA-256$iterations:salt$key:key`, and crypt(3)'s `$id$…`
 * strings. A statement or setting that stores one tells no password.
 */
export const STORED_HASH =
  /^(?:\*[0-9A-Fa-f]{40}|md5[0-9a-f]{32}|SCRAM-SHA-(?:1|256)\$[^\s'"]+|\$(?:1|2[abxy]?|5|6|7|y|gy|apr1|argon2(?:id|i|d))\$[^\s'"]+)$/;

export function namedPasswordValid(value: string): boolean {
  if (PLACEHOLDER.test(value) || placeholderToken(value) || STORED_HASH.test(value)) return false;
  if (
    /^(?:process\.env|env[.:]|os\.environ|os\.getenv|getenv|System\.getenv|Environment\.GetEnvironmentVariable|ENV\.fetch|ENV\[|vault|secrets?\.|ssm|arn|file:|none|null|true|false|@Microsoft\.KeyVault)/i.test(
      value,
    )
  )
    return false;
  // Words joined by dashes without a digit are a hyphenated word or a command (`$pw = ConvertTo-SecureString …`,
  // `password: Read-Host`), not a value.
  if (/^[A-Za-z]+(?:-[A-Za-z]+)+$/.test(value)) return false;
  // A path (`pwd: /home/app/releases/64`, `password: /run/secrets/db`: a directory, or where the secret is kept)
  // and a YAML tag (`password: !vault |`, `!Ref DbPassword`, `!env_var`) are not the value.
  if (FILE_PATH.test(value) || /^![A-Za-z_]+$/.test(value)) return false;
  // A masked value (`w***@gmail.com`, `XXXX-XXXX-XXXX-2801`, `••••1234`) hides the secret; a bracket opening a word
  // (`Kennwort: (siehe Passwortmanager)`) opens a remark.
  if (/[*•]{3}|(?:^|[^A-Za-z])(?:XXXX|xxxx)(?![A-Za-z])/.test(value) || /^\(\p{L}+$/u.test(value)) return false;
  // Letters of any script (`Пароль2021!`, `Κωδικός2023#`, `Ñandú2022!`) and something else, an emoji too.
  return (/\p{L}/u.test(value) && /[^\p{L}\p{M}]/u.test(value)) || generatedLetters(value);
}

/*
 * Letters alone, as password managers generate them (`REFamhZGRq`, `xWPgFNVlkcVLZI`): ten or more, both cases,
 * and not words run together in camel case (`XMLHttpRequest`, `getPassword`, `PasswordHash`). Split before each
 * capital that starts a word, a generated value leaves a lone letter, or a short piece with no vowel (`Rq`, `Mp`).
 */
const CAMEL_PIECE = /[A-Z]{2,}(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+|[A-Z]/g;
function generatedLetters(value: string): boolean {
  if (value.length < 10 || !/^[A-Za-z]+$/.test(value) || !/[a-z]/.test(value) || !/[A-Z]/.test(value)) return false;
  for (const piece of value.match(CAMEL_PIECE) ?? []) {
    if (piece.length === 1 || (piece.length <= 3 && /[a-z]/.test(piece) && !/[aeiouy]/i.test(piece))) return true;
  }
  return false;
}

/**
 * A password told in a sentence (`pw K4tcvyG*7841`, `the password is hunter42`): what a named password needs,
 * and more, since prose after the word is usually prose: letters with digits (or both cases with a symbol), and
 * not a path (`pwd /srv/app2`), a URL, an e-mail address, a version or a piece of an IPv6 address.
 */
export function spokenPasswordValid(value: string): boolean {
  if (!namedPasswordValid(value)) return false;
  // An IPv6 address's piece may end in an IPv4 address (`:ffff:44.126.23.184` after sshd's `Failed password for root from :`).
  if (/^[~./\\]|:\/\/|\/.*\/|@.*\.|^v?\d+(?:\.\d+)+$|^[0-9a-f]*::?[0-9a-f:]*(?:\d{1,3}(?:\.\d{1,3}){3})?$/i.test(value))
    return false;
  return (
    (/\p{L}/u.test(value) &&
      (/\d/.test(value) || (/\p{Ll}/u.test(value) && /\p{Lu}/u.test(value) && /[^\p{L}\p{M}]/u.test(value)))) ||
    generatedLetters(value)
  );
}

/**
 * A PIN named before it: four to eight digits, not one digit repeated (`0000` is where a PIN goes). In India a
 * "PIN code" (Postal Index Number) is the six-digit postcode of an address (`PIN code 560001`, `Pincode:
 * 110 001`): six digits after `pincode`, or after `PIN code` where the line speaks of an address or of India
 * (a city, a state, Aadhaar, UPI, rupees), are a postcode.
 */
const INDIAN_ADDRESS =
  /india|bharat|aadhaa?r|\bupi\b|₹|\brs\.|\bpan\b|nagar|\broad\b|\bmarg\b|colony|sector|district|\bdist\.|taluk|tehsil|post office|address|addr\b|city|state|bengaluru|bangalore|mumbai|delhi|chennai|kolkata|hyderabad|pune|ahmedabad|jaipur|lucknow|kochi|karnataka|maharashtra|tamil|kerala|gujarat|rajasthan|bhai|\bji\b|wala|\bhai\b/i;
const PIN_USE =
  /card|karte|carte|tarjeta|cart[aã]o|\batm\b|debit|credit|bank|\bsim\b|door|lock|safe|alarm|phone|handy|unlock|login|account|wallet|secret|passw/i;
export function pinValid(value: string, text: string, start: number): boolean {
  if (/^(\d)\1+$/.test(value)) return false;
  if (value.length !== 6 || !/^[1-8]/.test(value)) return true;
  const named = text.slice(Math.max(0, start - 16), start);
  if (/pin-?code\W{0,3}$/i.test(named)) return false;
  if (!/pin[ -]?code\W{0,3}$/i.test(named)) return true;
  const lineStart = lineStartWithin(text, start, 160);
  const lineEnd = lineEndWithin(text, start, 160);
  const line = text.slice(lineStart, lineEnd);
  // `PIN code 634087`, the number written straight after the words, is how an address gives its postcode; a
  // secret PIN is told (`PIN code: …`, `PIN code is …`) or named by what it opens.
  if (/pin[ -]?code[ \t]{1,3}$/i.test(named) && !PIN_USE.test(line)) return false;
  return !INDIAN_ADDRESS.test(line);
}
