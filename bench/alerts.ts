// Alerts benchmark (issue 8): ingestion throughput of `kachi serve` with and without 10,000 saved alerts, and the
// latency from a documents task's success to its webhook's arrival on loopback. Corpus: T2 Korean Wikipedia
// passages (../shared/bench/README.md, the 10k subset by default) in a fixed shuffled order; alerts: topic words of
// the KorQuAD questions.
//
//   npm run bench:alerts -- [--alerts 10000] [--size 10k] [--batch 100] [--runs 1] [--t2-dir DIR] [--no-write]
//
// Each run starts a fresh server process (bin/kachi.js, as users start it) with its own data folder, loads the first
// half of the corpus untimed (alerts watch an index already in use), then posts the second half in batches through
// POST /indexes/:uid/documents, timed from the first POST to the last task's success. The alerts run saves its
// alerts between the halves. The alert words are chosen on the index of the run without alerts (document frequency
// 1…300 of 10k: topics, not function words), so that run comes first; with --runs N the pair is repeated.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openEngine } from '../src/engine.ts';
import { KachiIndexImpl } from '../src/kachi-index.ts';
import { projectRoot } from './lib/bench-data.ts';
import { startServerProcess, type ServerProcess } from './lib/http-load.ts';
import { describeMachine, formatMachine, sourceRevision } from './lib/machine.ts';
import { formatTable, writeSection } from './lib/markdown.ts';
import { median, percentile } from './lib/metrics.ts';
import {
  corpusFile,
  ensureT2Dir,
  loadPassages,
  loadQueries,
  textBytes,
  type T2Passage,
  type T2Size,
} from './lib/t2.ts';

const { values } = parseArgs({
  options: {
    alerts: { type: 'string', default: '10000' },
    size: { type: 'string', default: '10k' },
    batch: { type: 'string', default: '100' },
    runs: { type: 'string', default: '1' },
    't2-dir': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});

const INDEX = 't2';
const SECRET = 'bench-alerts-secret-0123456789';
/** Alert words: in at least one passage, and in at most this many (of 10k). */
const MAX_DOC_FREQ = 300;
const TARGET_SLOWDOWN = 0.3;
const TARGET_P99_MS = 1000;

interface Ingestion {
  documents: number;
  seconds: number;
  /** CPU seconds the server process used (all its threads) from the first POST to the last task's success. */
  serverCpuSeconds: number;
  /** CPU seconds this process used meanwhile: posting the documents, polling tasks, receiving webhooks. */
  benchCpuSeconds: number;
  /** taskUid → finishedAt (ms since the epoch, the server's clock: the same machine). */
  finished: Map<number, number>;
}

interface AlertsRun {
  baseline: Ingestion;
  withAlerts: Ingestion;
  alertsCreatedPerSecond: number;
  notifications: number;
  matches: number;
  latenciesMs: number[];
}

async function api(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text === '' ? null : JSON.parse(text);
}

async function waitForTasks(url: string): Promise<void> {
  for (;;) {
    const pending = (await api(url, 'GET', '/tasks?statuses=enqueued,processing&limit=1')) as {
      total: number;
    };
    if (pending.total === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function startKachi(): Promise<{ server: ServerProcess; dbPath: string }> {
  const dbPath = mkdtempSync(join(tmpdir(), 'kachi-bench-alerts-'));
  const args = [
    'bin/kachi.js',
    'serve',
    '--http-addr',
    '127.0.0.1:0',
    '--db-path',
    dbPath,
    '--alerts-allow-private-webhooks',
  ];
  const server = await startServerProcess(args);
  await api(server.url, 'POST', '/indexes', { uid: INDEX, primaryKey: 'id' });
  await waitForTasks(server.url);
  return { server, dbPath };
}

/** Documents in large batches, untimed. */
async function preload(url: string, passages: readonly T2Passage[]): Promise<void> {
  for (let i = 0; i < passages.length; i += 1000)
    await api(url, 'POST', `/indexes/${INDEX}/documents`, passages.slice(i, i + 1000));
  await waitForTasks(url);
}

async function ingest(server: ServerProcess, passages: readonly T2Passage[], batchSize: number): Promise<Ingestion> {
  const { url } = server;
  const start = performance.now();
  const cpuStart = server.cpuSeconds();
  const benchCpuStart = process.cpuUsage();
  const uids: number[] = [];
  for (let i = 0; i < passages.length; i += batchSize)
    uids.push(
      (
        (await api(url, 'POST', `/indexes/${INDEX}/documents`, passages.slice(i, i + batchSize))) as {
          taskUid: number;
        }
      ).taskUid,
    );
  await waitForTasks(url);
  const seconds = (performance.now() - start) / 1000;
  const serverCpuSeconds = server.cpuSeconds() - cpuStart;
  const benchCpu = process.cpuUsage(benchCpuStart);
  const benchCpuSeconds = (benchCpu.user + benchCpu.system) / 1e6;
  const finished = new Map<number, number>();
  for (const uid of uids) {
    const task = (await api(url, 'GET', `/tasks/${uid}`)) as { status: string; finishedAt: string };
    if (task.status !== 'succeeded') throw new Error(`task ${uid} ${task.status}`);
    finished.set(uid, Date.parse(task.finishedAt));
  }
  return { documents: passages.length, seconds, serverCpuSeconds, benchCpuSeconds, finished };
}

/**
 * Alerts as people would save them: the one, two or three rarest topic words of a question (`임수경 `,
 * `평양축전 임수경 `), all required, with a trailing space (whole words); one in fifty without it, so its last word is
 * also a prefix, as in search.
 */
function alertQueries(dbPath: string, count: number): string[] {
  const engine = openEngine({ dbPath });
  try {
    const index = engine.getIndex(INDEX);
    if (!(index instanceof KachiIndexImpl)) throw new Error('bench:alerts needs the built-in engine');
    const topics = loadQueries(t2Dir()).map(({ query }) =>
      index.analyzer
        .analyzeQuery(query)
        .units.map((unit) => unit.alternatives[0]?.term ?? '')
        .map((word) => ({ word, df: index.inverted.docFreq(word) }))
        .filter(({ word, df }) => /^[가-힣]{2,}$/.test(word) && df >= 1 && df <= MAX_DOC_FREQ)
        .sort((a, b) => a.df - b.df)
        .map(({ word }) => word),
    );
    const out: string[] = [];
    const sizes = [2, 3, 1];
    for (let pass = 0; pass < sizes.length && out.length < count; pass++)
      topics.forEach((words, i) => {
        const size = sizes[(i + pass) % sizes.length]!;
        if (out.length >= count || words.length < size) return;
        const q = words.slice(0, size).join(' ');
        out.push(out.length % 50 === 49 ? q : `${q} `);
      });
    return out;
  } finally {
    engine.close();
  }
}

/** Creates the alerts, eight requests at a time; returns alerts per second. */
async function createAlerts(url: string, queries: readonly string[], webhook: string): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < queries.length) {
        const q = queries[next++]!;
        await api(url, 'POST', `/indexes/${INDEX}/alerts`, {
          name: q.trim(),
          q,
          channel: { type: 'webhook', url: webhook, secret: SECRET },
        });
      }
    }),
  );
  return queries.length / ((performance.now() - start) / 1000);
}

