import { Metadata } from 'libphonenumber-js/core';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';
import { lineEndWithin, lineStartWithin, textBefore } from './context';
import { luhnValid } from './payment-cards';

/**
 * Phone numbers: a candidate (digits in the groupings people write, found by
 * the detector's pattern) counts only when Google's libphonenumber metadata
 * says it is a valid number, and only when it does not have the shape of what
 * else digit groups are: dates, years-first references, dotted versions and
 * OIDs, single-digit groups (ISBNs). A bare digit run needs a phone word
 * before it, since order numbers look the same.
 */

/** National numbers with a trunk 0 are tried against these plans; the first that accepts the number wins. */
const TRUNK_ZERO_REGIONS: readonly CountryCode[] = ['DE', 'FR', 'GB', 'IT', 'NL', 'BE', 'CH', 'AT', 'AU', 'IE'];
const NANP: readonly CountryCode[] = ['US', 'CA'];
const NINE_DIGIT_REGIONS: readonly CountryCode[] = ['ES', 'IT', 'PT'];

const DATE_FIRST = /^(?:19|20)\d\d[-./ ]/;
const DATE_INSIDE = /(?:^|\D)\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d\d(?:\D|$)/;
// Words that label a phone number, in signatures and chats too: `Direct:`, `dial`, Brazil's `zap` (WhatsApp),
// Turkish `numara`, Finnish `puhelin`/`puh.`, Greek `τηλ.`, Vietnamese `điện thoại`, Indonesian `ponsel`/`telp`,
// Chinese and Japanese `电话`/`電話`, Korean `전화`, Kinyarwanda `nkuhamagare`, Shona `ndifonere`, Lingala
// `benga ngai`, Wolof `woo ma`, Galician `chámame`, Belarusian `тэлефон`, Polish `mój numer`, English `landline`;
// Corsican `chjamami`, Occitan `sona-me`, Xhosa `ndifowunele`, Sesotho `letsetsa`, Tswana `mpitsa`, Chichewa
// `ndiyimbireni`, Luganda `nkubira`, Bambara `n wele`, Ilocano `awagannak`, Hawaiian `kelepona`, Greenlandic
// `sianerfiginnga`, Oromo `bilbilaa`, Aymara `jawsitaña`, Papiamento `yama mi`, Latin `voca me`, Fijian
// `qiri mai`, and in other letters Twi `frɛ me`, Ewe `yɔm`, Tongan `tā mai`, Northern Sami `riŋge`, Bashkir
// `шылтырат`, Macedonian `јави ми`, Tigrinya `ደውሉለይ`, Turkmen `jaň et`, Guarani `ehenói`, Dhivehi `ގުޅުއްވާ`,
// Uyghur `تېلېفون`; French `Tél` (its accent puts it among the words beyond ASCII).
const PHONE_WORD_ASCII =
  /(?:phone|tel|call|mobil|cell|fax|whats ?app|sms|text me|reach|ring|handy|rufnummer|anruf|portable|appel|joindre|movil|llam|direct\b|\bdial|\bzap\b|numara|puhelin|\bpuh\b|ponsel|chiam|\bbel m[ey]\b|\bbellen\b|zadzwo|\bligue|liga-me|\bsimu\b|\bcp\b|\bmob\b|suna-m|\bpiga\b|\btawag|glaoigh|deitu|ffonia|ffoniwch|truca|hringdu|nazovi|zavolej|zavolaj|\bsoita|helista|\bzvani|skambink|hubungi|shayela|landline|ping me|hamagar|fonere|benga ngai|\bwoo ma\b|chamame|chjama|sona-m|fowunel|letsets|\bmpitsa|yimbir|nkubira|\bn wele\b|awagan|kelepona|sianerfi|bilbil|jawsit|\byama mi\b|\bvoca me\b|qiri mai|\*TE\*|\bmy (?:new )?number\b|\bnew number\b|\bmi n[uú]mero(?: nuevo)?\b|\bmon (?:nouveau )?num[ée]ro\b|\bmeine (?:neue )?nummer\b)/i;
// The words in other scripts and with letters beyond ASCII (Irish, Welsh, Basque, Maltese, Catalan, Georgian,
// Armenian, Tamil, Urdu, Bengali, Thai, Hindi, Persian, Arabic, Hebrew and more), tried only in text that has such
// a letter: one alternation of all of them costs every window a third more.
const PHONE_WORD_OTHER =
  /(?:tél(?=[ .:\u00a0]|$)|τηλ|điện thoại|gọi|电话|電話|전화|móvil|llám|тел|моб|звон|подзвон|позови|утас|hívj|sună-m|ċempl|pokliči|ტელ|დარეკე|հեռ|தொலைபேசி|فون|تلفن|هاتف|جوال|اتصل|טלפון|נייד|โทร|ফোন|फ़ोन|फोन|ఫోన్|ഫോൺ|ફોન|ਫੋਨ|ಫೋನ್|දුරකථන|ទូរស័ព្ទ|ໂທ|ဖုန်း|ስልክ|شماره|رقمي|رقم هاتف|тэл|chámame|mój numer|frɛ me|\byɔm\b|tā mai|riŋge|шылтыр|јави ми|ደውሉ|ደውለ|jaň et|henói|ގުޅ|ଫୋନ|تېلېفون)/i;
