/**
 * `npm run bench:analytics`: times `analyseRatings` (the analytics page of a round, issue 7) on a generated round of
 * 200 themes × 30 raters (10 scientific, 20 users) × 6 criteria (weights 1–3), scale 1–5, with the options the app
 * uses (top 15, ordinal alpha, ALPHA_SAMPLES and STABILITY_SAMPLES resamples, fixed seed, no scale ranking), and appends the figures to
 * BENCHMARKS.md (and prints them). Target: the whole analysis under 200 ms.
 *
 * Scores are theme quality + committee view + rater taste and bias + noise, rounded and clamped to the scale, with
 * ~5 % "weet ik niet", ~2 % recusals, one straight-liner and one contrarian (so the flag and "what if" paths run);
 * mulberry32, seed 1. The round is written to a temporary JSON file that every child process reads before any clock.
 * Measured, each in a fresh child process so peak RSS (process.resourceUsage().maxRSS, runtime included) is its own:
 * - buildRatingMatrix from the answers in memory, apart from the analysis;
 * - cold: the first analyseRatings call of a fresh process (modules loaded, code not yet optimised), 3 processes;
 * - warm, as in a running server: after 5 warm-up calls, median and max of 20 calls, plus the CPU time of those;
 * - per part, warm likewise: each exported function analyseRatings calls, with its arguments; the remainder is the
 *   median total minus the parts (ranks, "what if" re-rankings, agreement rows).
 * The peer, scripts/bench-analytics-peer.py (numpy/scipy, /usr/bin/python3 unless BENCH_PYTHON), does the same
 * computations the plain vectorised way on the same file, timed the same way; without it only our figures are written.
 * `--dry-run` prints the section without appending it.
 */
import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { mulberry32 } from '../analysis/random.js';
import { runProcess } from './run-process.js';
import {
  ALPHA_SAMPLES,
  analyseRatings,
  Answer,
  buildRatingMatrix,
  cellStatistics,
  committeeScores,
  compareCommittees,
  krippendorffAlphaInterval,
  rankStability,
  STABILITY_SAMPLES,
  themeScores,
  unusualRaters,
  type AnalyticsOptions,
  type RatingInput,
  type RatingMatrix
} from '../analysis/ratings/index.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const PEER_SCRIPT = path.join(root, 'scripts/bench-analytics-peer.py');
const THEMES = 200;
const SCIENTIFIC = 10;
const USERS = 20;
const WEIGHTS = [3, 2, 1, 2, 3, 1];
const SEED = 1;
/** As app/server/services/analytics.ts: DEFAULT_TOP_N, the analysis's resample counts, a fixed seed, a scale round. */
const OPTIONS: AnalyticsOptions = {
  topN: 15,
  level: 'ordinal',
  alphaSamples: ALPHA_SAMPLES,
  stabilitySamples: STABILITY_SAMPLES,
  seed: 20_240_901,
  ranking: false
};
const WARM_UP = 5;
const RUNS = 20;
const COLD_PROCESSES = 3;
const TARGET_MS = 200;

/** Standard normal by Box–Muller. */
const normal = (random: () => number) => () =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** The generated round; see the header. Rater 0 (scientific) is the contrarian, the last user the straight-liner. */
function generateRound(seed: number): RatingInput {
  const random = mulberry32(seed);
  const gauss = normal(random);
  const themes = Array.from({ length: THEMES }, (_, t) => ({ id: t + 1, name: `Thema ${t + 1}` }));
  const criteria = WEIGHTS.map((weight, c) => ({ id: c + 1, name: `Criterium ${c + 1}`, weight }));
  const committees = [
    { id: 1, name: 'Wetenschappelijk comité' },
    { id: 2, name: 'Gebruikerscomité' }
  ];
  const raters = Array.from({ length: SCIENTIFIC + USERS }, (_, r) => ({
    id: 101 + r,
    name: `Beoordelaar ${r + 1}`,
    committeeId: r < SCIENTIFIC ? 1 : 2
  }));
  const quality = themes.map(() => gauss());
  /** A second theme trait that raters weigh differently (their taste), and how each committee sees a theme. */
  const trait = themes.map(() => gauss());
  const view = committees.map(() => themes.map(() => 0.5 * gauss()));
  const perCriterion = themes.map(() => criteria.map(() => 0.4 * gauss()));
  const answers: RatingInput['answers'][number][] = [];
  const recusals: RatingInput['recusals'][number][] = [];
  raters.forEach((rater, r) => {
    const k = rater.committeeId - 1;
    const sharpness = 0.6 + 0.6 * random();
    const taste = 0.5 * gauss();
    const bias = 0.4 * gauss();
    const contrarian = r === 0;
    const straightLiner = r === raters.length - 1;
    themes.forEach((theme, t) => {
      if (random() < 0.02) {
        recusals.push({ raterId: rater.id, themeId: theme.id });
        return;
      }
      criteria.forEach((criterion, c) => {
        let value: number | null = null;
        if (random() >= 0.05) {
          const latent = sharpness * (quality[t]! + view[k]![t]! + perCriterion[t]![c]!) + taste * trait[t]! + bias;
          const score = Math.min(5, Math.max(1, Math.round(3 + latent + 0.6 * gauss())));
          value = straightLiner ? 4 : contrarian ? 6 - score : score;
        }
        answers.push({ raterId: rater.id, themeId: theme.id, criterionId: criterion.id, value });
      });
    });
  });
  return { scale: { min: 1, max: 5 }, themes, criteria, committees, raters, answers, recusals };
}

