import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { connect, type SecureVersion } from 'node:tls';
import { createApiApp } from '../../../api/app';
import { createListener } from '../../../platform/tls/listener';
import { startTestApi, type TestApi } from '../../support/api';

let api: TestApi;
let listener: Server;
let certFile: string;
let keyFile: string;

function selfSignedCertificate(): { certFile: string; keyFile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'autrace-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { certFile: cert, keyFile: key };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** The TLS version a handshake settled on, or the handshake's error. */
function handshake(port: number, maxVersion: SecureVersion): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      ca: readFileSync(certFile),
      minVersion: 'TLSv1',
      maxVersion,
      // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level even as a client.
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    socket.once('secureConnect', () => {
      resolve(socket.getProtocol() ?? 'unknown');
      socket.destroy();
    });
    socket.once('error', (error: Error) => resolve(`refused: ${error.message}`));
  });
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
  const version = await handshake(port, 'TLSv1.3');
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
  assert.equal(await handshake(port, 'TLSv1.2'), 'TLSv1.2');
  assert.match(await handshake(port, 'TLSv1.1'), /^refused/);
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
    assert.equal(await handshake(await listen(permissive), 'TLSv1.1'), 'TLSv1.1');
  } finally {
    permissive.close();
  }
});