const BEYOND_ASCII = /[\u0080-\uffff]/;
/** Whether a phone word is in `text` (PHONE_WORD_ASCII, or PHONE_WORD_OTHER where the text has a letter beyond ASCII). */
function hasPhoneWord(text: string): boolean {
  return PHONE_WORD_ASCII.test(text) || (BEYOND_ASCII.test(text) && PHONE_WORD_OTHER.test(text));
}
// "Bestellnummer", "numéro de commande": words for the other numbers people write as bare digit runs or in
// groups: orders and invoices, accounts, parcels and carriers, bookings, product codes, company and tax
// registrations (SIREN/SIRET, Steuernummer, NIF/CIF, company numbers, VAT), policies and members, and amounts.
const OTHER_NUMBER_WORD = new RegExp(
  [
    'order|invoice|ticket|ref|r[ée]f[ée]rence|f[ée]rence client|case|tracking|bestell|rechnung|kunden|auftrag|vorgang|sendung|commande|facture',
    'dossier|colis|pedido|factura|seguimiento|account|konto|compte|cuenta|routing|blz|imei|serial|contrat',
    'vertrag|ordine|fattura|bestelling|\\bbox\\b|parcel|paket|paquet|isbn|issn|\\bean\\b|gtin|\\bsku\\b|\\bupc\\b',
    'fedex|\\bups\\b|usps|dhl|\\bdpd\\b|\\bgls\\b|colissimo|chronopost|correos|shipment|waybill',
    'booking|buchung|reserv|confirmation|\\bpnr\\b|itinerar|bag(?:gage)? tag',
    // Meeting and conference ids that dial-in pages print beside their phone numbers.
    '(?:conference|meeting|webinar) ?id|access code',
    // The same in German, French and Spanish: `Konferenz-ID`, `ID de réunion`, `ID de la reunión`, `code d’accès`.
    '(?:konferenz|besprechungs|meeting)-?id|\\bid de (?:la )?(?:conf[ée]rence|r[ée]union|reuni[óo]n)|code d.acc[èe]s|c[óo]digo de acceso|zugangscode',
    'siren|siret|\\brcs\\b|\\bnaf\\b|\\bape\\b|\\btva\\b|\\bvat\\b|\\bust\\b|steuer|st\\.-?nr|\\bnif\\b|\\bcif\\b|\\bnie\\b',
    'company (?:no|num|reg|id)|companies house|\\bcrn\\b|\\bhr[ab]\\b|handelsreg|\\bkvk\\b|\\bbtw\\b|\\biva\\b|fiscal|\\btax\\b|\\btin\\b|\\bein\\b',
    '\\babn\\b|\\bacn\\b|\\butr\\b|duns|registr|d.entreprise|enterprise n',
    'polic|póliza|polizza|claim|sinistre|member|mitglied|adhérent|socio|matrikel|student|patient|employee',
    'amount|total|betrag|summe|montant|somme|importe|importo|bedrag|saldo|balance|capital|umsatz|revenue',
    // Counts: rows read, units sold, views, downloads, requests.
    '\\brows?\\b|records|\\bitems\\b|\\bunits\\b|\\bsold\\b|\\bviews\\b|downloads|requests|\\bhits\\b|visits|visitors|\\bbytes\\b|\\bevents\\b',
    'subscribers|followers|impressions|\\bclicks\\b|population|\\bread\\b|written|count\\b|\\bqty\\b|quantity',
    // Trading volumes, and the registers of Nordic, Baltic, Slavic and Australian companies (`Org.nr.`, `CVR`,
    // `Y-tunnus`, `bankgiro`, `ИНН`, `ОГРН`, `KRS`, `REGON`, `NIP`) and what follows a Norwegian one (`MVA`).
    '\\bvol\\b|volume|org\\.? ?n[ro]|orgnr|organisa[st]ionsn|\\bcvr\\b|y-tunnus|bankgiro|plusgiro|\\bkrs\\b|regon|\\bnip\\b',
    'инн|огрн|кпп|окпо|\\bédrpou|\\bedrpou|\\bmva\\b|\\bmoms\\b',
  ].join('|'),
  'gi',
);
const CONTEXT_CHARS = 40;

function validIn(digits: string, regions: readonly CountryCode[]): boolean {
  for (const region of regions) if (parsePhoneNumberFromString(digits, region)?.isValid()) return true;
  return false;
}

/**
 * A national number with a trunk 0 is written with its area code as the first
 * group (030 1234567, 06 12 34 56 78); a first group that cuts the area code
 * (0245 5359 0609 for 02455) is a tracking or reference number. Mobile numbers
 * are grouped freely (0151 23456789 for 01512), so any grouping passes for them.
 */
