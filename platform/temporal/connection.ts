import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ALL_SEARCH_ATTRIBUTES } from '../../temporal.config';
import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';

type TemporalConfig = Config['temporal'];

function connectionOptions(config: TemporalConfig) {
  return {
    address: config.address,
    tls: config.tls || Boolean(config.apiKey),
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  };
}

export async function createTemporalClient(config: TemporalConfig): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(config));
  return new Client({ connection, namespace: config.namespace });
}

export function createWorkerConnection(config: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(config));
}

const indexedValueTypes: Record<string, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  FLOAT: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};

/**
 * Registers our search attributes on the namespace (idempotent). Temporal Cloud
 * does not allow this through the API; there they are created once with tcld,
 * and this logs a warning instead of failing.
 */
export async function registerSearchAttributes(client: Client, namespace: string, logger: Logger): Promise<void> {
  const wanted = Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((key) => [key.name, indexedValueTypes[key.type] ?? 2]));
  try {
    const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
    const missing = Object.fromEntries(
      Object.entries(wanted).filter(([name]) => !(name in (existing.customAttributes ?? {}))),
    );
    if (Object.keys(missing).length === 0) return;
    await client.connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
    logger.info({ searchAttributes: Object.keys(missing) }, 'registered search attributes');
  } catch (error) {
    logger.warn({ err: error }, 'could not register search attributes; create them on the namespace by hand');
  }
}
