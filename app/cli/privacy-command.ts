import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../server/errors.js';
import { erasePerson, findPerson, purgeExpired } from '../server/services/privacy.js';
import type { PersonExportDto } from '../shared/privacy.js';
import { CliUsageError } from './import-command.js';

type WithDatabase = <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>;
type Print = (line: string) => void;

/** What is held, in one line per kind that is not empty. */
function describe(held: PersonExportDto): string[] {
  const labels: Record<keyof PersonExportDto['summary'], string> = {
    askerRecords: 'imported rows with personal data',
    questions: 'questions asked (kept, de-identified)',
    mentions: 'questions elsewhere giving the address (kept, address removed)',
    account: 'account (kept under a pseudonym, disabled)',
    memberships: 'committee memberships (kept)',
    invitations: 'invitations',
    declarations: 'declarations of interest (free text removed)',
    scores: 'scores (kept under the pseudonym)',
    comments: 'comments (kept, name and address removed)',
    feedback: 'feedback items (kept, name and address removed)',
    raterReviews: 'rater reviews by staff (kept, name and address removed)',
    auditEntries: 'audit log entries (kept, name and address removed)',
    vraagpunt: 'questions sent through the Vraagpunt form (kept, name and address removed)'
  };
  return Object.entries(held.summary)
    .filter(([, count]) => count > 0)
    .map(([key, count]) => `  ${String(count).padStart(5)}  ${labels[key as keyof typeof labels]}`);
}

/**
 * `person export EMAIL [--out FILE]`: everything held about the person as JSON, on stdout or in a file only the
 * owner may read. `person erase EMAIL --yes`: erases it; without --yes it only says what would go.
 */
export async function personCommand(args: string[], withDatabase: WithDatabase, print: Print): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'export' && action !== 'erase') {
    throw new CliUsageError(action ? `Unknown command "person ${action}".` : 'person needs export or erase.');
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { out: { type: 'string' }, yes: { type: 'boolean', default: false } }
  });
  const email = positionals[0];
  if (positionals.length !== 1 || !email) throw new CliUsageError(`person ${action} needs one e-mail address.`);

  if (action === 'export') {
    if (values.yes) throw new CliUsageError('person export takes no --yes.');
    const held = await withDatabase((db) => findPerson(db, email, new Date()));
    const json = `${JSON.stringify(held, null, 2)}\n`;
    if (values.out) {
      await writeFile(values.out, json, { mode: 0o600 });
      print(`Wrote what is held about ${email} to ${values.out}.`);
    } else {
      process.stdout.write(json);
    }
  } else {
    if (values.out) throw new CliUsageError('person erase takes no --out; export first.');
    await withDatabase(async (db) => {
      if (!values.yes) {
        const held = await findPerson(db, email, new Date());
        print(`Held about ${email}:`);
        for (const line of describe(held)) print(line);
        throw new AppError(400, 'confirm_needed', 'Nothing was erased: repeat the command with --yes to erase it.');
      }
      const result = await erasePerson(db, { email, actor: null, now: new Date() });
      print(result.summary);
    });
  }
}

/** `purge-personal-data [--months N]`: the retention period, once, now (the server also runs it every day). */
export async function purgeCommand(
  args: string[],
  withDatabase: WithDatabase,
  configured: number | null,
  print: Print
): Promise<void> {
  const { values } = parseArgs({ args, options: { months: { type: 'string' } } });
  const months = values.months === undefined ? configured : Number(values.months);
  if (months === null) {
    throw new CliUsageError('purge-personal-data needs --months N, or RETENTION_MONTHS in the environment.');
  }
  if (!Number.isInteger(months) || months < 1 || months > 240) {
    throw new CliUsageError(`--months must be a whole number from 1 to 240; got "${values.months}".`);
  }
  const result = await withDatabase((db) => purgeExpired(db, { months, now: new Date() }));
  print(
    `Purged the personal data of ${result.records} imported rows from before ${result.cutoff.toISOString().slice(0, 10)}` +
      ` (${result.questions} question texts de-identified); the questions stay.`
  );
}
