import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { BackupError, type BackupSummary, restoreBackup, writeBackup } from '../../db/backup.js';
import type { Database } from '../../db/schema.js';
import { badRequest } from '../server/errors.js';
import { CliUsageError } from './import-command.js';

type WithDatabase = <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>;

function oneFile(command: string, args: string[]): string {
  const [file, ...extra] = args;
  if (!file || file.startsWith('-') || extra.length > 0) throw new CliUsageError(`${command} needs exactly one FILE.`);
  return file;
}

/** 1234567 → "1 234 567": readable in Dutch and in English alike. */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

const totals = (summary: BackupSummary) =>
  `${summary.tables} tables, ${grouped(summary.rows)} rows (migration ${summary.migration})`;

/** `cli backup FILE`: a consistent snapshot of the whole database, written beside FILE and renamed once complete. */
export async function backupCommand(args: string[], withDatabase: WithDatabase): Promise<string> {
  const file = oneFile('backup', args);
  const target = path.resolve(file);
  // A backup that fails half-way must not leave a file that looks like a backup, nor replace an older good one.
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
  // Opened before the database is, so a folder that cannot be written to fails at once; readable by its owner
  // only, as it holds personal data and password hashes.
  const handle = await open(partial, 'wx', 0o600).catch((error: Error) => {
    throw badRequest('backup_file', `Cannot write ${file}: ${error.message}`);
  });
  try {
    // Written through the handle rather than its createWriteStream, which would take the handle over and close it.
    const out = new Writable({
      write: (chunk: Buffer, _encoding, done) => void handle.write(chunk).then(() => done(), done)
    });
    const summary = await withDatabase((db) => writeBackup(db, out));
    // On disk before it takes the backup's name, so a crash right after cannot leave a truncated "good" backup.
    await handle.sync();
    await handle.close();
    await rename(partial, target);
    return `Backup written to ${file}: ${totals(summary)}.`;
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(partial, { force: true });
    throw error;
  }
}

/** `cli restore FILE`: into an empty database at the backup's migration, all or nothing. */
export async function restoreCommand(args: string[], withDatabase: WithDatabase): Promise<string> {
  const file = oneFile('restore', args);
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
  } catch {
    throw new CliUsageError(`Cannot read ${file}.`);
  }
  try {
    const summary = await withDatabase((db) => restoreBackup(db, createReadStream(file)));
    return `Restored ${file}: ${totals(summary)}.`;
  } catch (error) {
    if (error instanceof BackupError) {
      const where = error.line === null ? file : `${file}, line ${error.line}`;
      throw badRequest('backup_invalid', `${where}: ${error.message} Nothing was restored.`);
    }
    throw error;
  }
}
