// HTTP benchmark (issue 3): `kachi serve` on loopback with T2 Korean Wikipedia passages (../shared/bench/README.md).
// Ingestion documents/s through POST /indexes/:uid/documents (batches, until their tasks succeed), then search QPS
// and p50/p99 latency under 1, 8 and 64 connections with real KorQuAD questions as request bodies (autocannon).
// Peers in the same run make the figures readable: a plain fastify server answering a precomputed Kachi
// response (the HTTP floor: connection handling, body parsing, serialisation, no search), and the same documents
// added with the engine in-process (ingestion without HTTP or the task queue).
//
//   npm run bench:http -- [--sizes 10k|100k|full|10k,100k] [--duration 10] [--connections 1,8,64]
//                         [--batch 5000] [--t2-dir DIR] [--no-peers] [--no-write]
//
// Each server is its own process (Kachi through bin/kachi.js, as users start it); autocannon runs in this one
// (bench/lib/http-load.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from './lib/bench-data.ts';
import { emitResult, runChild } from './lib/child-process.ts';
import { describeMachine, formatMachine, peakRssMiB, sourceRevision } from './lib/machine.ts';
import { formatTable, writeSection, type Column } from './lib/markdown.ts';
import type { SearchRequest } from '../src/search-types.ts';
import { percentile } from './lib/metrics.ts';
import { runLoad, settle, startServerProcess, type Load, type ServerProcess } from './lib/http-load.ts';
import {
  corpusFile,
  ensureT2Dir,
  loadQueries,
  passageBatches,
  T2_SIZES,
  textBytes,
  type T2Size,
} from './lib/t2.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    'response-file': { type: 'string' },
    sizes: { type: 'string', default: '10k' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1,8,64' },
    batch: { type: 'string', default: '5000' },
    't2-dir': { type: 'string' },
    db: { type: 'string' },
    start: { type: 'string' },
    count: { type: 'string' },
    'no-peers': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});

const MASTER_KEY = 'bench-http-master-key-0123456789';
const INDEX = 't2';
const WARM_UP_SECONDS = 3;
const IN_PROCESS_QUERIES = 300;
/** A response slower than this counts as an error (autocannon's default is 10 s). */
const TIMEOUT_SECONDS = 30;
/** What a search box sends: ten hits, the words marked, the passage cropped around them. */
const uiBody = (q: string): string =>
  JSON.stringify({
    q,
    limit: 10,
    attributesToHighlight: ['title', 'text'],
    attributesToCrop: ['text'],
    cropLength: 36,
  });
/** Ranking alone: ten ids, nothing formatted (one extra run at 8 connections shows what formatting costs). */
const bareBody = (q: string): string => JSON.stringify({ q, limit: 10, attributesToRetrieve: ['id'] });

// ---------------------------------------------------------------- child roles

/** The floor: fastify answering every search with the same precomputed response, after parsing the body. */
async function serveFloor(responseFile: string): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const response = readFileSync(responseFile, 'utf8');
  const app = Fastify({ logger: false });
  app.post('/indexes/:uid/search', async (_request, reply) => reply.type('application/json').send(response));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stderr.write(`floor: listening on ${url}\n`);
}

/** The same batches added in-process: what ingestion costs without HTTP, JSON bodies and the task queue. */
async function ingestDirectly(size: T2Size, batchSize: number): Promise<void> {
  const { openEngine } = await import('../src/engine.ts');
  const dbPath = mkdtempSync(join(tmpdir(), 'kachi-http-direct-'));
  const engine = openEngine({ dbPath });
  const start = performance.now();
  const index = engine.createIndex(INDEX, { primaryKey: 'id' });
  let documents = 0;
  let bytes = 0;
  for await (const batch of passageBatches(corpusFile(t2Dir(), size), batchSize)) {
    index.addDocuments(batch.map((p) => ({ ...p })));
    documents += batch.length;
    bytes += textBytes(batch);
  }
  engine.close();
  emitResult({ documents, bytes, ms: performance.now() - start, peakRssMiB: peakRssMiB() });
  rmSync(dbPath, { recursive: true, force: true });
}

