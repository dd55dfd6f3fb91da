import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Archive manifests are signed with Ed25519. AUDIT_SIGNING_KEY is the 32-byte
 * seed; node:crypto takes it wrapped in the fixed PKCS#8 prefix for Ed25519.
 */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface ArchiveSigner {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Base64 of the raw 32-byte public key, as published for auditors. */
  publicKeyBase64: string;
}

export function createArchiveSigner(seed: Buffer): ArchiveSigner {
  if (seed.length !== 32) throw new Error('the audit signing key must be a 32-byte Ed25519 seed');
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return { privateKey, publicKey, publicKeyBase64: raw.toString('base64') };
}

export function signBytes(signer: ArchiveSigner, bytes: Buffer): string {
  return sign(null, bytes, signer.privateKey).toString('base64');
}

export function verifyBytes(signer: ArchiveSigner, bytes: Buffer, signature: string): boolean {
  return verify(null, bytes, signer.publicKey, Buffer.from(signature, 'base64'));
}
