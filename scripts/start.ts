import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm start` on a fresh clone: build the pages when the build is missing or older than
// their sources, then start the server (which migrates and seeds the demo cycle).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const handler = path.join(root, 'build', 'handler.js');
const webSources = ['app/web', 'app/shared', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

function newestChange(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, name) => Math.max(newest, newestChange(path.join(entry, name))),
    stat.mtimeMs
  );
}

function buildIsStale(): boolean {
  if (!existsSync(handler)) return true;
  const built = statSync(handler).mtimeMs;
  return webSources.some((entry) => existsSync(path.join(root, entry)) && newestChange(path.join(root, entry)) > built);
}

if (buildIsStale()) {
  console.log('Building the web pages (first start or changed sources)…');
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit'
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await import('../app/server/main.js');
