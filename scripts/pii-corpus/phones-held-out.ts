import type { Random } from './random';

/**
 * Phone numbers of the held-out split (written 2026-12-07, before it was
 * scored): national forms of the corpus's main locales as their people write
 * them, and international numbers from around the world, from assigned blocks.
 */
type PhoneMaker = (r: Random) => string;

const US_AREAS = ['202', '214', '267', '312', '347', '408', '469', '510', '617', '720', '786', '971'];
const d = (r: Random, n: number) => r.digits(n);
const nz = (r: Random) => String(r.int(2, 9));
const us = (r: Random) => [r.pick(US_AREAS), `${r.int(2, 9)}${r.int(2, 9)}${r.int(0, 9)}`, d(r, 4)] as const;
const frPairs = (r: Random) => [d(r, 2), d(r, 2), d(r, 2)];

export const HELD_OUT_PHONES: PhoneMaker[] = [
  (r) => {
    const [a, e, l] = us(r);
    return r.pick([`(${a}) ${e}-${l}`, `${a}-${e}-${l}`, `+1 ${a} ${e} ${l}`, `+1 (${a}) ${e}-${l}`, `${a}.${e}.${l}`]);
  },
  (r) =>
    r.pick([
      `020 3${d(r, 3)} ${d(r, 4)}`,
      `+44 20 3${d(r, 3)} ${d(r, 4)}`,
      // Leeds 0113 2xx–5xx and 8xx, Edinburgh 0131 2xx–8xx: the blocks Ofcom has assigned.
      `0113 ${r.pick(['2', '3', '4', '5', '8'])}${d(r, 2)} ${d(r, 4)}`,
      `0131 ${r.int(2, 8)}${d(r, 2)} ${d(r, 4)}`,
      `07${r.pick(['4', '5', '7', '8', '9'])}${d(r, 2)} ${d(r, 6)}`,
      `+44 7${r.pick(['4', '5', '7', '8', '9'])}${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`,
    ]),
  (r) =>
    r.pick([
      `030 ${nz(r)}${d(r, 7)}`,
      `+49 30 ${nz(r)}${d(r, 7)}`,
      `089 ${nz(r)}${d(r, 6)}`,
      `+49 89 ${nz(r)}${d(r, 6)}`,
      `069/${nz(r)}${d(r, 6)}`,
      `0171 ${d(r, 7)}`,
      `+49 (0)171 ${d(r, 7)}`,
      `0176-${d(r, 8)}`,
      `+49 160 ${d(r, 7)}`,
    ]),
  (r) => {
    const lead = r.pick(['1', '2', '3', '4', '5']);
    const first = `${r.int(1, 9)}${r.int(0, 9)}`;
    const rest = frPairs(r);
    const mobile = `${r.pick(['6', '7'])}`;
    const mFirst =
      mobile === '6' ? `${r.pick(['1', '2', '4', '5', '6', '7', '8'])}${r.int(0, 9)}` : `${r.int(5, 8)}${r.int(0, 9)}`;
    return r.pick([
      `0${lead} ${first} ${rest.join(' ')}`,
      `0${mobile} ${mFirst} ${rest.join(' ')}`,
      `+33 ${mobile} ${mFirst} ${rest.join(' ')}`,
      `+33 (0)${lead} ${first} ${rest.join(' ')}`,
      `0${mobile}.${mFirst}.${rest.join('.')}`,
      `0${mobile}${mFirst}${rest.join('')}`,
    ]);
  },
  (r) =>
    r.pick([
      `+34 6${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`,
      `6${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`,
      `91 ${r.int(2, 7)}${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `93 ${r.int(2, 4)}${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `+34 93 ${r.int(2, 4)}${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
    ]),
  (r) =>
    r.pick([
      `+39 06 ${d(r, 4)} ${d(r, 4)}`,
      `+31 20 ${r.int(2, 8)}${d(r, 2)} ${d(r, 4)}`,
      `+41 44 ${r.int(2, 8)}${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `+43 1 ${r.int(2, 9)}${d(r, 6)}`,
      `+48 22 ${r.int(2, 8)}${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `+351 21 ${d(r, 3)} ${d(r, 4)}`,
      `+353 1 ${nz(r)}${d(r, 2)} ${d(r, 4)}`,
      `+46 8 ${r.int(4, 7)}${d(r, 2)} ${d(r, 3)} ${d(r, 2)}`,
      `+1 416 ${r.int(2, 9)}${d(r, 2)} ${d(r, 4)}`,
    ]),
  (r) =>
    r.pick([
      `+52 55 ${r.int(1, 9)}${d(r, 3)} ${d(r, 4)}`,
      `+55 11 9${d(r, 4)}-${d(r, 4)}`,
      `+91 98${d(r, 3)} ${d(r, 5)}`,
      `+61 2 ${r.int(8, 9)}${d(r, 3)} ${d(r, 4)}`,
      `+81 3-${r.int(3, 6)}${d(r, 3)}-${d(r, 4)}`,
      `+86 13${d(r, 1)} ${d(r, 4)} ${d(r, 4)}`,
      `+971 50 ${d(r, 3)} ${d(r, 4)}`,
      `+27 82 ${d(r, 3)} ${d(r, 4)}`,
      `+90 53${d(r, 1)} ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`,
    ]),
];
