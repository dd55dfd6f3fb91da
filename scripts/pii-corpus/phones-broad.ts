import type { Random } from './random';

/**
 * More phone numbers for tuning (2026-12-07): more countries and the other
 * ways people write them (dots, dashes, brackets, a kept `(0)`, `00` instead
 * of `+`, mobile groupings), each from a block the national plan assigns.
 */
type PhoneMaker = (r: Random) => string;

const US_AREAS = ['201', '248', '310', '415', '503', '602', '718', '773', '808', '917'];
const usParts = (r: Random) => [r.pick(US_AREAS), `${r.int(2, 9)}${r.int(2, 9)}${r.int(0, 9)}`, r.digits(4)] as const;
const d = (r: Random, n: number) => r.digits(n);
const nz = (r: Random) => String(r.int(2, 9));

export const BROAD_PHONES: PhoneMaker[] = [
  (r) => {
    const [a, e, l] = usParts(r);
    return r.pick([`${a}.${e}.${l}`, `+1.${a}.${e}.${l}`, `${a} ${e} ${l}`, `1 (${a}) ${e}-${l}`, `+1 ${a}-${e}-${l}`]);
  },
  (r) =>
    r.pick([
      `+44 (0)20 7${d(r, 3)} ${d(r, 4)}`,
      `0161 ${nz(r)}${d(r, 2)} ${d(r, 4)}`,
      `+44 161 ${nz(r)}${d(r, 2)} ${d(r, 4)}`,
      `07${r.pick(['4', '5', '7', '8', '9'])}${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`,
      `0044 20 7${d(r, 3)} ${d(r, 4)}`,
    ]),
  (r) =>
    r.pick([
      `+49-30-${nz(r)}${d(r, 6)}`,
      `(030) ${nz(r)}${d(r, 6)}`,
      `0221 ${nz(r)}${d(r, 6)}`,
      `+49 221 ${nz(r)}${d(r, 6)}`,
      `+49 1512 ${d(r, 7)}`,
      `0170 ${d(r, 7)}`,
      `+49 (0) 89 ${nz(r)}${d(r, 6)}`,
      `0049 40 ${nz(r)}${d(r, 6)}`,
    ]),
  (r) => {
    const p = [d(r, 2), d(r, 2), d(r, 2), d(r, 2)];
    const [lead, first] = r.pick([
      ['1', `4${r.int(0, 9)}`],
      // 06 39 and 06 9x belong to overseas departments, under other country codes.
      ['6', `${r.pick(['1', '2', '4', '5', '6', '7', '8'])}${r.int(0, 9)}`],
      ['7', `${r.int(5, 8)}${r.int(0, 9)}`],
    ] as const);
    const rest = p.slice(1);
    return r.pick([
      `0${lead}-${first}-${rest.join('-')}`,
      `0${lead}${first}${rest.join('')}`,
      `+33 (0)${lead} ${first} ${rest.join(' ')}`,
      `+33${lead}${first}${rest.join('')}`,
      `0033 ${lead} ${first} ${rest.join(' ')}`,
    ]);
  },
  (r) =>
    r.pick([
      `+34 91${r.int(2, 7)} ${d(r, 3)} ${d(r, 3)}`,
      `91${r.int(2, 7)} ${d(r, 3)} ${d(r, 3)}`,
      `(+34) 6${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`,
      `6${d(r, 2)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `0034 93${r.int(2, 7)} ${d(r, 3)} ${d(r, 3)}`,
    ]),
  (r) =>
    r.pick([
      `+39 02 ${d(r, 4)} ${d(r, 4)}`,
      `+39 3${r.int(2, 4)}${d(r, 1)} ${d(r, 3)} ${d(r, 4)}`,
      `+39 06 ${d(r, 8)}`,
    ]),
  (r) =>
    r.pick([
      `020-${r.int(2, 8)}${d(r, 6)}`,
      `+31 6 ${r.int(1, 5)}${d(r, 7)}`,
      `+31 (0)20 ${r.int(2, 8)}${d(r, 2)} ${d(r, 4)}`,
    ]),
  (r) =>
    r.pick([
      `+32 4${r.int(70, 99)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `04${r.int(70, 99)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
    ]),
  (r) => r.pick([`+41 79 ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`, `044 ${r.int(2, 8)}${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`]),
  (r) => r.pick([`+46 8 ${r.int(4, 7)}${d(r, 2)} ${d(r, 3)} ${d(r, 2)}`, `+46 70 ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`]),
  (r) =>
    r.pick([
      `+45 ${r.pick(['26', '27', '28', '90'])} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `+47 9${d(r, 2)} ${d(r, 2)} ${d(r, 3)}`,
    ]),
  (r) => r.pick([`+353 1 ${nz(r)}${d(r, 2)} ${d(r, 4)}`, `087 ${nz(r)}${d(r, 2)} ${d(r, 4)}`]),
  (r) => r.pick([`(02) ${r.int(8, 9)}${d(r, 3)} ${d(r, 4)}`, `+61 4${r.int(0, 3)}${d(r, 1)} ${d(r, 3)} ${d(r, 3)}`]),
  (r) => r.pick([`+81 3-${r.int(3, 6)}${d(r, 3)}-${d(r, 4)}`, `+81 90-${nz(r)}${d(r, 3)}-${d(r, 4)}`]),
  (r) => `+43 664 ${d(r, 7)}`,
];
