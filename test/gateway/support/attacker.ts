/**
 * A hostile tenant, in its own process so its load does not share the event
 * loop of the test that measures its neighbour:
 *
 *   node --import tsx test/gateway/support/attacker.ts <gateway url> <api key> <seconds> hostile|benign
 *
 * `benign` sends the same requests at the same rates from an account with no
 * policy, malformed keys instead of made-up ones and no slow connections: the
 * same load, without the hostility, for the baseline.
 *
 * For the given time it sends the worst inputs for its own catastrophic
 * patterns (100 KB each, CATASTROPHIC_PER_SECOND), floods made-up keys
 * (BAD_KEYS_PER_SECOND) and holds connections that never finish their
 * headers; then prints the statuses it got, as JSON, and exits. It prints
 * `started` when the load begins. Fixed rates,
 * not as fast as it can: on a 2-core test machine an unbounded load generator
 * takes the CPU from the gateway, which is not what the test is about.
 */
import { connect, type Socket } from 'node:net';
import { Pool } from 'undici';
import { generateApiKey } from '../../../platform/crypto/api-keys';

const [, , gatewayUrl = '', apiKey = '', seconds = '5', mode = 'hostile'] = process.argv;
const hostile = mode === 'hostile';
const SLOW_CONNECTIONS = 100;
const CATASTROPHIC_PER_SECOND = 50;
const BAD_KEYS_PER_SECOND = 200;

const pool = new Pool(gatewayUrl, { connections: 32 });
const statuses: Record<string, number> = {};
const catastrophic = Buffer.from(
  JSON.stringify({
    model: `fake-${'a'.repeat(240)}`,
    messages: [{ role: 'user', content: `${'a'.repeat(50_000)}!${'x'.repeat(50_000)}` }],
  }),
);
const plain = Buffer.from(JSON.stringify({ model: 'fake-chat', messages: [{ role: 'user', content: 'let me in' }] }));

async function call(key: string, body: Buffer): Promise<void> {
  try {
    const response = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    });
    await response.body.dump();
    statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
  } catch {
    statuses.error = (statuses.error ?? 0) + 1;
  }
}

const sockets: Socket[] = [];
const { port } = new URL(gatewayUrl);
for (let i = 0; hostile && i < SLOW_CONNECTIONS; i++) {
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n');
  sockets.push(socket);
}
process.stdout.write('started\n');
// The test stops the load (SIGTERM) once it has measured; `seconds` is only an upper bound.
let stopping = false;
process.on('SIGTERM', () => (stopping = true));
const started = Date.now();
const deadline = started + Number(seconds) * 1000;
const inflight: Array<Promise<void>> = [];
let catastrophicSent = 0;
let badKeysSent = 0;
while (!stopping && Date.now() < deadline) {
  const elapsed = (Date.now() - started) / 1000;
  for (; catastrophicSent < elapsed * CATASTROPHIC_PER_SECOND; catastrophicSent++)
    inflight.push(call(apiKey, catastrophic));
  for (; badKeysSent < elapsed * BAD_KEYS_PER_SECOND; badKeysSent++)
    inflight.push(call(hostile ? generateApiKey().plaintext : `atr_malformed_${badKeysSent}`, plain));
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await Promise.all(inflight);
for (const socket of sockets) socket.destroy();
await pool.close();
process.stdout.write(`${JSON.stringify(statuses)}\n`);
