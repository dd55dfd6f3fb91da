import { z } from 'zod';

export const announcementPreferencesSchema = z.object({
  productUpdates: z.boolean().meta({ description: 'E-mail me product updates' }),
  securityNotices: z.boolean().meta({ description: 'E-mail me security notices' }),
});
