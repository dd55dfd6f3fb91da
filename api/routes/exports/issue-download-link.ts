import { z } from 'zod';
import { defineRoute } from '../../http/define-route';
import { issueExportDownloadLink } from '../../../platform/exports/export-download-links';
import { downloadLinkErrors, downloadLinkSchema, toDownloadLinkView } from './download-link-view';

export const issueDownloadLinkRoute = defineRoute({
  method: 'post',
  path: '/v1/exports/:exportId/download-link',
  summary: "A fresh, short-lived download link to an export's archive",
  description:
    'For whoever asked for the export and the account’s current owners; a data-subject export only for its subject. ' +
    'The link lives EXPORT_LINK_TTL_SECONDS at most, never past the archive’s expiry, and each one is in the audit trail.',
  tags: ['exports'],
  auth: 'user',
  request: { params: z.object({ exportId: z.uuid() }) },
  responses: {
    200: { description: 'The link', schema: downloadLinkSchema },
    404: { description: 'No such export, or not one the caller may download' },
    ...downloadLinkErrors,
  },
  async handler({ params, principal, deps }) {
    const link = await issueExportDownloadLink(deps, {
      exportId: params.exportId,
      reader: { accountId: principal.accountId, userId: principal.userId, role: principal.role },
    });
    return { status: 200, body: toDownloadLinkView(link) };
  },
});
