import type { Knex } from 'knex';
import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';
import type { DsrRow, RectificationDetails } from './requests';
import { isSoleUser } from './subject-scope';

/**
 * What a request does to the subject's data, store by store. Every function
 * records its evidence in the audit trail in the same transaction as its
 * change (counts and IDs only), and is safe to run twice.
 */
export type SubjectInventory = Record<string, number>;

/** The account's own stores: the subject's only when they are its sole user (subject-scope.ts). */
const ACCOUNT_STORES = ['account', 'api_keys', 'policies', 'gateway_requests', 'gateway_full_logs', 'billing'] as const;

function count(q: Knex.QueryBuilder): Promise<number> {
  return q
    .count({ n: '*' })
    .first()
    .then((r: { n?: number | string } | undefined) => Number(r?.n ?? 0));
}

/**
 * Counts what the subject's answer will hold, store by store. When the subject
 * shares the account, the account's stores are named as held for it and not
 * counted: they are not the subject's to receive or erase.
 */
export async function gatherSubjectInventory(db: Database, request: DsrRow): Promise<SubjectInventory> {
  const userId = request.subject_user_id;
  const accountId = request.account_id;
  const inventory: SubjectInventory = { users: 0, audit_log: 0 };
  let heldForAccount: string[] = [];
  if (userId && accountId) {
    inventory.users = await count(db('users').where({ id: userId }));
    inventory.audit_log = await count(db('audit_log').where({ actor_id: userId }).orWhere({ target_id: userId }));
    if (await isSoleUser(db, accountId)) {
      inventory.api_keys = await count(db('api_keys').where({ account_id: accountId }));
      inventory.policies = await count(db('policies').where({ account_id: accountId }));
      inventory.gateway_requests = await count(db('gateway_requests').where({ account_id: accountId }));
      inventory.gateway_full_logs = await count(db('gateway_full_logs').where({ account_id: accountId }));
      inventory.billing = await count(db('accounts').where({ id: accountId }).whereNotNull('stripe_customer_id'));
    } else {
      heldForAccount = [...ACCOUNT_STORES];
    }
  }
  await db.transaction((trx) =>
    recordAudit(trx, {
      accountId,
      actorType: 'system',
      action: 'dsr.data_gathered',
      targetType: 'data_subject_request',
      targetId: request.id,
      summary: { inventory, heldForAccount },
    }),
  );
  return inventory;
}

/** Categories an operator may keep back from erasure under a legal exception (e.g. tax records, legal claims). */
export const RETAINABLE_CATEGORIES = ['billing', 'gateway_requests', 'gateway_full_logs'] as const;
export type RetainableCategory = (typeof RETAINABLE_CATEGORIES)[number];

export interface ErasureResult {
  erased: Record<string, number>;
  retained: RetainableCategory[];
}

/**
 * Erases the subject: their user row (sessions go with it). A member of a
 * shared account takes nothing of the account with them: its logs, keys,
 * policies and billing stay for the other users. A sole user's erasure
 * empties the account of what their export would hold: logs, data key
 * (crypto-shredding what remains in archives), billing identifiers, API keys,
 * provider connections, export schedules, policies and name; the account stays, disabled and userless, so the audit
 * trail and any retained category still have an account to belong to. It is
 * not account deletion (no grace period, the record is not removed). Audit
 * entries stay: they hold IDs only and the law requires the record.
 */
