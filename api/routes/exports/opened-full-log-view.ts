import { z } from 'zod';
import { exportedFullLogSchema, type OpenedFullLog } from '../../../platform/exports/exported-full-logs';

/** Up to 1,000 entries copied from an export's gateway_full_logs.json; 16 MiB holds even large prompts. */
export const OPEN_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const exportedEntriesSchema = z.array(exportedFullLogSchema).min(1).max(1000);

export const openedFullLogsSchema = z.object({
  entries: z.array(
    z.object({
      requestId: z.string(),
      prompt: z.array(z.string()).meta({ description: 'The prompt as forwarded upstream (after redaction)' }),
      completion: z.string(),
    }),
  ),
});

export function toOpenedView(entries: readonly OpenedFullLog[]): z.input<typeof openedFullLogsSchema> {
  return {
    entries: entries.map((entry) => ({
      requestId: entry.requestId,
      prompt: Array.isArray(entry.prompt) ? entry.prompt.map(String) : [String(entry.prompt)],
      completion: String(entry.completion),
    })),
  };
}

export const openFullLogsErrors = {
  400: { description: 'Invalid request, or an entry that does not open under the account’s key (named by position)' },
  410: { description: 'The account’s data key was destroyed (erasure or purge): the entries stay sealed' },
} as const;
