import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/workflow';
import { runCli, type CliRun } from '../../api/cli/run-cli';
import type { AccountMoveStatus } from '../../platform/temporal/account-move-client';
import { workflowIds } from '../../temporal.config';
import type { TestApi } from '../support/api';
import type { TestDatabase } from '../support/database';
import { startMoveHarness, type MoveHarness } from '../support/move-harness';

/**
 * `autrace account move` and `autrace account move-status` against real Postgres (an EU and a US database)
 * and Temporal's test server, with a worker serving every region behind them, as the route's tests have.
 */
describe('autrace account move', () => {
  let harness: MoveHarness;
  let env: TestWorkflowEnvironment;
  let us: TestDatabase;
  let api: TestApi;
  /** Accounts whose copy the worker fails, as a target refusing the rows would. */
  const failingCopies = new Set<string>();
  /** Accounts whose copy waits, after copying, until the test lets it end. */
  const heldCopies = new Map<string, Promise<void>>();

  before(async () => {
    harness = await startMoveHarness({
      activities: (real) => ({
        ...real,
        async copyAccountTables(input: Parameters<typeof real.copyAccountTables>[0]) {
          const copied = await real.copyAccountTables(input);
          await heldCopies.get(input.accountId);
          if (failingCopies.has(input.accountId))
            throw ApplicationFailure.nonRetryable('the target refused the copy', 'TargetRefused');
          return copied;
        },
      }),
    });
    ({ env, us, api } = harness);
  });
  after(async () => {
    await harness?.close();
  });

  function autrace(...args: string[]): Promise<CliRun> {
    return runCli(args, {
      env: {
        ...process.env,
        DATABASE_URL: api.stack.database.url,
        DATABASE_URL_US: us.url,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_NAMESPACE: env.namespace ?? 'default',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
      },
    });
  }

  const eu = () => api.stack.database.db;
  const trail = async (db: TestDatabase['db'], accountId: string) =>
    db('audit_log').where({ account_id: accountId }).orderBy('id').select('action', 'actor_type', 'actor_id');
  const moveExists = async (accountId: string) =>
    env.client.workflow
      .getHandle(workflowIds.accountMove(accountId))
      .describe()
      .then(
        () => true,
        () => false,
      );

  test('moves an account to the US, printing the workflow, from and to; move-status --wait reports it moved', async () => {
    const operator = await api.createOperator();
    const { accountId } = await api.createAccount({ plan: 'growth' });

    const started = await autrace('accounts', 'move', accountId, '--to', 'us', '--operator', operator.userId, '--json');
    assert.equal(started.code, 0, started.stderr);
    assert.deepEqual(JSON.parse(started.stdout), {
      workflowId: workflowIds.accountMove(accountId),
      from: 'eu',
      to: 'us',
      started: true,
    });

    const followed = await autrace('account', 'move-status', accountId, '--wait', '--json');
    assert.equal(followed.code, 0, followed.stderr);
    const status = JSON.parse(followed.stdout) as AccountMoveStatus;
    assert.deepEqual([status.run, status.state, status.from, status.to], ['COMPLETED', 'moved', 'eu', 'us']);
    assert.ok(status.rows !== null && status.rows > 0, `rows copied: ${String(status.rows)}`);
    assert.equal(status.failure, null);
    assert.ok(status.closedAt);

    assert.equal(await eu()('accounts').where({ id: accountId }).first(), undefined);
    assert.deepEqual(await us.db('accounts').where({ id: accountId }).first('status', 'region'), {
      status: 'active',
      region: 'us',
    });
    // The same entries the route's moves write, in the operator's name.
    const byOperator = { actor_type: 'operator', actor_id: operator.userId };
    assert.deepEqual((await trail(eu(), accountId)).slice(-2), [
      { action: 'account.move_started', ...byOperator },
      { action: 'account.moved_out', ...byOperator },
    ]);
    assert.deepEqual(await trail(us.db, accountId), [{ action: 'account.moved_in', ...byOperator }]);

    const human = await autrace('account', 'move-status', accountId);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /from eu to us: moved \(completed\)/);
    assert.match(human.stdout, /rows copied \d+/);
  });

  test('prints what it started in words and how to follow it', async () => {
    const operator = await api.createOperator();
    const { accountId } = await api.createAccount({ plan: 'growth' });
    const first = await autrace('account', 'move', accountId, '--to', 'us', '--operator', operator.userId);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`moving account ${accountId} from eu to us`));
    assert.match(first.stdout, new RegExp(`workflow ${workflowIds.accountMove(accountId)}`));
    await env.client.workflow.getHandle(workflowIds.accountMove(accountId)).result();
    const moved = await autrace('account', 'move-status', accountId, '--json');
    assert.equal((JSON.parse(moved.stdout) as AccountMoveStatus).state, 'moved');
  });

  test('move-status shows a running move at its step; a second move meanwhile is refused', async () => {
    const operator = await api.createOperator();
    const { accountId } = await api.createAccount({ plan: 'growth' });
    let release = () => {};
    heldCopies.set(accountId, new Promise<void>((resolve) => (release = resolve)));
    try {
      const started = await autrace('account', 'move', accountId, '--to', 'us', '--operator', operator.userId);
      assert.equal(started.code, 0, started.stderr);
      const deadline = Date.now() + 10_000;
      while (!(await eu()('accounts').where({ id: accountId }).first('moving_to'))?.moving_to) {
        assert.ok(Date.now() < deadline, 'the account was frozen');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const running = await autrace('account', 'move-status', accountId, '--json');
      assert.equal(running.code, 0, running.stderr);
      const status = JSON.parse(running.stdout) as AccountMoveStatus;
      assert.deepEqual(
        [status.run, status.from, status.to, status.closedAt, status.rows],
        ['RUNNING', 'eu', 'us', null, null],
      );
      assert.ok(status.state === 'freezing' || status.state === 'copying', String(status.state));
      // A second move is refused, naming the one under way.
      const again = await autrace('account', 'move', accountId, '--to', 'apac', '--operator', operator.userId);
      assert.equal(again.code, 1);
      assert.equal(again.stderr, 'autrace: the account is being moved to us already\n');
    } finally {
      release();
    }
    const ended = await autrace('account', 'move-status', accountId, '--wait', '--json');
    assert.equal((JSON.parse(ended.stdout) as AccountMoveStatus).state, 'moved');
  });

  test('refuses an unknown account, its own region, a region its plan lacks and an inactive account, changing nothing', async () => {
    const operator = await api.createOperator();
    const { accountId } = await api.createAccount({ plan: 'free' });
    const move = (id: string, to: string) =>
      autrace('account', 'move', id, '--to', to, '--operator', operator.userId, '--json');
    const refusal = (run: CliRun) => {
      assert.equal(run.code, 1, run.stdout);
      assert.equal(run.stdout, '');
      return (JSON.parse(run.stderr) as { error: { code: string; message: string } }).error;
    };

    const unknown = randomUUID();
    assert.deepEqual(refusal(await move(unknown, 'us')), { code: 'NOT_FOUND', message: 'no such account' });
    assert.deepEqual(refusal(await move(accountId, 'eu')), {
      code: 'CONFLICT',
      message: 'the account is homed in eu already',
    });
    const apac = refusal(await move(accountId, 'apac'));
    assert.equal(apac.code, 'CONFLICT');
    assert.match(apac.message, /APAC is an Enterprise option/);
    await eu()('accounts').where({ id: accountId }).update({ status: 'disabled' });
    assert.deepEqual(refusal(await move(accountId, 'us')), {
      code: 'CONFLICT',
      message: 'only an active account is moved',
    });

    const region = await autrace('account', 'move', accountId, '--to', 'mars', '--operator', operator.userId);
    assert.notEqual(region.code, 0);
    assert.match(region.stderr, /Allowed choices are eu, us, apac/);

    assert.equal(await moveExists(accountId), false);
    assert.equal(await moveExists(unknown), false);
    assert.deepEqual(await eu()('accounts').where({ id: accountId }).first('status', 'region', 'moving_to'), {
      status: 'disabled',
      region: 'eu',
      moving_to: null,
    });
    assert.equal(await us.db('accounts').where({ id: accountId }).first(), undefined);
    assert.deepEqual(
      (await trail(eu(), accountId)).filter((e) => String(e.action).startsWith('account.move')),
      [],
    );
  });

  test('refuses an account with an open privacy request, naming it, and a non-operator as --operator', async () => {
    const operator = await api.createOperator();
    const { accountId, owner } = await api.createAccount({ plan: 'growth' });
    const opened = await api.request('POST', '/v1/data-subject-requests', {
      token: owner.token,
      body: { type: 'access', jurisdiction: 'gdpr' },
    });
    assert.equal(opened.status, 202, opened.text);

    const blocked = await autrace('account', 'move', accountId, '--to', 'us', '--operator', operator.userId);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /^autrace: the account cannot move while it has open privacy requests/);

    const notOperator = await autrace('account', 'move', accountId, '--to', 'us', '--operator', owner.userId, '--json');
    assert.equal(notOperator.code, 1);
    assert.equal((JSON.parse(notOperator.stderr) as { error: { code: string } }).error.code, 'FORBIDDEN');

    assert.equal(await moveExists(accountId), false);
    assert.deepEqual(await eu()('accounts').where({ id: accountId }).first('status', 'moving_to'), {
      status: 'active',
      moving_to: null,
    });
  });

  test('move-status reports an abandoned move with its failure and exits 2; an account never moved has no status', async () => {
    const operator = await api.createOperator();
    const { accountId } = await api.createAccount({ plan: 'growth' });
    failingCopies.add(accountId);
    const started = await autrace('account', 'move', accountId, '--to', 'us', '--operator', operator.userId);
    assert.equal(started.code, 0, started.stderr);

    const followed = await autrace('account', 'move-status', accountId, '--wait', '--json');
    assert.equal(followed.code, 2, followed.stderr);
    const status = JSON.parse(followed.stdout) as AccountMoveStatus;
    assert.deepEqual([status.run, status.state, status.rows], ['FAILED', 'abandoned', null]);
    assert.deepEqual(status.failure, { type: 'TargetRefused', message: 'the target refused the copy' });
    assert.deepEqual(await eu()('accounts').where({ id: accountId }).first('status', 'region'), {
      status: 'active',
      region: 'eu',
    });
    const human = await autrace('account', 'move-status', accountId);
    assert.equal(human.code, 2);
    assert.match(human.stdout, /: abandoned \(failed\)\n/);
    assert.match(human.stdout, /failed: TargetRefused: the target refused the copy/);

    const never = await autrace('account', 'move-status', randomUUID(), '--json');
    assert.equal(never.code, 1);
    assert.equal((JSON.parse(never.stderr) as { error: { code: string } }).error.code, 'NOT_FOUND');
  });
});
