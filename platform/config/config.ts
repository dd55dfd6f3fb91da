import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The one place that reads process.env. Every variable is listed here with its
 * local-development default; `loadConfig` fails fast naming each bad variable.
 */
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => ['true', '1', 'yes'].includes(v));
const optionalString = z
  .string()
  .trim()
  .min(1)
  .optional()
  .or(z.literal('').transform(() => undefined));
const url = z.string().trim().url();
const base64Key32 = z
  .string()
  .trim()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)');

// Development-only keys. Production refuses to start with them (see the refinement below).
const DEV_MASTER_KEY = 'ZGV2LW9ubHktbWFzdGVyLWtleS1ub3QtZm9yLXByb2Q=';
const DEV_AUDIT_SIGNING_KEY = 'ZGV2LW9ubHktYXVkaXQtc2lnbmluZy1rZXktZm9yLXg=';
const DEV_STRIPE_SECRET_KEY = 'sk_test_local';
const DEV_DIRECTORY_EMAIL_KEY = 'ZGV2LW9ubHktZGlyZWN0b3J5LWVtYWlsLWhtYWMta2U=';
const DEV_STRIPE_WEBHOOK_SECRET = 'whsec_local';

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    GATEWAY_HOST: z.string().default('127.0.0.1'),
    GATEWAY_PORT: port(8080),
    API_HOST: z.string().default('127.0.0.1'),
    API_PORT: port(8081),
    PUBLIC_API_URL: url.default('http://127.0.0.1:8081'),
    /** Load balancers in front of the API that append to X-Forwarded-For; the client is the address before the last N. */
    API_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** The web app's production build (`npm run build` writes it), served by the API at its root. */
    API_WEB_DIR: z.string().default('dist/web'),
    /** Replaced by API_TRUST_PROXY_HOPS (trusting every hop let clients choose their address); refused when set. */
    API_TRUST_PROXY: optionalString,
    /** PEM files: when both are set, the gateway and the API serve HTTPS themselves (TLS 1.2 or later). */
    TLS_CERT_FILE: optionalString,
    TLS_KEY_FILE: optionalString,
    /** A TLS-terminating proxy is in front: production then accepts an http:// PUBLIC_API_URL. */
    BEHIND_TLS_PROXY: bool(false),
    /** Error reports go to Sentry when set, scrubbed of personal data and secrets first. */
    SENTRY_DSN: optionalString.pipe(url.optional()),
    /** The gateway exports a trace per request to this OTLP/HTTP base URL (`…/v1/traces`) when set. */
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(url.optional()),
    /** Headers for the OTLP endpoint (a collector's token), as `name=value,name2=value2`. */
    OTEL_EXPORTER_OTLP_HEADERS: optionalString,
    OTEL_SERVICE_NAME: z.string().trim().min(1).default('autrace-gateway'),

    DATABASE_URL: url.default('postgres://postgres@127.0.0.1:5433/autrace'),
    /** The schema owner's connection, for migrations only; the services' DATABASE_URL is the application role. */
    DATABASE_MIGRATION_URL: optionalString.pipe(url.optional()),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    /** Each region's database (its accounts' rows live only there); unset: DATABASE_URL, one database for all. */
    DATABASE_URL_EU: optionalString.pipe(url.optional()),
    DATABASE_URL_US: optionalString.pipe(url.optional()),
    DATABASE_URL_APAC: optionalString.pipe(url.optional()),
    /** The schema owner's connection to each regional database, for migrations only. */
    DATABASE_MIGRATION_URL_EU: optionalString.pipe(url.optional()),
    DATABASE_MIGRATION_URL_US: optionalString.pipe(url.optional()),
    DATABASE_MIGRATION_URL_APAC: optionalString.pipe(url.optional()),
    /** The region whose database holds what belongs to no account (operators, the privacy center, announcements). */
    PRIMARY_REGION: z.enum(['eu', 'us', 'apac']).default('eu'),
    /** The global directory (account, key prefix, e-mail HMAC → region); unset: the primary region's database. */
    DIRECTORY_DATABASE_URL: optionalString.pipe(url.optional()),
    DIRECTORY_DATABASE_MIGRATION_URL: optionalString.pipe(url.optional()),
    /** Keys the HMAC under which the directory holds users' e-mail addresses (never the addresses themselves). */
    DIRECTORY_EMAIL_KEY: base64Key32.default(DEV_DIRECTORY_EMAIL_KEY),
    /** The one region this gateway serves; unset: every region (a single-region or development deployment). */
    GATEWAY_REGION: z.enum(['eu', 'us', 'apac']).optional(),
    /** Each regional gateway's public URL, named in the error a gateway of another region answers. */
    GATEWAY_URL_EU: optionalString.pipe(url.optional()),
    GATEWAY_URL_US: optionalString.pipe(url.optional()),
    GATEWAY_URL_APAC: optionalString.pipe(url.optional()),
    /** Rows per batch when an account moves between regions (each batch one statement on each side). */
    ACCOUNT_MOVE_BATCH_ROWS: z.coerce.number().int().min(1).max(10_000).default(500),
    /** The regions whose task queues this worker polls (comma-separated); it touches only their databases and buckets. */
    WORKER_REGIONS: z
      .string()
      .default('eu,us,apac')
      .transform((list) => [
        ...new Set(
          list
            .split(',')
            .map((v) => v.trim())
            .filter((v) => v.length > 0),
        ),
      ])
      .pipe(z.array(z.enum(['eu', 'us', 'apac'])).min(1)),

    TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().default('default'),
    TEMPORAL_TLS: bool(false),
    TEMPORAL_API_KEY: optionalString,
    TEMPORAL_WORKFLOW_BUNDLE: optionalString,
    /** Where operators open the Temporal Web UI; the operator console links each request's workflow there. */
    TEMPORAL_UI_URL: url.default('http://127.0.0.1:8233'),

    S3_ENDPOINT: optionalString.pipe(url.optional()),
    S3_FORCE_PATH_STYLE: bool(true),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_BUCKET_EU: z.string().default('autrace-eu'),
    S3_BUCKET_US: z.string().default('autrace-us'),
    S3_BUCKET_APAC: z.string().default('autrace-apac'),
    S3_REGION_EU: z.string().default('eu-central-1'),
    S3_REGION_US: z.string().default('us-east-1'),
    S3_REGION_APAC: z.string().default('ap-southeast-1'),
    S3_OBJECT_LOCK_MODE: z.enum(['COMPLIANCE', 'GOVERNANCE', 'OFF']).default('GOVERNANCE'),
    S3_OBJECT_LOCK_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(2555),
    /** Where audit entries tied to no account are archived; unset: PRIMARY_REGION. */
    AUDIT_ARCHIVE_PRIMARY_REGION: z.enum(['eu', 'us', 'apac']).optional(),

    SMTP_URL: url.default('smtp://127.0.0.1:2525'),
    MAIL_FROM: z.string().default('Autrace <no-reply@autrace.local>'),
    PRIVACY_TEAM_EMAIL: z.string().trim().email().default('privacy@autrace.local'),
    DSR_VERIFICATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
    /** An API key neither used nor created for this many days is flagged as stale in the key list; 0: never. */
    API_KEY_STALE_AFTER_DAYS: z.coerce.number().int().min(0).max(3_650).default(90),
    // Links are issued on demand by a signed-in call, so they need only live long enough to start the download.
    EXPORT_LINK_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3_600),
    EXPORT_ARCHIVE_EXPIRY_DAYS: z.coerce.number().int().min(1).max(365).default(7),

    STRIPE_SECRET_KEY: z.string().default(DEV_STRIPE_SECRET_KEY),
    STRIPE_WEBHOOK_SECRET: z.string().default(DEV_STRIPE_WEBHOOK_SECRET),
    STRIPE_API_BASE: optionalString.pipe(url.optional()),
    STRIPE_PRICE_STARTER: z.string().default('price_starter'),
    STRIPE_PRICE_GROWTH: z.string().default('price_growth'),
    STRIPE_PRICE_ENTERPRISE: z.string().default('price_enterprise'),

    MASTER_KEY: base64Key32.default(DEV_MASTER_KEY),
    AUDIT_SIGNING_KEY: base64Key32.default(DEV_AUDIT_SIGNING_KEY),

    OPENAI_BASE_URL: url.default('https://api.openai.com/v1'),
    OPENAI_API_KEY: optionalString,
    ANTHROPIC_BASE_URL: url.default('https://api.anthropic.com'),
    ANTHROPIC_API_KEY: optionalString,
    OPENAI_COMPATIBLE_BASE_URL: optionalString.pipe(url.optional()),
    OPENAI_COMPATIBLE_API_KEY: optionalString,
    FAKE_PROVIDER_URL: optionalString.pipe(url.optional()),
    /** The providers above serve every account that has no connection of its own for a model; false: none do. */
    PLATFORM_PROVIDERS_ENABLED: bool(true),
    /** Provider connections may reach loopback, link-local and private addresses (default: outside production). */
    PROVIDER_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional(),
    /** Hostnames, addresses and CIDR ranges provider connections may reach even when private. */
    PROVIDER_ALLOWED_HOSTS: z
      .string()
      .default('')
      .transform((list) =>
        list
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v.length > 0),
      )
      .refine((entries) => entries.every(isHostOrNetwork), 'a comma-separated list of hostnames, addresses or CIDRs'),
    UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
    /** Routing (model aliases): backoff before a retry of the same target, full jitter up to base·2^retry, capped. */
    ROUTING_BACKOFF_BASE_MS: z.coerce.number().int().min(0).max(60_000).default(100),
    ROUTING_BACKOFF_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
    /** Consecutive failures that open a target's circuit, and how long it stays open before one probe. */
    ROUTING_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1_000_000).default(5),
    ROUTING_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),

    GATEWAY_SPOOL_DIR: z.string().default('.data/spool'),
    GATEWAY_SPOOL_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(256 * 1024 * 1024),
    GATEWAY_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(4 * 1024 * 1024),
    GATEWAY_MAX_SEGMENT_CHARS: z.coerce.number().int().min(1024).default(1_000_000),
    /**
     * The most the gateway reads of one upstream answer (a non-streamed body, or all of a stream's bytes): an
     * account's own connection may point at any server, and one that answers without end must not fill the
     * memory every account shares. 64 MiB holds the largest real answers (a 2,048-input embedding batch).
     */
    GATEWAY_MAX_UPSTREAM_RESPONSE_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .default(64 * 1024 * 1024),
    GATEWAY_METRICS_HOST: z.string().default('127.0.0.1'),
    GATEWAY_METRICS_PORT: port(9464),
    GATEWAY_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    GATEWAY_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    GATEWAY_INSTANCE_COUNT: z.coerce.number().int().min(1).max(1000).default(1),
    GATEWAY_KEY_MAX_STALE_MS: z.coerce.number().int().min(1000).default(300_000),
    GATEWAY_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    GATEWAY_BUDGET_DEFAULT_MAX_TOKENS: z.coerce.number().int().min(1).max(10_000_000).default(4096),
    GATEWAY_BUDGET_LEASE_STALE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
    BUDGET_ALERT_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    GATEWAY_ANTHROPIC_BETA_ALLOWED: z
      .string()
      .default(
        'prompt-caching-2024-07-31,token-efficient-tools-2025-02-19,interleaved-thinking-2025-05-14,' +
          'output-128k-2025-02-19,context-1m-2025-08-07,fine-grained-tool-streaming-2025-05-14',
      )
      .transform((list) =>
        list
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v.length > 0),
      ),
  })
  .superRefine((env, ctx) => {
    if (env.API_TRUST_PROXY !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['API_TRUST_PROXY'],
        message: 'replaced by API_TRUST_PROXY_HOPS (the number of proxies in front of the API)',
      });
    if ((env.TLS_CERT_FILE === undefined) !== (env.TLS_KEY_FILE === undefined))
      ctx.addIssue({ code: 'custom', path: ['TLS_KEY_FILE'], message: 'TLS_CERT_FILE and TLS_KEY_FILE go together' });
    if (env.NODE_ENV !== 'production') return;
    if (env.PUBLIC_API_URL.startsWith('http://') && !env.BEHIND_TLS_PROXY)
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_API_URL'],
        message: 'must be https:// in production (or set BEHIND_TLS_PROXY=true when a proxy terminates TLS)',
      });
    if (env.STRIPE_SECRET_KEY === DEV_STRIPE_SECRET_KEY)
      ctx.addIssue({ code: 'custom', path: ['STRIPE_SECRET_KEY'], message: 'must be set in production' });
    if (env.STRIPE_WEBHOOK_SECRET === DEV_STRIPE_WEBHOOK_SECRET)
      ctx.addIssue({ code: 'custom', path: ['STRIPE_WEBHOOK_SECRET'], message: 'must be set in production' });
    if (env.DIRECTORY_EMAIL_KEY === DEV_DIRECTORY_EMAIL_KEY)
      ctx.addIssue({ code: 'custom', path: ['DIRECTORY_EMAIL_KEY'], message: 'must be set in production' });
    if (env.MASTER_KEY === DEV_MASTER_KEY)
      ctx.addIssue({ code: 'custom', path: ['MASTER_KEY'], message: 'must be set in production' });
    if (env.AUDIT_SIGNING_KEY === DEV_AUDIT_SIGNING_KEY)
      ctx.addIssue({ code: 'custom', path: ['AUDIT_SIGNING_KEY'], message: 'must be set in production' });
    if (env.S3_OBJECT_LOCK_MODE !== 'COMPLIANCE')
      ctx.addIssue({ code: 'custom', path: ['S3_OBJECT_LOCK_MODE'], message: 'must be COMPLIANCE in production' });
  });

