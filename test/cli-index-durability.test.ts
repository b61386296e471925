// Durability of `kachi index` under kill -9: the bulk path (two analysis threads, large batches,
// segments written and merged while importing) loses no committed batch and leaves no half-written segment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openEngine } from '../src/engine.ts';
import { readSegmentFile } from '../src/index/segment-file.ts';
import { tempDir } from './helpers/temp-engine.ts';

const BATCH = 2000;
const DOCS = 12_000;
const WORDS = [
  '까치',
  '검색엔진',
  '학교에서',
  '회장이었다',
  '서울특별시',
  '역사',
  '기록되었다',
  '사람들이',
  '노래를',
  '부르며',
];

function writeCorpus(path: string): void {
  const lines: string[] = [];
  for (let i = 0; i < DOCS; i++) {
    // unique eojeols per document keep lindera busy, so batches are large enough for the worker thread
    const words = Array.from(
      { length: 12 },
      (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]! + (k % 3 === 0 ? '와' : ''),
    );
    lines.push(
      JSON.stringify({
        id: `d${i}`,
        title: `문서 k${i}`,
        text: `${words.join(' ')} 번호 ${i}번째 문장입니다.`,
      }),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

function indexFolder(dbPath: string): string | null {
  const root = join(dbPath, 'indexes');
  if (!existsSync(root)) return null;
  const [folder] = readdirSync(root);
  return folder === undefined ? null : join(root, folder);
}

/** Documents committed so far, read from the index's SQLite file beside the writer (WAL allows it). */
function committed(dbPath: string): number {
  const folder = indexFolder(dbPath);
  if (folder === null || !existsSync(join(folder, 'index.db'))) return 0;
  try {
    const db = new Database(join(folder, 'index.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // tables not created yet
  }
}

/** Runs `kachi index` and kills it with SIGKILL `delayMs` after its second batch is committed (the first one is indexed and saved by then). */
function importAndKill(file: string, dbPath: string, delayMs: number): Promise<number> {
  const bin = join(import.meta.dirname, '..', 'bin', 'kachi.js');
  const child = spawn(
    process.execPath,
    [bin, 'index', file, '--index', 'bulk', '--db-path', dbPath, '--batch-size', String(BATCH)],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let seen = 0;
    const timer = setInterval(() => {
      seen = Math.max(seen, committed(dbPath));
      if (seen >= 2 * BATCH) {
        clearInterval(timer);
        setTimeout(() => {
          seen = Math.max(seen, committed(dbPath));
          child.kill('SIGKILL');
        }, delayMs);
      }
    }, 50);
    child.on('exit', () => {
      clearInterval(timer);
      resolve(seen);
    });
    child.on('error', reject);
  });
}

test(
  'kill -9 during `kachi index` loses no committed batch and leaves no half-written segment',
  { timeout: 240_000 },
  async (t) => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'corpus.jsonl');
      writeCorpus(file);
      const dbPath = join(dir.path, 'data');
      const seen = await importAndKill(file, dbPath, Math.floor(Math.random() * 2500));

      // every segment the manifest lists is complete (a torn file fails to decode)
      const folder = indexFolder(dbPath)!;
      const db = new Database(join(folder, 'index.db'), { readonly: true });
      const listed = (db.prepare('SELECT name FROM segments').all() as Array<{ name: string }>).map(
        (r) => r.name,
      );
      db.close();
      for (const name of listed)
        assert.doesNotThrow(() => readSegmentFile(join(folder, 'segments', name)), name);

      const engine = openEngine({ dbPath });
      try {
        const index = engine.getIndex('bulk');
        const count = index.stats().numberOfDocuments;
        t.diagnostic(
          `${seen} documents committed before the kill, ${count} after the restart, of ${DOCS}; ${listed.length} segments listed`,
        );
        assert.ok(
          count >= seen,
          `${count} documents after the restart, but ${seen} were committed before the kill`,
        );
        assert.equal(count % BATCH, 0, 'batches are committed whole');
        for (const i of [0, BATCH - 1, Math.floor(count / 2), count - 1]) {
          assert.equal(index.getDocument(`d${i}`).id, `d${i}`);
          assert.deepEqual(
            index.search({ q: `k${i}`, limit: 1 }).hits.map((h) => h.id),
            [`d${i}`],
            `k${i} is searchable`,
          );
        }
      } finally {
        engine.close();
      }
      // orphan temp files of a segment being written at the kill are gone after the restart
      assert.deepEqual(
        readdirSync(join(folder, 'segments')).filter((f) => !f.endsWith('.seg')),
        [],
      );
    } finally {
      dir.remove();
    }
  },
);
