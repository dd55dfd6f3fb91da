import type Stripe from 'stripe';
import { z } from 'zod';
import { applyStripeEvent, stripeEventHome } from '../../../platform/billing/stripe-subscriptions';
import { ApiError } from '../../errors/api-error';
import { refuseWhileMoving } from '../../http/account-move-guard';
import { defineRoute } from '../../http/define-route';

export const stripeWebhookRoute = defineRoute({
  method: 'post',
  path: '/v1/billing/stripe-webhook',
  summary: 'Stripe webhook: subscription events set the account plan',
  description:
    'The Stripe-Signature header is verified over the raw body. Idempotent by event ID; events older than the last applied one are ignored.',
  tags: ['billing'],
  auth: 'public',
  // Stripe retries from a handful of IPs; an invalid signature is rejected before any work.
  rateLimit: false,
  request: {},
  responses: {
    200: {
      description: 'Received',
      schema: z.object({ received: z.literal(true), outcome: z.enum(['applied', 'duplicate', 'stale', 'ignored']) }),
    },
    400: { description: 'Missing or invalid Stripe-Signature, or no body' },
  },
  async handler({ rawBody, headers, deps }) {
    const signature = headers['stripe-signature'];
    if (typeof signature !== 'string' || rawBody.length === 0)
      throw new ApiError('BAD_REQUEST', 'missing Stripe-Signature or body');
    let event: Stripe.Event;
    try {
      event = deps.stripe.webhooks.constructEvent(rawBody, signature, deps.config.stripe.webhookSecret);
    } catch {
      throw new ApiError('BAD_REQUEST', 'invalid Stripe signature');
    }
    // Applied in the account's region; refused while it moves, and Stripe delivers the event again later.
    const home = await stripeEventHome(deps.regions, event);
    await refuseWhileMoving(home.db, home.accountId);
    const outcome = await applyStripeEvent(home.db, deps.config, deps.logger, event);
    return { status: 200, body: { received: true, outcome } };
  },
});
