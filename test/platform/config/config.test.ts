import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../../platform/config/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected the configuration to be refused');
}

describe('configuration', () => {
  test('an empty environment gives working local-development defaults', () => {
    const config = loadConfig({});
    assert.equal(config.gateway.port, 8080);
    assert.equal(config.api.port, 8081);
    assert.equal(config.temporal.address, '127.0.0.1:7233');
    assert.equal(config.keys.master.length, 32);
    assert.equal(config.s3.regions.eu.bucket, 'autrace-eu');
  });

  test('export links last an hour and archives a week by default; a link over 24 hours is refused', () => {
    const config = loadConfig({});
    assert.equal(config.privacy.exportLinkTtlSeconds, 3600);
    assert.equal(config.s3.exportExpiryDays, 7);
    assert.deepEqual(
      problemsOf({ EXPORT_LINK_TTL_SECONDS: '86401', EXPORT_ARCHIVE_EXPIRY_DAYS: '0' })
        .map((p) => p.split(':')[0])
        .sort(),
      ['EXPORT_ARCHIVE_EXPIRY_DAYS', 'EXPORT_LINK_TTL_SECONDS'],
    );
  });

  test('every invalid variable is named in one error', () => {
    const problems = problemsOf({
      GATEWAY_PORT: 'eighty',
      S3_ENDPOINT: 'not a url',
      MASTER_KEY: 'c2hvcnQ=',
      TEMPORAL_TLS: 'maybe',
    });
    const named = problems.map((p) => p.split(':')[0]).sort();
    assert.deepEqual(named, ['GATEWAY_PORT', 'MASTER_KEY', 'S3_ENDPOINT', 'TEMPORAL_TLS']);
  });

  test('production refuses the development keys, a non-compliance Object Lock mode and a plain-HTTP public URL', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    const named = problems.map((p) => p.split(':')[0]).sort();
    assert.deepEqual(named, [
      'AUDIT_SIGNING_KEY',
      'DIRECTORY_EMAIL_KEY',
      'MASTER_KEY',
      'PUBLIC_API_URL',
      'S3_OBJECT_LOCK_MODE',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
    ]);
  });

  test('production starts with its own keys', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({
      NODE_ENV: 'production',
      MASTER_KEY: key,
      AUDIT_SIGNING_KEY: key,
      DIRECTORY_EMAIL_KEY: key,
      S3_OBJECT_LOCK_MODE: 'COMPLIANCE',
      PUBLIC_API_URL: 'https://api.autrace.example',
      STRIPE_SECRET_KEY: 'sk_live_own',
      STRIPE_WEBHOOK_SECRET: 'whsec_own',
    });
    assert.equal(config.s3.objectLockMode, 'COMPLIANCE');
  });

  test('production accepts an http:// public URL only behind a declared TLS proxy', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const production = {
      NODE_ENV: 'production',
      MASTER_KEY: key,
      AUDIT_SIGNING_KEY: key,
      DIRECTORY_EMAIL_KEY: key,
      S3_OBJECT_LOCK_MODE: 'COMPLIANCE',
      STRIPE_SECRET_KEY: 'sk_live_own',
      STRIPE_WEBHOOK_SECRET: 'whsec_own',
      PUBLIC_API_URL: 'http://api.autrace.example',
    };
    assert.deepEqual(
      problemsOf(production).map((p) => p.split(':')[0]),
      ['PUBLIC_API_URL'],
    );
    assert.equal(loadConfig({ ...production, BEHIND_TLS_PROXY: 'true' }).api.publicUrl, 'http://api.autrace.example');
  });

  test('API_TRUST_PROXY is refused in favour of a hop count; a certificate needs its key', () => {
    assert.match(
      problemsOf({ API_TRUST_PROXY: 'true' }).join('\n'),
      /API_TRUST_PROXY: replaced by API_TRUST_PROXY_HOPS/,
    );
    assert.equal(loadConfig({ API_TRUST_PROXY_HOPS: '2' }).api.trustProxyHops, 2);
    assert.match(problemsOf({ TLS_CERT_FILE: '/etc/cert.pem' }).join('\n'), /TLS_KEY_FILE/);
    assert.deepEqual(loadConfig({ TLS_CERT_FILE: '/c.pem', TLS_KEY_FILE: '/k.pem' }).tls, {
      certFile: '/c.pem',
      keyFile: '/k.pem',
    });
    assert.equal(loadConfig({}).tls, null);
  });

  test('boolean and numeric variables are parsed, not taken as strings', () => {
    const config = loadConfig({ TEMPORAL_TLS: 'true', DATABASE_POOL_MAX: '25', S3_FORCE_PATH_STYLE: '0' });
    assert.equal(config.temporal.tls, true);
    assert.equal(config.database.poolMax, 25);
    assert.equal(config.s3.forcePathStyle, false);
  });
});
