import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { connect } from 'node:tls';
import { createApiApp } from '../../../api/app';
import { createListener } from '../../../platform/tls/listener';
import { startTestApi, type TestApi } from '../../support/api';
import { selfSignedCertificate } from '../../support/tls-certificate';
import { handshake } from '../../support/tls-handshake';

let api: TestApi;
let listener: Server;
let certFile: string;
let keyFile: string;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

before(async () => {
  ({ certFile, keyFile } = selfSignedCertificate());
  api = await startTestApi();
  listener = createListener({ certFile, keyFile }, {}, createApiApp(api.deps).callback());
});

after(async () => {
  listener?.close();
  await api?.close();
});

test('with a certificate and key, the API answers over HTTPS', async () => {
  const port = await listen(listener);
  const version = await handshake(port, certFile, 'TLSv1.3');
  assert.equal(version, 'TLSv1.3');
  const response = await new Promise<number>((resolve, reject) => {
    const request = connect({ host: '127.0.0.1', port, ca: readFileSync(certFile) }, () => {
      request.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    });
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
    request.on('error', reject);
  });
  assert.equal(response, 200);
});

test('a TLS 1.2 client is served and a TLS 1.1 client is refused in the handshake', async () => {
  const port = (listener.address() as AddressInfo | null)?.port ?? (await listen(listener));
  assert.equal(await handshake(port, certFile, 'TLSv1.2'), 'TLSv1.2');
  assert.match(await handshake(port, certFile, 'TLSv1.1'), /^refused/);
});

test('the TLS 1.1 client used above does connect to a server that allows TLS 1.1', async () => {
  // The control: without it, the refusal above could be the client's own inability.
  const permissive = createHttpsServer({
    cert: readFileSync(certFile),
    key: readFileSync(keyFile),
    minVersion: 'TLSv1',
    ciphers: 'DEFAULT@SECLEVEL=0',
  });
  try {
    assert.equal(await handshake(await listen(permissive), certFile, 'TLSv1.1'), 'TLSv1.1');
  } finally {
    permissive.close();
  }
});
