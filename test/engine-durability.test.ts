// Durability: acknowledged writes survive kill -9; restarts load saved segments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openEngine } from '../src/engine.ts';
import { tempDir } from './helpers/temp-engine.ts';
import { KOREAN_DOCS } from './fixtures/korean-docs.ts';

test('an index closed and reopened answers the same, from saved segments', () => {
  const dir = tempDir();
  try {
    let engine = openEngine({ dbPath: dir.path });
    const index = engine.createIndex('docs');
    index.addDocuments(KOREAN_DOCS);
    const before = index.search({ q: '검색엔진 역사', showRankingScore: true });
    engine.close();
    engine = openEngine({ dbPath: dir.path });
    const after = engine.getIndex('docs').search({ q: '검색엔진 역사', showRankingScore: true });
    assert.deepEqual(after.hits, before.hits);
    engine.close();
    const indexDir = readdirSync(join(dir.path, 'indexes'))[0]!;
    assert.ok(readdirSync(join(dir.path, 'indexes', indexDir, 'segments')).some((f) => f.endsWith('.seg')));
  } finally {
    dir.remove();
  }
});

/** Starts the writer, kills it with SIGKILL after `ms`, returns the last acknowledged id. */
function runAndKill(dbPath: string, start: number, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'durable-writer.ts'), dbPath, String(start)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let last = start - 1;
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) if (line.startsWith('acked ')) last = Number(line.slice(6));
    });
    let killed = false;
    const timer = setInterval(() => {
      if (!killed && last >= start) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), ms);
      }
    }, 20);
    child.on('exit', () => {
      clearInterval(timer);
      resolve(last);
    });
    child.on('error', reject);
  });
}

test('kill -9 during a bulk import loses no acknowledged document', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  try {
    let next = 0;
    for (let round = 0; round < 3; round++) {
      const acked = await runAndKill(dir.path, next, 200 + Math.floor(Math.random() * 800));
      assert.ok(acked >= next, 'the writer acknowledged at least one batch');
      const engine = openEngine({ dbPath: dir.path });
      const index = engine.getIndex('durable');
      const count = index.stats().numberOfDocuments;
      assert.ok(count >= acked + 1, `round ${round}: ${count} documents, but ${acked + 1} were acknowledged`);
      for (const id of [0, Math.floor(acked / 2), acked]) {
        assert.equal(index.getDocument(id).id, id);
        assert.deepEqual(index.search({ q: `k${id}`, limit: 1 }).hits.map((h) => h.id), [id], `k${id} is searchable`);
      }
      engine.close();
      next = count;
    }
  } finally {
    dir.remove();
  }
});
