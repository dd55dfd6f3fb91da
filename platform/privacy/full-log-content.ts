import { fullLogAssociatedData } from '../../gateway/logging/full-log';
import { open, unwrapDataKey } from '../crypto/envelope';

/**
 * Reads full logs as the gateway seals them (gateway/logging/full-log.ts):
 * JSON `{ prompt, completion }` under the account's data key, bound to the
 * account and request by the associated data.
 */
export interface FullLogContent {
  prompt: unknown;
  completion: unknown;
}

export interface SealedFullLogRow {
  request_id: string;
  account_id: string;
  nonce: Buffer;
  auth_tag: Buffer;
  ciphertext: Buffer;
}

export function openFullLog(dataKey: Buffer, row: SealedFullLogRow): FullLogContent {
  const plaintext = open(
    dataKey,
    { nonce: row.nonce, authTag: row.auth_tag, ciphertext: row.ciphertext },
    fullLogAssociatedData(row.account_id, row.request_id),
  );
  return JSON.parse(plaintext.toString('utf8')) as FullLogContent;
}

export function accountDataKey(masterKey: Buffer, accountId: string, wrapped: Buffer | null): Buffer | null {
  return wrapped ? unwrapDataKey(masterKey, accountId, wrapped) : null;
}
