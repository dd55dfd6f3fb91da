import type Stripe from 'stripe';
import type { Database } from '../database/database';
import { deleteStripeCustomer } from '../billing/stripe-customer-purge';
import type { DsrRow, RectificationDetails } from './requests';
import { isSoleUser } from './subject-scope';

/**
 * GDPR Art. 19: erasure, rectification and restriction are passed on to the
 * processors that hold the subject's data. Of ours (privacy policy §3), Stripe
 * keeps its own copy of the billing contact, so it is told through its API;
 * object storage and mail delivery hold only what our own erasure already
 * removed, and the LLM providers are the customer's processors, not ours.
 *
 * Stripe's customer is the account's billing contact, so only a subject who is
 * the account's sole user is that contact.
 */
export async function billingContactCustomer(db: Database, request: DsrRow): Promise<string | null> {
  if (!request.account_id || !request.subject_user_id) return null;
  if (!(await isSoleUser(db, request.account_id))) return null;
  const subject = await db('users').where({ id: request.subject_user_id, account_id: request.account_id }).first('id');
  if (!subject) return null;
  const account = await db('accounts').where({ id: request.account_id }).first('stripe_customer_id');
  return account?.stripe_customer_id ?? null;
}

/** Erasure: the Stripe customer goes (a retry finds it gone and succeeds). */
export function eraseAtStripe(stripe: Stripe, customerId: string): Promise<'deleted' | 'already-deleted'> {
  return deleteStripeCustomer(stripe, customerId);
}

/** Rectification: Stripe's copy of the name and e-mail address is corrected too. */
export async function rectifyAtStripe(
  stripe: Stripe,
  customerId: string,
  details: RectificationDetails,
  requestId: string,
): Promise<void> {
  if (details.name === undefined && details.email === undefined) return;
  await stripe.customers.update(
    customerId,
    {
      ...(details.name !== undefined ? { name: details.name } : {}),
      ...(details.email !== undefined ? { email: details.email } : {}),
    },
    { idempotencyKey: `dsr-${requestId}-rectify` },
  );
}

/** Restriction or objection: Stripe is told to keep the customer for billing only. */
export async function restrictAtStripe(
  stripe: Stripe,
  customerId: string,
  kind: 'restriction' | 'objection',
  requestId: string,
): Promise<void> {
  await stripe.customers.update(
    customerId,
    { metadata: { autrace_processing_restricted: kind, autrace_request_id: requestId } },
    { idempotencyKey: `dsr-${requestId}-restrict` },
  );
}
