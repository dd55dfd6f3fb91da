import type { Knex } from 'knex';

/**
 * Budget leases: a gateway instance reserves a share of a budget's headroom
 * for itself and serves requests from that share without a round trip each
 * (gateway/budgets/budget-leases.ts). One statement leases on every budget
 * that covers a request, all or none, locking the budgets' periods in ID
 * order (as `budget_reserve` does, so the two never deadlock).
 *
 * For each budget it grants at least `needs[i]` (what the request in hand is
 * short of) and at most `wants[i]`, and never more than a quarter of the
 * headroom beyond the need: near the limit, instances get ever smaller
 * shares and the last requests are reserved one by one. A budget that cannot
 * hold its need refuses; what was granted on the others is undone, and its ID
 * is returned. A budget deleted meanwhile grants the need (nothing limits it).
 * Returned leases and spend go back through `budget_settle`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function budget_lease(ids uuid[], period date, needs bigint[], wants bigint[],
                                 out refused_by uuid, out granted bigint[])
    language plpgsql as $$
    declare
      i integer;
      lim bigint;
      headroom bigint;
      g bigint;
    begin
      granted := '{}';
      for i in 1 .. coalesce(array_length(ids, 1), 0) loop
        select monthly_limit_microusd into lim from budgets where id = ids[i];
        if not found then
          granted := granted || needs[i];
          continue;
        end if;
        insert into budget_periods (budget_id, month, spent_microusd, reserved_microusd)
        values (ids[i], period, 0, 0) on conflict (budget_id, month) do nothing;
        select lim - spent_microusd - reserved_microusd into headroom
          from budget_periods where budget_id = ids[i] and month = period for update;
        if headroom < needs[i] then
          for j in 1 .. i - 1 loop
            update budget_periods set reserved_microusd = greatest(0, reserved_microusd - granted[j])
             where budget_id = ids[j] and month = period;
          end loop;
          refused_by := ids[i];
          granted := null;
          return;
        end if;
        g := least(wants[i], needs[i] + greatest(0, (headroom - needs[i]) / 4));
        update budget_periods set reserved_microusd = reserved_microusd + g
         where budget_id = ids[i] and month = period;
        granted := granted || g;
      end loop;
    end $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function budget_lease(uuid[], date, bigint[], bigint[])');
}
