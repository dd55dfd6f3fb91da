import { z } from 'zod';
import { createArchiveSigner, publishedPublicKey } from '../../../platform/audit/archive-signing';
import { defineRoute } from '../../http/define-route';

const publicKeySchema = z
  .object({
    algorithm: z.literal('Ed25519'),
    publicKey: z.string().meta({ description: 'Base64 of the raw 32-byte key' }),
    publicKeyPem: z.string().meta({ description: 'The same key as an SPKI PEM' }),
    keyId: z.string().meta({ description: 'The first 16 hex digits of the raw key’s SHA-256' }),
  })
  .meta({ id: 'AuditPublicKey' });

export const auditPublicKeyRoute = defineRoute({
  method: 'get',
  path: '/v1/audit/public-key',
  summary: 'The public key that signs audit exports and archive manifests',
  description:
    'Public, so anyone holding an export or an archive can verify it without an account: ' +
    '`autrace audit verify --file export.ndjson --public-key <publicKey>`.',
  tags: ['audit'],
  auth: 'public',
  request: {},
  responses: { 200: { description: 'The Ed25519 public key', schema: publicKeySchema } },
  handler({ deps }) {
    const body = publishedPublicKey(createArchiveSigner(deps.config.keys.auditSigning).publicKey);
    return Promise.resolve({ status: 200 as const, body });
  },
});
