import type { Knex } from 'knex';

/**
 * The immutable, hash-chained audit trail.
 *
 * The chain is built inside the database, so every writer (API, workers, CLI,
 * a future service) produces the same chain: a BEFORE INSERT trigger takes a
 * transaction-scoped advisory lock, assigns the next sequence number, links the
 * row to the previous one and computes its hash. Concurrent writers therefore
 * serialise on the lock and the chain stays linear in id order.
 *
 * audit_entry_hash() is the one definition of an entry's hash; verification
 * (audit_verify_chain) and the S3 archive use it too.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table audit_log (
      id bigint primary key,
      created_at timestamptz not null,
      -- No foreign key: entries outlive the account they are about.
      account_id uuid,
      actor_type text not null check (actor_type in ('user', 'operator', 'api_key', 'system', 'stripe', 'subject')),
      actor_id text,
      action text not null,
      target_type text,
      target_id text,
      -- Never personal data or secrets: IDs, counts and settings only.
      summary jsonb not null default '{}'::jsonb,
      prev_hash text not null,
      hash text not null
    )`);
  await knex.raw('create sequence audit_log_id_seq as bigint owned by audit_log.id');
  await knex.raw('create index audit_log_account_id on audit_log (account_id, id)');
  await knex.raw('create index audit_log_action on audit_log (action, id)');

  await knex.raw(`
    create function audit_entry_hash(
      prev_hash text, id bigint, created_at timestamptz, account_id uuid, actor_type text, actor_id text,
      action text, target_type text, target_id text, summary jsonb
    ) returns text language sql immutable as $$
      select encode(sha256(convert_to(concat_ws('|',
        prev_hash, id::text, to_char(created_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        coalesce(account_id::text, ''), actor_type, coalesce(actor_id, ''), action,
        coalesce(target_type, ''), coalesce(target_id, ''), summary::text), 'UTF8')), 'hex')
    $$`);

  await knex.raw(`
    create function audit_log_chain() returns trigger language plpgsql as $$
    declare
      last_hash text;
    begin
      perform pg_advisory_xact_lock(hashtext('autrace.audit_log.chain'));
      select hash into last_hash from audit_log order by id desc limit 1;
      new.id := nextval('audit_log_id_seq');
      new.created_at := clock_timestamp();
      new.prev_hash := coalesce(last_hash, repeat('0', 64));
      new.hash := audit_entry_hash(new.prev_hash, new.id, new.created_at, new.account_id, new.actor_type,
        new.actor_id, new.action, new.target_type, new.target_id, new.summary);
      return new;
    end $$`);
  await knex.raw(
    'create trigger audit_log_chain before insert on audit_log for each row execute function audit_log_chain()',
  );

  await knex.raw(`
    create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`);
  await knex.raw(
    'create trigger audit_log_immutable before update or delete on audit_log for each row execute function audit_log_refuse_change()',
  );
  await knex.raw(
    'create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_refuse_change()',
  );

  // Returns the first entry (by id) whose link or hash does not match, or no row when the chain is intact.
  await knex.raw(`
    create function audit_verify_chain(from_id bigint default 0)
    returns table (broken_id bigint, reason text, checked bigint) language sql stable as $$
      with ordered as (
        select a.*,
          lag(a.hash) over (order by a.id) as expected_prev,
          row_number() over (order by a.id) as n,
          audit_entry_hash(a.prev_hash, a.id, a.created_at, a.account_id, a.actor_type, a.actor_id,
            a.action, a.target_type, a.target_id, a.summary) as recomputed
        from audit_log a where a.id >= from_id
      ), first_bad as (
        select id, case
            when n > 1 and prev_hash is distinct from expected_prev then 'prev_hash does not match the previous entry'
            when n = 1 and from_id = 0 and prev_hash <> repeat('0', 64) then 'first entry does not start the chain'
            when hash <> recomputed then 'hash does not match the entry''s contents'
          end as reason
        from ordered
      )
      select (select id from first_bad where reason is not null order by id limit 1),
             (select reason from first_bad where reason is not null order by id limit 1),
             (select count(*) from ordered)
    $$`);

  await knex.schema.createTable('audit_archives', (t) => {
    t.bigIncrements('id');
    t.text('region').notNullable();
    t.date('day').notNullable();
    t.bigInteger('first_entry_id').nullable();
    t.bigInteger('last_entry_id').nullable();
    t.integer('entry_count').notNullable();
    t.text('segment_key').notNullable();
    t.text('segment_sha256').notNullable();
    t.text('manifest_key').notNullable();
    t.text('manifest_sha256').notNullable();
    t.text('previous_manifest_sha256').notNullable();
    t.text('chain_last_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['region', 'day']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_archives');
  await knex.raw('drop function audit_verify_chain(bigint)');
  await knex.raw('drop table audit_log');
  await knex.raw('drop function audit_log_refuse_change()');
  await knex.raw('drop function audit_log_chain()');
  await knex.raw(
    'drop function audit_entry_hash(text, bigint, timestamptz, uuid, text, text, text, text, text, jsonb)',
  );
}
