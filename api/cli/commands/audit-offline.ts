import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { parsePublicKey } from '../../../platform/audit/archive-signing';
import { verifyAuditExport } from '../../../platform/audit/audit-export';
import { ApiError } from '../../errors/api-error';
import { output, type CliContext } from '../cli-context';

/** A public key given on the command line: base64, PEM, or the path of a file holding either. */
export async function readPublicKeyOption(value: string): Promise<KeyObject> {
  const text = existsSync(value) ? await readFile(value, 'utf8') : value;
  try {
    return parsePublicKey(text);
  } catch (error) {
    throw new ApiError('BAD_REQUEST', `--public-key: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * `autrace audit verify --file export.ndjson --public-key …`: checks an
 * export with the public key alone, reading neither configuration nor database.
 */
export async function verifyExportFile(
  context: CliContext,
  options: { file: string; publicKey: string | undefined; json: boolean | undefined },
): Promise<void> {
  if (!options.publicKey)
    throw new ApiError('BAD_REQUEST', '--public-key is required with --file (GET /v1/audit/public-key gives it)');
  const publicKey = await readPublicKeyOption(options.publicKey);
  const text = await readFile(options.file, 'utf8').catch((error: unknown) => {
    throw new ApiError('BAD_REQUEST', `--file: ${error instanceof Error ? error.message : String(error)}`);
  });
  const result = verifyAuditExport(text, publicKey);
  output(options.json, result, () =>
    result.valid
      ? `audit export intact: ${result.entries} entries of account ${result.accountId}, exported ${result.exportedAt}, signed by key ${result.keyId}`
      : `audit export TAMPERED (${result.problem}) at line ${result.line}: ${result.message}`,
  );
  if (!result.valid) context.exitCode = 2;
}
