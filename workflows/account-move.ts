// Moving an account between regions: freeze, copy table by table, verify, carry the recurring exports'
// Schedules, switch the directory, purge the source. Every step is an idempotent activity; a copy resumes from its
// last heartbeat after a crash.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  patched,
  proxyActivities,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  activityOptions,
  retryPolicies,
  searchAttributes,
  type AccountMoveInput,
  type AccountMoveState,
} from '../temporal.config';

const database = proxyActivities<Activities>(activityOptions.database);
// A worker that dies mid-copy is noticed within seconds and its table resumed from the last batch.
const copy = proxyActivities<Activities>({ ...activityOptions.batch, heartbeatTimeout: '5s' });
const storage = proxyActivities<Activities>(activityOptions.storage);
// Counting and hashing every row of the account on both sides: as long as it takes, without heartbeats.
const verify = proxyActivities<Activities>({ startToCloseTimeout: '30m', retry: retryPolicies.database });

/** Copies and checks again this many times when the tallies differ (rows written late to the source). */
const COPY_ATTEMPTS = 3;

/** A short code for the audit entry (no message text: it could quote a row). */
function failureReason(error: unknown): string {
  if (isCancellation(error)) return 'cancelled';
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type) return cause.type;
  return error instanceof Error ? error.name : 'failed';
}

export interface AccountMoveResult {
  state: AccountMoveState;
  rows: number;
  purged: Record<string, number>;
}

export async function accountMoveWorkflow(input: AccountMoveInput): Promise<AccountMoveResult> {
  const step = { ...input, moveId: workflowInfo().workflowId };
  const mark = (state: AccountMoveState) => {
    upsertSearchAttributes([
      { key: searchAttributes.accountId, value: input.accountId },
      { key: searchAttributes.workflowKind, value: 'account-move' },
      { key: searchAttributes.status, value: state },
    ]);
    upsertMemo({ summary: `Move of account ${input.accountId} from ${input.from} to ${input.to}: ${state}.` });
  };

  let rows = 0;
  try {
    mark('freezing');
    await database.freezeAccountForMove(step);
    let tables: string[] | undefined;
    for (let attempt = 1; ; attempt += 1) {
      mark('copying');
      await copy.copyAccountTables({ ...step, ...(tables ? { tables } : {}) });
      mark('verifying');
      const check = await verify.verifyAccountCopy(step);
      rows = check.rows;
      if (check.mismatched.length === 0) break;
      if (attempt >= COPY_ATTEMPTS)
        throw ApplicationFailure.nonRetryable(
          `the copy differs from the source in ${check.mismatched.join(', ')}`,
          'MoveCopyMismatch',
        );
      tables = check.mismatched;
    }
  } catch (error) {
    // Before the switch the source is still the account's home: undo the copy and unfreeze it, even when the
    // operator cancelled the move (a frozen account would refuse its users and their privacy requests).
    mark('abandoning');
    await CancellationScope.nonCancellable(() =>
      database.abandonAccountMove({ ...step, reason: failureReason(error) }),
    );
    mark('abandoned');
    throw error;
  }
  mark('switching');
  // Past the verified copy the move only goes forward: the account's recurring exports follow it to the target
  // before it is switched there (moves started before this step existed switch without it).
  const carried = patched('carry-export-schedules') ? await database.carryExportSchedules(step) : null;
  await database.switchAccountHome({ ...step, rows, ...(carried ?? {}) });
  mark('purging');
  const purged = await storage.purgeMoveSource(step);
  mark('moved');
  return { state: 'moved', rows, purged };
}
