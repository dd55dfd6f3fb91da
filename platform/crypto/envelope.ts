import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption for full logs: each account has a random 256-bit data key,
 * stored only wrapped (AES-256-GCM) by the master key. Destroying the wrapped key
 * makes every ciphertext of the account unreadable (crypto-shredding).
 */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  nonce: Buffer;
  authTag: Buffer;
  ciphertext: Buffer;
}

export function seal(key: Buffer, plaintext: Buffer, associatedData?: Buffer): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  if (associatedData) cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, authTag: cipher.getAuthTag(), ciphertext };
}

export function open(key: Buffer, sealed: Sealed, associatedData?: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce);
  if (associatedData) decipher.setAAD(associatedData);
  decipher.setAuthTag(sealed.authTag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}

/** A fresh data key, and its wrapped form (nonce ‖ tag ‖ ciphertext) bound to the account ID. */
export function createDataKey(masterKey: Buffer, accountId: string): { dataKey: Buffer; wrapped: Buffer } {
  const dataKey = randomBytes(32);
  return { dataKey, wrapped: wrapDataKey(masterKey, accountId, dataKey) };
}

export function wrapDataKey(masterKey: Buffer, accountId: string, dataKey: Buffer): Buffer {
  const { nonce, authTag, ciphertext } = seal(masterKey, dataKey, Buffer.from(accountId));
  return Buffer.concat([nonce, authTag, ciphertext]);
}

export function unwrapDataKey(masterKey: Buffer, accountId: string, wrapped: Buffer): Buffer {
  return open(
    masterKey,
    {
      nonce: wrapped.subarray(0, NONCE_BYTES),
      authTag: wrapped.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES),
      ciphertext: wrapped.subarray(NONCE_BYTES + TAG_BYTES),
    },
    Buffer.from(accountId),
  );
}
