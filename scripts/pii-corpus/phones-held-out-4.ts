import type { Random } from './random';

/**
 * Phone numbers of the fourth held-out split (written 2026-12-07, committed
 * before it was scored): national forms of countries outside Europe and North
 * America as their people type them (India, Brazil, Mexico, Japan, Korea,
 * China, Turkey, Argentina, Colombia, South Africa, Nigeria, Kenya, the
 * Philippines, Egypt, Indonesia, Australia, New Zealand), the common
 * European and North American ones in forms the other splits draw less
 * (dots, slashes, brackets around the trunk, `+1-` and `1.`), from blocks the
 * plans assign. Each value is checked against the plans (not the detectors)
 * before the split is scored.
 */
type PhoneMaker = (r: Random) => string;

const d = (r: Random, n: number) => r.digits(n);
const nz = (r: Random) => String(r.int(2, 9));

export const HELD_OUT_4_PHONES: PhoneMaker[] = [
  // India: mobiles 6–9, written 5-5, with +91 or a trunk 0; Mumbai and Delhi landlines.
  (r) => {
    const m = `${r.pick(['98', '97', '94', '88', '70', '63', '91'])}${d(r, 3)}`;
    const rest = d(r, 5);
    return r.pick([`${m} ${rest}`, `+91 ${m} ${rest}`, `+91-${m}-${rest}`, `0${m} ${rest}`]);
  },
  (r) => r.pick([`022 2${d(r, 3)} ${d(r, 4)}`, `011 4${d(r, 3)} ${d(r, 4)}`, `+91 22 6${d(r, 3)} ${d(r, 4)}`]),
  // Brazil: mobiles (2-digit area) 9xxxx-xxxx, landlines 2xxx-/3xxx-xxxx.
  (r) => {
    const area = r.pick(['11', '21', '31', '41', '51', '61', '71', '81', '85']);
    return r.pick([
      `(${area}) 9${d(r, 4)}-${d(r, 4)}`,
      `+55 (${area}) 9${d(r, 4)}-${d(r, 4)}`,
      `(${area}) ${r.pick(['2', '3'])}${d(r, 3)}-${d(r, 4)}`,
      `+55 ${area} 9${d(r, 4)} ${d(r, 4)}`,
    ]);
  },
  // Mexico: ten digits since 2019, area 55/33/81 written 2-4-4.
  (r) => {
    const area = r.pick(['55', '33', '81']);
    return r.pick([
      `${area} ${d(r, 4)} ${d(r, 4)}`,
      `(${area}) ${d(r, 4)} ${d(r, 4)}`,
      `+52 ${area} ${d(r, 4)} ${d(r, 4)}`,
    ]);
  },
  // Japan: mobiles 070/080/090, Tokyo 03, Osaka 06, toll-free 0120.
  (r) =>
    r.pick([
      `${r.pick(['090', '080', '070'])}-${nz(r)}${d(r, 3)}-${d(r, 4)}`,
      `03-${r.int(3, 6)}${d(r, 3)}-${d(r, 4)}`,
      `06-${r.int(6, 6)}${d(r, 3)}-${d(r, 4)}`,
      `+81 90-${nz(r)}${d(r, 3)}-${d(r, 4)}`,
      `0120-${r.int(1, 9)}${d(r, 2)}-${d(r, 3)}`,
    ]),
  // Korea: mobiles 010, Seoul 02.
  (r) =>
    r.pick([
      `010-${r.pick(['2', '3', '4', '7', '8', '9'])}${d(r, 3)}-${d(r, 4)}`,
      `+82 10-${r.pick(['2', '3', '4', '7', '8', '9'])}${d(r, 3)}-${d(r, 4)}`,
      `02-${nz(r)}${d(r, 2)}-${d(r, 4)}`,
    ]),
  // China: mobiles 13x/15x/18x written 3-4-4, Beijing 010.
  (r) => {
    const pre = r.pick(['138', '139', '150', '186', '187', '135']);
    return r.pick([`${pre} ${d(r, 4)} ${d(r, 4)}`, `+86 ${pre} ${d(r, 4)} ${d(r, 4)}`, `${pre}-${d(r, 4)}-${d(r, 4)}`]);
  },
  // Turkey: mobiles 05xx written 4-3-2-2.
  (r) => {
    const op = r.pick(['532', '533', '542', '505', '555']);
    return r.pick([`0${op} ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`, `+90 ${op} ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`]);
  },
  // Argentina: Buenos Aires with its trunk, mobiles +54 9 11.
  (r) => r.pick([`011 4${d(r, 3)}-${d(r, 4)}`, `+54 9 11 ${r.int(2, 6)}${d(r, 3)}-${d(r, 4)}`]),
  // Colombia: mobiles 3xx written 3-7 (and 3-3-4, as many write them).
  (r) => {
    const op = r.pick(['300', '310', '311', '315', '320']);
    return r.pick([`${op} ${d(r, 7)}`, `+57 ${op} ${d(r, 7)}`, `+57 ${op} ${d(r, 3)} ${d(r, 4)}`]);
  },
  // South Africa, Nigeria, Kenya, Egypt.
  (r) =>
    r.pick([`082 ${d(r, 3)} ${d(r, 4)}`, `+27 83 ${d(r, 3)} ${d(r, 4)}`, `011 ${r.int(2, 8)}${d(r, 2)} ${d(r, 4)}`]),
  (r) => r.pick([`+234 803 ${d(r, 3)} ${d(r, 4)}`, `+234 806 ${d(r, 3)} ${d(r, 4)}`]),
  (r) => r.pick([`+254 712 ${d(r, 3)} ${d(r, 3)}`, `+254 722 ${d(r, 3)} ${d(r, 3)}`]),
  (r) => `+20 10 ${d(r, 4)} ${d(r, 4)}`,
  // Philippines and Indonesia.
  (r) => r.pick([`0917 ${d(r, 3)} ${d(r, 4)}`, `+63 917 ${d(r, 3)} ${d(r, 4)}`]),
  (r) => `+62 812-${d(r, 4)}-${d(r, 4)}`,
  // Australia and New Zealand.
  (r) => r.pick([`04${r.pick(['00', '12', '23', '38'])} ${d(r, 3)} ${d(r, 3)}`, `(02) 9${d(r, 3)} ${d(r, 4)}`]),
  (r) =>
    r.pick([`021 ${d(r, 3)} ${d(r, 4)}`, `+64 21 ${d(r, 3)} ${d(r, 4)}`, `(09) ${r.int(3, 9)}${d(r, 2)} ${d(r, 4)}`]),
  // North America in the forms the other splits draw less.
  (r) => {
    const area = r.pick(['212', '415', '617', '312', '206', '503', '720', '416', '604']);
    const ex = `${r.int(2, 9)}${r.int(2, 9)}${r.int(0, 9)}`;
    return r.pick([
      `+1-${area}-${ex}-${d(r, 4)}`,
      `1.${area}.${ex}.${d(r, 4)}`,
      `(${area}) ${ex} ${d(r, 4)}`,
      `+1 ${area}.${ex}.${d(r, 4)}`,
    ]);
  },
  // Europe, in less common forms: German slash and bracketed trunk, French dots, UK, Spanish, Italian, Dutch.
  (r) => r.pick([`(089) ${nz(r)}${d(r, 6)}`, `0172/${d(r, 7)}`, `+49 (0) 40 ${nz(r)}${d(r, 6)}`]),
  // 06 39 is Mayotte's, not mainland France's.
  (r) => {
    const b = `${r.pick(['1', '2', '4', '5', '6', '7', '8'])}${d(r, 1)}`;
    return r.pick([`06.${b}.${d(r, 2)}.${d(r, 2)}.${d(r, 2)}`, `+33 6 ${b} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`]);
  },
  (r) =>
    r.pick([
      `07${r.pick(['4', '5', '8'])}${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`,
      `+44 (0)113 ${r.pick(['2', '3', '4'])}${d(r, 2)} ${d(r, 4)}`,
    ]),
  (r) =>
    r.pick([
      `+34 6${d(r, 2)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
      `+39 333 ${d(r, 3)} ${d(r, 4)}`,
      `+31 (0)6 ${r.int(1, 5)}${d(r, 7)}`,
    ]),
];