function validTrunkZero(digits: string, groups: string[]): boolean {
  for (const region of TRUNK_ZERO_REGIONS) {
    const parsed = parsePhoneNumberFromString(digits, region);
    if (!parsed?.isValid()) continue;
    if (groups.length === 1) return true;
    const type = parsed.getType();
    if (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') return true;
    const areaGroup = parsed
      .formatNational()
      .split(/[ ()-]+/)
      .find((g) => g.length > 0);
    if (areaGroup === groups[0]) return true;
  }
  return false;
}

/** Nine-digit plans (Spain, Italy's mobiles, Portugal) are written 3-3-3, 3-2-2-2, 2-3-2-2 or in one run; 5-4 is a ZIP+4 code. */
const NINE_DIGIT_GROUPINGS = new Set(['9', '3-3-3', '3-2-2-2', '2-3-2-2']);

export function phoneValid(candidate: string, text: string, start: number): boolean {
  // (+34) 612 345 678 is +34 612 345 678.
  const value = candidate.startsWith('(+') ? `+${candidate.slice(2).replace(')', '')}` : candidate;
  const international = value.startsWith('+') || value.startsWith('00');
  const national = value
    .replace(/^(?:\+|00)\d{1,3}[ .-]?/, international ? '' : '$&')
    .replace(/\(0\)/, '')
    .trim();
  const digits = national.replace(/\D/g, '');
  const all = value.replace(/\(0\)/, '').replace(/\D/g, '');
  if (all.length < 7 || all.length > 15) return false;
  // Whether a phone word or a column named for phones labels the number, read once and only when a rule asks.
  let named: boolean | undefined;
  const labelled = () => (named ??= hasPhoneWordBefore(text, start) || inPhoneColumn(text, start));

  const separators = national.replace(/[\d()]/g, '');
  // Belgium writes the area code, a slash, then dotted groups (`02/717.45.63`, `0479/11.55.22`).
  if (/^0\d{1,3}\/\d{2,3}\.\d{2}\.\d{2}$/.test(national))
    return validIn(national.replace(/\D/g, ''), ['BE']) && !otherNumberWordBefore(textBefore(text, start, 16));
  if (separators.includes('.') && /[^.]/.test(separators)) return false;
  if (!international && (DATE_FIRST.test(national) || DATE_INSIDE.test(national))) return false;
  const groups = national.split(/[ .\-/()]+/).filter((g) => g.length > 0);
  if (groups.slice(1).some((g) => g.length === 1)) return false;
  const sizes = groups.map((g) => g.length).join('-');
  // Dotted numbers are versions, IPs and OIDs unless grouped like French (2-2-2-2-2) or American (3-3-4, and
  // 1.604.555.0123 with the country's 1) numbers, or labelled by a phone word (`ტელ. 060.1821351`, `deitu 8391.2902`).
  const americanDotted = sizes === '3-3-4' || (sizes === '1-3-3-4' && groups[0] === '1');
  if (
    !international &&
    separators.includes('.') &&
    sizes !== '2-2-2-2-2' &&
    !americanDotted &&
    (ipv4Shaped(groups) || !labelled())
  )
    return false;
  // The SSN shape belongs to SSNs, valid or not, and part numbers are built like it (123-45-67890).
  if (!international && (sizes === '3-2-4' || /^\d{3}-\d{2}-\d+$/.test(national))) return false;
  // Canadian SINs, Dutch BSNs and NHS numbers are nine or ten digits that numbering plans also accept; named,
  // or passing their own checksum near a word for them, they are those numbers.
  if (!international && nationalIdNumber(digits, text, start)) return false;
  // "Order 0791-195531", "Vorgang 0619-703575": a number right after a word for another kind of number (a + says phone).
  if (!value.startsWith('+') && otherNumberWordBefore(textBefore(text, start, 16))) return false;
  // 12/345/67890 is how German tax numbers are written; a phone number has one slash at most (069/1234567).
  if (separators.split('/').length > 2) return false;

  if (hasAmountAround(text, start, start + candidate.length)) return false;
  // "954 664 417 units shipped": a number followed by what it counts is a count.
  if (!value.startsWith('+') && COUNT_AFTER.test(text.slice(start + candidate.length, start + candidate.length + 24)))
    return false;
  // "816 798 188 Aufrufe", "936 027 654 abonnés", "729 284 240 次播放": digits grouped in thousands and followed
  // by a word, in any language or script, with no phone word before them, are a figure and what it counts.
  if (
    !international &&
    thousandsGrouped(groups) &&
    WORD_AFTER.test(text.slice(start + candidate.length, start + candidate.length + 8)) &&
    !labelled()
  )
    return false;
  if (international) {
    // 0091… in one run is as often a zero-padded reference as a number dialled from abroad.
    if (value.startsWith('00') && !/[ .()/-]/.test(value) && !labelled()) return false;
    const parsed = parsePhoneNumberFromString(
      `+${value.startsWith('00') ? value.slice(2) : value.slice(1)}`.replace(/\(0\)/, ''),
    );
    if (!parsed || (groups.length > 1 && !nanpGroupingHolds(parsed.countryCallingCode, groups))) return false;
    // The country code as written must be the number's: 006 654 029 33502 (a SIRET) is no "+6" number.
    const written = /^(?:\+|00)(\d{1,3})[ .-]/.exec(value)?.[1];
    if (written !== undefined && !written.startsWith(parsed.countryCallingCode)) return false;
    // A country code and three or more groups is how people write numbers, even in a block the metadata does not list yet.
    return parsed.isValid() || (groups.length >= 3 && parsed.isPossible());
  }
  // A bare digit run, and the ZIP+4 shape (12345-6789), are phone numbers only where the text says so.
  const needsWord = (groups.length === 1 && !value.includes('(')) || /^\d{5}-\d{4}$/.test(national);
  if (needsWord && !labelled() && !bareNationalNumber(digits, groups, text, start)) return false;
  // 703 912 448 in a row of a table with percentages is a count written with thousands separated, not a phone number.
  if (
    thousandsGrouped(groups) &&
    (inStatistics(text, start, start + candidate.length) || inTableWithoutPhoneHeader(text, start)) &&
    !labelled()
  )
    return false;
  if (digits.startsWith('0')) {
    // Eight digits or fewer with a trunk 0 (05972-167) are postal codes and short references more often than
    // the few short numbers some areas still have; more than twelve (0631 8918 8126 43) are parcel numbers more
    // often than a German switchboard's long extensions.
    if ((digits.length < 9 || digits.length > 12) && !labelled()) return false;
    if (validTrunkZero(digits, groups)) return true;
  } else {
    if (digits.length === 10 || (digits.length === 11 && digits.startsWith('1'))) {
      const local = digits.length === 11 ? groups.slice(groups[0] === '1' ? 1 : 0) : groups;
      if (validIn(digits, NANP) && nanpGroupingHolds('1', local)) return true;
    }
    // Nine digits in threes are also how French and Portuguese write thousands (211 807 105): without a phone
    // word only Spain's plan, whose numbers start with 6, 7, 8 or 9, is trusted.
    if (
      digits.length === 9 &&
      NINE_DIGIT_GROUPINGS.has(sizes) &&
      ((digits.charCodeAt(0) >= 54 && validIn(digits, ['ES'])) || (labelled() && validIn(digits, NINE_DIGIT_REGIONS)))
    )
      return true;
  }
  return writtenAsInPlan(digits, groups, sizes, text, start);
}

/*
 * Beyond Europe and North America: plans whose national numbers people write in their own groupings —
 * Brazil's (11) 94587-7579, Mexico's 55 1234 5678, India's 98765 43210, Japan's 090-1234-5678, Korea's
 * 010-1234-5678, China's 138 0013 8000, Argentina's 011 2345-6789, Colombia's 300 1234567, Turkey's
 * 0532 123 45 67, South Africa's 082 123 4567, Poland's and Czechia's 501 234 567, Sweden's 070-123 45 67,
 * Greece's, Singapore's, Hong Kong's, New Zealand's, Israel's, the Philippines', Chile's and Peru's. A number
 * counts when libphonenumber finds it valid in one of them and it is grouped exactly as that country prints
 * it (nationally, or after its country code): a reference that happens to be valid somewhere is rarely
 * grouped the way that country groups. One run of digits is left to the rules above. Plans are tried only at
 * lengths they use, digits as written (trunk prefix included).
 */
const WRITTEN_LENGTHS: ReadonlyArray<[CountryCode, number, number]> = [
  ['BR', 10, 11],
  ['MX', 10, 10],
  ['IN', 10, 11],
  ['JP', 10, 11],
  ['KR', 9, 11],
  ['CN', 10, 12],
  ['AR', 10, 11],
  ['CO', 10, 10],
  ['TR', 11, 11],
  ['ZA', 10, 10],
  ['PL', 9, 9],
  ['CZ', 9, 9],
  ['SE', 8, 10],
  ['GR', 10, 10],
  ['NZ', 9, 10],
  ['IL', 9, 10],
  ['PH', 11, 11],
  ['CL', 9, 9],
  ['PE', 9, 9],
  ['SG', 8, 8],
  ['HK', 8, 8],
];
/*
 * Plans tried only where a phone word (or a table column named for phones) labels the number: eight-digit
 * Nordic plans written in pairs (Denmark's 94 57 41 93, Norway's 972 12 137), Finland's area codes with their
 * trunk 0 (09 688944), and plans with a trunk 0 that share groupings with references (Thailand's
 * 097 770 3582, Vietnam's, Malaysia's, Romania's, Hungary's, the Emirates' and Saudi Arabia's).
 */
const LABELLED_LENGTHS: ReadonlyArray<[CountryCode, number, number]> = [
  ['DK', 8, 8],
  ['NO', 8, 8],
  ['FI', 7, 12],
  ['TH', 9, 10],
  ['VN', 10, 11],
  ['MY', 9, 11],
  ['RO', 10, 10],
  ['HU', 8, 11],
  ['AE', 9, 10],
  ['SA', 9, 10],
  // The Baltics (Lithuania with its trunk 8), Iceland, Ukraine and the other plans of Europe's east and south-east,
  // Kenya, Nigeria and the rest of Africa, Pakistan, Bangladesh and South and South-East Asia, the Philippines'
  // landlines, the Gulf and the Levant, Latin America beyond its largest plans.
  ['LV', 8, 8],
  ['EE', 7, 8],
  ['LT', 8, 9],
  ['IS', 7, 7],
  ['UA', 9, 10],
  ['BY', 9, 11],
  ['MD', 8, 9],
  ['RU', 10, 11],
  ['KZ', 10, 11],
  ['GE', 9, 9],
  ['AM', 8, 9],
  ['AZ', 9, 10],
  ['UZ', 9, 9],
  ['RS', 8, 10],
  ['BA', 8, 9],
  ['ME', 8, 9],
  ['MK', 8, 9],
  ['AL', 8, 10],
  ['BG', 8, 10],
  ['HR', 8, 10],
  ['SI', 8, 9],
  ['SK', 9, 10],
  ['CY', 8, 8],
  ['MT', 8, 8],
  ['LU', 6, 11],
  ['KE', 9, 10],
  ['NG', 10, 11],
  ['GH', 9, 10],
  ['TZ', 9, 10],
  ['UG', 9, 10],
  ['ET', 9, 10],
  ['RW', 9, 10],
  ['ZM', 9, 10],
  ['ZW', 9, 10],
  ['CI', 10, 10],
  ['SN', 9, 9],
  ['CM', 9, 9],
  ['MA', 9, 10],
  ['DZ', 9, 10],
  ['TN', 8, 8],
  ['EG', 9, 11],
  ['PK', 10, 11],
  ['BD', 10, 11],
  ['LK', 9, 10],
  ['NP', 8, 10],
  ['ID', 9, 13],
  ['TW', 8, 10],
  ['KH', 8, 10],
  ['MM', 8, 11],
  ['MN', 8, 8],
  ['PH', 9, 11],
  ['QA', 8, 8],
  ['KW', 8, 8],
  ['OM', 8, 8],
  ['BH', 8, 8],
  ['JO', 8, 10],
  ['LB', 7, 8],
  ['IQ', 10, 11],
  ['EC', 9, 10],
  ['VE', 10, 11],
  ['BO', 8, 8],
  ['PY', 9, 10],
  ['UY', 8, 9],
  ['CR', 8, 8],
  ['PA', 7, 8],
  ['GT', 8, 8],
  ['DO', 10, 10],
  // Every other plan of the metadata (Nepal, Jamaica, Honduras, Macau, Mauritius, the Pacific and the Caribbean…),
  // at the lengths it allows, a trunk prefix included: a labelled number is a phone number in whichever plan
  // prints its grouping, and a plan that prints none of it is not parsed (planFits).
  ...otherPlans(),
];

function otherPlans(): Array<[CountryCode, number, number]> {
  const listed = new Set<string>([
    ...TRUNK_ZERO_REGIONS,
    ...NANP,
    ...NINE_DIGIT_REGIONS,
    ...WRITTEN_LENGTHS.map(([region]) => region),
    ...['DK', 'NO', 'FI', 'TH', 'VN', 'MY', 'RO', 'HU', 'AE', 'SA'],
  ]);
  const plans: Array<[CountryCode, number, number]> = [];
  const plan = new Metadata(metadata);
  for (const region of Object.keys((metadata as { countries: Record<string, unknown> }).countries)) {
    if (!/^[A-Z]{2}$/.test(region) || listed.has(region)) continue;
    plan.selectNumberingPlan(region as CountryCode);
    const lengths = (
      plan.numberingPlan as unknown as { possibleLengths?: () => number[] } | undefined
    )?.possibleLengths?.();
    if (!Array.isArray(lengths) || lengths.length === 0) continue;
    plans.push([region as CountryCode, Math.min(...lengths), Math.max(...lengths) + 1]);
  }
  return plans;
}
const groupSizes = (formatted: string) =>
  formatted
    .split(/\D+/)
    .filter((g) => g.length > 0)
    .map((g) => g.length)
    .join('-');

function writtenAsInPlan(digits: string, groups: string[], sizes: string, text: string, start: number): boolean {
  if (groups.length < 2) return false;
  // Eight digits or fewer, and nine in threes (Poland's, Czechia's and Peru's way, and how thousands are
  // written: 299 792 458), need a phone word.
  // Whether a phone word or a phone column labels the number, read once and only when a rule asks.
  let labelled: boolean | undefined;
  const isLabelled = () =>
    (labelled ??=
      hasPhoneWordBefore(text, start) ||
      inTableWithPhoneHeader(text, start) ||
      inColumnNamedPhone(text, start) ||
      inPhoneColumn(text, start));
  if ((digits.length <= 8 || thousandsGrouped(groups)) && !isLabelled()) return false;
  if (writtenIn(WRITTEN_LENGTHS, digits, sizes)) return true;
  return (
    mayBeWrittenIn(LABELLED_LENGTHS, digits, sizes, true) &&
    isLabelled() &&
    writtenIn(LABELLED_LENGTHS, digits, sizes, true)
  );
}

/**
 * Where a grouping cuts the digits, as bits (`3-3-4` cuts after the 3rd and 6th digit, and at the end). The
 * written grouping refines a printed one when it cuts at least where that one does (`093 666 11 43` for
 * `093 666 1143`: the last group split in pairs, as people write a labelled number).
 */
function cutsOf(sizes: string): number {
  let mask = 0;
  let at = 0;
  for (const n of sizes.split('-')) mask |= 2 ** Math.min(30, (at += Number(n)));
  return mask;
}
const refines = (written: number, printed: number) => (printed & ~written) === 0;

/**
 * Whether a plan is tried at this length and prints this grouping. A grouping none of the plan's formats
 * prints cannot match: the parse (10–80 µs) is skipped without changing the answer.
 */
function planFits(
  region: CountryCode,
  min: number,
  max: number,
  digits: string,
  sizes: string,
  refined: boolean,
): boolean {
  if (digits.length < min || digits.length > max) return false;
  const printed = FORMAT_SIZES.get(region);
  if (printed === undefined || printed.has(sizes)) return true;
  if (!refined) return false;
  const written = cutsOf(sizes);
  for (const cuts of FORMAT_CUTS.get(region) ?? []) if (refines(written, cuts)) return true;
  return false;
}

function mayBeWrittenIn(
  plans: ReadonlyArray<[CountryCode, number, number]>,
  digits: string,
  sizes: string,
  refined = false,
): boolean {
  return plans.some(([region, min, max]) => planFits(region, min, max, digits, sizes, refined));
}

function writtenIn(
  plans: ReadonlyArray<[CountryCode, number, number]>,
  digits: string,
  sizes: string,
  refined = false,
): boolean {
  for (const [region, min, max] of plans) {
    if (!planFits(region, min, max, digits, sizes, refined)) continue;
    const parsed = parsePhoneNumberFromString(digits, region);
    if (!parsed?.isValid() || parsed.country !== region) continue;
    const national = groupSizes(parsed.formatNational());
    const international = groupSizes(parsed.formatInternational().replace(/^\+\d+\s/, ''));
    if (sizes === national || sizes === international) return true;
    if (refined) {
      const written = cutsOf(sizes);
      if (refines(written, cutsOf(national)) || refines(written, cutsOf(international))) return true;
    }
  }
  return false;
}

/** What libphonenumber-js keeps of a plan's number formats (not in its typings, so read defensively). */
interface NumberFormatRule {
  pattern(): string;
  format(): string;
  internationalFormat(): string | undefined;
  nationalPrefixFormattingRule(): string | undefined;
}

/**
 * Every grouping (`2-5-4`, `3-4-4`) that a plan's formats can print, nationally (with and without the trunk
 * prefix rule) and internationally: the patterns' group lengths, each range expanded, rendered through each
 * template. A plan whose formats cannot be read this way gets no entry, and its numbers are always parsed.
 */
const FORMAT_SIZES: ReadonlyMap<CountryCode, ReadonlySet<string>> = (() => {
  const sizes = new Map<CountryCode, Set<string>>();
  for (const [region] of [...WRITTEN_LENGTHS, ...LABELLED_LENGTHS]) {
    const found = formatSizes(region);
    if (found) sizes.set(region, found);
  }
  return sizes;
})();
/** The same groupings as cuts (cutsOf), for the test whether a written grouping refines a printed one. */
const FORMAT_CUTS: ReadonlyMap<CountryCode, readonly number[]> = new Map(
  [...FORMAT_SIZES].map(([region, sizes]) => [region, [...sizes].map(cutsOf)]),
);

function formatSizes(region: CountryCode): Set<string> | null {
  const plan = new Metadata(metadata);
  plan.selectNumberingPlan(region);
  const formats = (plan.numberingPlan as unknown as { formats?: () => NumberFormatRule[] } | undefined)?.formats?.();
  if (!Array.isArray(formats) || formats.length === 0) return null;
  const out = new Set<string>();
  for (const format of formats) {
    const pattern = format.pattern();
    const ranges: Array<[number, number]> = [];
    const group = /\(\\d(?:\{(\d+)(?:,(\d+))?\})?\)/y;
    let at = 0;
    let m: RegExpExecArray | null;
    while ((m = group.exec(pattern)) !== null) {
      const min = m[1] === undefined ? 1 : Number(m[1]);
      ranges.push([min, m[2] === undefined ? min : Number(m[2])]);
      at = group.lastIndex;
    }
    if (at !== pattern.length || ranges.length === 0) return null;
    const rule = format.nationalPrefixFormattingRule();
    const templates = [format.format(), format.internationalFormat() ?? format.format()];
    if (rule) templates.push(format.format().replace('$1', rule));
    for (const lengths of combinations(ranges)) {
      for (const template of templates) {
        if (template === 'NA') continue;
        const rendered = template.replace(/\$(\d)/g, (_, k: string) => '9'.repeat(lengths[Number(k) - 1] ?? 0));
        out.add(groupSizes(rendered));
      }
    }
  }
  return out;
}

function combinations(ranges: Array<[number, number]>): number[][] {
  let all: number[][] = [[]];
  for (const [min, max] of ranges) {
    const next: number[][] = [];
    for (const head of all) for (let n = min; n <= max; n++) next.push([...head, n]);
    all = next;
  }
  return all;
}

/** Digit groups of three after a first group of one to three: how counts and amounts are written (1 234 567). */
function thousandsGrouped(groups: string[]): boolean {
  return groups.length >= 2 && (groups[0]?.length ?? 0) <= 3 && groups.slice(1).every((g) => g.length === 3);
}

/** A percentage on the same line (within a table row's width) says the numbers there are figures. */
function inStatistics(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - 80);
  const to = Math.min(text.length, end + 80);
  const lineStart = Math.max(from, lineStartWithin(text, start + 1, start + 1 - from) - 1);
  const lineEnd = lineEndWithin(text, end, to - end);
  return /\d ?%/.test(text.slice(lineStart, lineEnd));
}