export type Env = z.infer<typeof envSchema>;

/** `vllm.internal`, `10.0.0.5`, `10.0.0.0/8`, `fd00::/8`. */
function isHostOrNetwork(entry: string): boolean {
  const [network = '', prefix, ...rest] = entry.split('/');
  if (rest.length > 0) return false;
  const version = isIP(network);
  if (prefix !== undefined)
    return version !== 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
  return version !== 0 || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(network);
}

export const REGIONS = ['eu', 'us', 'apac'] as const;
export type Region = (typeof REGIONS)[number];

export interface RegionStorage {
  bucket: string;
  awsRegion: string;
}

/** `name=value,name2=value2` as OpenTelemetry writes headers in its variables (values percent-encoded). */
function otlpHeaders(raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const value = pair.slice(at + 1).trim();
    try {
      headers[pair.slice(0, at).trim()] = decodeURIComponent(value);
    } catch {
      headers[pair.slice(0, at).trim()] = value;
    }
  }
  return headers;
}

const REGION_SUFFIX = { eu: 'EU', us: 'US', apac: 'APAC' } as const satisfies Record<Region, string>;

export interface RegionDatabase {
  url: string;
  migrationUrl: string;
}

/**
 * A region's database: its own variable, else DATABASE_URL. Its migration URL: its own, else (when the region
 * has a database of its own) its service URL, else DATABASE_MIGRATION_URL, so one database keeps one owner URL.
 */
