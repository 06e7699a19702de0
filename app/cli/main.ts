import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { createPool, kyselyOnPglite, kyselyOnPool, openPglite } from '../../db/connect.js';
import { currentMigration, migrateToLatest } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';
import { loadConfig } from '../server/config.js';
import { AppError } from '../server/errors.js';
import { randomPassword } from '../server/lib/password.js';
import { createUser } from '../server/services/auth.js';
import { ROLES, type Role } from '../shared/roles.js';
import { backupCommand, restoreCommand } from './backup-command.js';
import { clusterCommand } from './cluster-command.js';
import { dedupCommand } from './dedup-command.js';
import { CliUsageError, importCommand } from './import-command.js';
import { personCommand, purgeCommand } from './privacy-command.js';

const USAGE = `Usage:
  npm run cli -- migrate
  npm run cli -- import FILE [--text-column NAME]... [--source-kind vraagpunt|survey|focusgroup] [--dry-run] [--json]
  npm run cli -- user add --email E --name N --role ${ROLES.join('|')} [--password P]
  npm run cli -- cluster FILE.csv [--text-column text] [--id-column id] [--k auto|N] [--seed-themes THEMES.csv] [--seed-examples EXAMPLES.csv]
  npm run cli -- dedup FILE.csv [--text-column text] [--id-column id]
  npm run cli -- person export EMAIL [--out FILE]
  npm run cli -- person erase EMAIL --yes
  npm run cli -- purge-personal-data [--months N]
  npm run cli -- backup FILE
  npm run cli -- restore FILE`;

async function withDatabase<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = config.databaseUrl
    ? kyselyOnPool(createPool(config.databaseUrl))
    : kyselyOnPglite(await openPglite(config.dataDir));
  try {
    await migrateToLatest(db);
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

async function userAdd(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' }
    }
  });
  if (!values.email || !values.name || !values.role)
    throw new CliUsageError('user add needs --email, --name and --role.');
  if (!(ROLES as readonly string[]).includes(values.role)) {
    throw new CliUsageError(`--role must be one of ${ROLES.join(', ')}; got "${values.role}".`);
  }
  const password = values.password ?? randomPassword();
  const config = loadConfig();
  const user = await withDatabase((db) =>
    createUser(db, {
      email: values.email!,
      name: values.name!,
      role: values.role as Role,
      password,
      hashCost: config.passwordHashCost
    })
  );
  console.log(`Created ${user.role} account ${user.email} (id ${user.id}).`);
  if (!values.password) console.log(`Password: ${password}`);
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === 'migrate') {
    const latest = await withDatabase((db) => currentMigration(db));
    console.log(`Database is at migration ${latest}.`);
  } else if (command === 'import') {
    await importCommand(argv.slice(1), withDatabase);
  } else if (command === 'cluster') {
    await clusterCommand(argv.slice(1), (line) => process.stdout.write(`${line}\n`));
  } else if (command === 'dedup') {
    await dedupCommand(argv.slice(1), (line) => process.stdout.write(`${line}\n`));
  } else if (command === 'backup') {
    console.log(await backupCommand(argv.slice(1), withDatabase));
  } else if (command === 'restore') {
    console.log(await restoreCommand(argv.slice(1), withDatabase));
  } else if (command === 'person') {
    await personCommand(argv.slice(1), withDatabase, (line) => process.stdout.write(`${line}\n`));
  } else if (command === 'purge-personal-data') {
    await purgeCommand(argv.slice(1), withDatabase, loadConfig().retentionMonths, (line) =>
      process.stdout.write(`${line}\n`)
    );
  } else if (command === 'user' && sub === 'add') {
    await userAdd(rest);
  } else {
    throw new CliUsageError(
      command ? `Unknown command "${[command, sub].filter(Boolean).join(' ')}".` : 'No command given.'
    );
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof CliUsageError) console.error(`${error.message}\n\n${USAGE}`);
  else if (error instanceof AppError) console.error(error.message);
  else console.error(error);
  process.exitCode = error instanceof CliUsageError ? 2 : 1;
});
