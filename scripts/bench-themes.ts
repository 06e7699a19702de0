/**
 * `npm run bench:themes`: times theme discovery (`discoverThemes` from analysis/) on generated teacher questions of
 * realistic length (scripts/generate-questions.ts, seed 1, 15–30 words) for each size in BENCH_SIZES (default
 * 700,10000,100000), once with a fixed k = 17 and once with k chosen automatically, next to the peer of the issue —
 * scikit-learn TF-IDF with a Dutch Snowball stemmer + k-means (k = 17, 10 restarts), scripts/bench-themes-peer.py —
 * and appends the figures to BENCHMARKS.md (and prints them).
 *
 * Every run is a child process of its own, so its peak RSS is that run's alone: process.resourceUsage().maxRSS for
 * ours, getrusage's ru_maxrss for the peer (both the whole process, runtime included). Both read the same temporary
 * CSV of questions before the clock starts; the time runs from the questions in memory to the result, so it includes
 * the text analysis (tokenising, stemming, TF-IDF) as well as the clustering and, for automatic k, the choice of k.
 * The CPU time of that span (all threads) is reported too: on a shared machine, wall time well above it means other
 * processes had the cores. Sizes up to 10,000 take the median of 3 runs, larger sizes 1 run. The peer runs with the
 * first of BENCH_PYTHON, `python3`, /usr/bin/python3 that has scikit-learn and a Dutch stemmer; without one, only our
 * figures are written and the way to install them is printed. Nothing is installed here.
 */
import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { discoverThemes } from '../analysis/index.js';
import { generateQuestions, questionsCsv, wordCount } from './generate-questions.js';
import { runProcess } from './run-process.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const PEER_SCRIPT = path.join(root, 'scripts/bench-themes-peer.py');
const INSTALL_PEER = 'apt-get update && apt-get install -y python3-sklearn python3-snowballstemmer';
const DEFAULT_SIZES = [700, 10_000, 100_000];
const FIXED_K = 17;
const RESTARTS = 10;
const SEED = 1;
/** The targets: at fixed k no slower than the peer was measured at; with automatic k, 100,000 in 30 s. */
const FIXED_TARGET_S: Record<number, number> = { 700: 0.15, 10_000: 1, 100_000: 10 };
const AUTO_TARGET_S: Record<number, number> = { 100_000: 30 };
const TARGET_RSS_MB = 500;

type Mode = 'fixed' | 'auto';

interface RunResult {
  ms: number;
  /** CPU time over the same span, all threads (user + system). */
  cpuMs: number;
  k: number;
  maxRss: number;
}

interface PeerInfo {
  python: string;
  sklearn: string;
  stemmer: string;
  threads: number | null;
}

interface Measured {
  /** Every run, in the order run. */
  runs: RunResult[];
  /** The run with the median time. */
  median: RunResult;
}

function readQuestions(file: string): Promise<{ id: string; text: string }[]> {
  return readFile(file, 'utf8').then((csv) => {
    const parsed = Papa.parse<{ id: string; text: string }>(csv, { header: true, skipEmptyLines: true });
    if (parsed.errors.length > 0) throw new Error(`${file}: ${parsed.errors[0]!.message}`);
    return parsed.data.map(({ id, text }) => ({ id, text }));
  });
}

/** The child: discovers themes in the questions of FILE and reports time, k and peak RSS on stdout. */
async function child(file: string, mode: Mode): Promise<void> {
  const questions = await readQuestions(file);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = discoverThemes(questions, { k: mode === 'fixed' ? FIXED_K : 'auto', seed: SEED });
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  const report: RunResult = {
    ms,
    cpuMs: (user + system) / 1000,
    k: result.k,
    maxRss: process.resourceUsage().maxRSS * 1024
  };
  process.stdout.write(JSON.stringify(report));
}

const runOurs = async (file: string, mode: Mode): Promise<RunResult> =>
  JSON.parse(
    await runProcess(
      `The ${mode}-k child`,
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts/bench-themes.ts'), '--child', file, mode],
      root
    )
  ) as RunResult;

async function runPeer(python: string, file: string): Promise<RunResult> {
  const args = [PEER_SCRIPT, file, '--k', String(FIXED_K), '--n-init', String(RESTARTS), '--seed', String(SEED)];
  const out = JSON.parse(await runProcess('The peer', python, args, root)) as {
    seconds: number;
    cpuSeconds: number;
    k: number;
    maxRss: number;
  };
  return { ms: out.seconds * 1000, cpuMs: out.cpuSeconds * 1000, k: out.k, maxRss: out.maxRss };
}

async function measure(times: number, once: () => Promise<RunResult>): Promise<Measured> {
  const runs: RunResult[] = [];
  for (let i = 0; i < times; i++) runs.push(await once());
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return { runs, median: sorted[Math.floor((sorted.length - 1) / 2)]! };
}

/** The first Python with scikit-learn and a Dutch stemmer, or why there is none. */
async function findPeer(): Promise<{ python: string; info: PeerInfo } | { reason: string }> {
  const candidates = [process.env.BENCH_PYTHON?.trim(), 'python3', '/usr/bin/python3'].filter(
    (c, i, all): c is string => !!c && all.indexOf(c) === i
  );
  const reasons: string[] = [];
  for (const python of candidates) {
    try {
      const { stdout } = await run(python, [PEER_SCRIPT, '--check']);
      return { python, info: JSON.parse(stdout) as PeerInfo };
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stderr?: string };
      reasons.push(`${python}: ${e.code === 'ENOENT' ? 'not found' : (e.stderr?.trim() ?? e.message)}`);
    }
  }
  return { reason: reasons.join('; ') };
}

