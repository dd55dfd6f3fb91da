import { open, seal } from '../crypto/envelope';

/**
 * A provider key sealed under the account's data key, stored as
 * nonce ‖ tag ‖ ciphertext. The associated data binds it to its account and
 * connection, so a sealed key copied onto another row does not open.
 */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

function associatedData(accountId: string, connectionId: string): Buffer {
  return Buffer.from(`provider_connection:${accountId}:${connectionId}`);
}

export function sealProviderKey(dataKey: Buffer, accountId: string, connectionId: string, apiKey: string): Buffer {
  const sealed = seal(dataKey, Buffer.from(apiKey, 'utf8'), associatedData(accountId, connectionId));
  return Buffer.concat([sealed.nonce, sealed.authTag, sealed.ciphertext]);
}

export function openProviderKey(dataKey: Buffer, accountId: string, connectionId: string, stored: Buffer): string {
  return open(
    dataKey,
    {
      nonce: stored.subarray(0, NONCE_BYTES),
      authTag: stored.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES),
      ciphertext: stored.subarray(NONCE_BYTES + TAG_BYTES),
    },
    associatedData(accountId, connectionId),
  ).toString('utf8');
}

/** What the API and the CLI show of a key: its last four characters. */
export function lastFour(apiKey: string): string {
  return apiKey.slice(-4);
}