export async function eraseSubject(
  db: Database,
  request: DsrRow,
  retained: readonly RetainableCategory[],
): Promise<ErasureResult> {
  const userId = request.subject_user_id;
  const accountId = request.account_id;
  const erased: Record<string, number> = {};
  await db.transaction(async (trx) => {
    if (
      accountId &&
      userId &&
      (await isSoleUser(trx, accountId)) &&
      (await trx('users').where({ id: userId }).first())
    ) {
      if (!retained.includes('gateway_full_logs')) {
        erased.gateway_full_logs = await trx('gateway_full_logs').where({ account_id: accountId }).delete();
        await trx('accounts').where({ id: accountId }).update({ data_key_wrapped: null, full_logging: false });
      }
      if (!retained.includes('gateway_requests'))
        erased.gateway_requests = await trx('gateway_requests').where({ account_id: accountId }).delete();
      if (!retained.includes('billing')) {
        erased.billing = await trx('accounts')
          .where({ id: accountId })
          .whereNotNull('stripe_customer_id')
          .update({ stripe_customer_id: null });
        await trx('subscriptions').where({ account_id: accountId }).delete();
      }
      erased.api_keys = await trx('api_keys').where({ account_id: accountId }).delete();
      erased.provider_connections = await trx('provider_connections').where({ account_id: accountId }).delete();
      // A schedule would go on exporting an account nobody is left to receive; its runs find no row and stop.
      erased.export_schedules = await trx('export_schedules').where({ account_id: accountId }).delete();
      erased.policies = await trx('policies').where({ account_id: accountId }).delete();
      await trx('accounts').where({ id: accountId }).update({ name: 'erased', status: 'disabled' });
    }
    erased.users = userId ? await trx('users').where({ id: userId }).delete() : 0;
    await recordAudit(trx, {
      accountId,
      actorType: 'system',
      action: 'dsr.erased',
      targetType: 'data_subject_request',
      targetId: request.id,
      summary: { erased, retained },
    });
  });
  return { erased, retained: [...retained] };
}

export async function rectifySubject(
  db: Database,
  request: DsrRow,
  details: RectificationDetails,
): Promise<{ fields: string[] }> {
  const fields = Object.keys(details).filter((k) => details[k as keyof RectificationDetails] !== undefined);
  await db.transaction(async (trx) => {
    if (request.subject_user_id && fields.length > 0)
      await trx('users')
        .where({ id: request.subject_user_id })
        .update({ ...details, updated_at: trx.fn.now() });
    await recordAudit(trx, {
      accountId: request.account_id,
      actorType: 'system',
      action: 'dsr.rectified',
      targetType: 'data_subject_request',
      targetId: request.id,
      summary: { fields },
    });
  });
  return { fields };
}

/**
 * Restriction stops optional processing of the subject's data (full logging
 * when the account is theirs alone); objection also stops marketing.
 */
export async function restrictProcessing(
  db: Database,
  request: DsrRow,
  kind: 'restriction' | 'objection',
): Promise<{ scope: string[] }> {
  const scope = kind === 'objection' ? ['marketing', 'full_logging'] : ['full_logging'];
  await db.transaction(async (trx) => {
    const inserted = await trx('processing_restrictions')
      .insert({ request_id: request.id, account_id: request.account_id, user_id: request.subject_user_id, kind, scope })
      .onConflict('request_id')
      .ignore()
      .returning('id');
    if (inserted.length === 0) return;
    if (request.subject_user_id && kind === 'objection')
      await trx('users').where({ id: request.subject_user_id }).update({ marketing_opt_out: true });
    if (request.account_id && request.subject_user_id && (await isSoleUser(trx, request.account_id))) {
      await trx('accounts').where({ id: request.account_id }).update({ full_logging: false });
    }
    await recordAudit(trx, {
      accountId: request.account_id,
      actorType: 'system',
      action: `dsr.${kind === 'objection' ? 'objection_applied' : 'restriction_applied'}`,
      targetType: 'data_subject_request',
      targetId: request.id,
      summary: { scope },
    });
  });
  return { scope };
}

/**
 * Processors that hold subjects' data on our behalf (GDPR Art. 19), recorded as
 * evidence once the request has been passed on: Stripe through its API before
 * our own change (processor-actions.ts); object storage and mail delivery hold
 * only what our own erasure removes.
 */
export const PROCESSORS = ['stripe', 'object-storage', 'email-delivery'] as const;

export async function recordProcessorNotices(db: Database, request: DsrRow, action: string): Promise<string[]> {
  await db.transaction(async (trx) => {
    const inserted = await trx('dsr_processor_notices')
      .insert(PROCESSORS.map((processor) => ({ request_id: request.id, processor, action })))
      .onConflict(['request_id', 'processor'])
      .ignore()
      .returning('processor');
    if (inserted.length === 0) return;
    await recordAudit(trx, {
      accountId: request.account_id,
      actorType: 'system',
      action: 'dsr.processors_notified',
      targetType: 'data_subject_request',
      targetId: request.id,
      summary: { processors: PROCESSORS, action },
    });
  });
  return [...PROCESSORS];
}
