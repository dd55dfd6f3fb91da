import { z } from 'zod';
import { ROUTE_FAILURES } from '../../../platform/database/tables';

const routeAttemptSchema = z.object({
  connectionId: z.uuid(),
  model: z.string().meta({ description: 'The model the connection was asked for' }),
  status: z.number().int().meta({ description: "The upstream's HTTP status; 0 when none came" }),
  failure: z
    .enum(ROUTE_FAILURES)
    .nullable()
    .meta({ description: 'Why this attempt did not answer the caller; null when it did' }),
});

/** A gateway request as the request log shows it: metadata only, never prompt or completion text. */
export const requestLogEntrySchema = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  keyId: z.string().nullable(),
  keyPrefix: z.string().nullable().meta({ description: "The key's public prefix; null once the key is gone" }),
  provider: z.string(),
  model: z.string(),
  verdict: z.enum(['ALLOW', 'BLOCK']),
  matchedRuleIds: z.array(z.string()),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  latencyMs: z.number().int(),
  status: z.number().int(),
  hasFullLog: z.boolean().meta({ description: 'A full log (prompt and completion) is stored for this request' }),
  route: z
    .object({
      alias: z.string(),
      attempts: z.number().int().meta({ description: 'Upstream calls made, retries included' }),
      tried: z.array(routeAttemptSchema).meta({ description: 'Every target tried or skipped, in order' }),
      answered: routeAttemptSchema.nullable().meta({ description: 'The attempt whose answer reached the caller' }),
    })
    .nullable()
    .meta({ description: "Routing, when the model asked for was one of the account's aliases; null otherwise" }),
});

export const requestIdParams = z.object({ requestId: z.uuid() });
