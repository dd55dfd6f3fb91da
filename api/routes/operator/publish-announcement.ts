import { z } from 'zod';
import { publishAnnouncement } from '../../../platform/announcements/announcements';
import { ANNOUNCEMENT_KINDS } from '../../../platform/announcements/announcement-preferences';
import { regionsByDatabase } from '../../../platform/regions/regional-databases';
import { startAnnouncement } from '../../../platform/temporal/announcement-client';
import { defineRoute } from '../../http/define-route';

export const publishAnnouncementRoute = defineRoute({
  method: 'post',
  path: '/v1/operator/announcements',
  summary:
    'Publish a product update or a security notice: every user who has not opted out of its kind is e-mailed once',
  description:
    'Users with a processing restriction or objection in force are not e-mailed. Every message carries a one-click unsubscribe from its kind (RFC 8058).',
  tags: ['operator', 'announcements'],
  auth: 'operator',
  request: {
    body: z.object({
      kind: z.enum(ANNOUNCEMENT_KINDS),
      subject: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .regex(/^[^\r\n]*$/, 'one line'),
      body: z.string().trim().min(1).max(100_000),
    }),
  },
  responses: {
    201: {
      description: 'Published; the e-mails are going out',
      schema: z.object({ announcementId: z.uuid(), workflowId: z.string() }),
    },
  },
  async handler({ body, principal, deps }) {
    const announcement = await publishAnnouncement(deps.db, { ...body, publishedBy: principal.userId });
    const { workflowId } = await startAnnouncement(await deps.temporal(), {
      announcementId: announcement.id,
      region: deps.config.s3.auditArchivePrimaryRegion,
      regions: regionsByDatabase(deps.config),
    });
    return { status: 201, body: { announcementId: announcement.id, workflowId } };
  },
});
