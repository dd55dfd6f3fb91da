import { readFileSync } from 'node:fs';
import { connect, type SecureVersion } from 'node:tls';

/** The TLS version a handshake with 127.0.0.1:port settled on, or `refused: …`. */
export function handshake(port: number, caFile: string, maxVersion: SecureVersion): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      ca: readFileSync(caFile),
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
