import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface StripeFake {
  url: string;
  /** Customers created by the test; deleting one removes it. */
  customers: Set<string>;
  /** Every DELETE /v1/customers/:id received, in order (repeats included). */
  deleteRequests: string[];
  /** Makes the next customer deletion hang (the worker is killed meanwhile); resolves when it arrives. */
  hangNextDelete(): Promise<void>;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A tiny local stand-in for the Stripe API (STRIPE_API_BASE): only customer deletion. */
export async function startStripeFake(): Promise<StripeFake> {
  const customers = new Set<string>();
  const deleteRequests: string[] = [];
  const hanging: ServerResponse[] = [];
  let hang: (() => void) | undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/v1\/customers\/([^/?]+)/.exec(req.url ?? '');
    req.resume();
    if (req.method !== 'DELETE' || !match?.[1])
      return json(res, 404, { error: { type: 'invalid_request_error', message: 'not faked' } });
    const id = decodeURIComponent(match[1]);
    deleteRequests.push(id);
    if (hang) {
      hanging.push(res);
      const arrived = hang;
      hang = undefined;
      return arrived();
    }
    if (!customers.delete(id)) {
      return json(res, 404, {
        error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such customer: '${id}'` },
      });
    }
    json(res, 200, { id, object: 'customer', deleted: true });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    }),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    customers,
    deleteRequests,
    hangNextDelete: () => new Promise<void>((resolve) => (hang = resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