/** The server's requests answered by the engine itself over its data folder: what search costs without HTTP. */
async function searchInProcess(dbPath: string, start: number, count: number): Promise<void> {
  const { openEngine } = await import('../src/engine.ts');
  const engine = openEngine({ dbPath });
  const index = engine.getIndex(INDEX);
  const { next } = createQuestionFeed(start);
  index.search(JSON.parse(uiBody('사전을 읽어 두는 첫 질문')) as SearchRequest); // loads the dictionary
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const request = JSON.parse(uiBody(next())) as SearchRequest;
    const began = performance.now();
    index.search(request);
    latencies.push(performance.now() - began);
  }
  const used = process.cpuUsage(cpu);
  engine.close();
  const cpuMsPerQuery = (used.user + used.system) / 1000 / count;
  emitResult({
    queries: count,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMsPerQuery,
  });
}

// ---------------------------------------------------------------- ingestion through HTTP

async function api(url: string, method: string, path: string, body?: string): Promise<unknown> {
  const headers: Record<string, string> = { authorization: `Bearer ${MASTER_KEY}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, { method, headers, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

interface Ingestion {
  documents: number;
  bytes: number;
  /** From the first POST to the last task's success. */
  seconds: number;
  /** Time spent sending the batches and getting their 202s. */
  enqueueSeconds: number;
}

async function ingestOverHttp(url: string, size: T2Size, batchSize: number): Promise<Ingestion> {
  await api(url, 'POST', '/indexes', JSON.stringify({ uid: INDEX, primaryKey: 'id' }));
  await api(
    url,
    'PATCH',
    `/indexes/${INDEX}/settings`,
    JSON.stringify({ searchableAttributes: ['title', 'text'] }),
  );
  await waitForTasks(url);
  const start = performance.now();
  let enqueueMs = 0;
  let documents = 0;
  let bytes = 0;
  for await (const batch of passageBatches(corpusFile(t2Dir(), size), batchSize)) {
    const sent = performance.now();
    await api(url, 'POST', `/indexes/${INDEX}/documents`, JSON.stringify(batch));
    enqueueMs += performance.now() - sent;
    documents += batch.length;
    bytes += textBytes(batch);
  }
  await waitForTasks(url);
  const seconds = (performance.now() - start) / 1000;
  const failed = (await api(url, 'GET', '/tasks?statuses=failed')) as { total: number };
  if (failed.total > 0) throw new Error(`${failed.total} tasks failed`);
  return { documents, bytes, seconds, enqueueSeconds: enqueueMs / 1000 };
}

async function waitForTasks(url: string): Promise<void> {
  for (;;) {
    const pending = (await api(url, 'GET', '/tasks?statuses=enqueued,processing&limit=1')) as {
      total: number;
    };
    if (pending.total === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ---------------------------------------------------------------- search load

/** Questions in a fixed shuffled order, shared by every run so each level asks the next, not the same, ones. */
function createQuestionFeed(start = 0): { next: () => string; position: () => number } {
  const questions = loadQueries(t2Dir()).map((q) => q.query);
  let state = 7;
  for (let i = questions.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) >>> 0;
    const j = state % (i + 1);
    [questions[i], questions[j]] = [questions[j]!, questions[i]!];
  }
  let at = start;
  return { next: () => questions[at++ % questions.length]!, position: () => at };
}

/** Searches on `server` with the questions from `next`, each as `body(question)`. */
function searchLoad(
  server: ServerProcess,
  key: string,
  connections: number,
  seconds: number,
  next: () => string,
  body: (q: string) => string = uiBody,
): Promise<Load> {
  return runLoad({
    server,
    path: `/indexes/${INDEX}/search`,
    headers: { authorization: `Bearer ${key}` },
    connections,
    seconds,
    body: () => body(next()),
    timeoutSeconds: TIMEOUT_SECONDS,
  });
}

async function loadLevels(
  server: ServerProcess,
  key: string,
  next: () => string,
  label: string,
): Promise<Load[]> {
  await searchLoad(server, key, 8, WARM_UP_SECONDS, next);
  const levels: Load[] = [];
  for (const connections of connectionLevels()) {
    await settle(server); // requests still queued from the previous level must not land in this one
    const load = await searchLoad(server, key, connections, Number(values.duration), next);
    process.stderr.write(
      `[http] ${label} ×${connections}: ${load.qps.toFixed(0)} QPS, p50 ${load.p50.toFixed(2)} ms, p99 ${load.p99.toFixed(2)} ms\n`,
    );
    levels.push(load);
  }
  return levels;
}

// ---------------------------------------------------------------- one size

interface SizeResult {
  size: T2Size;
  ingestion: Ingestion;
  direct: { documents: number; bytes: number; ms: number } | null;
  /** The same request shape answered by the engine in-process, one at a time. */
  inProcess: { queries: number; p50: number; p99: number; cpuMsPerQuery: number } | null;
  kachi: Load[];
  /** 8 connections, bareBody. */
  bare: Load;
  floor: Load[] | null;
  kachiPeakRssMiB: number;
  responseBytes: number;
  loadAverage: [number, number];
}

async function measureSize(size: T2Size): Promise<SizeResult> {
  const loadBefore = loadavg()[0] ?? 0;
  const work = mkdtempSync(join(tmpdir(), `kachi-http-${size}-`));
  const batch = Number(values.batch);
  const args = ['bin/kachi.js', 'serve', '--http-addr', '127.0.0.1:0', '--db-path', join(work, 'db')];
  const kachi = await startServerProcess([...args, '--master-key', MASTER_KEY]);
  let result: Omit<SizeResult, 'direct' | 'floor' | 'inProcess' | 'loadAverage'>;
  const feed = createQuestionFeed();
  const next = feed.next;
  let sample: string;
  try {
    process.stderr.write(`[http] ${size}: ingesting through ${kachi.url}\n`);
    const ingestion = await ingestOverHttp(kachi.url, size, batch);
    process.stderr.write(
      `[http] ${size}: ${ingestion.documents} documents in ${ingestion.seconds.toFixed(1)} s\n`,
    );
    const keys = (await api(kachi.url, 'GET', '/keys')) as { results: Array<{ name: string; key: string }> };
    const searchKey = keys.results.find((k) => k.name === 'Default Search API Key')?.key ?? MASTER_KEY;
    sample = JSON.stringify(await api(kachi.url, 'POST', `/indexes/${INDEX}/search`, uiBody(next())));
    await settle(kachi);
    const loads = await loadLevels(kachi, searchKey, next, `kachi ${size}`);
    await settle(kachi);
    const bare = await searchLoad(kachi, searchKey, 8, Number(values.duration), next, bareBody);
    result = {
      size,
      ingestion,
      kachi: loads,
      bare,
      kachiPeakRssMiB: kachi.peakRssMiB(),
      responseBytes: Buffer.byteLength(sample),
    };
  } finally {
    await kachi.stop();
  }
  let floor: Load[] | null = null;
  let direct: SizeResult['direct'] = null;
  let inProcess: SizeResult['inProcess'] = null;
  if (!values['no-peers']) {
    process.stderr.write(`[http] ${size}: the next questions in-process, over the server's data folder\n`);
    const from = ['--db', join(work, 'db'), '--start', String(feed.position())];
    inProcess = (await runChild({
      script: 'bench/http.ts',
      nodeArgs: ['--import', 'tsx'],
      args: ['--role', 'search', ...from, '--count', String(IN_PROCESS_QUERIES), ...t2DirArgs()],
      cwd: projectRoot,
    })) as SizeResult['inProcess'];
    const responseFile = join(work, 'response.json');
    writeFileSync(responseFile, sample);
    const self = ['--import', 'tsx', 'bench/http.ts'];
    const server = await startServerProcess([...self, '--role', 'floor', '--response-file', responseFile]);
    try {
      floor = await loadLevels(server, 'none', next, 'floor');
    } finally {
      await server.stop();
    }
    process.stderr.write(`[http] ${size}: the same documents in-process\n`);
    direct = (await runChild({
      script: 'bench/http.ts',
      nodeArgs: ['--import', 'tsx'],
      args: ['--role', 'direct', '--sizes', size, '--batch', String(batch), ...t2DirArgs()],
      cwd: projectRoot,
    })) as SizeResult['direct'];
  }
  rmSync(work, { recursive: true, force: true });
  return { ...result, floor, direct, inProcess, loadAverage: [loadBefore, loadavg()[0] ?? 0] };
}

