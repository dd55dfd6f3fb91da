import { z } from 'zod';
import type { ExportDownloadLink } from '../../../platform/exports/export-download-links';

export const downloadLinkSchema = z.object({
  url: z.string().meta({ description: 'A pre-signed GET of the archive; do not store or share it' }),
  expiresAt: z.string().meta({ description: 'When the link stops working (ISO 8601)' }),
});

export function toDownloadLinkView(link: ExportDownloadLink): z.infer<typeof downloadLinkSchema> {
  return { url: link.url, expiresAt: link.expiresAt.toISOString() };
}

/** The statuses both download-link routes answer beyond the framework's own. */
export const downloadLinkErrors = {
  409: { description: 'The export is not finished yet' },
  410: { description: 'The archive has expired (or was deleted); run a new export' },
} as const;
