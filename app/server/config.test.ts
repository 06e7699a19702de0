import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has sensible defaults for a newcomer', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: path.resolve('data'),
      seedDemo: 'complete',
      maxUploadBytes: 50 * 1024 * 1024
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    { SEED_DEMO: 'true', stage: 'complete' },
    { SEED_DEMO: 'Inventory', stage: 'inventory' },
    { SEED_DEMO: 'false', stage: null }
  ])('reads SEED_DEMO=$SEED_DEMO as $stage', ({ SEED_DEMO, stage }) => {
    expect(loadConfig({ SEED_DEMO }).seedDemo).toBe(stage);
  });

  it.each([
    { TRUST_PROXY: undefined, trustProxy: false },
    { TRUST_PROXY: 'true', trustProxy: true },
    { TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,loopback', trustProxy: ['10.0.0.1', '192.168.0.0/16', 'loopback'] },
    { TRUST_PROXY: '::1', trustProxy: ['::1'] }
  ])('reads TRUST_PROXY=$TRUST_PROXY as $trustProxy', ({ TRUST_PROXY, trustProxy }) => {
    expect(loadConfig({ TRUST_PROXY }).trustProxy).toEqual(trustProxy);
  });

  it('limits logins and locks accounts by default', () => {
    expect(loadConfig({})).toMatchObject({
      loginRateLimitPerMinute: 10,
      publicRateLimitPerMinute: 120,
      loginMaxFailures: 5,
      loginLockoutMinutes: 15,
      cookieSecure: false
    });
  });

  it.each([
    { env: { PORT: 'abc' }, message: /PORT must be a whole number/ },
    { env: { PORT: '70000' }, message: /PORT must be a whole number from 0 to 65535/ },
    { env: { DATABASE_URL: 'mysql://x' }, message: /DATABASE_URL must start with postgres/ },
    { env: { SEED_DEMO: 'maybe' }, message: /SEED_DEMO must be true, false or inventory/ },
    { env: { TRUST_PROXY: 'proxy.local' }, message: /TRUST_PROXY must be true, false or a comma-separated list/ },
    { env: { TRUST_PROXY: '10.0.0.0/33' }, message: /TRUST_PROXY must be/ },
    { env: { LOGIN_MAX_FAILURES: '0' }, message: /LOGIN_MAX_FAILURES must be a whole number from 1/ }
  ])('fails fast on $env', ({ env, message }) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
  });
});