// ---------------------------------------------------------------- report

const ms = (x: number): string => x.toFixed(x < 10 ? 2 : 1);
/** A corpus column, then right-aligned figures. */
const columns = (...figures: string[]): Column[] => [
  { header: 'corpus' },
  ...figures.map((header): Column => ({ header, align: 'right' })),
];

function report(results: SizeResult[], started: Date): string {
  const machine = describeMachine();
  const searchRows = results.flatMap((r) =>
    r.kachi.map((load, i) => {
      const floor = r.floor?.[i];
      return [
        r.size,
        String(load.connections),
        load.qps.toFixed(0),
        ms(load.p50),
        ms(load.p99),
        load.cpuMsPerRequest === null ? '–' : ms(load.cpuMsPerRequest),
        String(load.errors),
        floor ? floor.qps.toFixed(0) : '–',
        floor ? ms(floor.p50) : '–',
        floor ? ms(floor.p99) : '–',
      ];
    }),
  );
  const ingestRows = results.map((r) => {
    const { documents, bytes, seconds, enqueueSeconds } = r.ingestion;
    const direct = r.direct;
    return [
      r.size,
      documents.toLocaleString('en-US'),
      (bytes / 1e6).toFixed(1),
      seconds.toFixed(1),
      (documents / seconds).toFixed(0),
      (bytes / 1e6 / seconds).toFixed(2),
      enqueueSeconds.toFixed(1),
      direct ? (direct.documents / (direct.ms / 1000)).toFixed(0) : '–',
      direct ? (direct.bytes / 1e6 / (direct.ms / 1000)).toFixed(2) : '–',
      `${r.kachiPeakRssMiB.toFixed(0)} MiB`,
    ];
  });
  const p99At8 = results.map(
    (r) => `${r.size} ${ms(r.kachi.find((l) => l.connections === 8)?.p99 ?? NaN)} ms`,
  );
  const loads = results.map(
    (r) => `${r.size} ${r.loadAverage[0].toFixed(1)} → ${r.loadAverage[1].toFixed(1)}`,
  );
  return [
    '## HTTP: search under load and ingestion through the API (T2, loopback)',
    '',
    `- Date: ${started.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Command: \`npm run bench:http -- --sizes ${results.map((r) => r.size).join(',')} --duration ${values.duration}\` (\`node --import tsx bench/http.ts\`), source ${sourceRevision(projectRoot, ['src', 'bench', 'bin'])}`,
    `- Machine: ${formatMachine(machine)}. Shared and loaded by other work while measuring (1-minute load average before → after: ${loads.join('; ')}); server and load generator share its ${machine.cores} cores.`,
    `- Server: \`kachi serve\` (bin/kachi.js) in its own process with a master key; searches use the default search key. Load: autocannon 9 in the benchmark process, ${values.duration} s per level after a ${WARM_UP_SECONDS} s warm-up, keep-alive connections, one request in flight per connection, the server idle again before each level; a response slower than ${TIMEOUT_SECONDS} s counts as an error.`,
    `- Requests: the 5,774 KorQuAD questions in a fixed shuffled order, continuing across levels, each as \`{"q": question, "limit": 10, "attributesToHighlight": ["title","text"], "attributesToCrop": ["text"], "cropLength": 36}\`. Latency per response with hrtime.`,
    `- Floor: fastify 5 answering every search with one precomputed Kachi response (${(results[0]?.responseBytes ?? 0).toLocaleString('en-US')} bytes) after parsing the request body: what HTTP alone costs here.`,
    `- Ingestion: \`POST /indexes/t2/documents\` in JSON batches of ${values.batch}, timed from the first request to the last task's success (enqueue = sending the batches and reading their 202s); beside it, the same batches added with the engine in-process (no HTTP, no task queue).`,
    `- Reading: the server ranks one search at a time on its serving thread and formats hits (highlighting, cropping) on its format thread, so at N connections a request waits behind the others at whichever of the two is busier: latency ≈ N × that thread's time per search. \`server CPU ms/req\` (from /proc, all threads) moves less with the machine's other load than wall-clock figures do; the floor shows what loopback HTTP costs on the same machine at the same moment.`,
    '',
    '### Search',
    '',
    formatTable(
      columns(
        'connections',
        'Kachi QPS',
        'p50 ms',
        'p99 ms',
        'server CPU ms/req',
        'errors',
        'floor QPS',
        'floor p50',
        'floor p99',
      ),
      searchRows,
    ),
    '',
    `Target: p99 ≤ 25 ms at 8 connections. Measured: ${p99At8.join(', ')}.`,
    '',
    `In-process, the next ${IN_PROCESS_QUERIES} questions answered one at a time by the engine over the server's data folder (no HTTP): ${results
      .map((r) =>
        r.inProcess
          ? `${r.size} p50 ${ms(r.inProcess.p50)} ms, p99 ${ms(r.inProcess.p99)} ms, ${ms(r.inProcess.cpuMsPerQuery)} CPU ms/query`
          : `${r.size} –`,
      )
      .join('; ')}.`,
    '',
    `Ranking alone, at 8 connections, with \`{"q": question, "limit": 10, "attributesToRetrieve": ["id"]}\` (no highlighting or cropping): ${results
      .map(
        (r) =>
          `${r.size} ${r.bare.qps.toFixed(0)} QPS, p50 ${ms(r.bare.p50)} ms, p99 ${ms(r.bare.p99)} ms, ${r.bare.cpuMsPerRequest === null ? '–' : ms(r.bare.cpuMsPerRequest)} CPU ms/req`,
      )
      .join('; ')}.`,
    '',
    '### Ingestion',
    '',
    formatTable(
      columns(
        'documents',
        'MB',
        'seconds',
        'docs/s',
        'MB/s',
        'enqueue s',
        'in-process docs/s',
        'in-process MB/s',
        'server peak RSS',
      ),
      ingestRows,
    ),
  ].join('\n');
}