/**
 * A Markdown table cell (`| 2017 | 719 315 832 |`) holds a figure unless a phone word names the column: the
 * header, within a few rows before, is searched (bounded).
 */
function inTableWithoutPhoneHeader(text: string, start: number): boolean {
  const lineStart = lineStartWithin(text, start, 201);
  if (text.charCodeAt(lineStart) !== 124 || start - lineStart > 200) return false;
  return !hasPhoneWord(text.slice(Math.max(0, lineStart - 400), lineStart));
}

/** A Markdown table cell under a header, within a few rows before, that names a phone column. */
function inTableWithPhoneHeader(text: string, start: number): boolean {
  const lineStart = lineStartWithin(text, start, 201);
  if (text.charCodeAt(lineStart) !== 124 || start - lineStart > 200) return false;
  return hasPhoneWord(text.slice(Math.max(0, lineStart - 400), lineStart));
}

/**
 * A cell of a tab- or semicolon-separated export (TSV, spreadsheets pasted as text) whose header, a few rows
 * before, names a phone column: the header line holds the same separator and a phone word (bounded).
 */
function inColumnNamedPhone(text: string, start: number): boolean {
  const lineStart = lineStartWithin(text, start, 201);
  if (start - lineStart > 200) return false;
  const row = text.slice(lineStart, start);
  const separator = row.includes('\t') ? '\t' : row.includes(';') ? ';' : null;
  if (separator === null || lineStart === 0) return false;
  const above = text.slice(Math.max(0, lineStart - 400), lineStart - 1).split('\n');
  for (let i = above.length - 1; i >= 0 && i >= above.length - 6; i--) {
    const line = above[i] ?? '';
    if (line.includes(separator) && hasPhoneWord(line)) return true;
  }
  return false;
}

