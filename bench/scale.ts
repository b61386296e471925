// T2 at scale (../shared/bench/README.md, issue 4): Kachi beside BM25-over-bigrams and FlexSearch on Korean
// Wikipedia passages, at 10k, 100k and the full 624,592 passages.
//
//   npm run bench:scale -- [--sizes 10k,100k,full] [--engines kachi,bm25-bigram,flexsearch-bigram]
//                          [--runs 3] [--queries 5774] [--t2-dir DIR] [--no-write] [--report] [--keep]
//
// Every engine and step runs in its own process, so peak RSS is that step's own: Kachi builds its index in one
// process (data folder on disk), then each restart is a fresh process that opens the folder and answers one
// query (restart-to-ready), and the query runs happen in one more. The in-memory peers build and query in one
// process. Queries ask for 100 hits (A@100 needs them); latency is per query on one core, the median of
// `--runs` passes over the same questions, with the spread across passes. Results accumulate in
// bench/results/scale.json (one entry per size and engine, newest wins), from which the BENCHMARKS.md
// section and the bench/results/scale.svg curves are rendered, so sizes can be measured in separate runs.
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  readdirSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Engine } from '../src/engine-types.ts';
import { projectRoot } from './lib/bench-data.ts';
import { emitResult, runChild } from './lib/child-process.ts';
import { describeMachine, formatMachine, peakRssMiB, sourceRevision } from './lib/machine.ts';
import { formatTable, writeSection } from './lib/markdown.ts';
import { firstRelevantRank, median, normalizeAnswerText, percentile, RankMetrics } from './lib/metrics.ts';
import {
  createBm25BigramEngine,
  createFlexSearchBigramEngine,
  type RetrievalEngine,
} from './lib/retrieval-engine.ts';
import { renderSvg, type Panel } from './lib/svg-plot.ts';
import {
  corpusFile,
  documentId,
  ensureT2Dir,
  loadPassages,
  loadQueries,
  passageBatches,
  T2_SIZES,
  textBytes,
  type T2Size,
} from './lib/t2.ts';

const SCRIPT = relative(projectRoot, fileURLToPath(import.meta.url));
const RESULTS_DIR = join(projectRoot, 'bench', 'results');
const RESULTS_FILE = join(RESULTS_DIR, 'scale.json');
const LIMIT = 100;
const KS = [1, 5, 20, 100];
const PEERS: Record<string, { label: string; create: () => RetrievalEngine }> = {
  'bm25-bigram': { label: 'BM25 over Hangul bigrams (baseline)', create: createBm25BigramEngine },
  'flexsearch-bigram': {
    label: 'FlexSearch 0.8, bigram encoder + suggest',
    create: createFlexSearchBigramEngine,
  },
};
const LABELS: Record<string, string> = {
  kachi: 'Kachi',
  ...Object.fromEntries(Object.entries(PEERS).map(([k, v]) => [k, v.label])),
};

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    engine: { type: 'string' },
    size: { type: 'string' },
    work: { type: 'string' },
    sizes: { type: 'string', default: T2_SIZES.join(',') },
    engines: { type: 'string', default: ['kachi', ...Object.keys(PEERS)].join(',') },
    runs: { type: 'string', default: '3' },
    queries: { type: 'string' },
    't2-dir': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    /** Measure nothing: render BENCHMARKS.md and the plot from bench/results/scale.json. */
    report: { type: 'boolean', default: false },
    /** Keep each engine's work folder (Kachi's data folder) instead of deleting it, for profiling. */
    keep: { type: 'boolean', default: false },
  },
});

/** What the query step reports: latency per pass, and where it wrote the ranked ids of the first pass. */
interface QueryStep {
  passes: Array<{ p50: number; p99: number }>;
  peakRssMiB: number;
}
interface BuildStep {
  buildMs: number;
  bytes: number;
  passages: number;
  peakRssMiB: number;
}
interface Measurement {
  /** The arguments of the run that measured it. */
  command: string;
  size: T2Size;
  engine: string;
  passages: number;
  date: string;
  revision: string;
  runs: number;
  queries: number;
  metrics: { a: Record<number, number>; mrr10: number };
  p50: number;
  p99: number;
  p50Spread: [number, number];
  p99Spread: [number, number];
  buildMBps: number;
  buildSeconds: number;
  peakRssBuildMiB: number;
  peakRssServeMiB: number;
  diskMiB: number | null;
  restartSeconds: number | null;
  restartSpread: [number, number] | null;
  loadAverage: [number, number];
}

