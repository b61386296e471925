// Restarts on the same data folder: interrupted tasks run again, task uids continue, key values stay stable.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startTestServer } from './helpers/server.ts';

const dbPath = mkdtempSync(join(tmpdir(), 'kachi-restart-'));
const MASTER = 'restart-master-key-0123456789';

after(() => rmSync(dbPath, { recursive: true, force: true }));

describe('restarting the server', () => {
  it('runs a batch interrupted by shutdown again, and keeps counting task uids', async () => {
    const first = await startTestServer({ dbPath, masterKey: MASTER });
    const docs = Array.from({ length: 4000 }, (_, i) => ({ id: i, text: `까치 소식 ${i}` }));
    const big = await first.client.index('news').addDocuments(docs);
    const small = await first.client.index('news').addDocuments([{ id: 'last', text: '마지막' }]);
    for (let i = 0; i < 500; i++) {
      const task = await first.client.tasks.getTask(big.taskUid);
      if (task.status !== 'enqueued') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await first.close();

    const second = await startTestServer({ dbPath, masterKey: MASTER });
    try {
      const done = await second.client.tasks.waitForTasks([big, small], { timeout: 120_000 });
      assert.deepEqual(done.map((task) => task.status), ['succeeded', 'succeeded']);
      assert.equal((await second.client.index('news').getStats()).numberOfDocuments, 4001);
      const next = await second.client.createIndex('other');
      assert.ok(next.taskUid > small.taskUid, 'task uids are never reused');
    } finally {
      await second.close();
    }
  });

  it('derives the same key values after a restart, and none under another master key', async () => {
    const first = await startTestServer({ dbPath, masterKey: MASTER });
    const created = await first.client.createKey({ actions: ['search'], indexes: ['news'], expiresAt: null });
    await first.close();
    const again = await startTestServer({ dbPath, masterKey: MASTER });
    try {
      assert.equal((await again.client.getKey(created.uid)).key, created.key);
      assert.equal((await again.request('POST', '/indexes/news/search', { key: created.key, body: '{}' })).status, 200);
    } finally {
      await again.close();
    }
    const rotated = await startTestServer({ dbPath, masterKey: `${MASTER}-rotated` });
    try {
      assert.equal((await rotated.request('POST', '/indexes/news/search', { key: created.key, body: '{}' })).status, 403);
      assert.notEqual((await rotated.client.getKey(created.uid)).key, created.key);
    } finally {
      await rotated.close();
    }
  });
});
