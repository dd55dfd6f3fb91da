import { z } from 'zod';
import { listAnnouncements } from '../../../platform/announcements/announcements';
import { ANNOUNCEMENT_KINDS } from '../../../platform/announcements/announcement-preferences';
import { defineRoute } from '../../http/define-route';

export const listAnnouncementsRoute = defineRoute({
  method: 'get',
  path: '/v1/operator/announcements',
  summary: 'Announcements, newest first, with how many users each reached',
  tags: ['operator', 'announcements'],
  auth: 'operator',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: {
    200: {
      description: 'Newest first',
      schema: z.object({
        announcements: z.array(
          z.object({
            id: z.uuid(),
            kind: z.enum(ANNOUNCEMENT_KINDS),
            subject: z.string(),
            status: z.enum(['sending', 'sent']),
            recipients: z.number().int().nullable().meta({ description: 'Users e-mailed; null while sending' }),
            createdAt: z.date(),
            completedAt: z.date().nullable(),
          }),
        ),
      }),
    },
  },
  async handler({ query, deps }) {
    return { status: 200, body: { announcements: await listAnnouncements(deps.db, query.limit) } };
  },
});
