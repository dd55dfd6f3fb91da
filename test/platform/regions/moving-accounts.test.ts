import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { recordAudit } from '../../../platform/audit/audit-trail';
import { DomainError } from '../../../platform/errors/domain-error';
import { freezeAccountForMove } from '../../../platform/regions/account-move';
import { createTestConfig } from '../../support/config';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { createAccountWithKey } from '../../gateway/support/gateway-fixture';

/**
 * The API refuses changes about a moving account before it starts them; these are the changes that passed that
 * check just before an operator's move froze the account. The copy would miss one committed after it passed the
 * account's tables, and the purge would delete it.
 */
describe('a tenant change in flight when a move freezes its account', () => {
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabase();
  });

  after(async () => {
    await database.drop();
  });

  const freeze = (accountId: string) =>
    freezeAccountForMove(database.appDb, {
      accountId,
      from: 'eu',
      to: 'us',
      moveId: randomUUID(),
      actor: { actorType: 'operator', actorId: null },
    });

  test('the freeze waits for the change to commit; a change after it is refused and rolls back', async () => {
    const { accountId } = await createAccountWithKey(database.db, createTestConfig({ databaseUrl: database.url }));
    const inFlight = await database.appDb.transaction();
    await inFlight('accounts').where({ id: accountId }).update({ name: 'Renamed before the move' });
    await recordAudit(inFlight, { accountId, actorType: 'user', action: 'account.renamed' });

    let frozen = false;
    const freezing = freeze(accountId).then((result) => {
      frozen = true;
      return result;
    });
    await sleep(300);
    assert.equal(frozen, false, 'the freeze went ahead of a change in flight');
    await inFlight.commit();
    assert.equal(await freezing, 'frozen');

    await assert.rejects(
      database.appDb.transaction(async (trx) => {
        await trx('accounts').where({ id: accountId }).update({ name: 'Renamed during the move' });
        await recordAudit(trx, { accountId, actorType: 'user', action: 'account.renamed' });
      }),
      (error: unknown) => error instanceof DomainError && error.code === 'AccountMoving',
    );
    const account = await database.db('accounts').where({ id: accountId }).first('name', 'moving_to');
    assert.deepEqual(account, { name: 'Renamed before the move', moving_to: 'us' });
    const renames = await database.db('audit_log').where({ account_id: accountId, action: 'account.renamed' });
    assert.equal(renames.length, 1);
  });

  test("the move's own entries and the system's are still written about a moving account", async () => {
    const { accountId } = await createAccountWithKey(database.db, createTestConfig({ databaseUrl: database.url }));
    assert.equal(await freeze(accountId), 'frozen');
    await recordAudit(database.appDb, { accountId, actorType: 'system', action: 'retention.swept' });
    await recordAudit(database.appDb, { accountId, actorType: 'operator', action: 'account.move_note' });
    const actions = await database.db('audit_log').where({ account_id: accountId }).orderBy('id').pluck('action');
    assert.deepEqual(actions, ['account.move_started', 'retention.swept', 'account.move_note']);
  });
});
