/**
 * The fake provider on its own, for the offline demo (`npm start` spawns it).
 * A development tool, not a service: it reads its two settings directly.
 */
import { z } from 'zod';
import { startFakeProvider } from './fake-server';

const env = z
  .object({
    FAKE_PROVIDER_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
    FAKE_PROVIDER_HOST: z.string().default('127.0.0.1'),
  })
  .parse(process.env);

const fake = await startFakeProvider({ port: env.FAKE_PROVIDER_PORT, host: env.FAKE_PROVIDER_HOST });
console.log(`[fake-provider] listening on ${fake.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void fake.close().then(() => process.exit(0)));
