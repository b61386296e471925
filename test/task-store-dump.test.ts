// A dump reads the finished tasks while requests keep recording new ones on the same SQLite connection.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TaskStore } from '../src/server/tasks/task-store.ts';
import type { TaskRow } from '../src/server/tasks/task-types.ts';
import { openSqlite } from '../src/store/sqlite.ts';

test('finished tasks are read in order while new tasks are recorded between them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kachi-task-dump-'));
  const db = openSqlite(join(dir, 'server.db'));
  try {
    const store = new TaskStore(db);
    const finished: TaskRow[] = Array.from({ length: 1234 }, (_, uid) => ({
      uid,
      batchUid: uid,
      indexUid: '문서',
      status: uid % 10 === 0 ? 'failed' : 'succeeded',
      type: 'documentAdditionOrUpdate',
      canceledBy: null,
      details: { receivedDocuments: 1 },
      error: null,
      params: {},
      customMetadata: null,
      enqueuedAt: 1_000 + uid,
      startedAt: 1_000 + uid,
      finishedAt: 1_001 + uid,
    }));
    store.importFinished(finished);
    const seen: number[] = [];
    for (const task of store.finishedTasks()) {
      seen.push(task.uid);
      // what a request does while the dump awaits its write: an open statement iterator would make this throw
      if (seen.length % 400 === 1) store.enqueue({ type: 'documentAdditionOrUpdate', indexUid: '문서', details: null, params: {} });
    }
    assert.deepEqual(seen, finished.map((t) => t.uid), 'every finished task once, oldest first, none of the new ones');
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
