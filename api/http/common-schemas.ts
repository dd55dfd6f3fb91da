import { z } from 'zod';
import { REGIONS } from '../../platform/config/config';
import { PLANS } from '../../platform/billing/plans';
import { ACCOUNT_ROLES } from '../../platform/accounts/roles';
export { pgIntegerSchema, pgTimestampSchema as timestampSchema } from '../../platform/database/pg-values';

export const planSchema = z.enum(PLANS);
export const regionSchema = z.enum(REGIONS);
export const roleSchema = z.enum(ACCOUNT_ROLES);
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email()).meta({ example: 'ada@example.com' });
/** Long enough to resist guessing; no composition rules (NIST 800-63B). */
export const passwordSchema = z.string().min(12).max(200);
export const idParam = <K extends string>(name: K) => z.object({ [name]: z.uuid() } as Record<K, z.ZodUUID>);
export const okSchema = z.object({ ok: z.literal(true) });
export const sessionSchema = z.object({
  token: z.string().meta({ description: 'Bearer token; shown once, only its hash is stored' }),
  sessionId: z.uuid(),
  expiresAt: z.date(),
});
