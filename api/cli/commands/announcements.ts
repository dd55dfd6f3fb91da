import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { listAnnouncements, publishAnnouncement } from '../../../platform/announcements/announcements';
import { regionsByDatabase } from '../../../platform/regions/regional-databases';
import { startAnnouncement } from '../../../platform/temporal/announcement-client';
import { createTemporalClient } from '../../../platform/temporal/connection';
import { ApiError } from '../../errors/api-error';
import { output, type CliContext } from '../cli-context';

const KINDS = { 'product-update': 'product_update', 'security-notice': 'security_notice' } as const;

const publishOptions = z.object({
  kind: z.enum(Object.keys(KINDS) as [keyof typeof KINDS, ...Array<keyof typeof KINDS>]),
  subject: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^\r\n]*$/, 'one line'),
  file: z.string().min(1),
  json: z.boolean().optional(),
});

export function registerAnnouncementCommands(program: Command, context: CliContext): void {
  const announcements = program
    .command('announcements')
    .description('Product updates and security notices e-mailed to every user who has not opted out');

  announcements
    .command('publish')
    .description(
      'Publish an announcement: every user who has not opted out of its kind, and has no restriction or objection in force, is e-mailed once',
    )
    .requiredOption('--kind <kind>', 'product-update or security-notice')
    .requiredOption('--subject <text>', 'the e-mail subject (one line)')
    .requiredOption('--file <path>', 'the message, plain text')
    .option('--json', 'print JSON')
    .action(async (raw: unknown) => {
      const parsed = publishOptions.safeParse(raw);
      if (!parsed.success)
        throw new ApiError(
          'BAD_REQUEST',
          parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '),
        );
      const options = parsed.data;
      const body = (await readFile(options.file, 'utf8')).trim();
      if (!body) throw new ApiError('BAD_REQUEST', '--file is empty');
      const config = context.config();
      const announcement = await publishAnnouncement(context.db(), {
        kind: KINDS[options.kind],
        subject: options.subject,
        body,
        publishedBy: null,
      });
      const client = await createTemporalClient(config.temporal);
      try {
        const { workflowId } = await startAnnouncement(client, {
          announcementId: announcement.id,
          region: config.s3.auditArchivePrimaryRegion,
          regions: regionsByDatabase(config),
        });
        output(
          options.json,
          { announcementId: announcement.id, workflowId },
          () => `published ${options.kind} ${announcement.id}; e-mails: workflow ${workflowId}`,
        );
      } finally {
        await client.connection.close();
      }
    });

  announcements
    .command('list')
    .description('Announcements, newest first, with how many users each reached')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(async (options: { limit: string; json?: boolean }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new ApiError('BAD_REQUEST', '--limit must be a whole number from 1 to 1000');
      const list = await listAnnouncements(context.db(), limit);
      output(options.json, list, () =>
        list
          .map(
            (a) =>
              `${a.createdAt.toISOString()} ${a.id} ${a.kind} ${a.status}${a.recipients === null ? '' : ` to ${a.recipients}`}: ${a.subject}`,
          )
          .join('\n'),
      );
    });
}
