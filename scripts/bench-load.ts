/**
 * `npm run bench:load`: 30 committee members autosave scores for 60 s against the built server (issue 9), on
 * PostgreSQL and on embedded PGlite, measured with autocannon; appends the figures to BENCHMARKS.md (and prints them).
 * Target: p99 < 100 ms with zero errors on PostgreSQL.
 *
 * Each backend gets a database of its own: the demo inventory (its themes), committees filled to 10 scientific and
 * 20 user members, and an open rating round on every theme with five criteria. The server runs as in production
 * (`node --import tsx app/server/main.ts`, the SvelteKit build beside it) in a child process; the members log in
 * over HTTP and declare no conflict. Then, per backend:
 * - warm-up: the autosave below for 10 s, reported on a row of its own and not held to the target — a fresh server
 *   opens its database connections and compiles its code on the first saves, which a running server has long done;
 * - autosave: every member on a connection of their own saves a score twice a second (a click every half second is a
 *   brisk rater), each save a different theme and criterion, for 60 s, the members' starts spread over half a second
 *   (see measurePaced);
 * - saturation: the same saves as fast as the 30 connections go, 20 s — what the server can carry;
 * - the peer, in the same run: GET /api/health (no database) at the autosave rate for 20 s — the floor of Node,
 *   Fastify and the network stack on this machine, against which the autosave latencies read.
 * Errors are connection errors, timeouts and non-2xx answers. The server's peak RSS is read from /proc at the end.
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) is used to create and drop a
 * database of its own; when the server cannot be reached only PGlite is measured. `--dry-run` prints without appending.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createPool, kyselyOnPglite, kyselyOnPool, openPglite } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { addCommitteeMember } from '../db/queries/cycles.js';
import type { Database } from '../db/schema.js';
import { createUser } from '../app/server/services/auth.js';
import { seedDemo } from '../app/server/services/demo.js';
import { createRound } from '../app/server/services/rounds.js';
import { CRITERION_PRESETS } from '../app/shared/round-setup.js';

const root = path.resolve(import.meta.dirname, '..');
const MEMBERS = { scientific: 10, user: 20 };
const SAVES_PER_MEMBER_PER_SECOND = 2;
const AUTOSAVE_SECONDS = 60;
const WARM_UP_SECONDS = 10;
const SHORT_SECONDS = 20;
const TARGET_P99_MS = 100;
const PASSWORD = 'bench-wachtwoord-123';
const HASH_COST = 12;

interface Prepared {
  roundId: number;
  themeIds: number[];
  criterionIds: number[];
  members: string[];
}

interface Member {
  cookie: string;
  csrf: string;
}

interface Measure {
  label: string;
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

interface BackendResult {
  name: string;
  version: string;
  measures: Measure[];
  peakRssMb: number | null;
  scoresStored: number;
}

/** Fills the committees to 10 + 20 members and opens a round on every theme; returns what the members need. */
async function prepare(db: Kysely<Database>): Promise<Prepared> {
  await migrateToLatest(db);
  await seedDemo(db, { password: PASSWORD, hashCost: HASH_COST, stage: 'inventory' });
  const cycle = await db.selectFrom('cycles').select('id').executeTakeFirstOrThrow();
  const committees = await db
    .selectFrom('committees')
    .select(['id', 'kind'])
    .where('cycle_id', '=', cycle.id)
    .execute();
  const members: string[] = [];
  for (const committee of committees) {
    const current = await db
      .selectFrom('committee_members')
      .innerJoin('users', 'users.id', 'committee_members.user_id')
      .select('users.email')
      .where('committee_id', '=', committee.id)
      .where('membership', '!=', 'observer')
      .execute();
    members.push(...current.map((m) => m.email));
    for (let i = current.length; i < MEMBERS[committee.kind]; i++) {
      const email = `bench-${committee.kind}-${i}@bench.test`;
      const user = await createUser(db, {
        email,
        name: `Bench ${committee.kind} ${i}`,
        role: 'committee',
        password: PASSWORD,
        hashCost: HASH_COST
      });
      await addCommitteeMember(db, { committeeId: committee.id, userId: user.id, membership: 'member' });
      members.push(email);
    }
  }
  const now = new Date();
  const round = await createRound(db, {
    cycleId: cycle.id,
    body: {
      name: 'Belastingstest',
      kind: 'rating',
      scaleMax: 5,
      closesAt: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
      criteria: CRITERION_PRESETS.slice(0, 5).map((c) => ({ ...c, weight: 1 }))
    },
    userId: null,
    now
  });
  const themeIds = (
    await db.selectFrom('round_themes').select('theme_id').where('round_id', '=', round.id).execute()
  ).map((t) => t.theme_id);
  const criterionIds = (
    await db.selectFrom('round_criteria').select('id').where('round_id', '=', round.id).orderBy('position').execute()
  ).map((c) => c.id);
  return { roundId: round.id, themeIds, criterionIds, members };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      // The members log in from one address within seconds; the login limit guards against guessing, not this.
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '100000'
    },
    stdio: ['ignore', 'ignore', 'inherit']
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode} before answering.`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('The server did not answer /api/health within 60 s.');
}

async function stopServer(child: ChildProcess): Promise<number | null> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return hwm ? Math.round(Number(hwm[1]) / 1024) : null;
}

async function signIn(url: string, email: string, roundId: number): Promise<Member> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD })
  });
  if (!login.ok) throw new Error(`Login of ${email} failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('kw_session='));
  if (!cookie) throw new Error(`Login of ${email} set no session cookie.`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const member = { cookie, csrf: csrfToken };
  const declared = await fetch(`${url}/api/rounds/${roundId}/declaration`, {
    method: 'PUT',
    headers: headers(member),
    body: JSON.stringify({ none: true, themes: [] })
  });
  if (!declared.ok) throw new Error(`Declaration of ${email} failed: ${declared.status} ${await declared.text()}`);
  return member;
}