/**
 * A cell of a comma-, semicolon- or tab-separated export whose own column is named for phones: the header (the
 * nearest row above without a digit, within a few lines) has a cell at the same place (quoted separators do not
 * count) that holds a phone word (`id,name,email,phone` over `57615,Chloé,…,914297075`). Other columns keep their
 * reading. Bounded.
 */
function inPhoneColumn(text: string, start: number): boolean {
  const lineStart = lineStartWithin(text, start, 201);
  if (lineStart === 0 || start - lineStart > 200) return false;
  const row = text.slice(lineStart, start);
  const separator = row.includes('\t') ? '\t' : row.includes(';') ? ';' : row.includes(',') ? ',' : null;
  if (separator === null) return false;
  const limit = Math.max(0, lineStart - 400);
  let end = lineStart - 1;
  for (let n = 0; n < 6 && end > limit; n++) {
    const from = lineStartWithin(text, end, end - limit);
    const line = text.slice(from, end);
    end = from - 1;
    // The header is the nearest row above with the separator and without a digit; rows with digits are data.
    if (!line.includes(separator) || DIGIT.test(line)) continue;
    if (!hasPhoneWord(line)) return false;
    const header = cellsOf(line, separator)[cellsOf(row, separator).length - 1];
    return header !== undefined && header.length <= 32 && hasPhoneWord(header);
  }
  return false;
}

