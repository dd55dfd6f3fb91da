import type { Knex } from 'knex';

/**
 * While an operator moves an account to another region, `moving_to` names the target. The account is disabled
 * as before (its keys refused); with this column the API also refuses every change about it — signed-in
 * routes, the privacy center, operators' decisions, Stripe's events — with a 503 and `Retry-After`, because a
 * row written in either database between the copy and the switch would be lost. Cleared in the target by the
 * switch and in the source when a move is abandoned.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table accounts add column moving_to text
      check (moving_to in ('eu', 'us', 'apac'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table accounts drop column moving_to');
}
