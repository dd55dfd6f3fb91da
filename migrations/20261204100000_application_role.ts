import type { Knex } from 'knex';
import { APPLICATION_ROLE } from '../platform/database/database-roles';

/**
 * Least privilege. Migrations run as the owner of the schema; the gateway, API
 * and worker connect as `autrace_app`, which may only read and append the
 * audit trail (SELECT and INSERT on audit_log and audit_archives: no UPDATE,
 * DELETE, TRUNCATE, and, not owning them, no ALTER, no trigger changes and no
 * CREATE OR REPLACE of their functions; `session_replication_role` is for
 * superusers only). On the other tables it reads and writes rows.
 *
 * Partition maintenance needs ownership of the log tables, so the owner does
 * it through three SECURITY DEFINER functions that touch nothing but daily
 * gateway log partitions. Tables the owner creates later (partitions, future
 * migrations) get row privileges by default: a future audit table must revoke
 * them as this migration does.
 *
 * The role is created NOLOGIN when missing (a superuser or CREATEROLE owner can);
 * production creates it with LOGIN and a password first (docs/operations.md).
 */
const AUDIT_TABLES = 'audit_log, audit_archives';
const SAFE_PATH = 'set search_path = public, pg_temp';
const PARTITION_NAME = `'^gateway_(requests|full_logs)_p[0-9]{8}$'`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    do $$ begin
      if not exists (select from pg_roles where rolname = '${APPLICATION_ROLE}') then
        create role ${APPLICATION_ROLE} nologin;
      end if;
    exception when duplicate_object or unique_violation then null; -- created concurrently (one cluster, many databases)
    end $$`);

  await knex.raw('revoke create on schema public from public');
  await knex.raw(`grant usage on schema public to ${APPLICATION_ROLE}`);
  await knex.raw(`grant select, insert, update, delete on all tables in schema public to ${APPLICATION_ROLE}`);
  await knex.raw(`grant usage, select on all sequences in schema public to ${APPLICATION_ROLE}`);
  await knex.raw(
    `alter default privileges in schema public grant select, insert, update, delete on tables to ${APPLICATION_ROLE}`,
  );
  await knex.raw(`alter default privileges in schema public grant usage, select on sequences to ${APPLICATION_ROLE}`);
  await knex.raw(`revoke all on ${AUDIT_TABLES}, knex_migrations, knex_migrations_lock from ${APPLICATION_ROLE}`);
  await knex.raw(`grant select, insert on ${AUDIT_TABLES} to ${APPLICATION_ROLE}`);
  await knex.raw(`grant select on knex_migrations, knex_migrations_lock to ${APPLICATION_ROLE}`);
  // The chain trigger draws ids as the owner: the application cannot burn or reset the sequence.
  await knex.raw(`revoke all on sequence audit_log_id_seq from ${APPLICATION_ROLE}`);

  // As the owner, and blind to temporary tables an inserter might create to shadow audit_log.
  await knex.raw(`alter function audit_log_chain() security definer ${SAFE_PATH}`);
  await knex.raw(`alter function audit_log_refuse_change() ${SAFE_PATH}`);
  await knex.raw(`alter function audit_verify_chain(bigint) ${SAFE_PATH}`);
  await knex.raw(
    `alter function audit_entry_hash(text, bigint, timestamptz, uuid, text, text, text, text, text, jsonb) ${SAFE_PATH}`,
  );

  await knex.raw(`
    create function audit_archives_refuse_change() returns trigger language plpgsql ${SAFE_PATH} as $$
    begin
      raise exception 'audit_archives is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`);
  await knex.raw(
    'create trigger audit_archives_immutable before update or delete on audit_archives for each row execute function audit_archives_refuse_change()',
  );
  await knex.raw(
    'create trigger audit_archives_no_truncate before truncate on audit_archives for each statement execute function audit_archives_refuse_change()',
  );

  await knex.raw(`alter function ensure_gateway_log_partitions(date, integer) security definer ${SAFE_PATH}`);
  await knex.raw(`
    create function detach_gateway_log_partition(partition_name text) returns void
    language plpgsql security definer ${SAFE_PATH} as $$
    declare
      parent_name text;
    begin
      select p.relname into parent_name
        from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
       where c.relname = partition_name and c.relnamespace = 'public'::regnamespace
         and p.relname in ('gateway_requests', 'gateway_full_logs');
      if parent_name is null or partition_name !~ ${PARTITION_NAME} then
        raise exception '% is not a daily gateway log partition', partition_name using errcode = 'invalid_parameter_value';
      end if;
      execute format('alter table %I detach partition %I', parent_name, partition_name);
    end $$`);
  await knex.raw(`
    create function drop_detached_gateway_log_partition(partition_name text) returns void
    language plpgsql security definer ${SAFE_PATH} as $$
    begin
      if partition_name !~ ${PARTITION_NAME} then
        raise exception '% is not a daily gateway log partition', partition_name using errcode = 'invalid_parameter_value';
      end if;
      if exists (select from pg_inherits i join pg_class c on c.oid = i.inhrelid
                  where c.relname = partition_name and c.relnamespace = 'public'::regnamespace) then
        raise exception '% is still attached', partition_name using errcode = 'object_in_use';
      end if;
      execute format('drop table if exists %I', partition_name);
    end $$`);
  for (const fn of [
    'ensure_gateway_log_partitions(date, integer)',
    'detach_gateway_log_partition(text)',
    'drop_detached_gateway_log_partition(text)',
  ]) {
    await knex.raw(`revoke execute on function ${fn} from public`);
    await knex.raw(`grant execute on function ${fn} to ${APPLICATION_ROLE}`);
  }

  // Archive objects are read back by the version written, not whatever the key holds now.
  await knex.raw('alter table audit_archives add column segment_version_id text, add column manifest_version_id text');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table audit_archives drop column segment_version_id, drop column manifest_version_id');
  await knex.raw('drop function drop_detached_gateway_log_partition(text)');
  await knex.raw('drop function detach_gateway_log_partition(text)');
  await knex.raw('alter function ensure_gateway_log_partitions(date, integer) security invoker reset search_path');
  await knex.raw('grant execute on function ensure_gateway_log_partitions(date, integer) to public');
  await knex.raw('drop trigger audit_archives_no_truncate on audit_archives');
  await knex.raw('drop trigger audit_archives_immutable on audit_archives');
  await knex.raw('drop function audit_archives_refuse_change()');
  await knex.raw(
    'alter function audit_entry_hash(text, bigint, timestamptz, uuid, text, text, text, text, text, jsonb) reset search_path',
  );
  await knex.raw('alter function audit_verify_chain(bigint) reset search_path');
  await knex.raw('alter function audit_log_refuse_change() reset search_path');
  await knex.raw('alter function audit_log_chain() security invoker reset search_path');
  await knex.raw(
    `alter default privileges in schema public revoke usage, select on sequences from ${APPLICATION_ROLE}`,
  );
  await knex.raw(
    `alter default privileges in schema public revoke select, insert, update, delete on tables from ${APPLICATION_ROLE}`,
  );
  await knex.raw(`revoke all on all sequences in schema public from ${APPLICATION_ROLE}`);
  await knex.raw(`revoke all on all tables in schema public from ${APPLICATION_ROLE}`);
  await knex.raw(`revoke usage on schema public from ${APPLICATION_ROLE}`);
}
