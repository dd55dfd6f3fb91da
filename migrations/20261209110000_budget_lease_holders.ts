import type { Knex } from 'knex';

/**
 * Who holds each budget lease (gateway/budgets/budget-leases.ts), so a gateway that dies holding one does not
 * keep its share reserved until the month ends. Each gateway instance is a holder (a random ID per process);
 * its rows are renewed while it holds leases, and a row not renewed for the stale interval is reclaimed: its
 * share goes back to the budget's headroom. A holder's settlement releases at most what its row still holds, so
 * an instance whose lease was reclaimed while it was cut off can never release another instance's share.
 *
 * Lock order, as in budget_lease: a budget's month row (budget_periods) first, then holder rows.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table budget_lease_holders (
      budget_id uuid not null,
      month date not null,
      holder uuid not null,
      held_microusd bigint not null check (held_microusd >= 0),
      renewed_at timestamptz not null default now(),
      primary key (budget_id, month, holder),
      foreign key (budget_id, month) references budget_periods (budget_id, month) on delete cascade
    )`);
  await knex.raw('create index budget_lease_holders_holder on budget_lease_holders (holder)');
  await knex.raw('create index budget_lease_holders_renewed on budget_lease_holders (renewed_at)');

  // budget_lease, recording what each budget granted against the holder.
  await knex.raw(`
    create function budget_lease_held(lease_holder uuid, ids uuid[], period date, needs bigint[], wants bigint[],
                                      out refused_by uuid, out granted bigint[])
    language plpgsql as $$
    begin
      select l.refused_by, l.granted into refused_by, granted from budget_lease(ids, period, needs, wants) l;
      if refused_by is null then
        insert into budget_lease_holders as h (budget_id, month, holder, held_microusd)
        select u.id, period, lease_holder, u.g
          from unnest(ids, granted) as u(id, g)
          join budget_periods p on p.budget_id = u.id and p.month = period
         where u.g > 0
        on conflict (budget_id, month, holder) do update
          set held_microusd = h.held_microusd + excluded.held_microusd, renewed_at = now();
      end if;
    end $$`);

  // budget_settle for one holder's lease: releases at most what the holder's row still holds (nothing once it
  // was reclaimed), adds the cost in full.
  await knex.raw(`
    create function budget_settle_held(lease_holder uuid, budget uuid, period date, released bigint, cost bigint)
    returns void language plpgsql as $$
    declare
      held bigint;
      releasing bigint;
    begin
      perform 1 from budget_periods where budget_id = budget and month = period for update;
      select h.held_microusd into held from budget_lease_holders h
       where h.budget_id = budget and h.month = period and h.holder = lease_holder for update;
      releasing := least(released, coalesce(held, 0));
      perform budget_settle(array[budget], period, releasing, cost);
      if held is not null then
        if held - releasing > 0 then
          update budget_lease_holders set held_microusd = held - releasing, renewed_at = now()
           where budget_id = budget and month = period and holder = lease_holder;
        else
          delete from budget_lease_holders where budget_id = budget and month = period and holder = lease_holder;
        end if;
      end if;
    end $$`);

  // Returns the shares of holders not renewed for \`stale\` to their budgets; the number of leases reclaimed.
  await knex.raw(`
    create function budget_reclaim_leases(stale interval) returns integer language plpgsql as $$
    declare
      r record;
      released bigint;
      reclaimed integer := 0;
    begin
      for r in select budget_id, month, holder from budget_lease_holders
                where renewed_at < now() - stale order by budget_id, month loop
        perform 1 from budget_periods where budget_id = r.budget_id and month = r.month for update;
        delete from budget_lease_holders h
         where h.budget_id = r.budget_id and h.month = r.month and h.holder = r.holder
           and h.renewed_at < now() - stale
        returning h.held_microusd into released;
        if found then
          update budget_periods set reserved_microusd = greatest(0, reserved_microusd - released)
           where budget_id = r.budget_id and month = r.month;
          reclaimed := reclaimed + 1;
        end if;
      end loop;
      return reclaimed;
    end $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function budget_reclaim_leases(interval)');
  await knex.raw('drop function budget_settle_held(uuid, uuid, date, bigint, bigint)');
  await knex.raw('drop function budget_lease_held(uuid, uuid[], date, bigint[], bigint[])');
  await knex.raw('drop table budget_lease_holders');
}
