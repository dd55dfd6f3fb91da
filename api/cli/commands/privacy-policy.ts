import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DomainError } from '../../../platform/errors/domain-error';
import { publishPrivacyPolicyVersion } from '../../../platform/privacy-policy/privacy-policy';
import { regionsByDatabase } from '../../../platform/regions/regional-databases';
import { startPrivacyPolicyNotices } from '../../../platform/temporal/privacy-policy-client';
import { createTemporalClient } from '../../../platform/temporal/connection';
import { ApiError } from '../../errors/api-error';
import { output, type CliContext } from '../cli-context';

interface PublishOptions {
  file: string;
  effectiveDate: string;
  version?: string;
  summary?: string;
  json?: boolean;
}

export function registerPrivacyPolicyCommands(program: Command, context: CliContext): void {
  const policy = program
    .command('privacy-policy')
    .description('Versions of our privacy policy and the notices about them');

  policy
    .command('publish')
    .description(
      'Publish a version: every user is e-mailed once, and it takes effect on its date (at least 14 days away)',
    )
    .requiredOption('--file <path>', 'the full text of the new version')
    .requiredOption('--effective-date <date>', 'ISO date or date-time (UTC) it takes effect')
    .option('--version <label>', 'version label (default: the effective date)')
    .option('--summary <text>', 'what changes, quoted in the notice e-mail')
    .option('--json', 'print JSON')
    .action(async (options: PublishOptions) => {
      const effectiveAt = new Date(options.effectiveDate);
      if (Number.isNaN(effectiveAt.getTime()))
        throw new ApiError('BAD_REQUEST', '--effective-date must be an ISO date, e.g. 2027-01-15');
      const body = await readFile(options.file, 'utf8');
      const config = context.config();
      try {
        const version = await publishPrivacyPolicyVersion(context.db(), {
          version: options.version ?? effectiveAt.toISOString().slice(0, 10),
          summary: options.summary ?? 'We have updated our privacy policy; the full text is linked below.',
          body,
          effectiveAt,
          publishedBy: null,
          now: new Date(),
        });
        const client = await createTemporalClient(config.temporal);
        try {
          const { workflowId } = await startPrivacyPolicyNotices(client, {
            versionId: version.id,
            region: config.s3.auditArchivePrimaryRegion,
            regions: regionsByDatabase(config),
          });
          output(
            options.json,
            {
              versionId: version.id,
              version: version.version,
              workflowId,
              effectiveAt: version.effectiveAt.toISOString(),
            },
            () =>
              `published ${version.version} (takes effect ${version.effectiveAt.toISOString()}); notices: workflow ${workflowId}`,
          );
        } finally {
          await client.connection.close();
        }
      } catch (error) {
        if (error instanceof DomainError && error.code === 'PolicyEffectiveDateTooEarly')
          throw new ApiError('BAD_REQUEST', error.message);
        if (error instanceof DomainError && error.code === 'PolicyVersionExists')
          throw new ApiError('CONFLICT', error.message);
        throw error;
      }
    });
}
