import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { submitMemberRequest } from '../../platform/data-subject-requests/requests';
import type { Database } from '../../platform/database/database';
import {
  copyMoveBatch,
  foldUsage,
  mismatchedTables,
  MOVE_TABLES,
  NOT_COPIED,
  tallyAccountRows,
  type TableTally,
} from '../../platform/regions/account-move';
import { regionOfAccount } from '../../platform/regions/directory';
import { startAccountMove } from '../../platform/temporal/account-move-client';
import { ACCOUNT_MOVE_TASK_QUEUE } from '../../temporal.config';
import type { accountMoveWorkflow } from '../../workflows/account-move';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedAccount } from '../support/seed-accounts';
import { createTestStack, type TestStack } from '../support/stack';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { writeWorkflowBundle } from '../support/worker-bundle';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process-control';
import { tablesMentioning } from '../support/regions';

/**
 * An operator moves an EU account to the US while the worker doing it is killed mid-copy: the move
 * resumes on another worker and ends with every row in the US database (counts and checksums as they
 * were in the EU) and nothing of the account left in the EU but its audit trail's entries.
 */
describe('moving an account between regions', () => {
  let stack: TestStack;
  let us: TestDatabase;
  let env: TestWorkflowEnvironment;
  let workerEnv: Record<string, string>;
  const workers: WorkerProcess[] = [];
  const OPERATOR = randomUUID();

  before(async () => {
    const suffix = randomBytes(4).toString('hex');
    us = await createTestDatabase();
    const shared = {
      DATABASE_URL_US: us.url,
      S3_BUCKET_EU: `autrace-eu-${suffix}`,
      S3_BUCKET_US: `autrace-us-${suffix}`,
      S3_BUCKET_APAC: `autrace-apac-${suffix}`,
      // Small batches: the copy takes long enough to be killed in the middle.
      ACCOUNT_MOVE_BATCH_ROWS: '10',
    };
    [stack, env] = await Promise.all([createTestStack({ env: shared }), createTimeSkippingEnvironment()]);
    workerEnv = {
      ...shared,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: stack.database.url,
      SMTP_URL: stack.smtp.url,
      S3_ENDPOINT: process.env.TEST_S3_ENDPOINT ?? 'http://127.0.0.1:5000',
      S3_ACCESS_KEY_ID: 'test',
      S3_SECRET_ACCESS_KEY: 'test',
      S3_OBJECT_LOCK_MODE: 'GOVERNANCE',
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      TEMPORAL_WORKFLOW_BUNDLE: await writeWorkflowBundle(),
      TEST_TASK_QUEUE: ACCOUNT_MOVE_TASK_QUEUE,
    };
  });

  after(async () => {
    for (const worker of workers) await worker.kill();
    await env?.teardown();
    await stack?.close();
    await us?.drop();
  });

  const countOf = async (db: Database, table: string, accountId: string) =>
    Number((await db(table).where({ account_id: accountId }).count<Array<{ n: number }>>({ n: '*' }))[0]?.n ?? 0);

  test('every table holding an account’s rows is copied by a move, or deliberately left to go with its users', async () => {
    const { rows } = await stack.database.db.raw<{ rows: Array<{ table: string }> }>(
      `select distinct c.relname as table from pg_attribute a join pg_class c on c.oid = a.attrelid
         join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
          and a.attname in ('account_id', 'user_id') and not a.attisdropped`,
    );
    const covered = new Set<string>([...MOVE_TABLES.map((t) => t.table), ...NOT_COPIED]);
    // The directory is global by design, and the audit trail stays in each database's chain.
    const elsewhere = new Set(['directory_accounts', 'directory_api_keys', 'directory_users', 'audit_log']);
    assert.deepEqual(
      rows.map((r) => r.table).filter((t) => !covered.has(t) && !elsewhere.has(t)),
      [],
    );
  });

  test('a move killed in the middle of the copy completes: every row in the US, nothing left in the EU', async () => {
    const eu = stack.database.db;
    const account = await seedAccount(eu, stack.config.keys.master, { requests: 1500, fullLogs: 300 });
    const { accountId } = account;
    const answered = await submitMemberRequest(eu, {
      accountId,
      userId: account.memberId,
      type: 'access',
      jurisdiction: 'gdpr',
      now: new Date(),
    });
    // Answered before the move (an open one would keep the account from moving): its history moves with it.
    await eu('data_subject_requests')
      .where({ id: answered.id })
      .update({ status: 'completed', closed_at: new Date(), closing_reason: 'answered' });
    await eu('directory_accounts').insert({ account_id: accountId, region: 'eu' });
    // The move folds the requests into the usage rollup before copying both: so does the expectation.
    await foldUsage(eu);
    const before: Record<string, TableTally> = await tallyAccountRows(eu, accountId);
    assert.ok((before.gateway_usage_hourly?.rows ?? 0) > 0);
    assert.equal(before.gateway_requests?.rows, 1500);

    const first = await startWorkerProcess(workerEnv);
    workers.push(first);
    const { workflowId } = await startAccountMove(env.client, {
      accountId,
      from: 'eu',
      to: 'us',
      operatorId: OPERATOR,
    });
    // Kill the worker once the copy of the request rows has begun and before it has ended.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const copied = await countOf(us.db, 'gateway_requests', accountId);
      if (copied > 0 && copied < 1500) break;
      if (copied >= 1500 || Date.now() > deadline)
        assert.fail(`the copy was not caught in the middle (${copied} rows)`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await first.kill();
    const copiedAtKill = await countOf(us.db, 'gateway_requests', accountId);
    assert.ok(copiedAtKill < 1500);
    workers.push(await startWorkerProcess(workerEnv));

    const result = await env.client.workflow.getHandle<typeof accountMoveWorkflow>(workflowId).result();
    assert.equal(result.state, 'moved');

    const after = await tallyAccountRows(us.db, accountId);
    for (const { table } of MOVE_TABLES) {
      assert.equal(after[table]?.rows, before[table]?.rows, `${table}: every row in the target`);
      // The account is active and homed in the US now, its export archives expired: the other tables are as they were.
      if (table !== 'accounts' && table !== 'exports')
        assert.equal(after[table]?.checksum, before[table]?.checksum, `${table}: the same rows`);
    }
    const moved = await us.db('accounts').where({ id: accountId }).first('status', 'region');
    assert.deepEqual(moved, { status: 'active', region: 'us' });
    assert.equal(await regionOfAccount(eu, accountId), 'us');

    // The directory is global (here in the EU database): it points the account at the US.
    assert.deepEqual(
      (await tablesMentioning(eu, accountId)).found.sort(),
      ['audit_log', 'directory_accounts'],
      'only the audit trail keeps the account',
    );
    assert.deepEqual((await tablesMentioning(eu, account.ownerEmail)).found, []);
    assert.deepEqual((await eu('audit_log').where({ account_id: accountId }).orderBy('id').pluck('action')).slice(-2), [
      'account.move_started',
      'account.moved_out',
    ]);
    const movedIn = await us.db('audit_log').where({ account_id: accountId, action: 'account.moved_in' }).first();
    assert.equal(movedIn?.actor_id, OPERATOR);
    assert.equal(movedIn?.target_id, workflowId);
  });

  test('a second copy of a table brings rows changed in the source since the first up to date', async () => {
    const eu = stack.database.db;
    const account = await seedAccount(eu, stack.config.keys.master, { requests: 0, fullLogs: 0 });
    const copyAll = async (table: string) => {
      let cursor: Record<string, unknown> | null = null;
      do {
        ({ cursor } = await copyMoveBatch(eu, us.db, { accountId: account.accountId, table, cursor, batchRows: 10 }));
      } while (cursor);
    };
    await copyAll('accounts');
    await copyAll('users');
    // A change after the copy (a workflow moving a row on) makes the tallies differ, and the next copy mends it.
    await eu('users').where({ id: account.memberId }).update({ name: 'Renamed during the copy' });
    const changed = mismatchedTables(
      await tallyAccountRows(eu, account.accountId),
      await tallyAccountRows(us.db, account.accountId),
    );
    assert.ok(changed.includes('users'));
    await copyAll('users');
    const after = mismatchedTables(
      await tallyAccountRows(eu, account.accountId),
      await tallyAccountRows(us.db, account.accountId),
    );
    assert.ok(!after.includes('users') && !after.includes('accounts'), after.join(', '));
    assert.equal((await us.db('users').where({ id: account.memberId }).first('name'))?.name, 'Renamed during the copy');
  });
});
