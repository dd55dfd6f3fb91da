import { z } from 'zod';
import { idParam } from '../../http/common-schemas';

/** A model alias as the API shows it. */
export const modelAliasSchema = z.object({
  id: z.uuid(),
  name: z.string().meta({ description: 'The model name callers ask for' }),
  description: z.string().nullable(),
  retries: z.number().int().meta({ description: 'Retries of one target before the next is tried' }),
  targets: z.array(
    z.object({
      connectionId: z.uuid(),
      model: z.string().meta({ description: 'The model the connection is asked for' }),
      priority: z.number().int(),
      weight: z.number().int(),
    }),
  ),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const aliasIdParams = idParam('aliasId');
