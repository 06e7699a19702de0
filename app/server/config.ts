import { isIP } from 'node:net';
import path from 'node:path';

export type DemoStage = 'complete' | 'inventory';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** PostgreSQL connection string; when absent the app runs on embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly demoPassword: string | null;
  /** Seed the demo cycle into an empty database: complete (up to a published agenda), only its inventory, or not. */
  readonly seedDemo: DemoStage | null;
  readonly sessionTtlHours: number;
  /** Always mark the session cookie Secure; without it, only requests that came in over HTTPS get a Secure cookie. */
  readonly cookieSecure: boolean;
  /** Fastify's trustProxy: whose X-Forwarded-For/-Proto to believe (false: nobody's, true: anybody's). */
  readonly trustProxy: boolean | string[];
  /** Login attempts per minute from one address, and requests per minute per address to each public endpoint. */
  readonly loginRateLimitPerMinute: number;
  readonly publicRateLimitPerMinute: number;
  /** Wrong passwords for one account before it is locked, and for how many minutes. */
  readonly loginMaxFailures: number;
  readonly loginLockoutMinutes: number;
  readonly maxUploadBytes: number;
  /** log2 of scrypt's N; 17 follows OWASP's advice, tests lower it. */
  readonly passwordHashCost: number;
  readonly logLevel: string;
  /** Folder holding the SvelteKit adapter-node build (handler.js); null serves the API only. */
  readonly webBuildDir: string | null;
  /** Askers' personal data is purged this many months after its import; null keeps it. */
  readonly retentionMonths: number | null;
  /** The Vraagpunt form: seconds a person needs at least to fill it in, and questions per hour from one address. */
  readonly vraagpuntMinFillSeconds: number;
  readonly vraagpuntPerHour: number;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}".`);
  }
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false; got "${raw}".`);
}

// proxy-addr's names for address ranges, besides addresses and CIDR ranges.
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: true/false, or a comma-separated list of the proxies' addresses or ranges. No hop count: Fastify 5
 * trusts nobody for a number, as it cannot check who sent the request.
 */
function trustProxy(env: NodeJS.ProcessEnv): boolean | string[] {
  const raw = env.TRUST_PROXY?.trim() ?? '';
  if (['', '0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const validPrefix =
      prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (isIP(address) === 4 ? 32 : 128));
    if (!(PROXY_RANGES.has(entry) || (isIP(address) !== 0 && validPrefix && rest.length === 0))) {
      throw new ConfigError(
        `TRUST_PROXY must be true, false or a comma-separated list of proxy addresses or ranges; got "${raw}".`
      );
    }
  }
  return entries;
}

/** SEED_DEMO: true (the complete demo cycle), inventory (questions grouped into themes, nothing rated yet), false. */
function demoStage(env: NodeJS.ProcessEnv): DemoStage | null {
  const raw = env.SEED_DEMO?.trim().toLowerCase();
  if (raw === 'inventory') return 'inventory';
  try {
    return boolean(env, 'SEED_DEMO', true) ? 'complete' : null;
  } catch {
    throw new ConfigError(`SEED_DEMO must be true, false or inventory; got "${env.SEED_DEMO}".`);
  }
}

/** Reads the environment once; the only place besides main.ts that looks at process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://.');
  }
  return Object.freeze({
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || 'data'),
    demoPassword: env.DEMO_PASSWORD || null,
    seedDemo: demoStage(env),
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    cookieSecure: boolean(env, 'COOKIE_SECURE', false),
    trustProxy: trustProxy(env),
    loginRateLimitPerMinute: integer(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 10, 1, 100_000),
    publicRateLimitPerMinute: integer(env, 'PUBLIC_RATE_LIMIT_PER_MINUTE', 120, 1, 1_000_000),
    loginMaxFailures: integer(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockoutMinutes: integer(env, 'LOGIN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    maxUploadBytes: integer(env, 'MAX_UPLOAD_MB', 50, 1, 2048) * 1024 * 1024,
    passwordHashCost: integer(env, 'PASSWORD_HASH_COST', 17, 10, 20),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    webBuildDir: path.resolve(env.WEB_BUILD_DIR?.trim() || 'build'),
    retentionMonths: env.RETENTION_MONTHS?.trim() ? integer(env, 'RETENTION_MONTHS', 0, 1, 240) : null,
    vraagpuntMinFillSeconds: integer(env, 'VRAAGPUNT_MIN_FILL_SECONDS', 3, 0, 600),
    vraagpuntPerHour: integer(env, 'VRAAGPUNT_PER_HOUR', 10, 1, 100_000)
  });
}
