import { isIP } from 'node:net';
import path from 'node:path';

/**
 * The only module that reads `process.env`. It checks every variable at once and throws one
 * error that lists everything wrong, so an operator fixes a deployment in one pass.
 */

export type Neo4jTarget =
  | { kind: 'local'; dataDir: string; port: number; heap: string; pageCache: string }
  | { kind: 'server'; uri: string; user: string; password: string };

export type AuthConfig =
  | { mode: 'off'; defaultTenant: string }
  | ({
      mode: 'hs256';
      secret: Uint8Array;
    } & TokenRules)
  | ({
      mode: 'jwks';
      jwksUrl: URL;
    } & TokenRules);

/** What a verified token must also satisfy, whichever way it is signed. */
export interface TokenRules {
  issuer?: string;
  audience?: string;
  tenantClaim: string;
  /** The longest a token may live: `exp` minus `iat` (or minus now, without `iat`). */
  maxLifetimeSeconds: number;
  /** How far `exp`, `nbf` and `iat` may be off between the issuer's clock and ours. */
  clockSkewSeconds: number;
}

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  readonly neo4j: Readonly<Neo4jTarget> & { readonly database: string };
  readonly auth: Readonly<AuthConfig>;
  readonly graphql: {
    readonly introspection: boolean;
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxCost: number;
    readonly maxPageSize: number;
    /** Adds `extensions.cypher` (round trips, query names) to every response: for tests and debugging. */
    readonly exposeQueryCount: boolean;
  };
  readonly http: {
    readonly bodyLimitBytes: number;
    readonly shutdownGraceMs: number;
    /** How long /health/ready waits for Neo4j to answer before it says 503. */
    readonly readyTimeoutMs: number;
    /** Serve Prometheus metrics at /metrics. */
    readonly metrics: boolean;
  };
  readonly events: {
    /** How often a replica looks for events it was not told about (other replicas' writes). */
    readonly pollMs: number;
  };
  readonly webhooks: WebhookConfig;
  /** The longest period (in days of 24 h) an analytics query or export may cover. */
  readonly analytics: { readonly maxDays: number };
  /** Subscriptions (graphql-ws and GraphQL over SSE on /graphql). */
  readonly subscriptions: {
    /** Events one subscription may hold for a client reading slower than they come, before it ends. */
    readonly bufferEvents: number;
    /** Subscriptions one WebSocket connection may hold at once. */
    readonly maxPerConnection: number;
  };
  readonly privacy: {
    /** The HMAC key of erasure receipts' key hashes (a development default outside production). */
    readonly hashSecret: string;
    /** True when hashSecret is the development default: the start logs a warning. */
    readonly hashSecretIsDefault: boolean;
  };
  readonly retention: {
    /** How long an idempotency key and its first answer are kept. */
    readonly idempotencyTtlSeconds: number;
    /** Closed threads older than this are deleted; null keeps them forever. */
    readonly retentionDays: number | null;
    /** How often the retention sweep runs, and how much one transaction of it deletes at most. */
    readonly intervalSeconds: number;
    readonly batchSize: number;
  };
}