/** A webhook endpoint in this process: the arrival time of each notification. */
async function startReceiver() {
  const arrivals: Array<{ taskUid: number; at: number; hits: number }> = [];
  let last = Date.now();
  const server = createHttpServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const at = Date.now();
      last = at;
      const payload = JSON.parse(body) as { taskUid: number; hits: unknown[] };
      arrivals.push({ taskUid: payload.taskUid, at, hits: payload.hits.length });
      response.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrivals,
    /** Resolves once no notification arrived for `quietMs`. */
    async quiet(quietMs: number): Promise<void> {
      while (Date.now() - last < quietMs) await new Promise((resolve) => setTimeout(resolve, 100));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function run(
  passages: readonly T2Passage[],
  alertCount: number,
  batch: number,
  round: number,
): Promise<AlertsRun> {
  const half = Math.floor(passages.length / 2);
  const [first, second] = [passages.slice(0, half), passages.slice(half)];
  process.stderr.write(`[alerts] run ${round}: ${passages.length} passages without alerts\n`);
  const plain = await startKachi();
  let baseline: Ingestion;
  try {
    await preload(plain.server.url, first);
    baseline = await ingest(plain.server, second, batch);
  } finally {
    await plain.server.stop();
  }
  const queries = alertQueries(plain.dbPath, alertCount);
  rmSync(plain.dbPath, { recursive: true, force: true });
  const receiver = await startReceiver();
  const alerted = await startKachi();
  try {
    await preload(alerted.server.url, first);
    process.stderr.write(`[alerts] run ${round}: saving ${queries.length} alerts\n`);
    const alertsCreatedPerSecond = await createAlerts(alerted.server.url, queries, receiver.url);
    process.stderr.write(`[alerts] run ${round}: the second half with ${queries.length} alerts\n`);
    const withAlerts = await ingest(alerted.server, second, batch);
    await receiver.quiet(3000);
    const latenciesMs = receiver.arrivals.map((a) => a.at - (withAlerts.finished.get(a.taskUid) ?? a.at));
    return {
      baseline,
      withAlerts,
      alertsCreatedPerSecond,
      notifications: receiver.arrivals.length,
      matches: receiver.arrivals.reduce((n, a) => n + a.hits, 0),
      latenciesMs,
    };
  } finally {
    await alerted.server.stop();
    await receiver.close();
    rmSync(alerted.dbPath, { recursive: true, force: true });
  }
}

/** A fixed shuffle: the subsets list the KorQuAD passages (every question's topic) first. */
function shuffled<T>(items: T[]): T[] {
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

let cachedT2Dir: string | undefined;
function t2Dir(): string {
  return (cachedT2Dir ??= ensureT2Dir(values['t2-dir']));
}

function report(
  runs: AlertsRun[],
  alertCount: number,
  mb: number,
  started: Date,
  load: [number, number],
): string {
  const size = values.size as T2Size;
  const docsPerSecond = (ingestion: Ingestion) => ingestion.documents / ingestion.seconds;
  const cpuMsPerDocument = (ingestion: Ingestion) => (ingestion.serverCpuSeconds * 1000) / ingestion.documents;
  const benchCpuMsPerDocument = (ingestion: Ingestion) => (ingestion.benchCpuSeconds * 1000) / ingestion.documents;
  const without = median(runs.map((r) => docsPerSecond(r.baseline)));
  const withAlerts = median(runs.map((r) => docsPerSecond(r.withAlerts)));
  const slowdown = 1 - withAlerts / without;
  const latencies = runs.flatMap((r) => r.latenciesMs);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const documents = runs[0]?.baseline.documents ?? 0;
  const table = formatTable(
    [{ header: 'measure' }, { header: 'value', align: 'right' }, { header: 'target', align: 'right' }],
    [
      ['ingestion without alerts (docs/s)', without.toFixed(0), ''],
      [`ingestion with ${alertCount.toLocaleString('en')} alerts (docs/s)`, withAlerts.toFixed(0), ''],
      [
        'slowdown',
        `${(slowdown * 100).toFixed(1)} %`,
        `≤ ${TARGET_SLOWDOWN * 100} % ${slowdown <= TARGET_SLOWDOWN ? '✔' : '✘'}`,
      ],
      ['server CPU per document without alerts (ms)', median(runs.map((r) => cpuMsPerDocument(r.baseline))).toFixed(2), ''],
      ['server CPU per document with alerts (ms)', median(runs.map((r) => cpuMsPerDocument(r.withAlerts))).toFixed(2), ''],
      [
        'benchmark process CPU per document, with alerts (ms)',
        median(runs.map((r) => benchCpuMsPerDocument(r.withAlerts))).toFixed(2),
        '',
      ],
      ['task success → webhook, p50 (ms)', String(p50), ''],
      [
        'task success → webhook, p99 (ms)',
        String(p99),
        `≤ ${TARGET_P99_MS} ${p99 <= TARGET_P99_MS ? '✔' : '✘'}`,
      ],
      ['task success → webhook, max (ms)', String(Math.max(0, ...latencies)), ''],
      ['webhook notifications', String(median(runs.map((r) => r.notifications))), ''],
      ['matched (alert, document) pairs', String(median(runs.map((r) => r.matches))), ''],
      [
        'alerts saved per second (8 clients)',
        median(runs.map((r) => r.alertsCreatedPerSecond)).toFixed(0),
        '',
      ],
    ],
  );
  return [
    '## Alerts: ingestion with saved alerts, and delivery latency',
    '',
    `- Date: ${started.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Command: \`npm run bench:alerts${values.alerts === '10000' && values.size === '10k' && values.runs === '1' ? '' : ` -- --alerts ${values.alerts} --size ${values.size} --runs ${values.runs}`}\` (\`node --import tsx bench/alerts.ts\`), source ${sourceRevision(projectRoot, ['src', 'bench'])}`,
    `- Machine: ${formatMachine(describeMachine())}; load average ${load[0].toFixed(1)} before, ${load[1].toFixed(1)} after (a shared machine)`,
    `- Corpus: T2 ${size} (${(documents * 2).toLocaleString('en')} passages, ${mb.toFixed(1)} MB of title+text) in a fixed shuffled order. Each run is a fresh \`kachi serve\` process: the first half is loaded untimed, then the second half (${documents.toLocaleString('en')} passages) is posted in batches of ${values.batch}; throughput, and the CPU time of the server process (all threads) and of the benchmark process (uploads, task polling and the webhook receiver), from its first POST to its last task's success${runs.length > 1 ? `; medians of ${runs.length} runs` : ''}.`,
    `- Alerts: ${alertCount.toLocaleString('en')} saved searches (\`matchingStrategy: all\`, webhook channel), saved between the halves: the one, two or three rarest topic words of a KorQuAD question (words in 1…${MAX_DOC_FREQ} of the 10k passages, counted on the run without alerts), one in fifty without a trailing space (its last word is then also a prefix, as in search). Webhooks go to a receiver in the benchmark process on 127.0.0.1; latency is its arrival time minus the task's \`finishedAt\` (the outbox row commits with that success).`,
    '',
    table,
  ].join('\n');
}

async function main(): Promise<void> {
  const started = new Date();
  const loadBefore = loadavg()[0] ?? 0;
  const passages = shuffled(await loadPassages(corpusFile(t2Dir(), values.size as T2Size)));
  const alertCount = Number(values.alerts);
  const runs: AlertsRun[] = [];
  for (let round = 1; round <= Number(values.runs); round++)
    runs.push(await run(passages, alertCount, Number(values.batch), round));
  const section = report(runs, alertCount, textBytes(passages) / 1e6, started, [
    loadBefore,
    loadavg()[0] ?? 0,
  ]);
  console.log(`\n${section}\n`);
  if (!values['no-write'])
    writeSection(join(projectRoot, 'BENCHMARKS.md'), 'alerts', section, 'Kachi benchmarks');
}

await main();
