import { open, seal, unwrapDataKey } from '../crypto/envelope';

/**
 * The plaintext of a full log row is JSON `{ prompt, completion }`, sealed under
 * the account's data key with the request ID as associated data, so a
 * ciphertext cannot be moved to another row unnoticed.
 */
export interface FullLogContent {
  prompt: unknown;
  completion: unknown;
}

export interface SealedFullLogRow {
  request_id: string;
  nonce: Buffer;
  auth_tag: Buffer;
  ciphertext: Buffer;
}

export function sealFullLog(dataKey: Buffer, requestId: string, content: FullLogContent) {
  const sealed = seal(dataKey, Buffer.from(JSON.stringify(content)), Buffer.from(requestId));
  return { nonce: sealed.nonce, auth_tag: sealed.authTag, ciphertext: sealed.ciphertext };
}

export function openFullLog(dataKey: Buffer, row: SealedFullLogRow): FullLogContent {
  const plaintext = open(dataKey, { nonce: row.nonce, authTag: row.auth_tag, ciphertext: row.ciphertext }, Buffer.from(row.request_id));
  return JSON.parse(plaintext.toString('utf8')) as FullLogContent;
}

export function accountDataKey(masterKey: Buffer, accountId: string, wrapped: Buffer | null): Buffer | null {
  return wrapped ? unwrapDataKey(masterKey, accountId, wrapped) : null;
}