function regionDatabase(env: Env, region: Region): RegionDatabase {
  const suffix = REGION_SUFFIX[region];
  const own = env[`DATABASE_URL_${suffix}`];
  const url = own ?? env.DATABASE_URL;
  const migrationUrl =
    env[`DATABASE_MIGRATION_URL_${suffix}`] ?? (own ? own : (env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL));
  return { url, migrationUrl };
}

export function toConfig(env: Env) {
  const regionDatabases = {
    eu: regionDatabase(env, 'eu'),
    us: regionDatabase(env, 'us'),
    apac: regionDatabase(env, 'apac'),
  } satisfies Record<Region, RegionDatabase>;
  const primary = regionDatabases[env.PRIMARY_REGION];
  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    gateway: {
      host: env.GATEWAY_HOST,
      port: env.GATEWAY_PORT,
      spoolDir: env.GATEWAY_SPOOL_DIR,
      spoolMaxBytes: env.GATEWAY_SPOOL_MAX_BYTES,
      maxBodyBytes: env.GATEWAY_MAX_BODY_BYTES,
      maxSegmentChars: env.GATEWAY_MAX_SEGMENT_CHARS,
      maxUpstreamResponseBytes: env.GATEWAY_MAX_UPSTREAM_RESPONSE_BYTES,
      upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
      metrics: { host: env.GATEWAY_METRICS_HOST, port: env.GATEWAY_METRICS_PORT },
      headersTimeoutMs: env.GATEWAY_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.GATEWAY_REQUEST_TIMEOUT_MS,
      instanceCount: env.GATEWAY_INSTANCE_COUNT,
      keyMaxStaleMs: env.GATEWAY_KEY_MAX_STALE_MS,
      authFailuresPerMinute: env.GATEWAY_AUTH_FAILURES_PER_MINUTE,
      anthropicBetaAllowed: new Set(env.GATEWAY_ANTHROPIC_BETA_ALLOWED),
      budgetDefaultMaxTokens: env.GATEWAY_BUDGET_DEFAULT_MAX_TOKENS,
      budgetLeaseStaleMs: env.GATEWAY_BUDGET_LEASE_STALE_MS,
    },
    budgets: { alertIntervalMs: env.BUDGET_ALERT_INTERVAL_MS },
    api: {
      host: env.API_HOST,
      port: env.API_PORT,
      publicUrl: env.PUBLIC_API_URL,
      trustProxyHops: env.API_TRUST_PROXY_HOPS,
      webDir: env.API_WEB_DIR,
    },
    tls:
      env.TLS_CERT_FILE !== undefined && env.TLS_KEY_FILE !== undefined
        ? { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE }
        : null,
    sentry: { dsn: env.SENTRY_DSN },
    tracing: {
      endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
      headers: otlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS),
      serviceName: env.OTEL_SERVICE_NAME,
    },
    /** `url` and `migrationUrl` are the primary region's database: where what belongs to no account lives. */
    database: {
      url: primary.url,
      migrationUrl: primary.migrationUrl,
      poolMax: env.DATABASE_POOL_MAX,
    },
    regions: {
      primary: env.PRIMARY_REGION,
      databases: regionDatabases,
      directory: {
        url: env.DIRECTORY_DATABASE_URL ?? primary.url,
        migrationUrl: env.DIRECTORY_DATABASE_MIGRATION_URL ?? env.DIRECTORY_DATABASE_URL ?? primary.migrationUrl,
        emailKey: Buffer.from(env.DIRECTORY_EMAIL_KEY, 'base64'),
      },
      gatewayUrls: {
        eu: env.GATEWAY_URL_EU,
        us: env.GATEWAY_URL_US,
        apac: env.GATEWAY_URL_APAC,
      } satisfies Record<Region, string | undefined>,
      gatewayRegion: env.GATEWAY_REGION,
      workerRegions: env.WORKER_REGIONS,
      moveBatchRows: env.ACCOUNT_MOVE_BATCH_ROWS,
    },
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      tls: env.TEMPORAL_TLS,
      apiKey: env.TEMPORAL_API_KEY,
      workflowBundlePath: env.TEMPORAL_WORKFLOW_BUNDLE,
      uiUrl: env.TEMPORAL_UI_URL,
    },
    s3: {
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      credentials:
        env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
          : undefined,
      objectLockMode: env.S3_OBJECT_LOCK_MODE,
      objectLockRetentionDays: env.S3_OBJECT_LOCK_RETENTION_DAYS,
      exportExpiryDays: env.EXPORT_ARCHIVE_EXPIRY_DAYS,
      auditArchivePrimaryRegion: env.AUDIT_ARCHIVE_PRIMARY_REGION ?? env.PRIMARY_REGION,
      regions: {
        eu: { bucket: env.S3_BUCKET_EU, awsRegion: env.S3_REGION_EU },
        us: { bucket: env.S3_BUCKET_US, awsRegion: env.S3_REGION_US },
        apac: { bucket: env.S3_BUCKET_APAC, awsRegion: env.S3_REGION_APAC },
      } satisfies Record<Region, RegionStorage>,
    },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    privacy: {
      teamEmail: env.PRIVACY_TEAM_EMAIL,
      verificationTtlHours: env.DSR_VERIFICATION_TTL_HOURS,
      exportLinkTtlSeconds: env.EXPORT_LINK_TTL_SECONDS,
    },
    apiKeys: { staleAfterDays: env.API_KEY_STALE_AFTER_DAYS },
    stripe: {
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      apiBase: env.STRIPE_API_BASE,
      prices: {
        starter: env.STRIPE_PRICE_STARTER,
        growth: env.STRIPE_PRICE_GROWTH,
        enterprise: env.STRIPE_PRICE_ENTERPRISE,
      },
    },
    keys: { master: Buffer.from(env.MASTER_KEY, 'base64'), auditSigning: Buffer.from(env.AUDIT_SIGNING_KEY, 'base64') },
    routing: {
      backoffBaseMs: env.ROUTING_BACKOFF_BASE_MS,
      backoffMaxMs: env.ROUTING_BACKOFF_MAX_MS,
      breakerFailures: env.ROUTING_BREAKER_FAILURES,
      breakerCooldownMs: env.ROUTING_BREAKER_COOLDOWN_MS,
    },
    providers: {
      openai: { baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY },
      anthropic: { baseUrl: env.ANTHROPIC_BASE_URL, apiKey: env.ANTHROPIC_API_KEY },
      openaiCompatible: { baseUrl: env.OPENAI_COMPATIBLE_BASE_URL, apiKey: env.OPENAI_COMPATIBLE_API_KEY },
      fake: { baseUrl: env.FAKE_PROVIDER_URL },
      platformEnabled: env.PLATFORM_PROVIDERS_ENABLED,
      network: {
        allowPrivateNetworks:
          env.PROVIDER_ALLOW_PRIVATE_NETWORKS === undefined
            ? env.NODE_ENV !== 'production'
            : ['true', '1', 'yes'].includes(env.PROVIDER_ALLOW_PRIVATE_NETWORKS),
        allowedHosts: env.PROVIDER_ALLOWED_HOSTS,
      },
    },
  };
}

export type Config = ReturnType<typeof toConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Throws a ConfigError naming every invalid variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  return toConfig(parsed.data);
}
