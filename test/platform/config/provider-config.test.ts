import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../../platform/config/config';

const key = Buffer.alloc(32, 7).toString('base64');
const PRODUCTION = {
  NODE_ENV: 'production',
  MASTER_KEY: key,
  AUDIT_SIGNING_KEY: key,
  DIRECTORY_EMAIL_KEY: key,
  S3_OBJECT_LOCK_MODE: 'COMPLIANCE',
  PUBLIC_API_URL: 'https://api.autrace.example',
  STRIPE_SECRET_KEY: 'sk_live_own',
  STRIPE_WEBHOOK_SECRET: 'whsec_own',
};

describe('provider configuration', () => {
  test('private networks are refused to connections in production and allowed elsewhere, unless set', () => {
    assert.equal(loadConfig(PRODUCTION).providers.network.allowPrivateNetworks, false);
    assert.equal(loadConfig({}).providers.network.allowPrivateNetworks, true);
    assert.equal(loadConfig({ NODE_ENV: 'test' }).providers.network.allowPrivateNetworks, true);
    const opened = loadConfig({ ...PRODUCTION, PROVIDER_ALLOW_PRIVATE_NETWORKS: 'true' });
    assert.equal(opened.providers.network.allowPrivateNetworks, true);
    assert.equal(
      loadConfig({ PROVIDER_ALLOW_PRIVATE_NETWORKS: 'false' }).providers.network.allowPrivateNetworks,
      false,
    );
  });

  test('allowed hosts are hostnames, addresses and CIDR ranges; anything else is refused at start', () => {
    const config = loadConfig({ PROVIDER_ALLOWED_HOSTS: ' vllm.internal, 10.20.0.0/16 ,fd00::5,fd00::/8 ' });
    assert.deepEqual(config.providers.network.allowedHosts, ['vllm.internal', '10.20.0.0/16', 'fd00::5', 'fd00::/8']);
    for (const bad of ['10.0.0.0/33', 'host name', 'vllm.internal/8', 'http://vllm.internal', '10.0.0.0/8/8']) {
      assert.throws(
        () => loadConfig({ PROVIDER_ALLOWED_HOSTS: bad }),
        (error: unknown) => error instanceof ConfigError && /PROVIDER_ALLOWED_HOSTS/.test(error.message),
        bad,
      );
    }
  });

  test('the platform providers are on unless the operator switches them off', () => {
    assert.equal(loadConfig({}).providers.platformEnabled, true);
    assert.equal(loadConfig({ PLATFORM_PROVIDERS_ENABLED: 'false' }).providers.platformEnabled, false);
  });
});
