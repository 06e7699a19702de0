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
  readonly cookieSecure: boolean;
  readonly maxUploadBytes: number;
  /** log2 of scrypt's N; 17 follows OWASP's advice, tests lower it. */
  readonly passwordHashCost: number;
  readonly logLevel: string;
  /** Folder holding the SvelteKit adapter-node build (handler.js); null serves the API only. */
  readonly webBuildDir: string | null;
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
    maxUploadBytes: integer(env, 'MAX_UPLOAD_MB', 50, 1, 2048) * 1024 * 1024,
    passwordHashCost: integer(env, 'PASSWORD_HASH_COST', 17, 10, 20),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    webBuildDir: path.resolve(env.WEB_BUILD_DIR?.trim() || 'build')
  });
}
