import type { Command } from 'commander';
import { z } from 'zod';
import { REGIONS } from '../../../platform/config/config';
import { createArchiveSigner, publishedPublicKey } from '../../../platform/audit/archive-signing';
import { verifyAuditArchive } from '../../../platform/audit/audit-archive';
import { createObjectStorage } from '../../../platform/storage/object-storage';
import { ApiError } from '../../errors/api-error';
import { output, type CliContext } from '../cli-context';
import { readPublicKeyOption } from './audit-offline';

const options = z.object({
  region: z.enum(REGIONS).optional(),
  publicKey: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

/** `autrace audit verify-archive` and `autrace audit public-key`: added to the `audit` command the audit area registers. */
export function registerAuditArchiveCommands(program: Command, context: CliContext): void {
  const audit =
    program.commands.find((c) => c.name() === 'audit') ??
    program.command('audit').description('The hash-chained audit trail');
  audit
    .command('verify-archive')
    .description(
      'Check every archived segment and manifest in S3 against each other and the database; exits 2 naming the first mismatch',
    )
    .option('--region <region>', 'archive region (default: AUDIT_ARCHIVE_PRIMARY_REGION)')
    .option('--public-key <key>', "verify signatures with this Ed25519 public key (default: the signing key's own)")
    .option('--json', 'print JSON')
    .action(async (raw: unknown) => {
      const parsed = options.safeParse(raw);
      if (!parsed.success)
        throw new ApiError(
          'BAD_REQUEST',
          parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '),
        );
      const config = context.config();
      const storage = createObjectStorage(config.s3);
      try {
        const region = parsed.data.region ?? config.s3.auditArchivePrimaryRegion;
        const publicKey = parsed.data.publicKey ? await readPublicKeyOption(parsed.data.publicKey) : undefined;
        const result = await verifyAuditArchive({ config, db: context.db(), storage }, region, publicKey);
        output(parsed.data.json, { region, ...result }, () =>
          result.valid
            ? `audit archive intact: ${result.checkedDays} day(s), ${result.checkedEntries} entries (${region})`
            : `audit archive MISMATCH on ${result.day} at ${result.key}: ${result.problem}`,
        );
        if (!result.valid) process.exitCode = 2;
      } finally {
        storage.destroy();
      }
    });

  audit
    .command('public-key')
    .description('The Ed25519 public key that signs audit exports and archive manifests, for auditors')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      const key = publishedPublicKey(createArchiveSigner(context.config().keys.auditSigning).publicKey);
      output(flags.json, key, () => `${key.publicKey}\n(Ed25519, key id ${key.keyId})\n${key.publicKeyPem.trimEnd()}`);
    });
}