const headers = (member: Member) => ({
  'content-type': 'application/json',
  cookie: member.cookie,
  'x-csrf-token': member.csrf
});

/** A member's saves: every theme and criterion in turn, starting at a different cell per member. */
function savesOf(member: Member, index: number, prepared: Prepared): autocannon.Request[] {
  const cells = prepared.themeIds.flatMap((themeId) =>
    prepared.criterionIds.map((criterionId) => ({ themeId, criterionId }))
  );
  return cells.map((_, i) => {
    const cell = cells[(i + index * 7) % cells.length]!;
    return {
      method: 'PUT',
      path: `/api/rounds/${prepared.roundId}/scores`,
      headers: headers(member),
      body: JSON.stringify({ ...cell, value: ((i + index) % 5) + 1 })
    };
  });
}

async function measure(label: string, options: autocannon.Options): Promise<Measure> {
  const result = await autocannon(options);
  return {
    label,
    requests: result.requests.total,
    throughput: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts + result.non2xx
  };
}

/**
 * Paced traffic as people make it: one autocannon instance (one connection) per member at `rate` requests a second,
 * the members' starts spread evenly over one interval. (One instance with 30 rate-limited connections fires all 30
 * in the same instant every interval — a burst no group of people makes.) Latencies are each response's own time,
 * collected from every instance. While every response comes back within the interval (the max column says whether
 * it did), no request waits for an earlier one, so coordinated omission does not arise.
 */
async function measurePaced(
  label: string,
  perMember: (index: number) => Pick<autocannon.Options, 'url' | 'requests'>,
  members: number,
  rate: number,
  duration: number
): Promise<Measure> {
  const latencies: number[] = [];
  let errors = 0;
  const runs = Array.from({ length: members }, async (_, i) => {
    await new Promise((resolve) => setTimeout(resolve, (i * 1000) / rate / members));
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({ ...perMember(i), connections: 1, connectionRate: rate, duration }, (error, done) =>
        error ? reject(error) : resolve(done)
      );
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        latencies.push(responseTime);
        if (statusCode < 200 || statusCode >= 300) errors++;
      });
    });
    errors += result.errors + result.timeouts;
  });
  await Promise.all(runs);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0;
  return {
    label,
    requests: latencies.length,
    throughput: latencies.length / duration,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1) ?? 0,
    errors
  };
}

