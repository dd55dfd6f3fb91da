import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit-trail';
import { auditActor } from '../../auth/principal';
import { defineRoute } from '../../http/define-route';

export const createCheckoutSessionRoute = defineRoute({
  method: 'post',
  path: '/v1/billing/checkout',
  summary: 'Start a Stripe Checkout for a paid plan; the plan changes when Stripe confirms (webhook)',
  tags: ['billing'],
  auth: 'user',
  roles: ['owner'],
  request: {
    body: z.object({
      plan: z.enum(['starter', 'growth', 'enterprise']),
      successUrl: z.url().optional(),
      cancelUrl: z.url().optional(),
    }),
  },
  responses: {
    201: {
      description: 'Redirect the user to url',
      schema: z.object({ sessionId: z.string(), url: z.string().nullable() }),
    },
    502: { description: 'The billing provider (Stripe) refused the request' },
  },
  async handler({ body, principal, deps }) {
    const account = await deps
      .db('accounts')
      .where({ id: principal.accountId })
      .first<{ stripe_customer_id: string | null }>('stripe_customer_id');
    let customerId = account?.stripe_customer_id ?? null;
    if (!customerId) {
      // Only the account ID goes to Stripe; the customer enters billing details on Stripe's page, never ours.
      const customer = await deps.stripe.customers.create(
        { metadata: { accountId: principal.accountId } },
        { idempotencyKey: `customer-${principal.accountId}` },
      );
      customerId = customer.id;
      await deps
        .db('accounts')
        .where({ id: principal.accountId })
        .whereNull('stripe_customer_id')
        .update({ stripe_customer_id: customerId });
    }
    const base = deps.config.api.publicUrl;
    const session = await deps.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customerId,
      client_reference_id: principal.accountId,
      line_items: [{ price: deps.config.stripe.prices[body.plan], quantity: 1 }],
      subscription_data: { metadata: { accountId: principal.accountId } },
      success_url: body.successUrl ?? `${base}/docs#billing-success`,
      cancel_url: body.cancelUrl ?? `${base}/docs#billing-cancelled`,
    });
    await deps.db.transaction((trx) =>
      recordAudit(trx, {
        accountId: principal.accountId,
        ...auditActor(principal),
        action: 'billing.checkout_started',
        targetType: 'account',
        targetId: principal.accountId,
        summary: { plan: body.plan, checkoutSessionId: session.id, customerId },
      }),
    );
    return { status: 201, body: { sessionId: session.id, url: session.url } };
  },
});
