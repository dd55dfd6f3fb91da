import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { apiKeySecretMatches, generateApiKey, parseApiKey } from '../../../platform/crypto/api-keys';
import { createDataKey, open, seal, unwrapDataKey } from '../../../platform/crypto/envelope';
import { hashPassword, verifyPassword } from '../../../platform/crypto/passwords';

describe('API keys', () => {
  test('a generated key parses back to its prefix and matches only its own hash', () => {
    const key = generateApiKey();
    const parsed = parseApiKey(key.plaintext);
    assert.ok(parsed);
    assert.equal(parsed.prefix, key.prefix);
    assert.equal(apiKeySecretMatches(parsed.secret, key.secretHash), true);
    assert.equal(apiKeySecretMatches(parsed.secret, generateApiKey().secretHash), false);
    assert.ok(!key.secretHash.includes(parsed.secret));
  });

  test('malformed keys are rejected before any lookup', () => {
    for (const bad of ['', 'sk-openai', 'atr_short_secret', `atr_${'a'.repeat(12)}_${'b'.repeat(42)}`]) {
      assert.equal(parseApiKey(bad), null, bad);
    }
  });
});

describe('envelope encryption', () => {
  const master = randomBytes(32);

  test('a data key unwraps only for its own account', () => {
    const { dataKey, wrapped } = createDataKey(master, 'account-a');
    assert.deepEqual(unwrapDataKey(master, 'account-a', wrapped), dataKey);
    assert.throws(() => unwrapDataKey(master, 'account-b', wrapped));
    assert.throws(() => unwrapDataKey(randomBytes(32), 'account-a', wrapped));
  });

  test('sealed data opens with the key and fails when tampered with', () => {
    const key = randomBytes(32);
    const sealed = seal(key, Buffer.from('the prompt'));
    assert.equal(open(key, sealed).toString(), 'the prompt');
    const tampered = { ...sealed, ciphertext: Buffer.from(sealed.ciphertext) };
    tampered.ciphertext[0] = (tampered.ciphertext[0] ?? 0) ^ 1;
    assert.throws(() => open(key, tampered));
  });
});

describe('passwords', () => {
  test('are hashed with argon2id and verified', async () => {
    const hash = await hashPassword('correct horse battery staple');
    assert.match(hash, /^\$argon2id\$/);
    assert.equal(await verifyPassword(hash, 'correct horse battery staple'), true);
    assert.equal(await verifyPassword(hash, 'wrong'), false);
    assert.equal(await verifyPassword('not-a-hash', 'wrong'), false);
  });
});
