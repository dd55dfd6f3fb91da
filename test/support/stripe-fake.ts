import { randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
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
  /** Every request received, in order (repeats included). */
  requests: StripeFakeRequest[];
  /** Customers that exist: those created through the fake and those a test adds. Deleting one removes it. */
  customers: Set<string>;
  /** Makes the next customer deletion hang (the worker is killed meanwhile); resolves when it arrives. */
  hangNextDelete(): Promise<void>;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

/**
 * A local stand-in for the Stripe endpoints we call (customers: create,
 * update, delete; Checkout sessions), so tests and the offline demo need no
 * network. Like Stripe, a replayed idempotency key answers the first
 * response, and deleting a customer that does not exist is a 404
 * `resource_missing`.
 */
export async function startStripeFake(): Promise<StripeFake> {
  const requests: StripeFakeRequest[] = [];
  const customers = new Set<string>();
  const byIdempotencyKey = new Map<string, { status: number; text: string }>();
  const hanging: ServerResponse[] = [];
  let hang: (() => void) | undefined;

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
        if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, { status, text });
        res.writeHead(status, { 'content-type': 'application/json' }).end(text);
      };
      const replay = idempotencyKey ? byIdempotencyKey.get(idempotencyKey) : undefined;
      if (replay) return void res.writeHead(replay.status, { 'content-type': 'application/json' }).end(replay.text);
      const metadata = Object.fromEntries(
        Object.entries(params)
          .filter(([key]) => key.startsWith('metadata['))
          .map(([key, value]) => [key.slice('metadata['.length, -1), value]),
      );
      if (req.method === 'POST' && path === '/v1/customers') {
        const customer = id('cus');
        customers.add(customer);
        return send(200, { id: customer, object: 'customer', metadata });
      }
      const encoded = /^\/v1\/customers\/([^/]+)$/.exec(path)?.[1];
      const customer = encoded === undefined ? undefined : decodeURIComponent(encoded);
      if (customer && req.method === 'DELETE') {
        if (hang) {
          hanging.push(res);
          const arrived = hang;
          hang = undefined;
          return arrived();
        }
        if (!customers.delete(customer))
          return send(404, {
            error: {
              type: 'invalid_request_error',
              code: 'resource_missing',
              message: `No such customer: '${customer}'`,
            },
          });
        return send(200, { id: customer, object: 'customer', deleted: true });
      }
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
    customers,
    hangNextDelete: () => new Promise<void>((resolve) => (hang = resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