const t2Dir = ensureT2Dir(values['t2-dir']);
const queryLimit = values.queries === undefined ? Infinity : Number(values.queries);
const runs = Number(values.runs);

// ---------------------------------------------------------------- children

async function runStep(step: string): Promise<unknown> {
  const engine = values.engine ?? '';
  const size = values.size as T2Size;
  const work = values.work ?? '';
  if (engine === 'kachi' && step === 'build') return kachiBuild(size, work);
  if (engine === 'kachi' && step === 'restart') return kachiRestart(work);
  if (engine === 'kachi' && step === 'query') return kachiQuery(work);
  if (step === 'peer') return peerRun(engine, size, work);
  throw new Error(`unknown step ${step} for ${engine}`);
}

async function openKachi(dbPath: string): Promise<Engine> {
  const { openEngine } = await import('../src/engine.ts');
  return openEngine({ dbPath });
}

async function kachiBuild(size: T2Size, work: string): Promise<BuildStep> {
  const engine = await openKachi(join(work, 'db'));
  const start = performance.now();
  const index = engine.createIndex('t2', { primaryKey: 'id' });
  index.updateSettings({ searchableAttributes: ['title', 'text'] });
  let bytes = 0;
  let passages = 0;
  async function* batches() {
    for await (const batch of passageBatches(corpusFile(t2Dir, size), 1000)) {
      bytes += textBytes(batch);
      passages += batch.length;
      yield batch.map((p) => ({ ...p }));
    }
  }
  await index.addDocumentBatches!(batches()); // as `kachi index` loads a file
  engine.close(); // writes the remaining segments: part of the build
  return { buildMs: performance.now() - start, bytes, passages, peakRssMiB: peakRssMiB() };
}

/** Opens the data folder and answers one query: the time from the start of this process, and from opening. */
async function kachiRestart(work: string): Promise<{ processMs: number; openMs: number }> {
  const start = performance.now();
  const engine = await openKachi(join(work, 'db'));
  engine
    .getIndex('t2')
    .search({ q: loadQueries(t2Dir)[0]!.query, limit: LIMIT, attributesToRetrieve: ['id'] });
  const end = performance.now();
  engine.close();
  return { processMs: end, openMs: end - start };
}

async function kachiQuery(work: string): Promise<QueryStep> {
  const engine = await openKachi(join(work, 'db'));
  const index = engine.getIndex('t2');
  const step = runQueries(
    (q) => index.search({ q, limit: LIMIT, attributesToRetrieve: ['id'] }).hits.map((h) => String(h['id'])),
    work,
  );
  engine.close();
  return step;
}

async function peerRun(key: string, size: T2Size, work: string): Promise<BuildStep & QueryStep> {
  const peer = PEERS[key];
  if (!peer) throw new Error(`unknown engine ${key}`);
  const passages = await loadPassages(corpusFile(t2Dir, size));
  const engine = peer.create();
  const start = performance.now();
  engine.build(passages);
  const buildMs = performance.now() - start;
  const bytes = textBytes(passages);
  const step = runQueries((q) => engine.search(q, LIMIT), work);
  return { buildMs, bytes, passages: passages.length, ...step };
}

