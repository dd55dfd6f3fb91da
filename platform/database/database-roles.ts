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
