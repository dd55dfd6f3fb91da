/**
 * `npm run score:pii [-- --held-out] [--split NAME] [--mistakes] [--corpus DIR]`: precision and recall of
 * the PII detectors per type on the generated corpus, and the CPU cost of
 * `detectPii` on corpus lines, dense PII and prose (1 MB and 2 KB). The held-out
 * split is scored only when asked: it is kept out of tuning.
 */
import { parseArgs } from 'node:util';
import { detectPii } from '../platform/pii/detectors';
import { PII_ENTITY_TYPES } from '../platform/policies/policy-rules';
import { CORPUS_SPLITS, loadCorpus, scoreCorpus, type CorpusSplit } from '../test/platform/pii/corpus-score';

const MB = 1024 * 1024;
const { values: options } = parseArgs({
  options: {
    'held-out': { type: 'boolean' },
    split: { type: 'string' },
    mistakes: { type: 'boolean' },
    corpus: { type: 'string' },
  },
});
// `--split held-out-2` scores that split alone (the newest held-out split is scored once, on its own).
const only = CORPUS_SPLITS.find((s) => s === options.split);
if (options.split !== undefined && !only)
  throw new Error(`no split ${options.split}; one of ${CORPUS_SPLITS.join(', ')}`);
const splits: CorpusSplit[] = only ? [only] : options['held-out'] ? ['tuning', 'held-out'] : ['tuning'];

for (const split of splits) {
  const lines = loadCorpus(split, options.corpus);
  const { scores, mistakes } = scoreCorpus(lines);
  const entities = lines.reduce((n, l) => n + l.entities.length, 0);
  console.log(`\n${split}: ${lines.length} lines, ${entities} entities`);
  console.log('type     precision  recall    tp   fp   fn');
  for (const [type, s] of scores) {
    const cells = [
      s.precision.toFixed(3).padStart(9),
      s.recall.toFixed(3).padStart(7),
      ...[s.tp, s.fp, s.fn].map((n) => String(n).padStart(4)),
    ];
    console.log(`${type.padEnd(7)} ${cells.join('  ')}`);
  }
  if (options.mistakes) {
    for (const m of mistakes)
      console.log(`  ${m.id} ${m.kind} ${m.type} ${JSON.stringify(m.value)} [${m.decoys.join(', ')}]`);
  }
}

function fill(texts: string[], size: number): string {
  let text = '';
  for (let i = 0; text.length < size; i++) text += (texts[i % texts.length] ?? '') + '\n';
  return text.slice(0, size);
}

/** Least CPU time (user + system, so other processes on the machine do not count) of one call, in µs. */
function cpuMicroseconds(text: string, calls: number): number {
  const all = new Set(PII_ENTITY_TYPES);
  detectPii(text, all);
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const before = process.cpuUsage();
    for (let c = 0; c < calls; c++) detectPii(text, all);
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / calls);
  }
  return best;
}

const paragraph =
  'Summarise the following meeting notes for the quarterly planning review. The team discussed the roadmap, ' +
  'the hiring plan, the migration of the billing service and the new onboarding flow. ';
const tuningLines = loadCorpus('tuning', options.corpus);
const texts: Array<[string, string, number]> = [
  [
    '1 MB of tuning lines (an entity or look-alike on every line)',
    fill(
      tuningLines.map((l) => l.text),
      MB,
    ),
    1,
  ],
  [
    '2 KB of tuning lines',
    fill(
      tuningLines.map((l) => l.text),
      2048,
    ),
    200,
  ],
  [
    '2 KB of lines with entities (dense PII)',
    fill(
      tuningLines.filter((l) => l.entities.length > 0).map((l) => l.text),
      2048,
    ),
    200,
  ],
  ['2 KB of prose (no entities, no digits)', fill([paragraph], 2048), 20_000],
  ['1 MB of prose', fill([paragraph], MB), 2],
];
for (const split of splits.filter((s) => s !== 'tuning')) {
  const heldOut = loadCorpus(split, options.corpus).map((l) => l.text);
  texts.splice(1, 0, [`1 MB of ${split} lines`, fill(heldOut, MB), 1]);
}
console.log('\ndetectPii, all types, least CPU time of 5 runs:');
for (const [name, text, calls] of texts) {
  const micros = cpuMicroseconds(text, calls);
  const rate = text.length / MB / (micros / 1e6);
  console.log(`  ${name.padEnd(62)} ${micros.toFixed(1).padStart(10)} µs per call ${rate.toFixed(1).padStart(8)} MB/s`);
}
