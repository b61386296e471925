// Alerts benchmark (issue 8): ingestion throughput of `kachi serve` with and without 10,000 saved alerts, and the
// latency from a documents task's success to its webhook's arrival on loopback. Corpus: T2 Korean Wikipedia
// passages (../shared/bench/README.md, the 10k subset by default); alerts: keywords of the KorQuAD questions.
//
//   npm run bench:alerts -- [--alerts 10000] [--size 10k] [--batch 1000] [--runs 1] [--t2-dir DIR] [--no-write]
//
// Each run starts a fresh server process (bin/kachi.js, as users start it) with its own data folder and ingests the
// corpus in batches through POST /indexes/:uid/documents, timed from the first POST to the last task's success.
// The alert words are chosen on the index of the run without alerts (document frequency 1…300 of 10k: topics, not
// function words), so the alerts run needs that run first; with --runs N the pair is repeated and medians reported.
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
    batch: { type: 'string', default: '1000' },
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

async function ingest(url: string, passages: readonly T2Passage[], batchSize: number): Promise<Ingestion> {
  const start = performance.now();
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
  const finished = new Map<number, number>();
  for (const uid of uids) {
    const task = (await api(url, 'GET', `/tasks/${uid}`)) as { status: string; finishedAt: string };
    if (task.status !== 'succeeded') throw new Error(`task ${uid} ${task.status}`);
    finished.set(uid, Date.parse(task.finishedAt));
  }
  return { documents: passages.length, seconds, finished };
}

/**
 * Alerts as people would save them: one rare topic word of a question (`임수경 `), or two (`평양축전 임수경 `), with a
 * trailing space (whole words); every tenth without it, so its last word is also a prefix, as in search.
 */
function alertQueries(dbPath: string, count: number): string[] {
  const engine = openEngine({ dbPath });
  try {
    const index = engine.getIndex(INDEX);
    if (!(index instanceof KachiIndexImpl)) throw new Error('bench:alerts needs the built-in engine');
    const out: string[] = [];
    const queries = loadQueries(t2Dir());
    for (const pass of [0, 1])
      for (const { query } of queries) {
        if (out.length >= count) return out;
        const words = index.analyzer
          .analyzeQuery(query)
          .units.map((unit) => ({
            word: unit.alternatives[0]?.term ?? '',
            df: index.inverted.docFreq(unit.alternatives[0]?.term ?? ''),
          }))
          .filter(({ word, df }) => /^[가-힣]{2,}$/.test(word) && df >= 1 && df <= MAX_DOC_FREQ)
          .sort((a, b) => a.df - b.df);
        const picked = pass === 0 ? words.slice(0, 1) : words.slice(0, 2);
        if (picked.length < pass + 1) continue;
        const q = picked.map((w) => w.word).join(' ');
        out.push(out.length % 10 === 9 ? q : `${q} `);
      }
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
  process.stderr.write(`[alerts] run ${round}: ingesting ${passages.length} passages without alerts\n`);
  const plain = await startKachi();
  let baseline: Ingestion;
  try {
    baseline = await ingest(plain.server.url, passages, batch);
  } finally {
    await plain.server.stop();
  }
  const queries = alertQueries(plain.dbPath, alertCount);
  rmSync(plain.dbPath, { recursive: true, force: true });
  const receiver = await startReceiver();
  const alerted = await startKachi();
  try {
    process.stderr.write(`[alerts] run ${round}: saving ${queries.length} alerts\n`);
    const alertsCreatedPerSecond = await createAlerts(alerted.server.url, queries, receiver.url);
    process.stderr.write(`[alerts] run ${round}: ingesting with ${queries.length} alerts\n`);
    const withAlerts = await ingest(alerted.server.url, passages, batch);
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
    `- Corpus: T2 ${size} (${documents.toLocaleString('en')} passages, ${mb.toFixed(1)} MB of title+text), posted in batches of ${values.batch} to a fresh \`kachi serve\` process per run; throughput from the first POST to the last task's success${runs.length > 1 ? `; medians of ${runs.length} runs` : ''}.`,
    `- Alerts: ${alertCount.toLocaleString('en')} saved searches (\`matchingStrategy: all\`, webhook channel) made of one or two topic words of the KorQuAD questions, words in 1…${MAX_DOC_FREQ} of the passages (chosen on the run without alerts); one in ten without a trailing space, so its last word is a prefix. Webhooks go to a receiver in the benchmark process on 127.0.0.1; latency is its arrival time minus the task's \`finishedAt\` (the outbox row commits with that success).`,
    '',
    table,
  ].join('\n');
}

async function main(): Promise<void> {
  const started = new Date();
  const loadBefore = loadavg()[0] ?? 0;
  const passages = await loadPassages(corpusFile(t2Dir(), values.size as T2Size));
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
