import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A temporary folder for the test file's CSV files, made before its tests and removed after them. */
export function useTempFiles(prefix: string): { file(name: string, content: string): Promise<string> } {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    async file(name, content) {
      const target = path.join(dir, name);
      await writeFile(target, content);
      return target;
    }
  };
}

/** Runs a command that writes lines, collecting them. */
export async function outputOf(
  command: (args: string[], out: (line: string) => void) => Promise<void>,
  args: string[]
): Promise<string[]> {
  const out: string[] = [];
  await command(args, (line) => out.push(line));
  return out;
}