/** A network an operator allows webhooks to reach although it is private, loopback or link-local. */
export interface AllowedNetwork {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

export interface WebhookConfig {
  /** Whether this process delivers webhooks (each endpoint is leased by one replica at a time). */
  readonly delivery: boolean;
  readonly timeoutMs: number;
  readonly retry: { readonly baseMs: number; readonly maxDelayMs: number; readonly windowMs: number };
  readonly leaseMs: number;
  /** Deliveries in flight at once per endpoint (one per thread at most). */
  readonly concurrency: number;
  readonly allowedNetworks: readonly AllowedNetwork[];
}

/** The erasure-receipt hash key used outside production when PRIVACY_HASH_SECRET is not set. */
const DEVELOPMENT_HASH_SECRET = 'threadgraph-development-only-privacy-hash-secret';

/** One row per variable: the README's configuration table mirrors this list. */
export const VARIABLES = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'LOG_LEVEL',
  'NEO4J_URI',
  'NEO4J_USER',
  'NEO4J_PASSWORD',
  'NEO4J_DATABASE',
  'NEO4J_LOCAL_DATA_DIR',
  'NEO4J_LOCAL_PORT',
  'NEO4J_LOCAL_HEAP',
  'NEO4J_LOCAL_PAGECACHE',
  'AUTH_JWT_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_TENANT_CLAIM',
  'AUTH_DEFAULT_TENANT',
  'GRAPHQL_INTROSPECTION',
  'GRAPHQL_MAX_DEPTH',
  'GRAPHQL_MAX_ALIASES',
  'GRAPHQL_MAX_COST',
  'PAGE_SIZE_MAX',
  'GRAPHQL_EXPOSE_QUERY_COUNT',
  'BODY_LIMIT_BYTES',
  'SHUTDOWN_GRACE_MS',
  'AUTH_MAX_TOKEN_LIFETIME_SECONDS',
  'AUTH_CLOCK_SKEW_SECONDS',
  'READY_TIMEOUT_MS',
  'METRICS_ENABLED',
  'EVENTS_POLL_MS',
  'WEBHOOK_DELIVERY',
  'WEBHOOK_TIMEOUT_MS',
  'WEBHOOK_RETRY_BASE_MS',
  'WEBHOOK_RETRY_MAX_DELAY_MS',
  'WEBHOOK_RETRY_WINDOW_MS',
  'WEBHOOK_LEASE_MS',
  'WEBHOOK_CONCURRENCY',
  'WEBHOOK_ALLOWED_NETWORKS',
  'ANALYTICS_MAX_DAYS',
  'SUBSCRIPTION_BUFFER_EVENTS',
  'SUBSCRIPTIONS_PER_CONNECTION',
  'PRIVACY_HASH_SECRET',
  'IDEMPOTENCY_TTL',
  'RETENTION_DAYS',
  'RETENTION_INTERVAL',
  'RETENTION_BATCH_SIZE',
] as const;

