import type { Random } from './random';

/**
 * Phone numbers of the second held-out split (written 2026-12-07, before it
 * was scored): numbering plans and written forms the other splits do not
 * draw, from blocks the plans assign, including national forms people of
 * those countries type without a country code.
 */
type PhoneMaker = (r: Random) => string;

const d = (r: Random, n: number) => r.digits(n);
const US_AREAS = ['206', '303', '404', '503', '602', '615', '704', '801', '858', '916'];
const exchange = (r: Random) => `${r.int(2, 9)}${r.int(0, 9)}${r.int(2, 9)}`;

export const HELD_OUT_2_PHONES: PhoneMaker[] = [
  // North America, with extensions and toll-free numbers
  (r) => {
    const a = r.pick(US_AREAS);
    const e = exchange(r);
    const l = d(r, 4);
    return r.pick([
      `${a}-${e}-${l}`,
      `(${a}) ${e} ${l}`,
      `+1.${a}.${e}.${l}`,
      `1-${a}-${e}-${l}`,
      `+1 (${a}) ${e}-${l}`,
    ]);
  },
  (r) => `${r.pick(['800', '888', '877'])}-${exchange(r)}-${d(r, 4)}`,
  // Germany: Hamburg, Cologne, Stuttgart, mobiles in several spellings
  (r) =>
    r.pick([
      `+49 (0) 40 ${r.int(2, 8)}${d(r, 6)}`,
      `0221 ${r.int(2, 9)}${d(r, 6)}`,
      `0711/${r.int(2, 9)}${d(r, 5)}`,
      `0160 ${d(r, 7)}`,
      `+49 1512 ${d(r, 7)}`,
      `+49-172-${d(r, 7)}`,
    ]),
  // France, Belgium, Switzerland, Luxembourg
  (r) =>
    r.pick([
      `06-${r.int(10, 99)}-${d(r, 2)}-${d(r, 2)}-${d(r, 2)}`,
      `+33 7 ${r.int(50, 89)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `01.${r.int(40, 59)}.${d(r, 2)}.${d(r, 2)}.${d(r, 2)}`,
      `+32 470 ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `0475 ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `+41 79 ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`,
      `044 ${r.int(2, 8)}${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `+352 621 ${d(r, 3)} ${d(r, 3)}`,
    ]),
  // Spain, Portugal, Italy (Italian mobiles are written without a trunk 0)
  (r) =>
    r.pick([
      `+34 6${d(r, 2)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `0034 7${r.int(1, 4)}${d(r, 1)} ${d(r, 3)} ${d(r, 3)}`,
      `(+34) 91 ${r.int(2, 7)}${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `+351 91${r.int(0, 9)} ${d(r, 3)} ${d(r, 3)}`,
      `+39 02 ${r.int(2, 9)}${d(r, 3)} ${d(r, 4)}`,
      `+39 347 ${d(r, 3)} ${d(r, 4)}`,
      `347 ${d(r, 3)} ${d(r, 4)}`,
      `02 ${r.int(2, 9)}${d(r, 3)} ${d(r, 4)}`,
    ]),
  // Netherlands, Austria, Ireland, Nordics, Poland
  (r) =>
    r.pick([
      `06 ${r.int(1, 5)}${d(r, 7)}`,
      `+31 6 ${r.int(1, 5)}${d(r, 7)}`,
      `020-${r.int(2, 8)}${d(r, 6)}`,
      `+43 664 ${d(r, 7)}`,
      `087 ${d(r, 3)} ${d(r, 4)}`,
      `+353 87 ${d(r, 3)} ${d(r, 4)}`,
      `+46 70 ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`,
      `+47 ${r.pick(['4', '9'])}${d(r, 2)} ${d(r, 2)} ${d(r, 3)}`,
      `+45 ${r.int(20, 31)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `+48 ${r.pick(['50', '51', '60', '69'])}${d(r, 1)} ${d(r, 3)} ${d(r, 3)}`,
    ]),
  // The rest of the world, international forms
  (r) =>
    r.pick([
      `+55 21 9${r.int(6, 9)}${d(r, 3)}-${d(r, 4)}`,
      `+54 9 11 ${r.int(2, 6)}${d(r, 3)}-${d(r, 4)}`,
      `+91-9${d(r, 4)}-${d(r, 5)}`,
      `+81 90-${r.int(1, 9)}${d(r, 3)}-${d(r, 4)}`,
      `+65 ${r.pick(['8', '9'])}${r.int(1, 7)}${d(r, 2)} ${d(r, 4)}`,
      `+852 ${r.pick(['5', '6', '9'])}${d(r, 3)} ${d(r, 4)}`,
      `+82 10-${d(r, 4)}-${d(r, 4)}`,
      `+234 803 ${d(r, 3)} ${d(r, 4)}`,
      `+254 7${r.int(10, 29)} ${d(r, 6)}`,
      `+27 21 ${r.int(4, 9)}${d(r, 2)} ${d(r, 4)}`,
      `+972 52-${d(r, 3)}-${d(r, 4)}`,
      `+61 4${r.int(0, 9)}${d(r, 1)} ${d(r, 3)} ${d(r, 3)}`,
    ]),
];
