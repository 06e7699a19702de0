/**
 * `npm run bench:import`: imports a generated survey export of BENCH_ROWS rows (default 1,000,000) into a fresh
 * PostgreSQL database through the app's import service, then loads the same question rows into the same table
 * with `psql \copy`, and appends the figures to BENCHMARKS.md. BENCH_DATABASE_URL names the server (default
 * postgres://postgres@127.0.0.1:5432/test); the script creates its own database there and drops it at the end.
 *
 * The import runs in a child process, so its peak RSS is the import's own: sampled every 50 ms and taken from
 * process.resourceUsage().maxRSS. Before each of the two loads the questions table is empty and a CHECKPOINT has
 * flushed the server, so both start alike.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createPool, kyselyOnPool } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { insertCycle, insertSource } from '../db/queries/cycles.js';
import { importFile } from '../app/server/services/imports.js';
import { writeSurveyCsv } from '../app/server/testing/survey-export.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const TARGET_RATIO = 2.0;
const TARGET_RSS_MB = 300;
const COPY_COLUMNS = [
  'cycle_id',
  'source_id',
  'batch_id',
  'row_number',
  'column_name',
  'text',
  'text_hash',
  'level',
  'asker_role',
  'asked_on'
];

interface ChildResult {
  ms: number;
  batchId: number;
  questions: number;
  duplicates: number;
  rows: number;
  peakRssSampled: number;
  maxRss: number;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The child: imports FILE into the source and reports time and memory on stdout. */
async function child(file: string, url: string, cycleId: number, sourceId: number): Promise<void> {
  const db = kyselyOnPool(createPool(url));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  const batch = await importFile(db, {
    cycleId,
    sourceId,
    fileName: path.basename(file),
    bytes: createReadStream(file, { highWaterMark: 64 * 1024 }),
    userId: null
  });
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await db.destroy();
  const result: ChildResult = {
    ms,
    batchId: batch.id,
    questions: batch.questionCount,
    duplicates: batch.duplicateCount,
    rows: batch.rowCount,
    peakRssSampled: peak,
    maxRss: process.resourceUsage().maxRSS * 1024
  };
  process.stdout.write(JSON.stringify(result));
}

async function runChild(file: string, url: string, cycleId: number, sourceId: number): Promise<ChildResult> {
  const args = ['--import', 'tsx', path.join(root, 'scripts/bench-import.ts'), '--child', file, url];
  const proc = spawn(process.execPath, [...args, String(cycleId), String(sourceId)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit']
  });
  let out = '';
  proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  if (code !== 0) throw new Error(`The import child exited with ${code}.`);
  return JSON.parse(out) as ChildResult;
}

async function psql(url: string, command: string): Promise<number> {
  const started = performance.now();
  await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', command], { maxBuffer: 1 << 20 });
  return performance.now() - started;
}

async function machine(serverVersion: string): Promise<string> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown CPU';
  const ram = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${model}, ${os.cpus().length} cores, ${ram} GiB RAM; Node ${process.version}; ${serverVersion}`;
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  if (!Number.isInteger(rows) || rows < 1) throw new Error('BENCH_ROWS must be a positive whole number.');
  const baseUrl = process.env.BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
  const name = `kw_bench_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(baseUrl, name);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kw-bench-'));
  const csv = path.join(dir, 'enquete.csv');
  const copyFile = path.join(dir, 'questions.csv');

  console.log(`Generating ${thousands(rows)} survey rows…`);
  await writeSurveyCsv(csv, rows);
  const size = (await stat(csv)).size;

  await admin(baseUrl, `create database ${name}`);
  try {
    const pool = createPool(url);
    const db = kyselyOnPool(pool);
    await migrateToLatest(db);
    const cycle = await insertCycle(db, { name: 'Benchmark', startsOn: '2024-09-01', endsOn: '2027-08-31' });
    const source = await insertSource(db, {
      cycleId: cycle.id,
      kind: 'survey',
      name: 'Enquête',
      participantCount: null
    });
    const serverVersion = (await pool.query<{ v: string }>("select split_part(version(), ' on ', 1) as v")).rows[0]!.v;
    await pool.query('checkpoint');

    console.log(`Importing ${mb(size).toFixed(0)} MB through the import service…`);
    const ours = await runChild(csv, url, cycle.id, source.id);

    // The same question rows, the same columns, into the same (emptied) table.
    await psql(
      url,
      `\\copy (select ${COPY_COLUMNS.join(', ')} from questions where batch_id = ${ours.batchId} order by id) to '${copyFile}' with (format csv)`
    );
    await pool.query('truncate questions');
    await pool.query('checkpoint');
    console.log('Loading the same rows with psql \\copy…');
    const copyMs = await psql(url, `\\copy questions(${COPY_COLUMNS.join(', ')}) from '${copyFile}' with (format csv)`);
    const copied = (await pool.query<{ n: number }>('select count(*)::int as n from questions')).rows[0]!.n;
    if (copied !== ours.questions) throw new Error(`psql copied ${copied} rows, the import wrote ${ours.questions}.`);
    await db.destroy();

    const ratio = ours.ms / copyMs;
    const peak = Math.max(ours.peakRssSampled, ours.maxRss);
    const verdict = (met: boolean) => (met ? 'met' : '**missed**');
    const section = [
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${thousands(rows)} rows`,
      '',
      `Machine: ${await machine(serverVersion)}.`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| survey rows (file) | ${thousands(rows)} rows, ${mb(size).toFixed(0)} MB |`,
      `| questions written | ${thousands(ours.questions)} (+ ${thousands(ours.duplicates)} already present) |`,
      `| import wall time | ${seconds(ours.ms)} s |`,
      `| import rate | ${thousands(rows / (ours.ms / 1000))} rows/s (${thousands(ours.questions / (ours.ms / 1000))} questions/s) |`,
      `| import peak RSS | ${mb(peak).toFixed(0)} MB |`,
      `| \`psql \\copy\` of the same ${thousands(copied)} question rows | ${seconds(copyMs)} s |`,
      `| ratio import / \`psql \\copy\` | ${ratio.toFixed(2)} |`,
      `| target ratio ≤ ${TARGET_RATIO.toFixed(1)} | ${verdict(ratio <= TARGET_RATIO)} |`,
      `| target peak RSS ≤ ${TARGET_RSS_MB} MB | ${verdict(mb(peak) <= TARGET_RSS_MB)} |`,
      ''
    ].join('\n');
    const file = path.join(root, 'BENCHMARKS.md');
    const existing = await readFile(file, 'utf8').catch(() => null);
    if (existing === null) {
      await writeFile(
        file,
        '# Benchmarks\n\nWritten by `npm run bench:import` (see scripts/bench-import.ts for what is measured).\n\n'
      );
    }
    await appendFile(file, `${section}\n`);
    console.log(section);
  } finally {
    await admin(baseUrl, `drop database if exists ${name} with (force)`);
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [file, url, cycleId, sourceId] = process.argv.slice(3);
  await child(file!, url!, Number(cycleId), Number(sourceId));
} else {
  await main();
}
