import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
let dataDir: string;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PASSWORD_HASH_COST: '10' };
  // Each test run gets its own embedded database, even when the suite runs against PostgreSQL.
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'app/cli/main.ts', ...args], {
      cwd: root,
      env
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'kw-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run cli -- user add', () => {
  it('creates an account and prints a generated password once', async () => {
    const result = await cli('user', 'add', '--email', 'nieuw@test.be', '--name', 'Nieuw Lid', '--role', 'staff');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Created staff account nieuw@test\.be \(id \d+\)\.\nPassword: \S{16}\n$/);
  });

  it('refuses an address that already has an account', async () => {
    const result = await cli(
      'user',
      'add',
      '--email',
      'NIEUW@test.be',
      '--name',
      'X',
      '--role',
      'director',
      '--password',
      'long-enough-pw'
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already exists');
  });

  it.each([
    { args: ['user', 'add', '--email', 'a@b.be', '--name', 'A', '--role', 'king'], message: '--role must be one of' },
    { args: ['user', 'add', '--email', 'a@b.be'], message: 'needs --email, --name and --role' },
    { args: ['frobnicate'], message: 'Unknown command "frobnicate"' }
  ])('explains a usage mistake: $args', async ({ args, message }) => {
    const result = await cli(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage:');
  });
});