/** The cells of a row, split at `separator` outside double quotes. */
function cellsOf(row: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const c of row) {
    if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) {
      cells.push(cell);
      cell = '';
      continue;
    }
    cell += c;
  }
  cells.push(cell);
  return cells;
}

/** North American numbers are written 3-3-4 (or as one run); other groupings of ten digits are something else. */
function nanpGroupingHolds(callingCode: string, groups: string[]): boolean {
  if (callingCode !== '1') return true;
  const sizes = groups.map((g) => g.length).join('-');
  return sizes === '3-3-4' || sizes === '10';
}

// Amounts written with spaces between thousands (1 234 567 €, 31 087 550 Kč) have the grouping of phone numbers;
// so do amounts in a spreadsheet cell with their decimals (966 526 739,09).
const CURRENCY_AFTER =
  /^(?:\s?(?:€|\$|£|¥|₹|₽|₩|₺|zł|Kč|kr\b|Ft\b|lei\b|EUR|USD|GBP|CHF|JPY|CZK|PLN|SEK|NOK|DKK|HUF|RON|INR|CNY|RUB|MXN|BRL|AUD|CAD|Euro|euro|dollar|peso|franc|pound)|[,.]\d{2}(?![\d.,:]))/;
const COUNT_AFTER =
  /^[ \t]{1,2}(?:tokens?|flops|vectors?|param(?:eter)?s|samples|steps|embeddings|iterations|epochs|queries|documents|chunks|entries|lines|words|characters|pages|files|images|frames|nodes|edges|mva|moms|units?|items?|pcs|pieces?|rows?|records?|users?|people|persons|customers|orders|shipments|parcels|packages|views|downloads|requests|hits|visits|visitors|bytes|events|subscribers|followers|impressions|clicks|copies|tickets|messages|times|stück|stk|einheiten|unités|pièces|unidades|piezas|pezzi|sztuk|kpl|kg|km|tonnes?|tons?|litres?|liters?)\b|^[ \t]{0,2}(?:[kMGTµnm]?(?:m|s|g|b|B|Hz|W|Wh|V|A|Pa|J|N|l|L)|km|mph|rpm|kn|knots|ft|in|mi|yd|lbs?|oz|°[CF]?|K|bar|psi|dB|dpi|px|fps|[kMG]?bps|iops|ops|qps|rps|tps|mAh|kWh|m²|m³|cm²|ha)(?:\/(?:s|h|min|d|m|km|kg|L|l|m²|day|hr)|²|³|\/s²)?(?![\p{L}\p{N}])/iu;
