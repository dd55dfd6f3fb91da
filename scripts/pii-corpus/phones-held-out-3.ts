import type { Random } from './random';

/**
 * Phone numbers of the third held-out split (written 2026-12-07, before it
 * was scored): Nordic, Irish, Czech, Greek, Polish, South African, Japanese,
 * Singaporean, Canadian and Brazilian plans beside the common ones, in the
 * forms people of those countries type, from blocks the plans assign.
 */
type PhoneMaker = (r: Random) => string;

const d = (r: Random, n: number) => r.digits(n);

export const HELD_OUT_3_PHONES: PhoneMaker[] = [
  (r) => r.pick([`+46 70 ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`, `070-${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`]),
  (r) =>
    `+47 ${r.pick(['40', '41', '45', '46', '47', '48', '90', '91', '92', '93', '94', '95', '97', '98'])}${d(r, 1)} ${d(r, 2)} ${d(r, 3)}`,
  (r) => `+45 ${r.pick(['20', '30', '40'])} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
  (r) =>
    r.pick([
      `+353 8${r.pick(['3', '5', '6', '7'])} ${d(r, 3)} ${d(r, 4)}`,
      `08${r.pick(['3', '5', '7'])} ${d(r, 3)} ${d(r, 4)}`,
    ]),
  (r) => `+420 ${r.pick(['601', '603', '608', '721', '777'])} ${d(r, 3)} ${d(r, 3)}`,
  (r) => `+30 69${r.pick(['4', '7', '8', '9'])} ${d(r, 3)} ${d(r, 4)}`,
  (r) => `+48 ${r.pick(['501', '602', '721', '885'])} ${d(r, 3)} ${d(r, 3)}`,
  (r) => `+27 ${r.pick(['82', '83', '72', '71'])} ${d(r, 3)} ${d(r, 4)}`,
  (r) => r.pick([`+81 90-${d(r, 4)}-${d(r, 4)}`, `+81 3-${r.int(3, 6)}${d(r, 3)}-${d(r, 4)}`]),
  (r) => `+65 ${r.pick(['8', '9'])}${d(r, 3)} ${d(r, 4)}`,
  (r) => {
    const area = r.pick(['416', '604', '514', '403']);
    const ex = `${r.int(2, 9)}${r.int(2, 9)}${r.int(0, 9)}`;
    return r.pick([`(${area}) ${ex}-${d(r, 4)}`, `+1 ${area} ${ex} ${d(r, 4)}`, `${area}.${ex}.${d(r, 4)}`]);
  },
  (r) => r.pick([`+55 21 9${d(r, 4)}-${d(r, 4)}`, `(11) 9${d(r, 4)}-${d(r, 4)}`]),
  (r) => r.pick([`030-${r.int(2, 9)}${d(r, 7)}`, `+49 (0)221 ${r.int(2, 9)}${d(r, 6)}`, `0160 ${d(r, 7)}`]),
  (r) =>
    r.pick([
      `+33 (0)1 4${d(r, 1)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `07 6${d(r, 1)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
    ]),
  (r) => r.pick([`+39 02 ${d(r, 4)} ${d(r, 4)}`, `+39 347 ${d(r, 3)} ${d(r, 4)}`]),
  (r) => r.pick([`+31 6 ${r.int(1, 5)}${d(r, 3)} ${d(r, 4)}`, `06 ${r.int(1, 5)}${d(r, 7)}`]),
  (r) => `+32 47${r.int(0, 9)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
  (r) => `+41 7${r.pick(['6', '7', '8', '9'])} ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`,
  (r) => `+351 21 ${r.int(3, 9)}${d(r, 2)} ${d(r, 4)}`,
  (r) => `+34 ${r.pick([`6${d(r, 2)}`, `7${r.int(1, 4)}${d(r, 1)}`])} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
  (r) => `+44 161 496 0${d(r, 3)}`,
  (r) => `${r.pick(['212', '718', '312', '617'])}.${r.int(2, 9)}${r.int(2, 9)}${r.int(0, 9)}.${d(r, 4)}`,
];
