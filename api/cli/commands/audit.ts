import type { Command } from 'commander';
import { z } from 'zod';
import { toAuditEntry, verifyAuditChain, type AuditEntry } from '../../../platform/audit/audit-trail';
import { ApiError } from '../../errors/api-error';
import { output, type CliContext } from '../cli-context';
import { verifyExportFile } from './audit-offline';

const showOptions = z.object({
  account: z.uuid().optional(),
  action: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(50),
  json: z.boolean().optional(),
});

export function registerAuditCommands(program: Command, context: CliContext): void {
  const audit = program.command('audit').description('The hash-chained audit trail');

  audit
    .command('show')
    .description('The latest entries, newest first')
    .option('--account <accountId>', 'only this account')
    .option('--action <action>', 'only this action, e.g. api_key.created')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(async (raw: unknown) => {
      const parsed = showOptions.safeParse(raw);
      if (!parsed.success)
        throw new ApiError(
          'BAD_REQUEST',
          parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '),
        );
      const options = parsed.data;
      const q = context.db()('audit_log').orderBy('id', 'desc').limit(options.limit);
      if (options.account) void q.where({ account_id: options.account });
      if (options.action) void q.where({ action: options.action });
      const entries: AuditEntry[] = (await q.select('*')).map(toAuditEntry);
      output(
        options.json,
        { entries },
        () =>
          entries
            .map(
              (e) =>
                `#${e.id} ${e.createdAt.toISOString()} ${e.action} by ${e.actorType}:${e.actorId ?? '-'} → ${e.targetType ?? '-'}:${e.targetId ?? '-'} ${JSON.stringify(e.summary)}`,
            )
            .join('\n') || 'no entries',
      );
    });

  audit
    .command('verify')
    .description(
      'Recompute the whole chain; or, with --file and --public-key, check an export offline (no database, no private key); exits 2 naming what is broken',
    )
    .option('--file <path>', 'an export from GET /v1/audit/export, checked offline')
    .option('--public-key <key>', 'with --file: the Ed25519 public key (base64, PEM, or a file holding either)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean; file?: string; publicKey?: string }) => {
      if (options.file !== undefined)
        return verifyExportFile(context, { file: options.file, publicKey: options.publicKey, json: options.json });
      const result = await verifyAuditChain(context.db());
      output(options.json, result, () =>
        result.valid
          ? `audit chain intact (${result.checked} entries)`
          : `audit chain BROKEN at entry #${result.brokenId}: ${result.reason}`,
      );
      if (!result.valid) context.exitCode = 2;
    });
}
