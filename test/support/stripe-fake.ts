import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeFakeRequest {
  method: string;
  path: string;
  /** The form-encoded body Stripe's SDK sends, decoded. */
  params: Record<string, string>;
  idempotencyKey: string | undefined;
}

export interface StripeFake {
  /** Point STRIPE_API_BASE here. */
  url: string;
  requests: StripeFakeRequest[];
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

/**
 * A local stand-in for the few Stripe endpoints the API calls (customers and
 * Checkout sessions), so tests and the offline demo need no network.
 * Replays of an idempotency key answer the first response, like Stripe.
 */
export async function startStripeFake(): Promise<StripeFake> {
  const requests: StripeFakeRequest[] = [];
  const byIdempotencyKey = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const idempotencyKey =
        typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
      const path = (req.url ?? '').split('?')[0] ?? '';
      requests.push({ method: req.method ?? '', path, params, idempotencyKey });
      const send = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, text);
        res.writeHead(status, { 'content-type': 'application/json' }).end(text);
      };
      const replay = idempotencyKey ? byIdempotencyKey.get(idempotencyKey) : undefined;
      if (replay) return void res.writeHead(200, { 'content-type': 'application/json' }).end(replay);
      const metadata = Object.fromEntries(
        Object.entries(params)
          .filter(([key]) => key.startsWith('metadata['))
          .map(([key, value]) => [key.slice('metadata['.length, -1), value]),
      );
      if (req.method === 'POST' && path === '/v1/customers')
        return send(200, { id: id('cus'), object: 'customer', metadata });
      const customer = /^\/v1\/customers\/(cus_[A-Za-z0-9_]+)$/.exec(path)?.[1];
      if (customer && req.method === 'DELETE') return send(200, { id: customer, object: 'customer', deleted: true });
      if (customer && req.method === 'POST')
        return send(200, {
          id: customer,
          object: 'customer',
          email: params.email ?? null,
          name: params.name ?? null,
          metadata,
        });
      if (req.method === 'POST' && path === '/v1/checkout/sessions') {
        const sessionId = id('cs_test');
        return send(200, {
          id: sessionId,
          object: 'checkout.session',
          mode: params.mode,
          customer: params.customer,
          client_reference_id: params.client_reference_id,
          url: `https://checkout.stripe.test/c/pay/${sessionId}`,
        });
      }
      send(404, { error: { type: 'invalid_request_error', message: `fake Stripe has no ${req.method} ${path}` } });
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
