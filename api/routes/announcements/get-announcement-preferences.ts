import { announcementPreferences } from '../../../platform/announcements/announcement-preferences';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { announcementPreferencesSchema } from './announcement-preferences-schema';

export const getAnnouncementPreferencesRoute = defineRoute({
  method: 'get',
  path: '/v1/me/announcement-preferences',
  summary: 'Which announcements (product updates, security notices) the calling user receives',
  tags: ['announcements'],
  auth: 'user',
  request: {},
  responses: { 200: { description: 'The preferences in force', schema: announcementPreferencesSchema } },
  async handler({ principal, deps }) {
    const preferences = await announcementPreferences(deps.db, principal.userId);
    if (!preferences) throw new ApiError('UNAUTHORIZED', 'the session user no longer exists');
    return { status: 200, body: preferences };
  },
});
