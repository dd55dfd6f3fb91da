import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `atr_<prefix>_<secret>`. The prefix is public (shown in
 * listings, used to find the key); only a SHA-256 of the secret is stored.
 * A fast hash is right here: the secret is 32 random bytes, not a password.
 */
const KEY_PATTERN = /^atr_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** Shown once to the caller, never stored. */
  plaintext: string;
  prefix: string;
  secretHash: string;
}

export function hashApiKeySecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12)
    .padEnd(12, '0');
  const secret = randomBytes(32).toString('base64url');
  return { plaintext: `atr_${prefix}_${secret}`, prefix, secretHash: hashApiKeySecret(secret) };
}

export function parseApiKey(plaintext: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(plaintext);
  if (!match?.[1] || !match[2]) return null;
  return { prefix: match[1], secret: match[2] };
}

/**
 * Constant-time comparison of a presented secret with a stored hash: the hex
 * from the database, or its bytes (a cache decodes them once, not per request).
 * One-shot `hash` is a third cheaper than a Hash object for a 43-character input.
 */
export function apiKeySecretMatches(secret: string, storedHash: string | Buffer): boolean {
  const presented = hash('sha256', secret, 'buffer');
  const stored = typeof storedHash === 'string' ? Buffer.from(storedHash, 'hex') : storedHash;
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
