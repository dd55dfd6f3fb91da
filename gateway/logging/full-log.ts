import { seal } from '../../platform/crypto/envelope';
import type { FullLogRow } from './log-rows';

/**
 * Seals a request's prompt (as forwarded upstream, after redaction) and its
 * completion under the account's data key. The associated data binds the
 * ciphertext to its account and request, so rows cannot be swapped.
 */
export function sealFullLog(input: {
  requestId: string;
  accountId: string;
  createdAt: string;
  dataKey: Buffer;
  prompt: readonly string[];
  completion: string;
}): FullLogRow {
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

export function fullLogAssociatedData(accountId: string, requestId: string): Buffer {
  return Buffer.from(`${accountId}:${requestId}`);
}
