import { z } from 'zod';

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().meta({ description: 'Public part of the key (atr_<prefix>_…)' }),
    createdBy: z.uuid().nullable(),
    createdAt: z.date(),
    revokedAt: z.date().nullable(),
    lastUsedAt: z.date().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const apiKeyActivitySchema = apiKeySchema
  .extend({
    lastUsedAt: z.date().nullable().meta({
      description: 'When the gateway last served a request with the key, to the minute (written at most once a minute)',
    }),
    requestsLast30Days: z.number().int().meta({ description: 'Requests over the last 30 UTC days, today included' }),
    requestsTotal: z.number().int().meta({ description: 'Every request through the key in the usage record' }),
    stale: z.boolean().meta({
      description:
        'Not revoked, and neither used nor created for API_KEY_STALE_AFTER_DAYS days: a candidate for revoking',
    }),
  })
  .meta({ id: 'ApiKeyWithActivity' });
