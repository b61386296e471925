// HTTP load for benchmarks: servers in their own processes (CPU and memory read from /proc), and autocannon runs
// whose latencies are kept per response with hrtime (autocannon's own histogram keeps whole milliseconds).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { projectRoot } from './bench-data.ts';
import { percentile } from './metrics.ts';

export interface ServerProcess {
  url: string;
  /** CPU seconds (user + system) the server has used so far. */
  cpuSeconds(): number;
  /** Peak resident memory so far (VmHWM). */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

const CLOCK_TICKS = 100; // Linux USER_HZ, the unit of utime and stime in /proc/PID/stat

/** `KACHI_BENCH_SERVER_NODE_ARGS`, split: Node flags for the server processes benchmarks start. */
export function serverNodeArgs(): string[] {
  return (process.env.KACHI_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}

/**
 * Spawns `node args…` in the project folder and resolves once it prints `listening on http://…` on stderr;
 * its later stderr is passed through. `KACHI_BENCH_SERVER_NODE_ARGS` (space-separated) goes before `args`, to
 * profile the servers a benchmark starts (`--cpu-prof --cpu-prof-dir=/tmp/prof`: Node refuses it in NODE_OPTIONS).
 * @example await startServerProcess(['bin/kachi.js', 'serve', '--http-addr', '127.0.0.1:0'])
 */
export function startServerProcess(args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...serverNodeArgs(), ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const proc = (file: string): string => readFileSync(`/proc/${child.pid}/${file}`, 'utf8');
  const server = (url: string): ServerProcess => ({
    url,
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
      resolve(server(url));
    });
  });
}

/** Waits (at most 60 s) until the server has been idle for a second: queued work must not land in the next run. */
export async function settle(server: ServerProcess): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const before = server.cpuSeconds();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (server.cpuSeconds() - before < 0.05) return;
  }
}

export interface LoadOptions {
  server: ServerProcess;
  path: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /** The body of each next POST. */
  body(): string;
  /** A response slower than this counts as an error. */
  timeoutSeconds: number;
}

export interface Load {
  connections: number;
  requests: number;
  qps: number;
  /** Milliseconds, of successful responses. */
  p50: number;
  p99: number;
  /** Non-2xx responses, timeouts and connection errors. */
  errors: number;
  /** Server CPU milliseconds per successful request; null when none succeeded. */
  cpuMsPerRequest: number | null;
}

interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'done', listener: (result: { duration: number; errors: number }) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
// autocannon ships no types; this is the part of its API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: Record<string, unknown>,
) => AutocannonInstance;

/** POSTs `body()` over `connections` keep-alive connections for `seconds`, one request in flight on each. */
export function runLoad(options: LoadOptions): Promise<Load> {
  const { server, connections } = options;
  const latencies: number[] = [];
  let errors = 0;
  const cpuBefore = server.cpuSeconds();
  const instance = autocannon({
    url: server.url,
    connections,
    duration: options.seconds,
    timeout: options.timeoutSeconds,
    requests: [
      {
        method: 'POST',
        path: options.path,
        headers: { 'content-type': 'application/json', ...options.headers },
        setupRequest: (request: Record<string, unknown>) => ({ ...request, body: options.body() }),
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
