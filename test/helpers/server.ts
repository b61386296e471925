// Test helper: a real Kachi server on 127.0.0.1 (random port) over a fresh temporary data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Meilisearch } from 'meilisearch';
import { createServer, type KachiServer } from '../../src/server/app.ts';
import type { ServerOptions } from '../../src/server/options.ts';

export interface TestServer {
  url: string;
  server: KachiServer;
  dbPath: string;
  /** The official client, authenticated with the master key when there is one. */
  client: Meilisearch;
  /** A client with another key (or none). */
  clientWith(apiKey?: string): Meilisearch;
  /** Raw fetch against the server: `request('POST', '/indexes', {body: '…'})`. */
  request(method: string, path: string, init?: { body?: string | Buffer; headers?: Record<string, string>; key?: string | null }): Promise<{ status: number; body: unknown; text: string }>;
  close(): Promise<void>;
}

export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dbPath = options.dbPath ?? mkdtempSync(join(tmpdir(), 'kachi-server-'));
  const server = await createServer({ ...options, dbPath, httpAddr: '127.0.0.1:0' });
  const url = await server.listen();
  const masterKey = options.masterKey ?? undefined;
  const clientWith = (apiKey?: string): Meilisearch =>
    new Meilisearch({ host: url, apiKey, defaultWaitOptions: { timeout: 30_000, interval: 10 } });
  return {
    url,
    server,
    dbPath,
    client: clientWith(masterKey ?? undefined),
    clientWith,
    async request(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      const key = init.key === undefined ? masterKey : init.key;
      if (key !== null && key !== undefined) headers.authorization = `Bearer ${key}`;
      if (init.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${path}`, { method, headers, body: init.body });
      const text = await response.text();
      let body: unknown = undefined;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      return { status: response.status, body, text };
    },
    async close() {
      await server.close();
      if (options.dbPath === undefined) rmSync(dbPath, { recursive: true, force: true });
    },
  };
}
