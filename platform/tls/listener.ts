import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Config } from '../config/config';

/** Our privacy policy promises TLS 1.2 or later in transit: older clients are refused in the handshake. */
export const MIN_TLS_VERSION = 'TLSv1.2';

/**
 * The public listener of a service: HTTPS with the configured certificate
 * when TLS_CERT_FILE and TLS_KEY_FILE are set, plain HTTP otherwise (on
 * loopback, or behind a proxy that terminates TLS).
 */
export function createListener(tls: Config['tls'], options: ServerOptions, handler: RequestListener): Server {
  if (!tls) return createHttpServer(options, handler);
  return createHttpsServer(
    { ...options, cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile), minVersion: MIN_TLS_VERSION },
    handler,
  );
}

/** The scheme the listener answers on. */
export const listenerScheme = (tls: Config['tls']) => (tls ? 'https' : 'http');
