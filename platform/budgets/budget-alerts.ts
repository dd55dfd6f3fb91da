import type { Database } from '../database/database';
import type { Mailer } from '../mail/mailer';
import { sendOnce } from '../mail/send-once';
import type { Logger } from '../observability/logger';

/**
 * The e-mail to an account's owners when a budget's month reaches its soft
 * threshold. The gateway never sends mail: its settlement records the
 * crossing in `budget_alerts` (at most one row per budget and month, by its
 * primary key), and the worker sends what is pending here, every
 * BUDGET_ALERT_INTERVAL_MS. Each owner's message is sent once per budget and
 * month (`sendOnce` keys it), so a retry after a crash or two workers racing
 * never send it twice. A transactional message: the owners set the budget.
 */
const BATCH = 50;

export function budgetAlertKey(budgetId: string, month: string, userId: string): string {
  return `budget-alert:${budgetId}:${month}:${userId}`;
}

function dollars(microUsd: number): string {
  return `$${(microUsd / 1_000_000).toFixed(2)}`;
}

interface PendingAlert {
  budget_id: string;
  month: string;
  account_id: string;
  spent_microusd: string;
  limit_microusd: string;
  alert_percent: number;
  api_key_id: string | null;
  key_name: string | null;
  key_prefix: string | null;
}

/** Sends the pending alerts (at most one batch); answers how many alerts it completed. */
export async function sendPendingBudgetAlerts(deps: {
  db: Database;
  mailer: Mailer;
  logger?: Logger;
}): Promise<number> {
  const { db, mailer } = deps;
  const { rows } = await db.raw<{ rows: PendingAlert[] }>(
    `select a.budget_id, to_char(a.month, 'YYYY-MM') as month, a.account_id, a.spent_microusd, a.limit_microusd,
            a.alert_percent, b.api_key_id, k.name as key_name, k.prefix as key_prefix
       from budget_alerts a
       join budgets b on b.id = a.budget_id
       left join api_keys k on k.id = b.api_key_id
      where a.sent_at is null
      order by a.crossed_at
      limit ?`,
    [BATCH],
  );
  let completed = 0;
  for (const alert of rows) {
    try {
      const owners = await db('users').where({ account_id: alert.account_id, role: 'owner' }).select('id', 'email');
      const scope = alert.api_key_id
        ? `the API key "${alert.key_name ?? ''}" (${alert.key_prefix ?? ''})`
        : 'your account';
      const spent = Number(alert.spent_microusd);
      const limit = Number(alert.limit_microusd);
      for (const owner of owners) {
        await sendOnce(db, mailer, {
          kind: 'budget_alert',
          accountId: alert.account_id,
          mail: {
            to: owner.email,
            subject: `Autrace: ${alert.alert_percent} % of the ${alert.month} budget of ${alert.api_key_id ? 'an API key' : 'your account'} is spent`,
            text:
              `The gateway traffic of ${scope} has cost ${dollars(spent)} in ${alert.month} (UTC), ` +
              `${Math.floor((spent * 100) / limit)} % of its monthly budget of ${dollars(limit)}.\n\n` +
              'Requests that would go past the budget are refused (HTTP 429, budget_exceeded) until the month ends ' +
              'or the budget is raised. Budgets are managed in the dashboard and through /v1/budgets.\n',
            idempotencyKey: budgetAlertKey(alert.budget_id, alert.month, owner.id),
          },
        });
      }
      await db('budget_alerts')
        .where({ budget_id: alert.budget_id })
        .andWhereRaw(`to_char(month, 'YYYY-MM') = ?`, [alert.month])
        .update({ sent_at: db.fn.now() });
      completed += 1;
    } catch (error) {
      deps.logger?.warn(
        { err: { message: (error as Error).message }, budgetId: alert.budget_id },
        'budget alert not sent; retried later',
      );
    }
  }
  return completed;
}

/** The worker's loop: sends pending alerts every `intervalMs` until stopped. */
export function startBudgetAlertSender(deps: { db: Database; mailer: Mailer; logger: Logger; intervalMs: number }): {
  stop(): Promise<void>;
} {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => sendPendingBudgetAlerts(deps))
      .catch((error: unknown) => {
        deps.logger.warn({ err: { message: (error as Error).message } }, 'budget alerts could not be read');
      });
  }, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
