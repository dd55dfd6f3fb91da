/**
 * `npm run score:pii [-- --held-out] [--mistakes] [--corpus DIR]`: precision and recall of
 * the PII detectors per type on the generated corpus, and the scan speed of
 * `detectPii` on two 1 MB prompts. The held-out split is scored only when asked:
 * it is kept out of tuning.
 */
import { parseArgs } from 'node:util';
import { detectPii } from '../platform/pii/detectors';
import { PII_ENTITY_TYPES } from '../platform/policies/policy-rules';
import { loadCorpus, scoreCorpus, type CorpusLine, type CorpusSplit } from '../test/platform/pii/corpus-score';

const MB = 1024 * 1024;
const { values: options } = parseArgs({
  options: { 'held-out': { type: 'boolean' }, mistakes: { type: 'boolean' }, corpus: { type: 'string' } },
});
const splits: CorpusSplit[] = options['held-out'] ? ['tuning', 'held-out'] : ['tuning'];

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

function prompt(lines: CorpusLine[]): string {
  let text = '';
  for (let i = 0; text.length < MB; i++) text += (lines[i % lines.length]?.text ?? '') + '\n';
  return text.slice(0, MB);
}

function megabytesPerSecond(text: string): number {
  const all = new Set(PII_ENTITY_TYPES);
  detectPii(text, all);
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    detectPii(text, all);
    best = Math.min(best, performance.now() - start);
  }
  return text.length / MB / (best / 1000);
}

const paragraph =
  'Summarise the following meeting notes for the quarterly planning review. The team discussed the roadmap, ' +
  'the hiring plan, the migration of the billing service and the new onboarding flow. ';
console.log('\ndetectPii, all types, best of 5:');
console.log(
  `  1 MB of corpus lines (entities and look-alikes on every line): ${megabytesPerSecond(prompt(loadCorpus('tuning'))).toFixed(1)} MB/s`,
);
console.log(
  `  1 MB of prose (no entities):                                  ${megabytesPerSecond(paragraph.repeat(Math.ceil(MB / paragraph.length)).slice(0, MB)).toFixed(1)} MB/s`,
);