function parseSizes(text: string | undefined): number[] {
  if (!text?.trim()) return DEFAULT_SIZES;
  const sizes = text.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 20)) {
    throw new Error(`BENCH_SIZES must be whole numbers of at least 20, separated by commas; got "${text}".`);
  }
  return sizes;
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

/** "0.12 s", or with 3 runs "0.12 s (0.11–0.14)". */
function timeCell(m: Measured): string {
  if (m.runs.length === 1) return `${seconds(m.median.ms)} s`;
  const all = m.runs.map((r) => r.ms);
  return `${seconds(m.median.ms)} s (${seconds(Math.min(...all))}–${seconds(Math.max(...all))})`;
}

const peakRss = (m: Measured) => Math.max(...m.runs.map((r) => r.maxRss));

function ourRow(label: string, m: Measured, targetS: number | undefined): string {
  const rss = mb(peakRss(m));
  const target = [targetS === undefined ? null : `< ${targetS} s`, `< ${TARGET_RSS_MB} MB`].filter(Boolean).join(', ');
  const met = (targetS === undefined || m.median.ms / 1000 < targetS) && rss < TARGET_RSS_MB;
  return `| ${label} | ${timeCell(m)} | ${seconds(m.median.cpuMs)} s | ${rss.toFixed(0)} MB | ${m.median.k} | ${target} | ${verdict(met)} |`;
}

async function machine(peer: PeerInfo | null): Promise<string> {
  const model = os.cpus()[0]?.model.trim() || 'unknown CPU';
  const ram = (os.totalmem() / 1024 ** 3).toFixed(1);
  const python = peer
    ? `Python ${peer.python}, scikit-learn ${peer.sklearn}, ${peer.stemmer}` +
      (peer.threads ? ` (native code on ${peer.threads} threads)` : '')
    : 'peer not available';
  return `${model}, ${os.cpus().length} cores, ${ram} GiB RAM; Node ${process.version}; ${python}`;
}

async function main(): Promise<void> {
  const sizes = parseSizes(process.env.BENCH_SIZES);
  const load = os.loadavg()[0]!;
  const found = await findPeer();
  const peer = 'python' in found ? found : null;
  const peerReason = 'reason' in found ? found.reason : null;
  if (peerReason !== null) {
    console.log(`The peer (scikit-learn) cannot run: ${peerReason}.`);
    console.log(`Install them with: ${INSTALL_PEER}  (or point BENCH_PYTHON at a Python that has scikit-learn).`);
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), 'kw-bench-themes-'));
  const tables: string[] = [];
  try {
    for (const n of sizes) {
      const file = path.join(dir, `questions-${n}.csv`);
      const questions = generateQuestions(n, SEED);
      const words = questions.reduce((sum, q) => sum + wordCount(q.text), 0) / n;
      await writeFile(file, questionsCsv(questions));
      const times = n <= 10_000 ? 3 : 1;
      const runs = times === 1 ? '1 run' : `median of ${times} runs, range in brackets`;

      console.log(`${thousands(n)} questions (${words.toFixed(1)} words on average): ours, k = ${FIXED_K}…`);
      const fixed = await measure(times, () => runOurs(file, 'fixed'));
      console.log(`${thousands(n)} questions: ours, automatic k…`);
      const auto = await measure(times, () => runOurs(file, 'auto'));
      let peerRow = `| peer: scikit-learn, k = ${FIXED_K}, ${RESTARTS} restarts | peer not measured (${peerReason}) | | | | | |`;
      if (peer) {
        console.log(`${thousands(n)} questions: peer…`);
        const measured = await measure(times, () => runPeer(peer.python, file));
        const rss = mb(peakRss(measured));
        peerRow = `| peer: scikit-learn, k = ${FIXED_K}, ${RESTARTS} restarts | ${timeCell(measured)} | ${seconds(measured.median.cpuMs)} s | ${rss.toFixed(0)} MB | ${measured.median.k} | | |`;
      }
      tables.push(
        [
          `### ${thousands(n)} questions (${words.toFixed(1)} words on average; ${runs})`,
          '',
          '| run | time | CPU time | peak RSS | k | target | result |',
          '| --- | --- | --- | --- | --- | --- | --- |',
          ourRow(`ours, k = ${FIXED_K}`, fixed, FIXED_TARGET_S[n]),
          ourRow('ours, automatic k', auto, AUTO_TARGET_S[n]),
          peerRow,
          ''
        ].join('\n')
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const section = [
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — theme discovery, ${sizes.map(thousands).join(' / ')} questions`,
    '',
    `Machine: ${await machine(peer?.info ?? null)}. Load average at the start: ${load.toFixed(2)}.`,
    '',
    'Written by `npm run bench:themes` (see scripts/bench-themes.ts): wall time from the questions in memory to ' +
      'the themes, text analysis included, and the CPU time of that span (all threads; well below the wall time ' +
      'means other processes had the cores); peak RSS of the whole process; k is the number of themes in the result.',
    '',
    ...tables
  ].join('\n');
  const file = path.join(root, 'BENCHMARKS.md');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing === null) await writeFile(file, '# Benchmarks\n\n');
  const gap = existing === null || existing.endsWith('\n\n') ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  await appendFile(file, `${gap}${section}\n`);
  console.log(`\n${section}`);
}

if (process.argv[2] === '--child') {
  const [file, mode] = process.argv.slice(3);
  if (mode !== 'fixed' && mode !== 'auto') throw new Error(`Unknown mode: ${mode}`);
  await child(file!, mode);
} else {
  await main();
}
