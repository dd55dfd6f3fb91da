import type { Client } from '@temporalio/client';
import { accountDeletionStatus } from '../../../platform/temporal/account-deletion-client';

/** Long enough for a worker to answer; without one the query would wait for the server's own timeout. */
const STATUS_QUERY_DEADLINE_MS = 5_000;

/** The deletion workflow's status, or a 503 (via the error middleware) when no worker answers in time. */
export function queryDeletionStatus(client: Client, accountId: string): ReturnType<typeof accountDeletionStatus> {
  return client.withDeadline(Date.now() + STATUS_QUERY_DEADLINE_MS, () => accountDeletionStatus(client, accountId));
}
