import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Archive manifests and audit exports are signed with Ed25519. AUDIT_SIGNING_KEY
 * is the 32-byte seed; node:crypto takes it wrapped in the fixed PKCS#8 prefix
 * for Ed25519. Verifying needs only the public key (raw 32 bytes, base64, as
 * `GET /v1/audit/public-key` and `autrace audit public-key` publish it).
 */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface ArchiveSigner {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Base64 of the raw 32-byte public key, as published for auditors. */
  publicKeyBase64: string;
}

/** The published form of the public key. */
export interface AuditPublicKey {
  algorithm: 'Ed25519';
  /** Base64 of the raw 32-byte key. */
  publicKey: string;
  publicKeyPem: string;
  /** The first 16 hex digits of the raw key's SHA-256: a short name to compare by eye. */
  keyId: string;
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

export function publishedPublicKey(publicKey: KeyObject): AuditPublicKey {
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return {
    algorithm: 'Ed25519',
    publicKey: raw.toString('base64'),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: createHash('sha256').update(raw).digest('hex').slice(0, 16),
  };
}

/** Reads a public key given as the published base64 of its raw 32 bytes, or as an SPKI PEM. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    const key = createPublicKey(trimmed);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('the public key is not an Ed25519 key');
    return key;
  }
  const raw = Buffer.from(trimmed, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== trimmed)
    throw new Error('the public key must be the base64 of 32 bytes, or a PEM');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function signBytes(signer: ArchiveSigner, bytes: Buffer): string {
  return sign(null, bytes, signer.privateKey).toString('base64');
}

export function verifyBytes(publicKey: KeyObject, bytes: Buffer, signature: string): boolean {
  try {
    return verify(null, bytes, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
