import { z } from 'zod';

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
});

export const requestIdParams = z.object({ requestId: z.uuid() });
