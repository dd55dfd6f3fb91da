import { z } from 'zod';

/** An integer Postgres stores in an `integer` column (beyond it, Postgres answers 22003). */
export const pgIntegerSchema = z.number().int().min(-2_147_483_648).max(2_147_483_647);

/** An ISO 8601 instant with a real UTC offset (±14:00 at most); Postgres refuses offsets past ±15:59. */
export const pgTimestampSchema = z.iso.datetime({ offset: true }).refine((value) => {
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(value);
  return !offset || Number(offset[2]) * 60 + Number(offset[3]) <= 14 * 60;
}, 'the UTC offset must be between -14:00 and +14:00');