// A word after the digits, not a conjunction or a preposition that goes on with the sentence (`… and my email`).
const WORD_AFTER = /^[ \t]{1,2}(?!(?:and|or|und|oder|et|ou|y|o|e|en|of|to|at|for|if|but|from)(?![\p{L}\p{N}]))\p{L}/u;
const CURRENCY_BEFORE = /(?:€|\$|£|¥|₹|EUR|USD|GBP|CHF|JPY|US\$)\s?$/;
function hasAmountAround(text: string, start: number, end: number): boolean {
  return (
    CURRENCY_AFTER.test(text.slice(end, end + 7)) || CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 5), start))
  );
}

/**
 * A bare run of ten or eleven digits with a trunk 0 that a plan assigns to
 * mobiles (0612345678, 01701234567), or ten digits of France's closed plan
 * (0143076196), is how people type their number; reference numbers rarely
 * start that way, and not where the text names them.
 */
function bareNationalNumber(digits: string, groups: string[], text: string, start: number): boolean {
  if (groups.length !== 1 || !digits.startsWith('0') || digits.length < 10 || digits.length > 11) return false;
  if (otherNumberWordBefore(textBefore(text, start, 16))) return false;
  if (digits.length === 10 && parsePhoneNumberFromString(digits, 'FR')?.isValid()) return true;
  for (const region of TRUNK_ZERO_REGIONS) {
    if (parsePhoneNumberFromString(digits, region)?.getType() === 'MOBILE') return true;
  }
  return false;
}

