import type Stripe from 'stripe';
import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit-trail';
import type { Config } from '../config/config';
import type { Database } from '../database/database';
import type { Logger } from '../observability/logger';
import { regionOfAccount } from '../regions/directory';
import type { RegionalDatabases } from '../regions/regional-databases';
import { planAllowsFullLogging, type Plan } from './plans';

const SUBSCRIPTION_EVENTS = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
]);
/** Subscription states in which the customer no longer pays: the account falls back to Free. */
const ENDED_STATUSES = new Set(['canceled', 'incomplete_expired', 'unpaid']);

const UUID = /^[0-9a-f-]{36}$/i;

export type WebhookOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored';

export function planForPrice(prices: Config['stripe']['prices'], priceId: string | undefined): Plan | null {
  for (const [plan, id] of Object.entries(prices) as Array<[Exclude<Plan, 'free'>, string]>)
    if (id === priceId) return plan;
  return null;
}

function customerIdOf(subscription: Stripe.Subscription): string {
  return typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id;
}

async function findAccountId(trx: Knex.Transaction, subscription: Stripe.Subscription): Promise<string | null> {
  const byCustomer = await trx('accounts')
    .where({ stripe_customer_id: customerIdOf(subscription) })
    .first('id');
  if (byCustomer) return byCustomer.id;
  // Subscriptions made by our checkout carry the account in their metadata.
  const fromMetadata = subscription.metadata?.accountId;
  if (!fromMetadata || !UUID.test(fromMetadata)) return null;
  const byMetadata = await trx('accounts').where({ id: fromMetadata }).first('id');
  return byMetadata?.id ?? null;
}

/**
 * The regional database holding the account a subscription event is about, found by its Stripe customer in
 * each region (the primary's first), else by the account named in its metadata through the directory; the
 * primary's for any other event. The event is applied, and remembered as applied, there.
 */
export async function stripeEventHome(
  regions: RegionalDatabases,
  event: Stripe.Event,
): Promise<{ db: Database; accountId: string | null }> {
  if (!SUBSCRIPTION_EVENTS.has(event.type)) return { db: regions.primary, accountId: null };
  const subscription = event.data.object as Stripe.Subscription;
  for (const db of regions.all()) {
    const byCustomer = await db('accounts')
      .where({ stripe_customer_id: customerIdOf(subscription) })
      .first('id');
    if (byCustomer) return { db, accountId: byCustomer.id };
  }
  const fromMetadata = subscription.metadata?.accountId;
  if (!fromMetadata || !UUID.test(fromMetadata)) return { db: regions.primary, accountId: null };
  const region = await regionOfAccount(regions.directory, fromMetadata);
  return { db: region ? regions.of(region) : regions.primary, accountId: fromMetadata };
}

/**
 * Applies one verified Stripe event. Idempotent by event ID (stripe_events);
 * events older than the last applied one for the account are recorded but not
 * applied, so out-of-order delivery cannot roll a plan back.
 */
export async function applyStripeEvent(
  db: Database,
  config: Config,
  logger: Logger,
  event: Stripe.Event,
): Promise<WebhookOutcome> {
  return db.transaction(async (trx) => {
    const inserted = await trx('stripe_events')
      .insert({ id: event.id, type: event.type })
      .onConflict('id')
      .ignore()
      .returning('id');
    if (inserted.length === 0) return 'duplicate';
    if (!SUBSCRIPTION_EVENTS.has(event.type)) return 'ignored';
    const subscription = event.data.object as Stripe.Subscription;
    const accountId = await findAccountId(trx, subscription);
    if (!accountId) {
      logger.warn({ eventId: event.id, type: event.type }, 'stripe subscription event for no known account');
      return 'ignored';
    }
    const account = await trx('accounts').where({ id: accountId }).forUpdate().first('plan', 'full_logging');
    if (!account) return 'ignored';
    const current = await trx('subscriptions').where({ account_id: accountId }).first('last_event_created');
    if (current && current.last_event_created > event.created) return 'stale';

    const ended = event.type === 'customer.subscription.deleted' || ENDED_STATUSES.has(subscription.status);
    const item = subscription.items.data[0];
    const pricePlan = planForPrice(config.stripe.prices, item?.price.id);
    if (!ended && !pricePlan) {
      logger.warn({ eventId: event.id }, 'stripe subscription with a price that maps to no plan');
      return 'ignored';
    }
    const plan: Plan = ended ? 'free' : (pricePlan ?? 'free');
    const periodEnd = item?.current_period_end;
    await trx('subscriptions')
      .insert({
        account_id: accountId,
        stripe_customer_id: customerIdOf(subscription),
        stripe_subscription_id: subscription.id,
        plan,
        status: subscription.status,
        current_period_end: periodEnd ? new Date(periodEnd * 1000) : null,
        last_event_created: event.created,
        updated_at: trx.fn.now(),
      })
      .onConflict('account_id')
      .merge();
    const turnOffFullLogging = account.full_logging && !planAllowsFullLogging(plan);
    await trx('accounts')
      .where({ id: accountId })
      .update({
        plan,
        stripe_customer_id: customerIdOf(subscription),
        ...(turnOffFullLogging ? { full_logging: false } : {}),
        updated_at: trx.fn.now(),
      });
    await recordAudit(trx, {
      accountId,
      actorType: 'stripe',
      actorId: event.id,
      action: 'plan.changed',
      targetType: 'account',
      targetId: accountId,
      summary: {
        from: account.plan,
        to: plan,
        eventType: event.type,
        subscriptionId: subscription.id,
        subscriptionStatus: subscription.status,
        fullLoggingTurnedOff: turnOffFullLogging,
      },
    });
    return 'applied';
  });
}
