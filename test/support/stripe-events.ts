import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';

const stripe = new Stripe('sk_test_unused');

/**
 * A `customer.subscription.updated` event as Stripe delivers it to the webhook: the raw body and a real
 * `Stripe-Signature` under `secret`, ready for the test API's `request` options.
 */
export function signedSubscriptionEvent(options: {
  secret: string;
  accountId: string;
  customer?: string;
  /** Default `{ accountId }`, as our checkout's subscriptions carry. */
  metadata?: Record<string, string>;
  price?: string;
}): { rawBody: string; headers: Record<string, string> } {
  const payload = JSON.stringify({
    id: `evt_test_${randomUUID()}`,
    object: 'event',
    type: 'customer.subscription.updated',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `sub_${options.accountId.slice(0, 8)}`,
        object: 'subscription',
        customer: options.customer ?? `cus_${options.accountId.slice(0, 8)}`,
        status: 'active',
        metadata: options.metadata ?? { accountId: options.accountId },
        items: {
          object: 'list',
          data: [{ id: 'si_1', price: { id: options.price ?? 'price_growth' }, current_period_end: 1_900_000_000 }],
        },
      },
    },
  });
  return {
    rawBody: payload,
    headers: {
      'content-type': 'application/json',
      'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret }),
    },
  };
}
