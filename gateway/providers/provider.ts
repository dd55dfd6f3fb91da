import type net from 'node:net';
import { Pool } from 'undici';

/** The two wire formats the gateway speaks, to callers and to upstreams. */
export type WireFormat = 'openai' | 'anthropic';
export type Endpoint = 'chat' | 'responses' | 'embeddings' | 'messages' | 'models';

export interface ProviderSettings {
  baseUrl: string;
  apiKey?: string | undefined;
  timeoutMs: number;
}

/**
 * An upstream: where requests go, how they authenticate, which models and
 * wire formats it serves. One undici Pool per origin keeps connections alive.
 */
export interface Provider {
  readonly name: string;
  readonly pool: Pool;
  readonly timeoutMs: number;
  /** Upstream path of an endpoint, or null when this provider does not serve it. */
  pathFor(endpoint: Endpoint): string | null;
  /** Headers that authenticate the gateway upstream (never the caller's Autrace key). */
  authHeaders(incoming: {
    anthropicVersion?: string | undefined;
    anthropicBeta?: string | undefined;
  }): Record<string, string>;
  servesModel(endpoint: Endpoint, model: string): boolean;
  close(): Promise<void>;
}

/** How a pool resolves hostnames: provider connections pass the SSRF guard's lookup, checked at every connect. */
export type HostLookup = NonNullable<net.TcpNetConnectOpts['lookup']>;

/** Each pool's origin, for traces (server.address, server.port); undici keeps it private. */
const poolOrigins = new WeakMap<Pool, URL>();

export function originOf(pool: Pool): URL | undefined {
  return poolOrigins.get(pool);
}

export function createPool(baseUrl: string, timeoutMs: number, lookup?: HostLookup): { pool: Pool; basePath: string } {
  const url = new URL(baseUrl);
  const pool = new Pool(url.origin, {
    ...(lookup ? { connect: { lookup } } : {}),
    connections: 256,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connectTimeout: Math.min(timeoutMs, 10_000),
  });
  poolOrigins.set(pool, new URL(url.origin));
  return { pool, basePath: url.pathname.replace(/\/+$/, '') };
}
