import { z } from 'zod';
import { REGIONS } from '../../../platform/config/config';
import { PROVIDER_KINDS } from '../../../platform/provider-connections/provider-kinds';
import { idParam } from '../../http/common-schemas';

/** A connection as the API shows it: never its key, only the key's last four characters. */
export const providerConnectionSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  baseUrl: z.string(),
  region: z.enum(REGIONS).nullable(),
  models: z.array(z.string()),
  apiKeyLast4: z.string().nullable().meta({ description: 'The last four characters of the key; null when none' }),
  createdAt: z.date(),
  updatedAt: z.date(),
  keyRotatedAt: z.date().nullable(),
});

export const connectionIdParams = idParam('connectionId');
