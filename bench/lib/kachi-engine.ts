// Kachi behind the benchmark interface: a fresh index in a temporary data folder, removed on close.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine, EngineOptions } from '../../src/engine-types.ts';
import { projectRoot } from './bench-data.ts';
import type { Passage } from './korquad.ts';
import { EngineUnavailableError, type RetrievalEngine } from './retrieval-engine.ts';

type OpenEngine = (options: EngineOptions) => Engine;

/**
 * Opens Kachi from src/engine.ts. The module is imported by path at run time, so the benchmark
 * type-checks and runs its peers while the engine is still being written.
 * @example const kachi = await createKachiEngine(); kachi.build(passages); kachi.search('질문', 10)
 */
export async function createKachiEngine(): Promise<RetrievalEngine> {
  const openEngine = await importOpenEngine();
  const dbPath = mkdtempSync(join(tmpdir(), 'kachi-bench-'));
  let engine: Engine;
  try {
    engine = openEngine({ dbPath });
  } catch (error) {
    rmSync(dbPath, { recursive: true, force: true });
    throw error;
  }
  const index = engine.createIndex('t1', { primaryKey: 'id' });
  return {
    build: (passages: readonly Passage[]) => {
      index.updateSettings({ searchableAttributes: ['title', 'text'] });
      index.addDocuments(passages.map((p) => ({ id: p.id, title: p.title, text: p.text })));
    },
    search: (query, limit) =>
      index.search({ q: query, limit, attributesToRetrieve: ['id'] }).hits.map((hit) => String(hit['id'])),
    close: () => {
      try {
        engine.close();
      } finally {
        rmSync(dbPath, { recursive: true, force: true });
      }
    },
  };
}

async function importOpenEngine(): Promise<OpenEngine> {
  const path = join(projectRoot, 'src', 'engine.ts');
  if (!existsSync(path)) throw new EngineUnavailableError('src/engine.ts does not exist yet');
  let module: unknown;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    // While the engine is written piece by piece, it may import a module that does not exist yet.
    if (Reflect.get(Object(error), 'code') === 'ERR_MODULE_NOT_FOUND' && error instanceof Error) {
      throw new EngineUnavailableError(
        `src/engine.ts cannot load yet: ${firstLine(error.message).replaceAll(projectRoot, '')}`,
      );
    }
    throw error;
  }
  const openEngine =
    typeof module === 'object' && module !== null ? Reflect.get(module, 'openEngine') : undefined;
  if (typeof openEngine !== 'function')
    throw new EngineUnavailableError('src/engine.ts exports no openEngine()');
  return openEngine as OpenEngine;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