/** Runs every question `runs` times; writes the ranked ids of the first pass for the parent to judge. */
function runQueries(search: (q: string) => string[], work: string): QueryStep {
  const queries = loadQueries(t2Dir).slice(0, queryLimit);
  // Warm-up: the JIT and the analyzer's first calls, on text that is not a measured question.
  for (const q of queries.slice(0, 50)) search(q.answers[0] ?? q.query);
  const passes: QueryStep['passes'] = [];
  const ranked: string[] = [];
  for (let pass = 0; pass < runs; pass++) {
    const latencies: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      const ids = search(q.query);
      latencies.push(performance.now() - t);
      if (pass === 0) ranked.push(JSON.stringify({ qid: q.qid, ids }));
    }
    passes.push({ p50: median(latencies), p99: percentile(latencies, 99) });
  }
  writeFileSync(join(work, 'ranked.jsonl'), ranked.join('\n') + '\n');
  return { passes, peakRssMiB: peakRssMiB() };
}

// ---------------------------------------------------------------- parent

async function runAll(): Promise<void> {
  const sizes = values.sizes.split(',').map((s) => s.trim() as T2Size);
  for (const s of sizes)
    if (!T2_SIZES.includes(s))
      throw new Error(`--sizes: unknown size ${s}; choose from ${T2_SIZES.join(', ')}`);
  const engines = values.engines.split(',').map((e) => e.trim());
  for (const e of engines) if (!(e in LABELS)) throw new Error(`--engines: unknown engine ${e}`);
  const results = loadResults();
  if (!values.report)
    for (const size of sizes)
      for (const engine of engines) {
        process.stderr.write(`[scale] ${size}: ${engine}\n`);
        try {
          const m = await measure(engine, size);
          // re-read before saving: another run (say, the peers at full size) may have saved meanwhile
          if (!values['no-write']) for (const [key, saved] of loadResults()) results.set(key, saved);
          results.set(`${size}/${engine}`, m);
          if (!values['no-write']) saveResults(results);
          process.stderr.write(`${formatRows([m])}\n`);
        } catch (error) {
          process.stderr.write(
            `[scale] ${size} ${engine} failed: ${error instanceof Error ? error.message : String(error)}\n`,
          );
        }
      }
  const markdown = renderReport([...results.values()]);
  process.stdout.write(`${markdown}\n`);
  if (!values['no-write']) {
    writeFileSync(join(RESULTS_DIR, 'scale.svg'), renderSvg(curves([...results.values()])));
    writeSection(join(projectRoot, 'BENCHMARKS.md'), 'scale', markdown, 'Kachi benchmarks');
    process.stderr.write('[scale] wrote bench/results/scale.svg and the scale section of BENCHMARKS.md\n');
  }
}

