import Stripe from 'stripe';
import type { Config } from '../config/config';

/** The Stripe client; STRIPE_API_BASE points it at a local fake in tests and the offline demo. */
export function createStripeClient(stripe: Config['stripe']): Stripe {
  if (!stripe.apiBase) return new Stripe(stripe.secretKey, { maxNetworkRetries: 2 });
  const base = new URL(stripe.apiBase);
  return new Stripe(stripe.secretKey, {
    host: base.hostname,
    port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
    protocol: base.protocol === 'https:' ? 'https' : 'http',
    maxNetworkRetries: 0,
  });
}
