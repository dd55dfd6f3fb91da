import { setAnnouncementPreferences } from '../../../platform/announcements/announcement-preferences';
import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { announcementPreferencesSchema } from './announcement-preferences-schema';

export const updateAnnouncementPreferencesRoute = defineRoute({
  method: 'put',
  path: '/v1/me/announcement-preferences',
  summary: 'Choose which announcements the calling user receives',
  description: 'A change is recorded in the audit trail; sending the preferences already in force changes nothing.',
  tags: ['announcements'],
  auth: 'user',
  request: { body: announcementPreferencesSchema.strict() },
  responses: { 200: { description: 'The preferences now in force', schema: announcementPreferencesSchema } },
  async handler({ body, principal, deps }) {
    const preferences = await setAnnouncementPreferences(deps.db, {
      userId: principal.userId,
      preferences: body,
      actor: auditActor(principal),
      via: 'settings',
    });
    if (!preferences) throw new ApiError('UNAUTHORIZED', 'the session user no longer exists');
    return { status: 200, body: preferences };
  },
});
