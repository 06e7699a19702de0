import { spawn } from 'node:child_process';

/** Runs a child process (stdin closed, stderr passed through) and returns its stdout; throws on a non-zero exit. */
export async function runProcess(
  label: string,
  command: string,
  args: readonly string[],
  cwd: string
): Promise<string> {
  const proc = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', resolve);
  });
  if (code !== 0) throw new Error(`${label} exited with ${code}.`);
  return out;
}
