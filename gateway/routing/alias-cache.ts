import type { Database } from '../../platform/database/database';
import type { ProviderKind } from '../../platform/provider-connections/provider-kinds';
import type { Provider } from '../providers/provider';
import type { AliasRoute, RouteTarget } from './alias-route';

/**
 * An account's aliases as the gateway caches them: read in the same refresh as
 * its provider connections (gateway/providers/connections/account-connections.ts),
 * so a change to either reaches the next request the same way, and each target
 * holds its connection already opened. A request for a model that is not an
 * alias costs one lookup in a Map (empty for most accounts).
 */
export interface AliasRead {
  aliases: Array<{ id: string; name: string; retries: number }>;
  targets: Array<{
    alias_id: string;
    position: number;
    connection_id: string;
    model: string;
    priority: number;
    weight: number;
  }>;
}

/** A connection as the refresh opened it: usable, or refused with its reason. */
export interface OpenedTarget {
  id: string;
  kind: ProviderKind;
  provider: Provider | null;
  refusal: string | null;
}

export async function readAliases(db: Database, accountId: string): Promise<AliasRead> {
  const [aliases, targets] = await Promise.all([
    db('model_aliases').where({ account_id: accountId }).select('id', 'name', 'retries'),
    db('model_alias_targets')
      .where({ account_id: accountId })
      .orderBy([{ column: 'alias_id' }, { column: 'position' }])
      .select('alias_id', 'position', 'connection_id', 'model', 'priority', 'weight'),
  ]);
  return { aliases, targets };
}

export function aliasRoutes(read: AliasRead, connections: readonly OpenedTarget[]): ReadonlyMap<string, AliasRoute> {
  const routes = new Map<string, AliasRoute>();
  if (read.aliases.length === 0) return routes;
  const byId = new Map(connections.map((c) => [c.id, c]));
  const targetsOf = new Map<string, RouteTarget[]>();
  for (const row of read.targets) {
    // The foreign key keeps targets on connections of the same account; a connection deleted since is gone here too.
    const connection = byId.get(row.connection_id);
    if (!connection) continue;
    const list = targetsOf.get(row.alias_id) ?? [];
    list.push({
      key: `${row.connection_id} ${row.model}`,
      connectionId: row.connection_id,
      kind: connection.kind,
      model: row.model,
      priority: row.priority,
      weight: row.weight,
      provider: connection.provider,
      refusal: connection.refusal,
    });
    targetsOf.set(row.alias_id, list);
  }
  for (const alias of read.aliases)
    routes.set(alias.name, { alias: alias.name, retries: alias.retries, targets: targetsOf.get(alias.id) ?? [] });
  return routes;
}
