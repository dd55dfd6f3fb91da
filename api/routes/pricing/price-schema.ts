import { z } from 'zod';

export const modelPriceSchema = z.object({
  id: z.uuid(),
  providerKind: z.string(),
  model: z.string(),
  effectiveFrom: z.string(),
  inputMicroUsdPerMTok: z.number().int(),
  cachedInputMicroUsdPerMTok: z.number().int(),
  outputMicroUsdPerMTok: z.number().int(),
});
