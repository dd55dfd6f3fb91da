import Stripe from 'stripe';

/** Deletes the Stripe customer; one that is already gone counts as deleted, so a retry succeeds. */
export async function deleteStripeCustomer(stripe: Stripe, customerId: string): Promise<'deleted' | 'already-deleted'> {
  try {
    await stripe.customers.del(customerId);
    return 'deleted';
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError && (error.code === 'resource_missing' || error.statusCode === 404))
      return 'already-deleted';
    throw error;
  }
}