/** The agreement rows of round-analytics.ts: per committee × criterion, its raters who scored, null where not. */
function agreementRows(matrix: RatingMatrix): { committee: number; criterion: number; rows: (number | null)[][] }[] {
  const T = matrix.themes.length;
  const C = matrix.criteria.length;
  return matrix.committees.flatMap((_, k) =>
    matrix.criteria.map((__, c) => {
      const rows = matrix.raters.flatMap((rater, r) => {
        if (rater.committee !== k) return [];
        const row = Array.from({ length: T }, (___, t) => {
          const i = (r * T + t) * C + c;
          return matrix.answers[i] === Answer.score ? matrix.values[i]! : null;
        });
        return row.some((v) => v !== null) ? [row] : [];
      });
      return { committee: k, criterion: c, rows };
    })
  );
}

interface Timing {
  median: number;
  max: number;
}

function timeWarm(fn: () => unknown): Timing {
  for (let i = 0; i < WARM_UP; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    fn();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { median: (ms[(RUNS - 1) >> 1]! + ms[RUNS >> 1]!) / 2, max: ms[RUNS - 1]! };
}

interface ColdReport {
  buildMs: number;
  coldMs: number;
  maxRss: number;
}

interface WarmReport {
  build: Timing;
  total: Timing;
  /** CPU time (all threads) of the RUNS timed calls, over their wall time. */
  cpuShare: number;
  parts: { name: string; timing: Timing }[];
  flags: Record<string, number>;
  whatIf: number;
  scores: number;
  maxRss: number;
}

async function child(file: string, mode: 'cold' | 'warm'): Promise<void> {
  const input = JSON.parse(await readFile(file, 'utf8')) as RatingInput;
  if (mode === 'cold') {
    let started = performance.now();
    const matrix = buildRatingMatrix(input);
    const buildMs = performance.now() - started;
    started = performance.now();
    analyseRatings(matrix, OPTIONS);
    const report: ColdReport = {
      buildMs,
      coldMs: performance.now() - started,
      maxRss: process.resourceUsage().maxRSS * 1024
    };
    process.stdout.write(JSON.stringify(report));
    return;
  }
  const build = timeWarm(() => buildRatingMatrix(input));
  const matrix = buildRatingMatrix(input);
  const result = analyseRatings(matrix, OPTIONS);
  for (let i = 0; i < WARM_UP; i++) analyseRatings(matrix, OPTIONS);
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    analyseRatings(matrix, OPTIONS);
    ms.push(performance.now() - started);
  }
  const { user, system } = process.cpuUsage(cpu);
  const cpuShare = (user + system) / 1000 / (performance.now() - wall);
  ms.sort((a, b) => a - b);
  const total = { median: (ms[(RUNS - 1) >> 1]! + ms[RUNS >> 1]!) / 2, max: ms[RUNS - 1]! };

  const scores = committeeScores(matrix);
  const C = matrix.criteria.length;
  const rows = agreementRows(matrix);
  const parts = [
    { name: '`committeeScores`', timing: timeWarm(() => committeeScores(matrix)) },
    { name: '`cellStatistics`', timing: timeWarm(() => cellStatistics(matrix)) },
    { name: '`themeScores`', timing: timeWarm(() => themeScores(matrix)) },
    { name: '`unusualRaters`', timing: timeWarm(() => unusualRaters(matrix)) },
    {
      name: `agreement: \`krippendorffAlphaInterval\` × ${rows.length} (committee × criterion)`,
      timing: timeWarm(() =>
        rows.map(({ committee, criterion, rows: data }) =>
          krippendorffAlphaInterval(data, OPTIONS.level, {
            samples: OPTIONS.alphaSamples,
            seed: OPTIONS.seed + committee * C + criterion
          })
        )
      )
    },
    {
      name: '`rankStability`',
      timing: timeWarm(() =>
        rankStability(matrix, { topN: OPTIONS.topN, samples: OPTIONS.stabilitySamples, seed: OPTIONS.seed })
      )
    },
    { name: '`compareCommittees`', timing: timeWarm(() => compareCommittees(matrix, scores, 0, 1)) }
  ];
  const flags: Record<string, number> = {};
  for (const flag of result.unusual.flags) flags[flag.kind] = (flags[flag.kind] ?? 0) + 1;
  let scored = 0;
  for (const v of matrix.values) if (v === v) scored++;
  const report: WarmReport = {
    build,
    total,
    cpuShare,
    parts,
    flags,
    whatIf: result.whatIf.size,
    scores: scored,
    maxRss: process.resourceUsage().maxRSS * 1024
  };
  process.stdout.write(JSON.stringify(report));
}

