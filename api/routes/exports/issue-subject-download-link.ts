import { firstRegionKnowing } from '../../http/regional-lookup';
import { z } from 'zod';
import { defineRoute } from '../../http/define-route';
import { issueSubjectExportDownloadLink } from '../../../platform/exports/export-download-links';
import { downloadLinkErrors, downloadLinkSchema, toDownloadLinkView } from './download-link-view';

export const issueSubjectDownloadLinkRoute = defineRoute({
  method: 'post',
  path: '/v1/public/exports/download-link',
  summary: 'A public data subject’s short-lived download link, for the token in their answer e-mail',
  description:
    'The privacy center calls this with the token from the e-mailed page address; the token works until the archive ' +
    'expires or is deleted, and each link it gives lives EXPORT_LINK_TTL_SECONDS at most.',
  tags: ['privacy'],
  auth: 'public',
  rateLimit: { limit: 20, windowSeconds: 3600 },
  request: { body: z.strictObject({ token: z.string().min(20).max(200) }) },
  responses: {
    200: { description: 'The link', schema: downloadLinkSchema },
    404: { description: 'Unknown token, or its export was deleted' },
    ...downloadLinkErrors,
  },
  async handler({ body, deps }) {
    const link = await firstRegionKnowing(deps, (regional) =>
      issueSubjectExportDownloadLink(regional, { token: body.token }),
    );
    return { status: 200, body: toDownloadLinkView(link) };
  },
});
