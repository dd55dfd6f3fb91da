import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the recorded workflow histories live (one JSON file per workflow kind,
 * written by `npm run record:histories`, replayed by test/workflows/replay.test.ts).
 * The files are Temporal's standard JSON history format, so the Temporal CLI and UI read them too.
 */
export const HISTORIES_DIR = path.resolve(import.meta.dirname, '../workflows/histories');

export const historyFile = (kind: string) => path.join(HISTORIES_DIR, `${kind}.json`);

export interface RecordedHistory {
  /** The workflow kind, from the file name; used as the replay's workflow ID. */
  kind: string;
  json: unknown;
}

export function readRecordedHistories(): RecordedHistory[] {
  return readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      kind: path.basename(file, '.json'),
      json: JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as unknown,
    }));
}