const runChild = (file: string, mode: 'cold' | 'warm') =>
  runProcess(
    `The ${mode} child`,
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts/bench-analytics.ts'), '--child', file, mode],
    root
  );

interface PeerReport {
  build: Timing;
  cold: number;
  total: Timing;
  parts: { name: string; timing: Timing }[];
  maxRss: number;
}
interface PeerInfo {
  python: string;
  numpy: string;
  scipy: string;
}

async function findPeer(): Promise<{ python: string; info: PeerInfo } | { reason: string }> {
  const candidates = [process.env.BENCH_PYTHON?.trim(), '/usr/bin/python3', 'python3'].filter(
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

const ms = (x: number) => `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
const timing = (t: Timing) => `${ms(t.median)} (max ${ms(t.max)})`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

async function main(dryRun: boolean): Promise<void> {
  const load = os.loadavg()[0]!;
  const found = await findPeer();
  const peer = 'python' in found ? found : null;
  if ('reason' in found) console.log(`The peer (numpy/scipy) cannot run: ${found.reason}.`);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'kw-bench-analytics-'));
  const file = path.join(dir, 'round.json');
  const colds: ColdReport[] = [];
  let warm: WarmReport;
  let peerReport: PeerReport | null = null;
  const input = generateRound(SEED);
  try {
    await writeFile(file, JSON.stringify(input));
    console.log(`Cold: ${COLD_PROCESSES} fresh processes…`);
    for (let i = 0; i < COLD_PROCESSES; i++) colds.push(JSON.parse(await runChild(file, 'cold')) as ColdReport);
    console.log(`Warm: ${WARM_UP} warm-up calls, then ${RUNS} timed, total and per part…`);
    warm = JSON.parse(await runChild(file, 'warm')) as WarmReport;
    if (peer) {
      console.log('Peer…');
      const args = [PEER_SCRIPT, file, '--warm-up', String(WARM_UP), '--runs', String(RUNS)];
      args.push(
        '--alpha-samples',
        String(OPTIONS.alphaSamples),
        '--stability-samples',
        String(OPTIONS.stabilitySamples)
      );
      args.push('--top-n', String(OPTIONS.topN), '--seed', String(OPTIONS.seed));
      peerReport = JSON.parse(await runProcess('The peer', peer.python, args, root)) as PeerReport;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  colds.sort((a, b) => a.coldMs - b.coldMs);

  const partsSum = warm.parts.reduce((sum, p) => sum + p.timing.median, 0);
  const met = warm.total.median < TARGET_MS;
  const flags = Object.entries(warm.flags)
    .map(([kind, n]) => `${n} ${kind.replace(/_/g, ' ')}`)
    .join(', ');
  const coldRange = colds.map((c) => ms(c.coldMs)).join(', ');
  const coldBuild = ms(median(colds.map((c) => c.buildMs)));
  const rest = `ranks, "what if" without ${warm.whatIf} flagged raters, agreement rows, noise`;
  const rss = `${mb(warm.maxRss)} / ${mb(Math.max(...colds.map((c) => c.maxRss)))}`;
  const ours = [
    `| \`buildRatingMatrix\` (answers in memory → matrix), warm | ${timing(warm.build)} |`,
    `| \`buildRatingMatrix\`, first call in a fresh process (median of ${COLD_PROCESSES}) | ${coldBuild} |`,
    `| **\`analyseRatings\`, warm: median (max) of ${RUNS} after ${WARM_UP} warm-up calls** | **${timing(warm.total)}** |`,
    `| \`analyseRatings\`, first call in a fresh process (${COLD_PROCESSES} processes) | ${coldRange} |`,
    `| CPU time / wall time over the ${RUNS} warm calls | ${warm.cpuShare.toFixed(2)} |`,
    ...warm.parts.map((p) => `| — part, warm: ${p.name} | ${timing(p.timing)} |`),
    `| — sum of the parts; the total minus it (${rest}) | ${ms(partsSum)}; ${ms(warm.total.median - partsSum)} |`,
    `| peak RSS, warm process / cold processes | ${rss} |`
  ];
  const peerRows = peerReport
    ? [
        `| peer: building the dense arrays from the answers | ${timing(peerReport.build)} |`,
        `| **peer: all of it, warm: median (max) of ${RUNS}** | **${timing(peerReport.total)}** |`,
        `| peer: first call | ${ms(peerReport.cold)} |`,
        ...peerReport.parts.map((p) => `| — peer part: ${p.name} | ${timing(p.timing)} |`),
        `| peer: peak RSS | ${mb(peerReport.maxRss)} |`
      ]
    : [`| peer | not measured: ${'reason' in found ? found.reason : ''} |`];
  const cpu = os.cpus()[0]?.model.trim() || 'unknown CPU';
  const ram = (os.totalmem() / 1024 ** 3).toFixed(1);
  const python = peer ? `Python ${peer.info.python}, numpy ${peer.info.numpy}, scipy ${peer.info.scipy}` : 'no peer';
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const size = `${THEMES} themes × ${SCIENTIFIC + USERS} raters × ${WEIGHTS.length} criteria`;
  const section = [
    `## ${when} UTC — rating analytics, ${size} (\`npm run bench:analytics\`)`,
    '',
    `Machine: ${cpu}, ${os.cpus().length} cores, ${ram} GiB RAM; Node ${process.version}; ${python}. ` +
      `Load average at the start: ${load.toFixed(2)}.`,
    '',
    'Written by `npm run bench:analytics` (see scripts/bench-analytics.ts): `analyseRatings` with the options of ' +
      `the app (top ${OPTIONS.topN}, ordinal alpha with ${OPTIONS.alphaSamples} and rank stability with ` +
      `${OPTIONS.stabilitySamples} bootstrap resamples, fixed seed) on a ` +
      `generated round (${SCIENTIFIC} scientific + ${USERS} user raters, scale 1–5, weights ${WEIGHTS.join('/')}, ` +
      `${warm.scores.toLocaleString('en-US')} scores, ~5 % "weet ik niet", ~2 % recusals; flags raised: ` +
      `${flags || 'none'}). Parts are each exported function the analysis calls, timed alone the same way. ` +
      'The peer (scripts/bench-analytics-peer.py) computes the cell statistics, weighted scores per committee, ' +
      'ordinal alpha with a unit bootstrap per committee × criterion and the rater bootstrap of the combined ranking ' +
      'the plain vectorised numpy way, on the same file; it is a timing reference, not a checked statistic.',
    '',
    '| measure | value |',
    '| --- | --- |',
    ...ours,
    ...peerRows,
    `| target: warm \`analyseRatings\` < ${TARGET_MS} ms | ${met ? 'met' : '**not met**'} |`
  ].join('\n');
  console.log(`\n${section}\n\nTarget < ${TARGET_MS} ms: ${met ? 'met' : 'not met'}`);
  if (dryRun) return;
  const out = path.join(root, 'BENCHMARKS.md');
  const existing = await readFile(out, 'utf8').catch(() => null);
  if (existing === null) await writeFile(out, '# Benchmarks\n\n');
  const gap = existing === null || existing.endsWith('\n\n') ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  await appendFile(out, `${gap}${section}\n`);
}

if (process.argv[2] === '--child') {
  const [file, mode] = process.argv.slice(3);
  if (mode !== 'cold' && mode !== 'warm') throw new Error(`Unknown mode: ${mode}`);
  await child(file!, mode);
} else {
  await main(process.argv[2] === '--dry-run');
}