/** Four groups of at most three digits, each at most 255: an IPv4 address's shape, never a phone number's. */
function ipv4Shaped(groups: readonly string[]): boolean {
  return groups.length === 4 && groups.every((g) => g.length <= 3 && Number(g) <= 255);
}

function hasPhoneWordBefore(text: string, start: number): boolean {
  const before = textBefore(text, start, CONTEXT_CHARS);
  const lastOther = lastMatchEnd(OTHER_NUMBER_WORD, before);
  return hasPhoneWord(lastOther < 0 ? before : before.slice(lastOther)) || hasPhoneWordAfter(text, start);
}

/*
 * Languages that put the verb last name the number before they say "call": Turkish `… numarasından ara`,
 * Dhivehi `… އަށް ގުޅުއްވާ`, Bashkir `… номерына шылтырат`, Aymara `… ukar jawsitaña`, Tigrinya `ብ … ደውሉለይ`.
 * A phone word within a few words after the number counts when only letters and spaces lie between (no
 * punctuation, so "order 1234 5678, call me" keeps its own reading).
 */
const AFTER_CHARS = 24;
const DIGIT = /\d/;
const NUMBER_SEPARATOR = /[ +().\-/]/;
function hasPhoneWordAfter(text: string, start: number): boolean {
  // The number runs over digits and over separators that a digit follows.
  let end = start;
  const limit = Math.min(text.length, start + 32);
  while (
    end < limit &&
    (DIGIT.test(text.charAt(end)) || (NUMBER_SEPARATOR.test(text.charAt(end)) && DIGIT.test(text.charAt(end + 1))))
  )
    end++;
  if (end === start || text.charAt(end) !== ' ') return false;
  const after = text.slice(end + 1, end + 1 + AFTER_CHARS);
  const stop = after.search(/[^\p{L}\p{M} \u00a0']/u);
  return hasPhoneWord(stop < 0 ? after : after.slice(0, stop));
}

const QUOTED_CELL_END = /["'][ \t]*[,;\t|][ \t]*/g;

/** A word for another kind of number, unless a phone word follows it ("company phone:", "Bestellhotline, Tel."). */
function otherNumberWordBefore(before: string): boolean {
  // A word on an earlier line (a CSV header's `montant` over `Sofía;01.71.91.43.18`) names another cell's value when
  // words come between the line break and the number; a label alone on the line above still names it.
  const lineBreak = before.lastIndexOf('\n');
  if (lineBreak >= 0 && /\p{L}/u.test(before.slice(lineBreak + 1))) before = before.slice(lineBreak + 1);
  // A word in an earlier quoted cell (`'ana+factures@icloud.com', '0034 910…'`) names that cell's value, not this one.
  if (before.includes("'") || before.includes('"')) {
    const cell = lastMatchEnd(QUOTED_CELL_END, before);
    if (cell >= 0) before = before.slice(cell);
  }
  const lastOther = lastMatchEnd(OTHER_NUMBER_WORD, before);
  return lastOther >= 0 && !hasPhoneWord(before.slice(lastOther));
}

function lastMatchEnd(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let end = -1;
  let m: RegExpExecArray | null;
  while ((m = pattern.exec(text)) !== null) {
    end = m.index + m[0].length;
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return end;
}

// Words for national identity, insurance and health numbers. The acronyms count in capitals only ("sin" is
// Spanish for "without", "nas" French for noses).
const NATIONAL_ID_ACRONYM = /\b(?:SIN|BSN|NHS|CHI|NIR|NINO|NI|AHV|AVS|PPSN|PESEL|CPF|TFN|IRD|NAS)\b/;
const NATIONAL_ID_PHRASE =
  /(?:social insurance|assurance sociale|burgerservice|sofi-?nummer|national insurance|health (?:service |card )?n(?:umber|o\b)|s[ée]curit[ée] sociale|sozialversicherung|versicherungsnummer|steuer-?id)/i;
const namesNationalId = (s: string) => NATIONAL_ID_ACRONYM.test(s) || NATIONAL_ID_PHRASE.test(s);

/**
 * Nine digits that pass Canada's SIN Luhn check or the Dutch BSN 11-proof, and ten that pass the NHS mod-11
 * check, are those numbers when a word for them comes within a few words before; a number right after such a
 * word is one, checksum or not.
 */
function nationalIdNumber(digits: string, text: string, start: number): boolean {
  const near = textBefore(text, start, 16);
  if (namesNationalId(near) && !hasPhoneWord(near)) return true;
  const checksum =
    (digits.length === 9 && (luhnValid(digits) || elevenProof(digits))) || (digits.length === 10 && nhsOk(digits));
  return checksum && namesNationalId(textBefore(text, start, CONTEXT_CHARS));
}

/** The Dutch BSN: weights 9…2 and −1 over the nine digits, sum divisible by 11. */
function elevenProof(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (digits.charCodeAt(i) - 48) * (9 - i);
  sum -= digits.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

/** NHS numbers: weights 10…2 over the first nine digits; 11 − (sum mod 11) is the tenth (11 counts as 0, 10 never). */
function nhsOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === digits.charCodeAt(9) - 48;
}