async function measure(engine: string, size: T2Size): Promise<Measurement> {
  const work = mkdtempSync(join(tmpdir(), `kachi-scale-${engine}-`));
  const loadStart = loadavg()[0] ?? 0;
  const child = (step: string, heapMiB?: number) =>
    runChild({
      script: SCRIPT,
      args: [
        '--child',
        step,
        '--engine',
        engine,
        '--size',
        size,
        '--work',
        work,
        '--runs',
        String(runs),
        '--t2-dir',
        t2Dir,
        ...(values.queries ? ['--queries', values.queries] : []),
      ],
      nodeArgs: [...(heapMiB ? [`--max-old-space-size=${heapMiB}`] : []), '--import', 'tsx'],
      cwd: projectRoot,
    });
  try {
    let build: BuildStep;
    let query: QueryStep;
    let diskMiB: number | null = null;
    let restarts: number[] | null = null;
    if (engine === 'kachi') {
      build = (await child('build')) as BuildStep;
      diskMiB = folderBytes(join(work, 'db')) / 2 ** 20;
      restarts = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await child('restart');
        restarts.push((performance.now() - t) / 1000);
      }
      query = (await child('query')) as QueryStep;
    } else {
      const both = (await child('peer', 20_000)) as BuildStep & QueryStep;
      build = both;
      query = both;
    }
    const metrics = await judge(work, size);
    const p50s = query.passes.map((p) => p.p50);
    const p99s = query.passes.map((p) => p.p99);
    return {
      command: process.argv.slice(2).join(' '),
      size,
      engine,
      passages: build.passages,
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      revision: sourceRevision(projectRoot, ['src', 'bench']),
      runs,
      queries: metrics.queries,
      metrics: { a: metrics.a, mrr10: metrics.mrr10 },
      p50: median(p50s),
      p99: median(p99s),
      p50Spread: [Math.min(...p50s), Math.max(...p50s)],
      p99Spread: [Math.min(...p99s), Math.max(...p99s)],
      buildMBps: build.bytes / 1e6 / (build.buildMs / 1000),
      buildSeconds: build.buildMs / 1000,
      peakRssBuildMiB: build.peakRssMiB,
      peakRssServeMiB: query.peakRssMiB,
      diskMiB,
      restartSeconds: restarts ? median(restarts) : null,
      restartSpread: restarts ? [Math.min(...restarts), Math.max(...restarts)] : null,
      loadAverage: [loadStart, loadavg()[0] ?? 0],
    };
  } finally {
    if (values.keep) process.stderr.write(`[scale] kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** Answer recall A@k (a returned passage contains an answer, README's normalisation) and MRR@10 on the gold id. */
async function judge(
  work: string,
  size: T2Size,
): Promise<{ queries: number; a: Record<number, number>; mrr10: number }> {
  const ranked = readFileSync(join(work, 'ranked.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { qid: string; ids: string[] });
  const needed = new Set(ranked.flatMap((r) => r.ids));
  const texts = new Map<string, string>();
  for await (const batch of passageBatches(corpusFile(t2Dir, size), 10_000))
    for (const p of batch)
      if (needed.has(p.id)) texts.set(p.id, normalizeAnswerText(`${p.title}\n${p.text}`));
  const byQid = new Map(loadQueries(t2Dir).map((q) => [q.qid, q]));
  const answers = new RankMetrics(KS, 10);
  const gold = new RankMetrics([1], 10);
  for (const { qid, ids } of ranked) {
    const q = byQid.get(qid)!;
    const needles = q.answers.map(normalizeAnswerText).filter((a) => a !== '');
    const goldIds = new Set(q.gold.map(documentId));
    answers.add(firstRelevantRank(ids, (id) => needles.some((a) => texts.get(id)?.includes(a) ?? false)));
    gold.add(firstRelevantRank(ids, (id) => goldIds.has(id)));
  }
  const summary = answers.summary();
  return { queries: summary.queries, a: summary.recallAt, mrr10: gold.summary().mrr };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

function loadResults(): Map<string, Measurement> {
  if (!existsSync(RESULTS_FILE)) return new Map();
  const list = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Measurement[];
  return new Map(list.map((m) => [`${m.size}/${m.engine}`, m]));
}

function saveResults(results: Map<string, Measurement>): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const order = (m: Measurement) => T2_SIZES.indexOf(m.size) * 10 + Object.keys(LABELS).indexOf(m.engine);
  writeFileSync(
    RESULTS_FILE,
    JSON.stringify(
      [...results.values()].sort((a, b) => order(a) - order(b)),
      null,
      1,
    ) + '\n',
  );
}

// ---------------------------------------------------------------- report

const f3 = (x: number) => x.toFixed(3);
const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const gb = (mib: number) => `${(mib / 1024).toFixed(2)} GB`;

function formatRows(list: readonly Measurement[]): string {
  return formatTable(
    [
      { header: 'passages' },
      { header: 'engine' },
      ...KS.map((k) => ({ header: `A@${k}`, align: 'right' as const })),
      { header: 'MRR@10', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'build MB/s', align: 'right' },
      { header: 'peak RSS build', align: 'right' },
      { header: 'peak RSS serve', align: 'right' },
      { header: 'disk', align: 'right' },
      { header: 'restart', align: 'right' },
    ],
    list.map((m) => [
      m.passages.toLocaleString('en'),
      LABELS[m.engine] ?? m.engine,
      ...KS.map((k) => f3(m.metrics.a[k] ?? 0)),
      f3(m.metrics.mrr10),
      `${ms(m.p50)} (${ms(m.p50Spread[0])}–${ms(m.p50Spread[1])})`,
      `${ms(m.p99)} (${ms(m.p99Spread[0])}–${ms(m.p99Spread[1])})`,
      `${m.buildMBps.toFixed(2)} (${m.buildSeconds.toFixed(0)} s)`,
      gb(m.peakRssBuildMiB),
      m.engine === 'kachi' ? gb(m.peakRssServeMiB) : 'same process',
      m.diskMiB === null ? 'in memory' : `${m.diskMiB.toFixed(0)} MiB`,
      m.restartSeconds === null
        ? `rebuild ${m.buildSeconds.toFixed(0)} s`
        : `${m.restartSeconds.toFixed(2)} s`,
    ]),
  );
}

function renderReport(list: readonly Measurement[]): string {
  const sorted = [...list].sort(
    (a, b) =>
      a.passages - b.passages ||
      Object.keys(LABELS).indexOf(a.engine) - Object.keys(LABELS).indexOf(b.engine),
  );
  const runsLine = [
    ...new Set(
      sorted.map(
        (m) =>
          `${m.size}/${m.engine}: ${m.date}, ${m.revision}, ${m.runs} passes, load ${m.loadAverage.map((l) => l.toFixed(1)).join('→')}`,
      ),
    ),
  ];
  return [
    '## T2 at scale: Korean Wikipedia passages (issue 4)',
    '',
    `Command: ${[...new Set(list.map((m) => `\`npm run bench:scale -- ${m.command}\``))].join(', ')} · machine: ${formatMachine(describeMachine())}`,
    '',
    'Corpus: `node ../shared/bench/prep-t2.mjs` (KorQuAD 1.0 dev paragraphs + Korean Wikipedia paragraphs, exact duplicates removed; the 10k and 100k subsets keep every gold passage). ' +
      'Queries: the KorQuAD questions, 100 hits each. A@k: a top-k passage contains an answer (NFKC, lowercase, no whitespace); MRR@10 on the gold id. ' +
      'Latency: one query at a time on one core, median of the passes with (min–max) across passes. Build MB/s: UTF-8 bytes of title + text over the wall time to a closed, saved index. ' +
      'Peak RSS: maximum resident set of the building process and of the serving process (Kachi; the peers build and serve in one). ' +
      'Restart: wall time to spawn a fresh process, open the saved index and answer one query (median of the passes).',
    '',
    formatRows(sorted),
    '',
    'Targets (issue 4, full corpus): A@1 ≥ 0.80, A@20 ≥ 0.96, p99 ≤ 20 ms, ≥ 3 MB/s, peak RSS ≤ 3 GB, restart ≤ 5 s. Reference (README, 629,865 passages): BM25 bigrams A@1 0.696, A@20 0.938, p50 47 ms, p99 200 ms, 2.1 MB/s, 6.2 GB.',
    '',
    '![Latency and memory against corpus size](bench/results/scale.svg)',
    '',
    ...(() => {
      const missing = T2_SIZES.filter((size) => !sorted.some((m) => m.size === size));
      return missing.length === 0 ? [] : [`Not measured yet: ${missing.join(', ')}.`, ''];
    })(),
    'Runs (size/engine: date, revision, passes, 1-minute load average before→after; on a 2-core machine a load above 2 inflates every time):',
    '',
    ...runsLine.map((l) => `- ${l}`),
  ].join('\n');
}

function curves(list: readonly Measurement[]): Panel[] {
  const engines = [...new Set(list.map((m) => m.engine))];
  const series = (pick: (m: Measurement) => number, suffix = '', dashed = false) =>
    engines.map((e) => ({
      label: `${LABELS[e] ?? e}${suffix}`,
      dashed,
      points: list.filter((m) => m.engine === e).map((m): [number, number] => [m.passages, pick(m)]),
    }));
  return [
    { title: 'p99 latency per query', yLabel: 'ms', series: series((m) => m.p99) },
    { title: 'p50 latency per query', yLabel: 'ms', series: series((m) => m.p50) },
    { title: 'peak RSS (build)', yLabel: 'GiB', series: series((m) => m.peakRssBuildMiB / 1024) },
  ];
}

// Last, so that every constant above is initialised before the top-level await runs.
if (values.child !== undefined) emitResult(await runStep(values.child));
else await runAll();
