import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { detectPii } from '../../../platform/pii/detectors';
import { PII_ENTITY_TYPES, type PiiEntityType } from '../../../platform/policies/policy-rules';

/** The generated corpus (scripts/pii-corpus/generate.ts): labels are character spans and a type. */
export const CORPUS_SPLITS = [
  'tuning',
  'held-out',
  'held-out-2',
  'held-out-3',
  'held-out-4',
  'held-out-5',
  'held-out-6',
  'held-out-7',
  'held-out-8',
  'held-out-9',
  'held-out-10',
  'held-out-11',
  'held-out-12',
] as const;
export type CorpusSplit = (typeof CORPUS_SPLITS)[number];

const corpusLineSchema = z.object({
  id: z.string(),
  format: z.string(),
  lang: z.string(),
  decoys: z.array(z.string()),
  text: z.string(),
  entities: z.array(
    z.object({ type: z.enum(PII_ENTITY_TYPES), start: z.number().int(), end: z.number().int(), value: z.string() }),
  ),
});
export type CorpusLine = z.infer<typeof corpusLineSchema>;

export function loadCorpus(split: CorpusSplit, dir = join(import.meta.dirname, 'corpus')): CorpusLine[] {
  const raw = readFileSync(join(dir, `${split}.jsonl`), 'utf8');
  return raw
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const line = corpusLineSchema.parse(JSON.parse(l));
      for (const e of line.entities) {
        if (line.text.slice(e.start, e.end) !== e.value) throw new Error(`${line.id}: span does not hold its value`);
      }
      return line;
    });
}

export interface TypeScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}
export interface CorpusMistake {
  id: string;
  kind: 'false positive' | 'missed';
  type: PiiEntityType;
  value: string;
  decoys: string[];
}

const ALL = new Set(PII_ENTITY_TYPES);

/** A found entity counts only with the labelled type and exactly the labelled span. */
export function scoreCorpus(lines: CorpusLine[]): { scores: Map<PiiEntityType, TypeScore>; mistakes: CorpusMistake[] } {
  const counts = new Map(PII_ENTITY_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const mistakes: CorpusMistake[] = [];
  for (const line of lines) {
    const expected = new Map(line.entities.map((e) => [`${e.type}:${e.start}:${e.end}`, e]));
    for (const found of detectPii(line.text, ALL)) {
      const count = counts.get(found.type);
      if (!count) continue;
      const key = `${found.type}:${found.start}:${found.end}`;
      if (expected.delete(key)) count.tp++;
      else {
        count.fp++;
        mistakes.push({
          id: line.id,
          kind: 'false positive',
          type: found.type,
          value: found.value,
          decoys: line.decoys,
        });
      }
    }
    for (const missed of expected.values()) {
      const count = counts.get(missed.type);
      if (count) count.fn++;
      mistakes.push({ id: line.id, kind: 'missed', type: missed.type, value: missed.value, decoys: line.decoys });
    }
  }
  const scores = new Map<PiiEntityType, TypeScore>();
  for (const [type, { tp, fp, fn }] of counts) {
    scores.set(type, {
      tp,
      fp,
      fn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    });
  }
  return { scores, mistakes };
}
