import type { Knex } from 'knex';

/**
 * Tells gateways when what they cache about an API key changes: a key
 * created, revoked or deleted; an account's status, plan, logging settings or
 * data key; a policy or policy version. Each change sends the account's ID on
 * the `gateway_key_changes` channel when its transaction commits (Postgres
 * delivers notifications in commit order, once per distinct payload per
 * transaction). A gateway that listens re-reads only what changed instead of
 * polling every key every second.
 */
const CHANNEL = 'gateway_key_changes';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function notify_gateway_key_change() returns trigger language plpgsql as $$
    declare
      column_name text := tg_argv[0];
      account text;
      previous text;
    begin
      if tg_op = 'DELETE' then
        account := to_jsonb(old) ->> column_name;
      else
        account := to_jsonb(new) ->> column_name;
      end if;
      if account is not null then
        perform pg_notify('${CHANNEL}', account);
      end if;
      if tg_op = 'UPDATE' then
        previous := to_jsonb(old) ->> column_name;
        if previous is distinct from account and previous is not null then
          perform pg_notify('${CHANNEL}', previous);
        end if;
      end if;
      return null;
    end $$`);

  // Accounts: only the columns the gateway reads (usage counters and names change often and do not matter).
  await knex.raw(`
    create trigger accounts_gateway_key_change
      after update on accounts for each row
      when (old.status is distinct from new.status or old.plan is distinct from new.plan
        or old.full_logging is distinct from new.full_logging or old.pii_restore is distinct from new.pii_restore
        or old.data_key_wrapped is distinct from new.data_key_wrapped)
      execute function notify_gateway_key_change('id')`);
  await knex.raw(`
    create trigger accounts_gateway_key_delete
      after delete on accounts for each row execute function notify_gateway_key_change('id')`);

  await knex.raw(`
    create trigger api_keys_gateway_key_change
      after update on api_keys for each row
      when (old.revoked_at is distinct from new.revoked_at or old.secret_hash is distinct from new.secret_hash
        or old.prefix is distinct from new.prefix or old.account_id is distinct from new.account_id)
      execute function notify_gateway_key_change('account_id')`);
  await knex.raw(`
    create trigger api_keys_gateway_key_insert_delete
      after insert or delete on api_keys for each row execute function notify_gateway_key_change('account_id')`);

  for (const table of ['policies', 'policy_versions']) {
    await knex.raw(`
      create trigger ${table}_gateway_key_change
        after insert or update or delete on ${table} for each row execute function notify_gateway_key_change('account_id')`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, trigger] of [
    ['accounts', 'accounts_gateway_key_change'],
    ['accounts', 'accounts_gateway_key_delete'],
    ['api_keys', 'api_keys_gateway_key_change'],
    ['api_keys', 'api_keys_gateway_key_insert_delete'],
    ['policies', 'policies_gateway_key_change'],
    ['policy_versions', 'policy_versions_gateway_key_change'],
  ]) {
    await knex.raw(`drop trigger if exists ${trigger} on ${table}`);
  }
  await knex.raw('drop function if exists notify_gateway_key_change()');
}
