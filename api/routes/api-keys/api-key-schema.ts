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
