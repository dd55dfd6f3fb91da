import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Agent, fetch } from 'undici';
import { selfSignedCertificate } from '../support/tls-certificate';
import { handshake } from '../support/tls-handshake';
import { startGatewayFixture, type GatewayFixture } from './support/gateway-fixture';

let fx: GatewayFixture;
let certFile: string;

before(async () => {
  const certificate = selfSignedCertificate();
  certFile = certificate.certFile;
  fx = await startGatewayFixture({ env: { TLS_CERT_FILE: certificate.certFile, TLS_KEY_FILE: certificate.keyFile } });
});

after(async () => {
  await fx?.close();
});

test('with TLS_CERT_FILE and TLS_KEY_FILE the gateway serves HTTPS, TLS 1.2 at least', async () => {
  assert.match(fx.gateway.url, /^https:\/\//);
  const response = await fetch(`${fx.gateway.url}/healthz`, {
    dispatcher: new Agent({ connect: { ca: readFileSync(certFile) } }),
  });
  assert.equal(response.status, 200);
  assert.equal(await handshake(fx.gateway.port, certFile, 'TLSv1.2'), 'TLSv1.2');
  assert.match(await handshake(fx.gateway.port, certFile, 'TLSv1.1'), /^refused/);
});
