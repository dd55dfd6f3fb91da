import { z } from 'zod';

export const accountDeletionStatusSchema = z.object({
  accountId: z.string(),
  state: z.enum(['grace-period', 'purging', 'purged', 'cancelled']),
  requestedAt: z.string(),
  purgeAt: z.string(),
  completedPurgeSteps: z.array(z.string()),
});
