import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // As in svelte.config.js: pages import the shared API shapes as $shared.
  resolve: { alias: { $shared: fileURLToPath(new URL('./app/shared', import.meta.url)) } },
  test: {
    include: ['analysis/**/*.test.ts', 'db/**/*.test.ts', 'app/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['node_modules', 'build', 'e2e'],
    globalSetup: ['app/server/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database-backed files each start their own PGlite or PostgreSQL database;
    // two workers match the two cores of the machines this runs on.
    maxWorkers: 2,
    expect: { requireAssertions: true }
  }
});