type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the configuration; `env` defaults to `process.env`. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const str = (name: string, fallback: string): string => {
    const v = env[name];
    return v === undefined || v === '' ? fallback : v;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer in ${min}..${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };

  const nodeEnv = str('NODE_ENV', 'development');
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, test or production, got "${nodeEnv}"`);
  }
  const envName = (['development', 'test', 'production'].includes(nodeEnv) ? nodeEnv : 'development') as Config['env'];
  const production = envName === 'production';

  const logLevel = str('LOG_LEVEL', envName === 'test' ? 'warn' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  }

  const database = str('NEO4J_DATABASE', 'neo4j');
  let neo4j: Neo4jTarget;
  const uri = env.NEO4J_URI;
  if (uri) {
    if (!/^(bolt|neo4j)(\+s|\+ssc)?:\/\/.+/.test(uri)) {
      problems.push(`NEO4J_URI must be a bolt:// or neo4j:// URI (optionally +s or +ssc), got "${uri}"`);
    }
    neo4j = { kind: 'server', uri, user: str('NEO4J_USER', 'neo4j'), password: str('NEO4J_PASSWORD', '') };
  } else {
    neo4j = {
      kind: 'local',
      dataDir: path.resolve(cwd, str('NEO4J_LOCAL_DATA_DIR', 'data/neo4j')),
      port: int('NEO4J_LOCAL_PORT', 7687, 0, 65535),
      heap: str('NEO4J_LOCAL_HEAP', '1g'),
      pageCache: str('NEO4J_LOCAL_PAGECACHE', '256m'),
    };
    if (!/^\d+[kmg]$/i.test(neo4j.heap)) problems.push(`NEO4J_LOCAL_HEAP must look like 512m or 2g, got "${neo4j.heap}"`);
    if (!/^\d+[kmg]$/i.test(neo4j.pageCache)) problems.push(`NEO4J_LOCAL_PAGECACHE must look like 256m or 2g, got "${neo4j.pageCache}"`);
  }

  const rules: TokenRules = {
    tenantClaim: str('AUTH_TENANT_CLAIM', 'tenant'),
    issuer: env.AUTH_ISSUER || undefined,
    audience: env.AUTH_AUDIENCE || undefined,
    maxLifetimeSeconds: int('AUTH_MAX_TOKEN_LIFETIME_SECONDS', 86_400, 60, 31_536_000),
    clockSkewSeconds: int('AUTH_CLOCK_SKEW_SECONDS', 60, 0, 600),
  };
  let auth: AuthConfig;
  if (env.AUTH_JWT_SECRET && env.AUTH_JWKS_URL) {
    problems.push('set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both');
    auth = { mode: 'off', defaultTenant: 'default' };
  } else if (env.AUTH_JWT_SECRET) {
    if (env.AUTH_JWT_SECRET.length < 32) problems.push('AUTH_JWT_SECRET must be at least 32 characters (HS256 needs 256 bits)');
    auth = { mode: 'hs256', secret: new TextEncoder().encode(env.AUTH_JWT_SECRET), ...rules };
  } else if (env.AUTH_JWKS_URL) {
    let jwksUrl: URL | undefined;
    try {
      jwksUrl = new URL(env.AUTH_JWKS_URL);
    } catch {
      problems.push(`AUTH_JWKS_URL must be a URL, got "${env.AUTH_JWKS_URL}"`);
    }
    auth = jwksUrl ? { mode: 'jwks', jwksUrl, ...rules } : { mode: 'off', defaultTenant: 'default' };
  } else {
    if (production)
      problems.push('NODE_ENV=production requires AUTH_JWT_SECRET or AUTH_JWKS_URL: the service refuses to run without auth in production');
    const defaultTenant = str('AUTH_DEFAULT_TENANT', 'default');
    if (defaultTenant.trim() !== defaultTenant || defaultTenant.length > 256) {
      problems.push(`AUTH_DEFAULT_TENANT must be a tenant name without surrounding spaces (1..256 characters), got "${defaultTenant}"`);
    }
    auth = { mode: 'off', defaultTenant };
  }

  const webhooks: WebhookConfig = {
    delivery: bool('WEBHOOK_DELIVERY', true),
    timeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 300_000),
    retry: {
      baseMs: int('WEBHOOK_RETRY_BASE_MS', 30_000, 10, 86_400_000),
      maxDelayMs: int('WEBHOOK_RETRY_MAX_DELAY_MS', 43_200_000, 10, 604_800_000),
      windowMs: int('WEBHOOK_RETRY_WINDOW_MS', 259_200_000, 100, 2_592_000_000),
    },
    leaseMs: int('WEBHOOK_LEASE_MS', 30_000, 500, 3_600_000),
    concurrency: int('WEBHOOK_CONCURRENCY', 8, 1, 256),
    allowedNetworks: networks(env.WEBHOOK_ALLOWED_NETWORKS, problems),
  };
  if (webhooks.leaseMs < 2 * webhooks.timeoutMs) {
    problems.push(
      `WEBHOOK_LEASE_MS (${webhooks.leaseMs}) must be at least twice WEBHOOK_TIMEOUT_MS (${webhooks.timeoutMs}): a lease must outlast an attempt`,
    );
  }
  if (webhooks.retry.maxDelayMs < webhooks.retry.baseMs) {
    problems.push('WEBHOOK_RETRY_MAX_DELAY_MS must be at least WEBHOOK_RETRY_BASE_MS');
  }

  /** A duration: seconds, or a number with s, m, h or d (`90s`, `15m`, `24h`, `7d`). */
  const duration = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(raw.trim());
    const seconds = m ? Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'] : NaN;
    if (!Number.isFinite(seconds) || seconds < min || seconds > max) {
      problems.push(`${name} must be a duration of ${min} s to ${max} s, as seconds or like 90s, 15m, 24h, 7d; got "${raw}"`);
      return fallback;
    }
    return seconds;
  };

  // RETENTION_INTERVAL 0 turns the sweep off (a benchmark on a shared database must not delete in it).
  const retentionInterval = duration('RETENTION_INTERVAL', 300, 0, 86_400);
  if (retentionInterval > 0 && retentionInterval < 0.1) {
    problems.push(`RETENTION_INTERVAL must be 0 (off) or at least 0.1 s; got "${env.RETENTION_INTERVAL}"`);
  }

  const hashSecret = env.PRIVACY_HASH_SECRET;
  if (hashSecret !== undefined && hashSecret !== '' && hashSecret.length < 32) {
    problems.push('PRIVACY_HASH_SECRET must be at least 32 characters (it keys the HMAC of erased keys)');
  }
  if (production && !hashSecret) {
    problems.push('NODE_ENV=production requires PRIVACY_HASH_SECRET (32+ characters): erasure receipts hash keys with it');
  }
  const retentionRaw = env.RETENTION_DAYS;
  let retentionDays: number | null = null;
  if (retentionRaw !== undefined && retentionRaw !== '') {
    const days = Number(retentionRaw);
    if (!Number.isFinite(days) || days <= 0 || days > 36_500) {
      problems.push(`RETENTION_DAYS must be a number of days above 0 (fractions allowed), at most 36500; got "${retentionRaw}"`);
    } else {
      retentionDays = days;
    }
  }

  const config: Config = {
    env: envName,
    host: str('HOST', '0.0.0.0'),
    port: int('PORT', 4001, 0, 65535),
    logLevel,
    neo4j: { ...neo4j, database },
    auth,
    graphql: {
      introspection: bool('GRAPHQL_INTROSPECTION', !production),
      maxDepth: int('GRAPHQL_MAX_DEPTH', 12, 2, 100),
      maxAliases: int('GRAPHQL_MAX_ALIASES', 30, 1, 1000),
      // graphql-armor's cost: 1.5x per level, times a literal `first`. 50000 lets a full page at the
      // cap (first: 100) of threads with every field through (~38000), and the gateway's fetch of a
      // customer's 20 threads with nested interactions (~21000); alias fan-outs cost millions.
      maxCost: int('GRAPHQL_MAX_COST', 50000, 100, 10_000_000),
      maxPageSize: int('PAGE_SIZE_MAX', 100, 1, 1000),
      exposeQueryCount: bool('GRAPHQL_EXPOSE_QUERY_COUNT', false),
    },
    http: {
      bodyLimitBytes: int('BODY_LIMIT_BYTES', 1_048_576, 1024, 100_000_000),
      shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
      readyTimeoutMs: int('READY_TIMEOUT_MS', 1000, 50, 30_000),
      metrics: bool('METRICS_ENABLED', true),
    },
    events: { pollMs: int('EVENTS_POLL_MS', 500, 10, 60_000) },
    subscriptions: {
      bufferEvents: int('SUBSCRIPTION_BUFFER_EVENTS', 1000, 1, 100_000),
      maxPerConnection: int('SUBSCRIPTIONS_PER_CONNECTION', 100, 1, 10_000),
    },
    webhooks,
    analytics: { maxDays: int('ANALYTICS_MAX_DAYS', 400, 1, 3660) },
    privacy: { hashSecret: hashSecret || DEVELOPMENT_HASH_SECRET, hashSecretIsDefault: !hashSecret },
    retention: {
      idempotencyTtlSeconds: duration('IDEMPOTENCY_TTL', 86_400, 1, 31_536_000),
      retentionDays,
      intervalSeconds: retentionInterval,
      batchSize: int('RETENTION_BATCH_SIZE', 500, 1, 100_000),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** WEBHOOK_ALLOWED_NETWORKS: comma-separated CIDRs (127.0.0.0/8, 10.1.0.0/16, fd00::/8). */
function networks(raw: string | undefined, problems: string[]): AllowedNetwork[] {
  if (raw === undefined || raw.trim() === '') return [];
  const out: AllowedNetwork[] = [];
  for (const entry of raw.split(',').map((e) => e.trim())) {
    const [address = '', prefixText, ...rest] = entry.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (family === 0 || rest.length > 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      problems.push(`WEBHOOK_ALLOWED_NETWORKS must be comma-separated CIDRs like 127.0.0.0/8 or fd00::/8, got "${entry}"`);
      continue;
    }
    out.push({ address, prefix, family: family === 6 ? 'ipv6' : 'ipv4' });
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof URL)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
