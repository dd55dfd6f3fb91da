import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { recordAudit, type AuditActorType } from '../audit/audit-trail';
import type { Region } from '../config/config';
import { createDataKey } from '../crypto/envelope';
import { hashPassword } from '../crypto/passwords';
import type { Database } from '../database/database';
import type { DirectoryWrites } from '../regions/directory';
import { planAllowsRegion, regionNotInPlanMessage, type Plan } from '../billing/plans';
import { DomainError } from '../errors/domain-error';
import type { AccountRole } from './roles';

export interface NewAccount {
  accountName: string;
  ownerName: string;
  email: string;
  password: string;
  plan: Plan;
  region: Region;
  /** Registers the account and its owner in the global directory before the account is committed. */
  directory?: DirectoryWrites;
}

export interface AuditActor {
  actorType: AuditActorType;
  actorId: string | null;
}

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION;
}

export async function insertUser(
  trx: Knex.Transaction,
  user: { accountId: string | null; name: string; email: string; password: string; role: AccountRole | 'operator' },
): Promise<string> {
  const passwordHash = await hashPassword(user.password);
  try {
    const [row] = await trx('users')
      .insert({
        account_id: user.accountId,
        name: user.name,
        email: user.email,
        password_hash: passwordHash,
        role: user.role,
      })
      .returning('id');
    if (!row) throw new Error('user insert returned no row');
    return row.id;
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('EmailTaken', 'a user with this e-mail address already exists');
    throw error;
  }
}

/**
 * Creates an account, its owner and its data key in one transaction, with the
 * audit entry. `actor` is who did it (the new owner on sign-up, an operator or the CLI).
 */
export async function createAccountWithOwner(
  db: Database,
  masterKey: Buffer,
  input: NewAccount,
  actor: AuditActor | 'owner',
  afterCreate?: (trx: Knex.Transaction, ids: { accountId: string; userId: string }) => Promise<void>,
  /** More directory entries of the new account (a first key's prefix), written with the account's. */
  beforeCreate?: (accountId: string) => Promise<void>,
): Promise<{ accountId: string; userId: string }> {
  if (!planAllowsRegion(input.plan, input.region))
    throw new DomainError('RegionNotInPlan', regionNotInPlanMessage(input.plan, input.region));
  const accountId = randomUUID();
  const { wrapped } = createDataKey(masterKey, accountId);
  const { directory } = input;
  const create = () =>
    db.transaction(async (trx) => {
      await trx('accounts').insert({
        id: accountId,
        name: input.accountName,
        plan: input.plan,
        region: input.region,
        data_key_wrapped: wrapped,
      });
      const userId = await insertUser(trx, {
        accountId,
        name: input.ownerName,
        email: input.email,
        password: input.password,
        role: 'owner',
      });
      const by = actor === 'owner' ? { actorType: 'user' as const, actorId: userId } : actor;
      await recordAudit(trx, {
        accountId,
        ...by,
        action: 'account.created',
        targetType: 'account',
        targetId: accountId,
        summary: { plan: input.plan, region: input.region, ownerUserId: userId },
      });
      await afterCreate?.(trx, { accountId, userId });
      return { accountId, userId };
    });
  if (!directory) return create();
  // The directory first, outside the regional transaction (which must not wait on a second connection).
  return directory.run(async () => {
    await directory.addAccount(accountId, input.region);
    await directory.addUser(input.email, accountId);
    await beforeCreate?.(accountId);
    return create();
  });
}
