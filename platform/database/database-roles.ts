import type { Logger } from '../observability/logger';
import type { Database } from './database';

/** The role the gateway, API and worker connect as; migrations grant it row access (see migrations/…_application_role.ts). */
export const APPLICATION_ROLE = 'autrace_app';
/** The role that owns the schema and runs migrations, on servers the project starts itself. */
export const OWNER_ROLE = 'autrace_owner';

/**
 * Creates both login roles on a local server (`npm start`, `npm test`), where
 * connections are trusted and no password is set. Roles are cluster-wide and
 * several runs may share one server, so a role created concurrently is fine.
 * Production creates them with passwords instead (docs/operations.md).
 */
export async function ensureLocalDatabaseRoles(admin: Database): Promise<void> {
  for (const role of [OWNER_ROLE, APPLICATION_ROLE]) {
    await admin.raw(`
      do $$ begin
        if not exists (select from pg_roles where rolname = '${role}') then
          create role ${role} login;
        end if;
      exception when duplicate_object or unique_violation then null;
      end $$`);
    // A migration creates the application role NOLOGIN when it is missing; locally it logs in.
    await admin.raw(`alter role ${role} login`);
  }
}

/** The same server and database as `url`, connecting as `role` (no password: local trust authentication). */
export function urlForRole(url: string, role: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = '';
  return parsed.toString();
}

export interface ConnectionRole {
  role: string;
  superuser: boolean;
  /** Owns audit_log, or is a member of its owner: can ALTER it (DISABLE TRIGGER) and rewrite entries. */
  ownsAuditTrail: boolean;
  /** CREATEROLE: could grant itself membership of the owner role. */
  createRole: boolean;
}

/** The role a handle connects as, and the powers over the audit trail it must not have. */
export async function connectionRole(db: Database): Promise<ConnectionRole> {
  const { rows } = await db.raw<{
    rows: Array<{ role: string; superuser: boolean; owns_audit_trail: boolean | null; create_role: boolean }>;
  }>(`
    select current_user as role, r.rolsuper as superuser, r.rolcreaterole as create_role,
           (select pg_has_role(current_user, c.relowner, 'USAGE')
              from pg_class c where c.oid = to_regclass('public.audit_log')) as owns_audit_trail
      from pg_roles r where r.rolname = current_user`);
  const row = rows[0];
  if (!row) throw new Error('the connection has no role');
  return {
    role: row.role,
    superuser: row.superuser,
    ownsAuditTrail: row.owns_audit_trail ?? false,
    createRole: row.create_role,
  };
}

/**
 * Why a service must not run on this connection, or null. The append-only audit trail holds only
 * against a role that can't alter its table or bypass triggers, so a production gateway, API or
 * worker refuses to start as a superuser, the schema's owner, or a role that could become either.
 */
export async function applicationRoleRefusal(db: Database, env: string): Promise<string | null> {
  if (env !== 'production') return null;
  const connection = await connectionRole(db);
  const powers = [
    connection.superuser ? 'a superuser' : null,
    connection.ownsAuditTrail ? 'the owner of the audit trail' : null,
    connection.createRole ? 'able to create roles' : null,
  ].filter((power) => power !== null);
  if (powers.length === 0) return null;
  return (
    `DATABASE_URL connects as "${connection.role}", ${powers.join(' and ')}: in production the gateway, ` +
    `API and worker connect as the application role (${APPLICATION_ROLE}), which cannot change the audit ` +
    `trail; migrations use DATABASE_MIGRATION_URL (docs/operations.md, Database roles)`
  );
}

/** At a service's start: ends the process, naming why, when it may not run on this connection. */
export async function refuseUnlessApplicationRole(db: Database, env: string, logger: Logger): Promise<void> {
  const refusal = await applicationRoleRefusal(db, env);
  if (refusal === null) return;
  logger.fatal(refusal);
  await db.destroy();
  process.exit(1);
}
