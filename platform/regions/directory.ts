import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import type { Region } from '../config/config';
import type { Database } from '../database/database';
import { DomainError } from '../errors/domain-error';

/**
 * The global directory: account → region, API key prefix → account, e-mail HMAC → account. It holds
 * nothing else: no names, no addresses, no secrets (see migrations/20261209000000_region_directory.ts).
 *
 * Consistency with the regional databases, which a transaction cannot span: the directory entry is
 * written first and, when the regional transaction then fails, deleted again (a compensating delete;
 * see `DirectoryWrites`). A process that dies between the two leaves an entry pointing at nothing: a
 * key prefix or account nobody holds (harmless: lookups in the region find no row), or an e-mail HMAC,
 * which sign-up reclaims when the region it names holds no such user (api/auth/sign-up.ts).
 */

/** How the directory holds an e-mail address: HMAC-SHA-256 of its trimmed, lower-cased form under DIRECTORY_EMAIL_KEY. */
export function emailHmac(key: Buffer, email: string): Buffer {
  return createHmac('sha256', key).update(email.trim().toLowerCase()).digest();
}

export async function regionOfAccount(directory: Database, accountId: string): Promise<Region | null> {
  const row = await directory('directory_accounts').where({ account_id: accountId }).first('region');
  return row?.region ?? null;
}

export async function regionOfKeyPrefix(directory: Database, prefix: string): Promise<Region | null> {
  const row = await directory('directory_api_keys as k')
    .join('directory_accounts as a', 'a.account_id', 'k.account_id')
    .where('k.prefix', prefix)
    .first<{ region: Region } | undefined>('a.region');
  return row?.region ?? null;
}

export async function regionOfEmail(
  directory: Database,
  key: Buffer,
  email: string,
): Promise<{ region: Region; accountId: string } | null> {
  const row = await directory('directory_users as u')
    .join('directory_accounts as a', 'a.account_id', 'u.account_id')
    .where('u.email_hmac', emailHmac(key, email))
    .first<{ region: Region; account_id: string } | undefined>('a.region', 'a.account_id');
  return row ? { region: row.region, accountId: row.account_id } : null;
}

/** Points the account (and so its keys and users) at another region: the switch of a move. */
export async function switchAccountRegion(
  directory: Database | Knex.Transaction,
  accountId: string,
  region: Region,
): Promise<void> {
  await directory('directory_accounts')
    .insert({ account_id: accountId, region })
    .onConflict('account_id')
    .merge(['region']);
}

/** Forgets an account with its keys and users (the account was purged, or moved out of a region's directory). */
export async function forgetAccount(directory: Database, accountId: string): Promise<void> {
  await directory.transaction(async (trx) => {
    await trx('directory_api_keys').where({ account_id: accountId }).delete();
    await trx('directory_users').where({ account_id: accountId }).delete();
    await trx('directory_accounts').where({ account_id: accountId }).delete();
  });
}

export async function forgetUser(directory: Database, key: Buffer, email: string): Promise<void> {
  await directory('directory_users')
    .where({ email_hmac: emailHmac(key, email) })
    .delete();
}

/** Deletes an e-mail entry registered before `olderThan` ago (one a sign-up left behind); true when it did. */
export async function forgetStaleUserEntry(
  directory: Database,
  key: Buffer,
  email: string,
  olderThanSeconds: number,
): Promise<boolean> {
  const deleted = await directory('directory_users')
    .where({ email_hmac: emailHmac(key, email) })
    .where('registered_at', '<', directory.raw(`now() - make_interval(secs => ?)`, [olderThanSeconds]))
    .delete();
  return deleted > 0;
}

export async function forgetKeyPrefix(directory: Database, prefix: string): Promise<void> {
  await directory('directory_api_keys').where({ prefix }).delete();
}

/**
 * Directory entries written ahead of a regional transaction, undone if it fails:
 *
 *     const writes = directoryWrites(deps);
 *     await writes.run(async () => {
 *       await writes.addKeyPrefix(generated.prefix, accountId);
 *       return db.transaction((trx) => createApiKey(trx, input, generated));
 *     });
 *
 * The entries are written before the transaction opens, never inside it: a transaction holding its
 * connection while waiting for another from the same pool (the directory shares the primary's by
 * default) deadlocks under load.
 */
export class DirectoryWrites {
  private readonly undo: Array<() => Promise<unknown>> = [];

  constructor(
    private readonly directory: Database,
    private readonly emailKey: Buffer,
  ) {}

  async addAccount(accountId: string, region: Region): Promise<void> {
    await this.directory('directory_accounts').insert({ account_id: accountId, region });
    this.undo.push(() => this.directory('directory_accounts').where({ account_id: accountId }).delete());
  }

  /**
   * Throws EmailTaken when the address is listed already; for another account always, and for this one
   * unless `repeat` (a retried step finding its own entry, which it then leaves in place).
   */
  async addUser(email: string, accountId: string, repeat = false): Promise<void> {
    const hmac = emailHmac(this.emailKey, email);
    const inserted = await this.directory('directory_users')
      .insert({ email_hmac: hmac, account_id: accountId })
      .onConflict('email_hmac')
      .ignore()
      .returning('account_id');
    if (inserted.length === 0) {
      const holder = await this.directory('directory_users').where({ email_hmac: hmac }).first('account_id');
      if (repeat && holder?.account_id === accountId) return;
      throw new DomainError('EmailTaken', 'a user with this e-mail address already exists');
    }
    this.undo.push(() => this.directory('directory_users').where({ email_hmac: hmac, account_id: accountId }).delete());
  }

  async addKeyPrefix(prefix: string, accountId: string): Promise<void> {
    await this.directory('directory_api_keys').insert({ prefix, account_id: accountId });
    this.undo.push(() => this.directory('directory_api_keys').where({ prefix }).delete());
  }

  /** Runs the regional work; when it fails, deletes what was added for it (newest first) and rethrows. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      for (const undo of this.undo.reverse()) await undo();
      this.undo.length = 0;
      throw error;
    }
  }
}

/** A fresh set of directory writes on the process's directory database and e-mail key. */
export function directoryWrites(clients: {
  regions: { directory: Database };
  config: { regions: { directory: { emailKey: Buffer } } };
}): DirectoryWrites {
  return new DirectoryWrites(clients.regions.directory, clients.config.regions.directory.emailKey);
}
