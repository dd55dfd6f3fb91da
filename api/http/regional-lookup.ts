import type { Database } from '../../platform/database/database';
import { DomainError } from '../../platform/errors/domain-error';
import type { ApiDeps } from '../deps';

/**
 * Public routes holding a token but no session (a privacy request's verification link, a data
 * subject's download link) find the region whose database knows the token: each region's database
 * is asked in turn, the primary's first, until one does not answer "unknown". Rare calls, a few rows
 * by unique index each.
 */
export async function firstRegionKnowing<T>(
  deps: ApiDeps,
  attempt: (regional: ApiDeps, db: Database) => Promise<T>,
  unknown: (result: T) => boolean = () => false,
): Promise<T> {
  const databases = deps.regions.all();
  for (const [index, db] of databases.entries()) {
    const last = index === databases.length - 1;
    try {
      const result = await attempt(db === deps.db ? deps : { ...deps, db }, db);
      if (!unknown(result) || last) return result;
    } catch (error) {
      if (last || !(error instanceof DomainError && error.code === 'ExportNotFound')) throw error;
    }
  }
  throw new Error('no regional database');
}