async function runBackend(
  name: string,
  version: string,
  env: NodeJS.ProcessEnv,
  prepared: Prepared,
  countScores: () => Promise<number>
): Promise<BackendResult> {
  const { url, child } = await startServer(env);
  try {
    const members: Member[] = [];
    for (const email of prepared.members) members.push(await signIn(url, email, prepared.roundId));
    const count = members.length;
    const rate = SAVES_PER_MEMBER_PER_SECOND;
    const autosave = (label: string, seconds: number) =>
      measurePaced(label, (i) => ({ url, requests: savesOf(members[i]!, i, prepared) }), count, rate, seconds);
    console.error(`${name}: warm-up for ${WARM_UP_SECONDS} s …`);
    const warmUp = await autosave(`warm-up: the autosave's first ${WARM_UP_SECONDS} s after start`, WARM_UP_SECONDS);
    console.error(`${name}: ${count} members, autosave for ${AUTOSAVE_SECONDS} s …`);
    const measures = [await autosave(`autosave, ${count} members × ${rate} saves/s`, AUTOSAVE_SECONDS)];
    console.error(`${name}: saturation for ${SHORT_SECONDS} s …`);
    let next = 0;
    measures.push(
      await measure(`saturation, ${count} connections`, {
        url,
        connections: count,
        duration: SHORT_SECONDS,
        setupClient: (client) => {
          const i = next++ % count;
          (client as autocannon.Client & { setRequests(r: autocannon.Request[]): void }).setRequests(
            savesOf(members[i]!, i, prepared)
          );
        }
      })
    );
    console.error(`${name}: peer GET /api/health for ${SHORT_SECONDS} s …`);
    measures.push(
      await measurePaced(
        'peer: GET /api/health, same rate',
        () => ({ url: `${url}/api/health` }),
        count,
        rate,
        SHORT_SECONDS
      )
    );
    measures.push(warmUp);
    const peakRssMb = await stopServer(child);
    return { name, version, measures, peakRssMb, scoresStored: await countScores() };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

async function onPglite(): Promise<BackendResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kw-bench-load-'));
  try {
    const pglite = await openPglite(dataDir);
    const prepared = await prepare(kyselyOnPglite(pglite));
    const version = (await pglite.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
    await pglite.close();
    return await runBackend(
      `PGlite ${version} (embedded)`,
      version,
      { DATA_DIR: dataDir, DATABASE_URL: '' },
      prepared,
      async () => {
        const reopened = await openPglite(dataDir);
        const { rows } = await reopened.query<{ n: number }>('select count(*)::int as n from scores');
        await reopened.close();
        return rows[0]!.n;
      }
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function onPostgres(adminUrl: string): Promise<BackendResult | null> {
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    console.error(`PostgreSQL at ${adminUrl} not reachable (${(error as Error).message}); measuring PGlite only.`);
    return null;
  }
  const name = `kw_bench_load_${process.pid}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const version = (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const db = kyselyOnPool(createPool(url.href));
    const prepared = await prepare(db);
    try {
      return await runBackend(`PostgreSQL ${version}`, version, { DATABASE_URL: url.href }, prepared, async () => {
        const { n } = await db
          .selectFrom('scores')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return Number(n);
      });
    } finally {
      await db.destroy();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
  }
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

function section(results: BackendResult[]): string {
  const cpu = os.cpus()[0]?.model.trim() || 'unknown CPU';
  const ram = (os.totalmem() / 2 ** 30).toFixed(1);
  const lines = [
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — load: ${MEMBERS.scientific + MEMBERS.user} committee members autosaving (\`npm run bench:load\`)`,
    '',
    `Machine: ${cpu}, ${os.cpus().length} cores, ${ram} GiB RAM; Node ${process.version}. The built server in a child ` +
      'process, autocannon in this one (same machine, so they share the cores). Each save is `PUT /api/rounds/:id/scores` ' +
      'with the member’s session; the peer is `GET /api/health` (no database) at the same rate, measured in the same run.',
    ''
  ];
  for (const result of results) {
    const autosave = result.measures[0]!;
    const met = autosave.p99 < TARGET_P99_MS && autosave.errors === 0;
    lines.push(
      `### ${result.name}`,
      '',
      '| run | requests | throughput | p50 | p99 | max | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...result.measures.map(
        (m) =>
          `| ${m.label} | ${m.requests.toLocaleString('en')} | ${m.throughput.toFixed(0)} req/s | ${ms(m.p50)} | ${ms(m.p99)} | ${ms(m.max)} | ${m.errors} |`
      ),
      '',
      `Server peak RSS ${result.peakRssMb ?? '?'} MB; ${result.scoresStored.toLocaleString('en')} scores stored (one per member, theme and criterion). ` +
        (result.name.startsWith('PostgreSQL')
          ? `Target p99 < ${TARGET_P99_MS} ms with zero errors while autosaving: **${met ? 'met' : 'not met'}**.`
          : `(No target for the embedded database; p99 < ${TARGET_P99_MS} ms with zero errors: ${met ? 'yes' : 'no'}.)`),
      ''
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dryRun = process.argv.includes('--dry-run');
  try {
    await readFile(path.join(root, 'build/handler.js'));
  } catch {
    throw new Error('No production build: run `npm run build` first (the benchmark measures the built server).');
  }
  const results: BackendResult[] = [];
  const onPg = await onPostgres(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
  if (onPg) results.push(onPg);
  results.push(await onPglite());
  const text = section(results);
  console.log(text);
  if (!dryRun) await appendFile(path.join(root, 'BENCHMARKS.md'), `\n${text}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
