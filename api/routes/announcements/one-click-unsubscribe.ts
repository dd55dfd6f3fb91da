import { setAnnouncementPreferences } from '../../../platform/announcements/announcement-preferences';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { doneBody, KIND_NAMES, page, PAGE_HEADERS, tokenOrFail, unsubscribeQuerySchema } from './unsubscribe-page';

const PREFERENCE = { product_update: 'productUpdates', security_notice: 'securityNotices' } as const;

/** The form fields of a one-click POST, which mail providers send urlencoded or as multipart/form-data. */
async function formFields(rawBody: Buffer, contentType: string | undefined): Promise<FormData> {
  if (!contentType || !/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType))
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send List-Unsubscribe=One-Click as a form');
  try {
    return await new Response(new Uint8Array(rawBody), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new ApiError('BAD_REQUEST', 'malformed form body');
  }
}

export const oneClickUnsubscribeRoute = defineRoute({
  method: 'post',
  path: '/v1/unsubscribe',
  summary: 'Anyone holding an unsubscribe link: unsubscribe from its kind of announcement, without signing in',
  description:
    'The one-click unsubscribe of RFC 8058: the URL of an announcement’s List-Unsubscribe header, posted with the form body List-Unsubscribe=One-Click (urlencoded or multipart). The link names one user and one kind, signed; the change is recorded in the audit trail. Posting it again changes nothing.',
  tags: ['announcements'],
  auth: 'public',
  maxBodyBytes: 4096,
  request: { query: unsubscribeQuerySchema },
  responses: { 200: { description: 'Unsubscribed', contentType: 'text/html; charset=utf-8' } },
  async handler({ query, rawBody, headers, deps }) {
    const { userId, kind } = tokenOrFail(deps.config.keys.master, query.token);
    const fields = await formFields(rawBody, headers['content-type']);
    if (fields.get('List-Unsubscribe') !== 'One-Click')
      throw new ApiError('BAD_REQUEST', 'the body must be List-Unsubscribe=One-Click');
    // The link names a user, not a region: each region's database is asked, the primary's first, until
    // one holds the user. A user since erased has nothing left to unsubscribe: the answer is the same.
    for (const db of deps.regions.all()) {
      const changed = await setAnnouncementPreferences(db, {
        userId,
        preferences: { [PREFERENCE[kind]]: false },
        actor: { actorType: 'subject', actorId: userId },
        via: 'unsubscribe-link',
      });
      if (changed) break;
    }
    return {
      status: 200,
      body: page(`Unsubscribed from ${KIND_NAMES[kind]}`, doneBody(kind)),
      headers: PAGE_HEADERS,
    };
  },
});
