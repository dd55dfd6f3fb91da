import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Random } from './random';

/**
 * Phone numbers of the eleventh held-out split (written 2026-12-08, after the eleventh round of fixes, committed
 * before it was scored). The plans of the countries whose people write the split's prompts — Germany, Austria,
 * Switzerland, France, Belgium, Spain, Mexico, Colombia, Argentina, the UK, Ireland, the US, Canada, Italy, the
 * Netherlands, Portugal, Brazil, Poland — drawn from the ranges those plans assign (mobile and the capitals'
 * geographic blocks), then written the ways their people write them in tickets, signatures, CSV exports and
 * chats: as libphonenumber prints them, with `(0)`, `0049`, dots, slashes, dashes, brackets around the area
 * code, no separators at all, and E.164. A value is kept only when libphonenumber says it is a valid number of
 * its country; the detectors play no part.
 */
interface Plan {
  region: CountryCode;
  /** Leading digits of a national significant number and its length. */
  starts: Array<[string, number]>;
}
const PLANS: Plan[] = [
  {
    region: 'DE',
    starts: [
      ['151', 11],
      ['160', 10],
      ['170', 10],
      ['176', 11],
      ['30', 10],
      ['89', 10],
      ['40', 10],
      ['69', 10],
    ],
  },
  {
    region: 'AT',
    starts: [
      ['664', 10],
      ['676', 10],
      ['1', 8],
    ],
  },
  {
    region: 'CH',
    starts: [
      ['79', 9],
      ['78', 9],
      ['44', 9],
      ['22', 9],
      ['31', 9],
    ],
  },
  {
    region: 'FR',
    starts: [
      ['6', 9],
      ['7', 9],
      ['1', 9],
      ['4', 9],
      ['9', 9],
    ],
  },
  {
    region: 'BE',
    starts: [
      ['47', 9],
      ['49', 9],
      ['2', 8],
      ['3', 8],
    ],
  },
  {
    region: 'ES',
    starts: [
      ['6', 9],
      ['7', 9],
      ['91', 9],
      ['93', 9],
      ['96', 9],
    ],
  },
  {
    region: 'MX',
    starts: [
      ['55', 10],
      ['33', 10],
      ['81', 10],
    ],
  },
  {
    region: 'CO',
    starts: [
      ['30', 10],
      ['31', 10],
      ['601', 10],
    ],
  },
  {
    region: 'AR',
    starts: [
      ['911', 11],
      ['11', 10],
    ],
  },
  {
    region: 'GB',
    starts: [
      ['7', 10],
      ['20', 10],
      ['161', 10],
      ['131', 10],
    ],
  },
  {
    region: 'IE',
    starts: [
      ['8', 9],
      ['1', 8],
    ],
  },
  {
    region: 'US',
    starts: [
      ['212', 10],
      ['415', 10],
      ['617', 10],
      ['312', 10],
      ['206', 10],
      ['512', 10],
    ],
  },
  {
    region: 'CA',
    starts: [
      ['416', 10],
      ['604', 10],
      ['514', 10],
    ],
  },
  {
    region: 'IT',
    starts: [
      ['3', 10],
      ['06', 10],
      ['02', 10],
    ],
  },
  {
    region: 'NL',
    starts: [
      ['6', 9],
      ['20', 9],
      ['10', 9],
    ],
  },
  {
    region: 'PT',
    starts: [
      ['91', 9],
      ['93', 9],
      ['21', 9],
    ],
  },
  {
    region: 'BR',
    starts: [
      ['119', 11],
      ['219', 11],
    ],
  },
  {
    region: 'PL',
    starts: [
      ['5', 9],
      ['6', 9],
      ['22', 9],
    ],
  },
];
export const HELD_OUT_11_PHONE_REGIONS: readonly CountryCode[] = PLANS.map((p) => p.region);

/** Groups `digits` into runs of the given sizes (the last takes the rest). */
function groups(digits: string, sizes: number[], sep: string): string {
  const out: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    out.push(digits.slice(at, (at += size)));
  }
  if (at < digits.length) out.push(digits.slice(at));
  return out.join(sep);
}

function draw(r: Random, plan: Plan): { nsn: string; cc: string; national: string; international: string } {
  for (;;) {
    const [start, length] = r.pick(plan.starts);
    const nsn = start + r.digits(length - start.length);
    const parsed = parsePhoneNumberFromString(nsn, plan.region) ?? parsePhoneNumberFromString(`0${nsn}`, plan.region);
    if (parsed?.isValid() && parsed.country === plan.region)
      return {
        nsn: parsed.nationalNumber,
        cc: parsed.countryCallingCode,
        national: parsed.formatNational(),
        international: parsed.formatInternational(),
      };
  }
}