// ---------------------------------------------------------------- main

function t2Dir(): string {
  return ensureT2Dir(values['t2-dir']);
}

function t2DirArgs(): string[] {
  return values['t2-dir'] === undefined ? [] : ['--t2-dir', values['t2-dir']];
}

function connectionLevels(): number[] {
  return values.connections.split(',').map(Number);
}

function sizesOf(list: string): T2Size[] {
  return list.split(',').map((size) => {
    if (!(T2_SIZES as readonly string[]).includes(size))
      throw new Error(`--sizes: ${size} is not one of ${T2_SIZES.join(', ')}`);
    return size as T2Size;
  });
}

async function main(): Promise<void> {
  const started = new Date();
  t2Dir(); // builds the corpus once, before any timing
  const results: SizeResult[] = [];
  for (const size of sizesOf(values.sizes)) results.push(await measureSize(size));
  const section = report(results, started);
  console.log(section);
  if (!values['no-write'])
    writeSection(join(projectRoot, 'BENCHMARKS.md'), 'http', section, 'Kachi benchmarks');
}

if (values.role === 'floor') await serveFloor(values['response-file'] ?? '');
else if (values.role === 'search')
  await searchInProcess(values.db ?? '', Number(values.start), Number(values.count));
else if (values.role === 'direct') await ingestDirectly(sizesOf(values.sizes)[0]!, Number(values.batch));
else await main();
