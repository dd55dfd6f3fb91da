import { activityInfo, Context, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { AccountMoveInput } from '../temporal.config';

type MoveStep = AccountMoveInput & { moveId: string };
import { purgeAccountObjects } from '../platform/accounts/account-storage-purge';
import {
  abandonAccountMove,
  carryExportSchedules,
  copyMoveBatch,
  foldUsage,
  freezeAccountForMove,
  mismatchedTables,
  MoveRefused,
  purgeMovedAccount,
  switchAccountHome,
  tallyAccountRows,
  MOVE_TABLES,
  type MoveCursor,
} from '../platform/regions/account-move';

interface CopyProgress {
  table: string;
  cursor: MoveCursor;
  rows: number;
}
import type { ActivityDeps } from './index';

/**
 * The steps of moving an account between regions. They run on the moves task queue, polled only by a
 * worker serving every region: the one process that may hold both databases.
 */
export function createAccountMoveActivities({ regions, storage, config }: ActivityDeps) {
  const actorOf = (input: AccountMoveInput) => ({ actorType: 'operator' as const, actorId: input.operatorId });
  return {
    async freezeAccountForMove(input: MoveStep): Promise<void> {
      try {
        await freezeAccountForMove(regions.of(input.from), {
          accountId: input.accountId,
          from: input.from,
          to: input.to,
          moveId: input.moveId,
          actor: actorOf(input),
        });
      } catch (error) {
        if (error instanceof MoveRefused) throw ApplicationFailure.nonRetryable(error.message, 'MoveRefused');
        throw error;
      }
    },

    /**
     * Copies the account's rows, table by table (`tables`: only those), a batch at a time; each batch's
     * cursor is heartbeated, so a retry after a crash resumes where the last batch ended.
     */
    async copyAccountTables(input: MoveStep & { tables?: string[] }): Promise<{ rows: number }> {
      // Regions sharing one database: the rows are where they need to be.
      if (regions.sameDatabase(input.from, input.to)) return { rows: 0 };
      const source = regions.of(input.from);
      const target = regions.of(input.to);
      const tables = MOVE_TABLES.map((t) => t.table).filter((t) => !input.tables || input.tables.includes(t));
      const resumed = activityInfo().heartbeatDetails as CopyProgress | undefined;
      let rows = resumed?.rows ?? 0;
      for (const table of tables.slice(resumed ? Math.max(0, tables.indexOf(resumed.table)) : 0)) {
        if (table === 'gateway_requests') await foldUsage(source);
        let cursor = resumed?.table === table ? resumed.cursor : null;
        do {
          const batch = await copyMoveBatch(source, target, {
            accountId: input.accountId,
            table,
            cursor,
            batchRows: config.regions.moveBatchRows,
          });
          rows += batch.rows;
          cursor = batch.cursor;
          heartbeat({ table, cursor, rows } satisfies CopyProgress);
        } while (cursor);
      }
      return { rows };
    },

    /** The tables whose counts or checksums differ between source and target (empty: the copy is whole). */
    async verifyAccountCopy(input: MoveStep): Promise<{ mismatched: string[]; rows: number }> {
      const [source, target] = await Promise.all([
        tallyAccountRows(regions.of(input.from), input.accountId),
        tallyAccountRows(regions.of(input.to), input.accountId),
      ]);
      const rows = Object.values(source).reduce((sum, t) => sum + t.rows, 0);
      return { mismatched: mismatchedTables(source, target), rows };
    },

    /** Points the account's recurring exports at the target region (through the worker's Temporal client). */
    async carryExportSchedules(input: MoveStep): Promise<{ exportSchedules: string[] }> {
      const exportSchedules = await carryExportSchedules(regions.of(input.to), Context.current().client, {
        accountId: input.accountId,
        to: input.to,
      });
      return { exportSchedules };
    },

    async switchAccountHome(input: MoveStep & { rows: number; exportSchedules?: string[] }): Promise<void> {
      await switchAccountHome(regions.of(input.to), regions.directory, {
        accountId: input.accountId,
        from: input.from,
        to: input.to,
        moveId: input.moveId,
        rows: input.rows,
        ...(input.exportSchedules ? { exportSchedules: input.exportSchedules } : {}),
        actor: actorOf(input),
      });
    },

    /** After a failure or a cancellation before the switch: the target's copy goes, the source is active again. */
    async abandonAccountMove(input: MoveStep & { reason: string }): Promise<'abandoned' | 'not-frozen'> {
      try {
        return await abandonAccountMove(
          regions.of(input.from),
          regions.sameDatabase(input.from, input.to) ? null : regions.of(input.to),
          {
            accountId: input.accountId,
            to: input.to,
            moveId: input.moveId,
            reason: input.reason,
            actor: actorOf(input),
          },
        );
      } catch (error) {
        if (error instanceof MoveRefused) throw ApplicationFailure.nonRetryable(error.message, 'MoveRefused');
        throw error;
      }
    },

    /** Deletes the account's objects from the source's bucket, then its rows from the source's database. */
    async purgeMoveSource(input: MoveStep): Promise<Record<string, number>> {
      if (regions.sameDatabase(input.from, input.to)) return {};
      const source = regions.of(input.from);
      await purgeAccountObjects(source, storage, { accountId: input.accountId, region: input.from });
      return purgeMovedAccount(source, regions.of(input.to), {
        accountId: input.accountId,
        to: input.to,
        moveId: input.moveId,
        actor: actorOf(input),
      });
    },
  };
}