/** The ways each country's people write a number, beside libphonenumber's own forms. */
function localForms(r: Random, region: CountryCode, nsn: string, cc: string): Array<() => string> {
  switch (region) {
    case 'DE':
    case 'AT': {
      // Vienna 01, Austrian mobiles 0664/0676, German mobiles 015x–017x, German cities 030/040/069/089.
      const area = region === 'AT' ? (nsn.startsWith('1') ? 1 : 3) : /^1[5-7]/.test(nsn) ? 3 : 2;
      const a = nsn.slice(0, area);
      const rest = nsn.slice(area);
      return [
        () => `0${a}/${rest}`,
        () => `0${a} ${groups(rest, [4], ' ')}`,
        () => `+${cc} (0)${a} ${rest}`,
        () => `00${cc} ${a} ${rest}`,
        () => `0${a}-${rest}`,
      ];
    }
    case 'CH':
      return [() => `0${groups(nsn, [2, 3, 2], ' ')}`, () => `+41 (0)${groups(nsn, [2, 3, 2], ' ')}`];
    case 'FR':
      return [
        () => `0${nsn[0]}.${groups(nsn.slice(1), [2, 2, 2], '.')}`,
        () => `0${nsn[0]}${groups(nsn.slice(1), [2, 2, 2], '')}`,
        () => `+33 (0)${nsn[0]} ${groups(nsn.slice(1), [2, 2, 2], ' ')}`,
        () => `0${nsn[0]}-${groups(nsn.slice(1), [2, 2, 2], '-')}`,
      ];
    case 'BE':
      // Mobiles 0470 12 34 56, Brussels 02 123 45 67, Antwerp 03 123 45 67.
      return nsn.length === 9
        ? [() => `0${groups(nsn, [3, 2, 2], ' ')}`, () => `0${groups(nsn, [3, 2, 2], '.')}`]
        : [() => `0${groups(nsn, [1, 3, 2], ' ')}`, () => `0${groups(nsn, [1, 3, 2], '.')}`];
    case 'ES':
      return [
        () => groups(nsn, [3, 3], ' '),
        () => groups(nsn, [3, 2, 2], ' '),
        () => nsn,
        () => `(+34) ${groups(nsn, [3, 3], ' ')}`,
        () => `0034 ${nsn}`,
      ];
    case 'MX':
      return [
        () => `${nsn.slice(0, 2)} ${groups(nsn.slice(2), [4], ' ')}`,
        () => `(${nsn.slice(0, 2)}) ${groups(nsn.slice(2), [4], '-')}`,
      ];
    case 'CO':
      return [() => groups(nsn, [3, 3], ' '), () => `(+57) ${groups(nsn, [3, 3], '-')}`];
    case 'GB': {
      const grouped = groups(nsn, nsn.startsWith('7') ? [4] : nsn.startsWith('2') ? [2, 4] : [3, 3], ' ');
      return [() => `0${grouped}`, () => `+44 (0)${grouped}`, () => `0${nsn}`];
    }
    case 'IE':
      // Mobiles 083 390 0370, Dublin (01) 491 1129.
      return nsn.startsWith('1')
        ? [() => `(01) ${groups(nsn.slice(1), [3], ' ')}`, () => `+353 (0)1 ${groups(nsn.slice(1), [3], ' ')}`]
        : [() => `0${groups(nsn, [2, 3], ' ')}`, () => `+353 (0)${groups(nsn, [2, 3], ' ')}`];
    case 'US':
    case 'CA':
      return [
        () => `(${nsn.slice(0, 3)}) ${nsn.slice(3, 6)}-${nsn.slice(6)}`,
        () => `${nsn.slice(0, 3)}-${nsn.slice(3, 6)}-${nsn.slice(6)}`,
        () => `${nsn.slice(0, 3)}.${nsn.slice(3, 6)}.${nsn.slice(6)}`,
        () => `+1-${nsn.slice(0, 3)}-${nsn.slice(3, 6)}-${nsn.slice(6)}`,
        () => `1 (${nsn.slice(0, 3)}) ${nsn.slice(3, 6)}-${nsn.slice(6)}`,
        () => `+1 ${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}`,
      ];
    case 'IT':
      // Mobiles 347 123 4567, Rome and Milan 06 1234 5678.
      return nsn.startsWith('0')
        ? [() => `${nsn.slice(0, 2)} ${groups(nsn.slice(2), [4], ' ')}`, () => `+39 ${nsn.slice(0, 2)} ${nsn.slice(2)}`]
        : [() => groups(nsn, [3, 3], ' '), () => groups(nsn, [3], ' '), () => `+39 ${groups(nsn, [3, 3], ' ')}`];
    case 'NL':
      return [
        () => (nsn.startsWith('6') ? `06-${nsn.slice(1)}` : `0${nsn.slice(0, 2)}-${nsn.slice(2)}`),
        () =>
          nsn.startsWith('6')
            ? `+31 (0)6 ${groups(nsn.slice(1), [4], ' ')}`
            : `+31 (0)${nsn.slice(0, 2)} ${groups(nsn.slice(2), [3], ' ')}`,
      ];
    case 'PT':
      return [() => groups(nsn, [3, 3], ' '), () => `(+351) ${groups(nsn, [3, 3], ' ')}`];
    case 'BR':
      return [
        () => `(${nsn.slice(0, 2)}) ${nsn.slice(2, 7)}-${nsn.slice(7)}`,
        () => `+55 ${nsn.slice(0, 2)} ${nsn.slice(2, 7)}-${nsn.slice(7)}`,
      ];
    case 'PL':
      return [() => groups(nsn, [3, 3], ' '), () => groups(nsn, [3, 3], '-'), () => `+48 ${groups(nsn, [3, 3], ' ')}`];
    default:
      return [];
  }
}

export function heldOut11Phone(r: Random): string {
  const plan = r.pick(PLANS);
  const { nsn, cc, national, international } = draw(r, plan);
  return r.pick([
    () => international,
    () => national,
    () => `+${cc}${nsn}`,
    ...localForms(r, plan.region, nsn, cc),
    ...localForms(r, plan.region, nsn, cc),
  ])();
}

/** E.164, as tel: links, JSON and CRM exports carry it. */
export function heldOut11PhoneE164(r: Random): string {
  const { nsn, cc } = draw(r, r.pick(PLANS));
  return `+${cc}${nsn}`;
}
