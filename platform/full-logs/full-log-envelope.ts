import { open, seal, unwrapDataKey } from '../crypto/envelope';

/**
 * A full log is a request's prompt (as forwarded upstream, after redaction)
 * and its completion, as JSON `{ prompt, completion }` sealed under the
 * account's data key. The associated data binds the ciphertext to its account
 * and request, so rows cannot be swapped. The gateway seals; exports open.
 */
export interface SealedFullLogRow {
  request_id: string;
  created_at: string;
  account_id: string;
  nonce: Buffer;
  auth_tag: Buffer;
  ciphertext: Buffer;
}

export interface FullLogContent {
  prompt: unknown;
  completion: unknown;
}

export function fullLogAssociatedData(accountId: string, requestId: string): Buffer {
  return Buffer.from(`${accountId}:${requestId}`);
}

export function sealFullLog(input: {
  requestId: string;
  accountId: string;
  createdAt: string;
  dataKey: Buffer;
  prompt: readonly string[];
  completion: string;
}): SealedFullLogRow {
  const plaintext = Buffer.from(JSON.stringify({ prompt: input.prompt, completion: input.completion }));
  const sealed = seal(input.dataKey, plaintext, fullLogAssociatedData(input.accountId, input.requestId));
  return {
    request_id: input.requestId,
    created_at: input.createdAt,
    account_id: input.accountId,
    nonce: sealed.nonce,
    auth_tag: sealed.authTag,
    ciphertext: sealed.ciphertext,
  };
}

export function openFullLog(dataKey: Buffer, row: Omit<SealedFullLogRow, 'created_at'>): FullLogContent {
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
