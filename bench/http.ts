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
// Each server is its own process (Kachi through bin/kachi.js, as users start it); autocannon runs in this one.
// Latencies are measured per response with process.hrtime (autocannon's histogram keeps whole milliseconds).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from './lib/bench-data.ts';
import { emitResult, runChild } from './lib/child-process.ts';
import { describeMachine, formatMachine, peakRssMiB, sourceRevision } from './lib/machine.ts';
import { formatTable, writeSection } from './lib/markdown.ts';
import { percentile } from './lib/metrics.ts';
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
    'no-peers': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});

const MASTER_KEY = 'bench-http-master-key-0123456789';
const INDEX = 't2';
const WARM_UP_SECONDS = 3;
/** What a search box sends: ten hits, the words marked, the passage cropped around them. */
const searchBody = (q: string): string =>
  JSON.stringify({
    q,
    limit: 10,
    attributesToHighlight: ['title', 'text'],
    attributesToCrop: ['text'],
    cropLength: 36,
  });

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

// ---------------------------------------------------------------- servers

interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** CPU seconds (user + system) the server has used so far, from /proc. */
  cpuSeconds(): number;
  /** Peak resident memory so far, from /proc (VmHWM). */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

const CLOCK_TICKS = 100; // Linux USER_HZ

/** Spawns `node args…` and resolves once it prints `listening on URL` on stderr. */
function startServerProcess(args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ['ignore', 'inherit', 'pipe'] });
  const proc = (file: string): string => readFileSync(`/proc/${child.pid}/${file}`, 'utf8');
  return new Promise((resolve, reject) => {
    let seen = '';
    let listening = false;
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${seen}`)));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (listening) return void process.stderr.write(chunk);
      seen += chunk;
      const url = /listening on (http:\/\/[\d.:]+)/.exec(seen)?.[1];
      if (url === undefined) return;
      listening = true;
      child.removeAllListeners('exit');
      resolve({
        url,
        child,
        cpuSeconds: () => {
          const fields = proc('stat').split(') ')[1]?.split(' ') ?? [];
          return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
        },
        peakRssMiB: () => Number(/VmHWM:\s+(\d+)/.exec(proc('status'))?.[1] ?? 0) / 1024,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

async function api(url: string, method: string, path: string, body?: string): Promise<unknown> {
  const headers: Record<string, string> = { authorization: `Bearer ${MASTER_KEY}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, { method, headers, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

// ---------------------------------------------------------------- ingestion through HTTP

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

interface Load {
  connections: number;
  requests: number;
  qps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Server CPU milliseconds per request (from /proc), null for no measurement. */
  cpuMsPerRequest: number | null;
}

interface Autocannon {
  (options: Record<string, unknown>): AutocannonInstance;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'done', listener: (result: { duration: number; errors: number; non2xx: number }) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Questions in a fixed shuffled order, shared by every run so each level asks the next, not the same, ones. */
function createQuestionFeed(): () => string {
  const questions = loadQueries(t2Dir()).map((q) => q.query);
  let state = 7;
  for (let i = questions.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) >>> 0;
    const j = state % (i + 1);
    [questions[i], questions[j]] = [questions[j]!, questions[i]!];
  }
  let at = 0;
  return () => questions[at++ % questions.length]!;
}

function runLoad(
  server: ServerProcess,
  key: string,
  connections: number,
  seconds: number,
  next: () => string,
): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  const cpuBefore = server.cpuSeconds();
  const instance = autocannon({
    url: server.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: `/indexes/${INDEX}/search`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        setupRequest: (request: Record<string, unknown>) => ({ ...request, body: searchBody(next()) }),
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
    else errors++;
  });
  return new Promise((resolve, reject) => {
    instance.on('error', reject);
    instance.on('done', (result) => {
      const cpu = server.cpuSeconds() - cpuBefore;
      const requests = latencies.length;
      resolve({
        connections,
        requests,
        qps: requests / result.duration,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        errors: errors + result.errors,
        cpuMsPerRequest: requests > 0 ? (cpu * 1000) / requests : null,
      });
    });
  });
}

async function loadLevels(
  server: ServerProcess,
  key: string,
  next: () => string,
  label: string,
): Promise<Load[]> {
  await runLoad(server, key, 8, WARM_UP_SECONDS, next);
  const levels: Load[] = [];
  for (const connections of connectionLevels()) {
    const load = await runLoad(server, key, connections, Number(values.duration), next);
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
  kachi: Load[];
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
  let result: Omit<SizeResult, 'direct' | 'floor' | 'loadAverage'>;
  const next = createQuestionFeed();
  let sample: string;
  try {
    process.stderr.write(`[http] ${size}: ingesting through ${kachi.url}\n`);
    const ingestion = await ingestOverHttp(kachi.url, size, batch);
    process.stderr.write(
      `[http] ${size}: ${ingestion.documents} documents in ${ingestion.seconds.toFixed(1)} s\n`,
    );
    const keys = (await api(kachi.url, 'GET', '/keys')) as { results: Array<{ name: string; key: string }> };
    const searchKey = keys.results.find((k) => k.name === 'Default Search API Key')?.key ?? MASTER_KEY;
    sample = JSON.stringify(await api(kachi.url, 'POST', `/indexes/${INDEX}/search`, searchBody(next())));
    const loads = await loadLevels(kachi, searchKey, next, `kachi ${size}`);
    result = {
      size,
      ingestion,
      kachi: loads,
      kachiPeakRssMiB: kachi.peakRssMiB(),
      responseBytes: sample.length,
    };
  } finally {
    await kachi.stop();
  }
  let floor: Load[] | null = null;
  let direct: SizeResult['direct'] = null;
  if (!values['no-peers']) {
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
  return { ...result, floor, direct, loadAverage: [loadBefore, loadavg()[0] ?? 0] };
}

// ---------------------------------------------------------------- report

const ms = (x: number): string => x.toFixed(x < 10 ? 2 : 1);

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
    `- Server: \`kachi serve\` (bin/kachi.js) in its own process with a master key; searches use the default search key. Load: autocannon 9 in the benchmark process, ${values.duration} s per level after a ${WARM_UP_SECONDS} s warm-up, keep-alive connections, one request in flight per connection.`,
    `- Requests: the 5,774 KorQuAD questions in a fixed shuffled order, continuing across levels, each as \`{"q": question, "limit": 10, "attributesToHighlight": ["title","text"], "attributesToCrop": ["text"], "cropLength": 36}\`. Latency per response with hrtime.`,
    `- Floor: fastify 5 answering every search with one precomputed Kachi response (${(results[0]?.responseBytes ?? 0).toLocaleString('en-US')} bytes) after parsing the request body: what HTTP alone costs here.`,
    `- Ingestion: \`POST /indexes/t2/documents\` in JSON batches of ${values.batch}, timed from the first request to the last task's success (enqueue = sending the batches and reading their 202s); beside it, the same batches added with the engine in-process (no HTTP, no task queue).`,
    '',
    '### Search',
    '',
    formatTable(
      [
        { header: 'corpus' },
        { header: 'connections', align: 'right' },
        { header: 'Kachi QPS', align: 'right' },
        { header: 'p50 ms', align: 'right' },
        { header: 'p99 ms', align: 'right' },
        { header: 'server CPU ms/req', align: 'right' },
        { header: 'errors', align: 'right' },
        { header: 'floor QPS', align: 'right' },
        { header: 'floor p50', align: 'right' },
        { header: 'floor p99', align: 'right' },
      ],
      searchRows,
    ),
    '',
    `Target: p99 ≤ 25 ms at 8 connections. Measured: ${p99At8.join(', ')}.`,
    '',
    '### Ingestion',
    '',
    formatTable(
      [
        { header: 'corpus' },
        { header: 'documents', align: 'right' },
        { header: 'MB', align: 'right' },
        { header: 'seconds', align: 'right' },
        { header: 'docs/s', align: 'right' },
        { header: 'MB/s', align: 'right' },
        { header: 'enqueue s', align: 'right' },
        { header: 'in-process docs/s', align: 'right' },
        { header: 'in-process MB/s', align: 'right' },
        { header: 'server peak RSS', align: 'right' },
      ],
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
else if (values.role === 'direct') await ingestDirectly(sizesOf(values.sizes)[0]!, Number(values.batch));
else await main();
