import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Random } from './random';

/**
 * Phone numbers of the twelfth held-out split (written 2026-12-08, after the twelfth round of fixes, committed
 * before it was scored). Twenty-six countries — those whose people write the split's English, German, French
 * and Spanish prompts (Germany, Austria, Switzerland, France, Belgium, Luxembourg, Morocco, Canada, Spain,
 * Mexico, Argentina, Chile, Colombia, Peru, the UK, Ireland, the US, Australia, India…) and their neighbours —
 * drawn from the leading digits those plans assign to mobiles, capitals and toll-free services, then written as
 * people write them: libphonenumber's national and international forms, E.164, `00` and `(0)`, slashes, dots,
 * dashes, brackets around the area code, no separators, the grouping each country uses at home. A value is kept
 * only when libphonenumber/max says it is a valid number of its country; the detectors play no part.
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
      ['152', 11],
      ['157', 11],
      ['162', 10],
      ['171', 10],
      ['178', 11],
      ['30', 10],
      ['221', 10],
      ['711', 10],
      ['40', 10],
      ['89', 10],
    ],
  },
  {
    region: 'DE',
    starts: [
      ['1511', 11],
      ['176', 11],
      ['69', 10],
      ['211', 10],
      ['351', 10],
    ],
  },
  {
    region: 'AT',
    starts: [
      ['660', 10],
      ['664', 10],
      ['699', 11],
      ['1', 8],
      ['316', 10],
    ],
  },
  {
    region: 'CH',
    starts: [
      ['76', 9],
      ['77', 9],
      ['79', 9],
      ['44', 9],
      ['61', 9],
      ['21', 9],
    ],
  },
  {
    region: 'FR',
    starts: [
      ['6', 9],
      ['7', 9],
      ['1', 9],
      ['2', 9],
      ['3', 9],
      ['4', 9],
      ['5', 9],
      ['9', 9],
    ],
  },
  {
    region: 'FR',
    starts: [
      ['6', 9],
      ['7', 9],
      ['1', 9],
    ],
  },
  {
    region: 'BE',
    starts: [
      ['47', 9],
      ['48', 9],
      ['49', 9],
      ['2', 8],
      ['3', 8],
      ['9', 8],
    ],
  },
  {
    region: 'LU',
    starts: [
      ['621', 9],
      ['661', 9],
      ['691', 9],
    ],
  },
  {
    region: 'MA',
    starts: [
      ['6', 9],
      ['7', 9],
      ['522', 9],
    ],
  },
  {
    region: 'CA',
    starts: [
      ['514', 10],
      ['438', 10],
      ['416', 10],
      ['604', 10],
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
      ['95', 9],
    ],
  },
  {
    region: 'ES',
    starts: [
      ['6', 9],
      ['91', 9],
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
    region: 'AR',
    starts: [
      ['911', 11],
      ['11', 10],
      ['9351', 11],
    ],
  },
  {
    region: 'CL',
    starts: [
      ['9', 9],
      ['2', 9],
    ],
  },
  {
    region: 'CO',
    starts: [
      ['3', 10],
      ['601', 10],
    ],
  },
  {
    region: 'PE',
    starts: [
      ['9', 9],
      ['1', 8],
    ],
  },
  {
    region: 'GB',
    starts: [
      ['7', 10],
      ['20', 10],
      ['161', 10],
      ['131', 10],
      ['113', 10],
      ['121', 10],
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
      ['312', 10],
      ['617', 10],
      ['206', 10],
      ['512', 10],
      ['305', 10],
      ['720', 10],
    ],
  },
  {
    region: 'US',
    starts: [
      ['646', 10],
      ['213', 10],
      ['202', 10],
      ['713', 10],
    ],
  },
  {
    region: 'AU',
    starts: [
      ['4', 9],
      ['2', 9],
      ['3', 9],
    ],
  },
  {
    region: 'IN',
    starts: [
      ['9', 10],
      ['8', 10],
      ['7', 10],
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
      ['96', 9],
      ['21', 9],
    ],
  },
  {
    region: 'SE',
    starts: [
      ['70', 9],
      ['8', 9],
    ],
  },
  {
    region: 'PL',
    starts: [
      ['5', 9],
      ['6', 9],
      ['7', 9],
    ],
  },
  {
    region: 'BR',
    starts: [
      ['11', 11],
      ['21', 11],
    ],
  },
  {
    region: 'SN',
    starts: [
      ['77', 9],
      ['78', 9],
    ],
  },
];
export const HELD_OUT_12_PHONE_REGIONS: readonly CountryCode[] = [...new Set(PLANS.map((p) => p.region))];

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

interface Drawn {
  region: CountryCode;
  nsn: string;
  cc: string;
  national: string;
  international: string;
}

function draw(r: Random, plan: Plan): Drawn {
  for (let tries = 0; tries < 10_000; tries++) {
    const [start, length] = r.pick(plan.starts);
    const nsn = start + r.digits(length - start.length);
    const parsed = parsePhoneNumberFromString(`+${codeOf(plan.region)}${nsn}`);
    if (parsed?.isValid() && parsed.country === plan.region)
      return {
        region: plan.region,
        nsn: parsed.nationalNumber,
        cc: parsed.countryCallingCode,
        national: parsed.formatNational(),
        international: parsed.formatInternational(),
      };
  }
  throw new Error(`no valid number drawn for ${plan.region}`);
}

const CODES: Partial<Record<CountryCode, string>> = {
  DE: '49',
  AT: '43',
  CH: '41',
  FR: '33',
  BE: '32',
  LU: '352',
  MA: '212',
  CA: '1',
  ES: '34',
  MX: '52',
  AR: '54',
  CL: '56',
  CO: '57',
  PE: '51',
  GB: '44',
  IE: '353',
  US: '1',
  AU: '61',
  IN: '91',
  IT: '39',
  NL: '31',
  PT: '351',
  SE: '46',
  PL: '48',
  BR: '55',
  SN: '221',
};
function codeOf(region: CountryCode): string {
  const code = CODES[region];
  if (!code) throw new Error(`no calling code for ${region}`);
  return code;
}

/** The ways each country's people write a number, beside libphonenumber's own forms. */
function localForms(d: Drawn): Array<() => string> {
  const { region, nsn, cc } = d;
  switch (region) {
    case 'DE':
    case 'AT': {
      const area =
        region === 'AT'
          ? nsn.startsWith('1')
            ? 1
            : 3
          : /^15/.test(nsn)
            ? nsn.length === 11
              ? 4
              : 3
            : /^1[67]/.test(nsn)
              ? 3
              : /^(?:30|40|69|89)/.test(nsn)
                ? 2
                : 3;
      const a = nsn.slice(0, area);
      const rest = nsn.slice(area);
      return [
        () => `0${a}/${rest}`,
        () => `0${a} / ${groups(rest, [3, 2], ' ')}`,
        () => `0${a} ${rest}`,
        () => `(0${a}) ${rest}`,
        () => `+${cc} (0) ${a} ${rest}`,
        () => `+${cc} ${a} ${rest}`,
        () => `0${a}-${rest}`,
        () => `00${cc} ${a} ${rest}`,
        () => `+${cc}-${a}-${rest}`,
      ];
    }
    case 'CH':
      return [
        () => `0${groups(nsn, [2, 3, 2], ' ')}`,
        () => `+41 (0)${groups(nsn, [2, 3, 2], ' ')}`,
        () => `0041 ${groups(nsn, [2, 3, 2], ' ')}`,
        () => `0${nsn}`,
      ];
    case 'FR':
      return [
        () => `0${nsn[0]}.${groups(nsn.slice(1), [2, 2, 2], '.')}`,
        () => `0${nsn[0]} ${groups(nsn.slice(1), [2, 2, 2], ' ')}`,
        () => `0${nsn}`,
        () => `+33 (0)${nsn[0]} ${groups(nsn.slice(1), [2, 2, 2], ' ')}`,
        () => `+33${nsn[0]}${groups(nsn.slice(1), [2, 2, 2], '')}`,
        () => `0033 ${nsn[0]} ${groups(nsn.slice(1), [2, 2, 2], ' ')}`,
        () => `0${nsn[0]}-${groups(nsn.slice(1), [2, 2, 2], '-')}`,
      ];
    case 'BE':
      return nsn.length === 9
        ? [
            () => `0${groups(nsn, [3, 2, 2], ' ')}`,
            () => `0${nsn.slice(0, 3)}/${groups(nsn.slice(3), [2, 2], '.')}`,
            () => `+32 (0)${groups(nsn, [3, 2, 2], ' ')}`,
          ]
        : [() => `0${groups(nsn, [1, 3, 2], ' ')}`, () => `0${nsn[0]}/${groups(nsn.slice(1), [3, 2], '.')}`];
    case 'LU':
      return [() => groups(nsn, [3, 3], ' '), () => `(+352) ${groups(nsn, [3, 3], ' ')}`];
    case 'MA':
      return [
        () => `0${groups(nsn, [1, 2, 2, 2], '-')}`,
        () => `0${groups(nsn, [1, 2, 2, 2], ' ')}`,
        () => `+212 (0)${groups(nsn, [1, 2, 2, 2], ' ')}`,
      ];
    case 'SN':
      return [() => groups(nsn, [2, 3, 2], ' '), () => `+221 ${groups(nsn, [2, 3, 2], ' ')}`];
    case 'ES':
      return [
        () => groups(nsn, [3, 3], ' '),
        () => groups(nsn, [3, 2, 2], ' '),
        () => (nsn.startsWith('9') ? groups(nsn, [2, 3, 2], ' ') : groups(nsn, [3, 2, 2], '.')),
        () => nsn,
        () => `(+34) ${groups(nsn, [3, 3], ' ')}`,
        () => `0034 ${nsn}`,
        () => `+34 ${groups(nsn, [3, 3], '-')}`,
      ];
    case 'MX':
      return [
        () => `${nsn.slice(0, 2)} ${groups(nsn.slice(2), [4], ' ')}`,
        () => `(${nsn.slice(0, 2)}) ${groups(nsn.slice(2), [4], '-')}`,
        () => `+52 (${nsn.slice(0, 2)}) ${groups(nsn.slice(2), [4], ' ')}`,
      ];
    case 'AR':
      // Mobiles: +54 9 11 1234-5678 (international), 011 15-1234-5678 at home; Buenos Aires fixed (011) 4123-4567.
      return nsn.startsWith('9')
        ? [
            () => `+54 9 ${nsn.slice(1, 3)} ${nsn.slice(3, 7)}-${nsn.slice(7)}`,
            () => `+54 9 ${nsn.slice(1, 3)} ${nsn.slice(3)}`,
          ]
        : [
            () => `(011) ${nsn.slice(2, 6)}-${nsn.slice(6)}`,
            () => `011 ${nsn.slice(2, 6)}-${nsn.slice(6)}`,
            () => `+54 11 ${nsn.slice(2, 6)}-${nsn.slice(6)}`,
          ];
    case 'CL':
      return nsn.startsWith('9')
        ? [() => `+56 9 ${groups(nsn.slice(1), [4], ' ')}`, () => `9 ${groups(nsn.slice(1), [4], ' ')}`]
        : [() => `+56 2 ${groups(nsn.slice(1), [4], ' ')}`, () => `(2) ${groups(nsn.slice(1), [4], ' ')}`];
    case 'CO':
      return [() => groups(nsn, [3, 3], ' '), () => `(+57) ${groups(nsn, [3, 3], '-')}`, () => `+57 ${nsn}`];
    case 'PE':
      return nsn.startsWith('9')
        ? [() => groups(nsn, [3, 3], ' '), () => `+51 ${groups(nsn, [3, 3], ' ')}`]
        : [() => `(01) ${groups(nsn.slice(1), [3], '-')}`, () => `+51 1 ${groups(nsn.slice(1), [3], ' ')}`];
    case 'GB': {
      const grouped = groups(nsn, nsn.startsWith('7') ? [4] : nsn.startsWith('2') ? [2, 4] : [3, 3], ' ');
      return [
        () => `0${grouped}`,
        () => `+44 (0)${grouped}`,
        () => `0${nsn}`,
        () => `+44 ${grouped}`,
        () =>
          nsn.startsWith('2') ? `(020) ${groups(nsn.slice(2), [4], ' ')}` : `(0${nsn.slice(0, 4)}) ${nsn.slice(4)}`,
      ];
    }
    case 'IE':
      return nsn.startsWith('1')
        ? [() => `(01) ${groups(nsn.slice(1), [3], ' ')}`, () => `+353 1 ${groups(nsn.slice(1), [3], ' ')}`]
        : [
            () => `0${groups(nsn, [2, 3], ' ')}`,
            () => `+353 (0)${groups(nsn, [2, 3], ' ')}`,
            () => `0${nsn.slice(0, 2)}-${nsn.slice(2)}`,
          ];
    case 'US':
    case 'CA':
      return [
        () => `(${nsn.slice(0, 3)}) ${nsn.slice(3, 6)}-${nsn.slice(6)}`,
        () => `${nsn.slice(0, 3)}-${nsn.slice(3, 6)}-${nsn.slice(6)}`,
        () => `${nsn.slice(0, 3)}.${nsn.slice(3, 6)}.${nsn.slice(6)}`,
        () => `+1 ${nsn.slice(0, 3)}-${nsn.slice(3, 6)}-${nsn.slice(6)}`,
        () => `1-${nsn.slice(0, 3)}-${nsn.slice(3, 6)}-${nsn.slice(6)}`,
        () => `+1 (${nsn.slice(0, 3)}) ${nsn.slice(3, 6)}-${nsn.slice(6)}`,
        () => `(${nsn.slice(0, 3)})${nsn.slice(3, 6)}-${nsn.slice(6)}`,
        () => nsn,
      ];
    case 'AU':
      return nsn.startsWith('4')
        ? [() => `0${groups(nsn, [3, 3], ' ')}`, () => `+61 ${groups(nsn, [3, 3], ' ')}`]
        : [
            () => `(0${nsn[0]}) ${groups(nsn.slice(1), [4], ' ')}`,
            () => `+61 ${nsn[0]} ${groups(nsn.slice(1), [4], ' ')}`,
          ];
    case 'IN':
      return [
        () => `${nsn.slice(0, 5)} ${nsn.slice(5)}`,
        () => `+91-${nsn}`,
        () => `+91 ${nsn.slice(0, 5)} ${nsn.slice(5)}`,
        () => `0${nsn}`,
      ];
    case 'IT':
      return nsn.startsWith('0')
        ? [() => `${nsn.slice(0, 2)} ${groups(nsn.slice(2), [4], ' ')}`, () => `+39 ${nsn.slice(0, 2)} ${nsn.slice(2)}`]
        : [() => groups(nsn, [3, 3], ' '), () => `+39 ${groups(nsn, [3, 3], ' ')}`];
    case 'NL':
      return [
        () => (nsn.startsWith('6') ? `06-${nsn.slice(1)}` : `0${nsn.slice(0, 2)}-${nsn.slice(2)}`),
        () =>
          nsn.startsWith('6')
            ? `06 ${groups(nsn.slice(1), [2, 2, 2], ' ')}`
            : `0${nsn.slice(0, 2)} ${groups(nsn.slice(2), [3], ' ')}`,
      ];
    case 'PT':
      return [() => groups(nsn, [3, 3], ' '), () => `(+351) ${groups(nsn, [3, 3], ' ')}`];
    case 'SE':
      return nsn.startsWith('7')
        ? [() => `0${nsn.slice(0, 2)}-${groups(nsn.slice(2), [3, 2], ' ')}`, () => `+46 ${groups(nsn, [2, 3, 2], ' ')}`]
        : [() => `08-${groups(nsn.slice(1), [3, 2], ' ')}`];
    case 'PL':
      return [() => groups(nsn, [3, 3], ' '), () => groups(nsn, [3, 3], '-'), () => `+48 ${groups(nsn, [3, 3], ' ')}`];
    case 'BR':
      return [
        () => `(${nsn.slice(0, 2)}) ${nsn.slice(2, 7)}-${nsn.slice(7)}`,
        () => `+55 ${nsn.slice(0, 2)} ${nsn.slice(2, 7)}-${nsn.slice(7)}`,
      ];
    default:
      return [];
  }
}

/** A number of the split's plans in one of its written forms. */
export function heldOut12Phone(r: Random): string {
  const drawn = draw(r, r.pick(PLANS));
  const local = localForms(drawn);
  return r.pick([
    () => drawn.international,
    () => drawn.national,
    () => `+${drawn.cc}${drawn.nsn}`,
    ...local,
    ...local,
  ])();
}

/** A number of one country in one of its written forms, for templates in that country's language. */
export function heldOut12PhoneOf(r: Random, regions: readonly CountryCode[]): string {
  const plans = PLANS.filter((p) => regions.includes(p.region));
  const drawn = draw(r, r.pick(plans));
  const local = localForms(drawn);
  return r.pick([() => drawn.international, () => drawn.national, ...local, ...local])();
}

/** E.164, as tel: links, JSON and CRM exports carry it. */
export function heldOut12PhoneE164(r: Random): string {
  const { nsn, cc } = draw(r, r.pick(PLANS));
  return `+${cc}${nsn}`;
}
