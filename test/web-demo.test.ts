// The sample index (Kachi's own Korean user guide): its documents, `kachi demo` into a folder or a running server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoCommand } from '../src/cli/demo-command.ts';
import { DEMO_DOCUMENTS, DEMO_INDEX_UID, DEMO_SETTINGS } from '../src/demo/kachi-guide.ts';
import { loadDemoIntoEngine } from '../src/demo/load-demo.ts';
import { openEngine } from '../src/engine.ts';
import { startTestServer } from './helpers/server.ts';
import { tempDir, withEngine } from './helpers/temp-engine.ts';

/** Runs `body` with console.log silenced (the command prints a summary), returning what it printed. */
async function quietly(body: () => Promise<number>): Promise<{ code: number; printed: string }> {
  const log = console.log;
  let printed = '';
  console.log = (...args: unknown[]) => void (printed += `${args.join(' ')}\n`);
  try {
    return { code: await body(), printed };
  } finally {
    console.log = log;
  }
}

describe('the guide documents', () => {
  it('have unique URL-safe ids, a chapter, a title, a body and their place in the guide', () => {
    const ids = DEMO_DOCUMENTS.map((doc) => doc.id);
    assert.equal(new Set(ids).size, ids.length);
    DEMO_DOCUMENTS.forEach((doc, i) => {
      assert.match(doc.id, /^[a-z0-9-]+$/);
      assert.ok(doc.title && doc.chapter && doc.body.length > 80, doc.id);
      assert.equal(doc.order, i + 1);
    });
    for (const field of [
      ...(DEMO_SETTINGS.filterableAttributes ?? []),
      ...(DEMO_SETTINGS.sortableAttributes ?? []),
    ])
      assert.ok(
        DEMO_DOCUMENTS.every((doc) => field in doc),
        field,
      );
  });

  it('never contain the demo queries typed in the wrong layout or with a typo', () => {
    // The search page suggests `rjator` and `검샥`: if the guide held those strings literally, they would match
    // themselves and hide what the demo is for (rjator → 검색, 검샥 → 검색).
    for (const doc of DEMO_DOCUMENTS) assert.doesNotMatch(JSON.stringify(doc), /rjator|검샥/, doc.id);
  });
});

describe('loading the guide', () => {
  it('into an engine: ㄱㅅㅇㅈ finds the page about 검색엔진, rjator finds 검색', async () => {
    await withEngine((engine) => {
      assert.deepEqual(loadDemoIntoEngine(engine), {
        indexUid: DEMO_INDEX_UID,
        documents: DEMO_DOCUMENTS.length,
      });
      assert.equal(
        loadDemoIntoEngine(engine).documents,
        DEMO_DOCUMENTS.length,
        'loading twice replaces, never duplicates',
      );
      const index = engine.getIndex(DEMO_INDEX_UID);
      assert.equal(index.stats().numberOfDocuments, DEMO_DOCUMENTS.length);
      const chosung = index.search({ q: 'ㄱㅅㅇㅈ', attributesToHighlight: ['title', 'body'] });
      assert.ok(
        chosung.hits.slice(0, 3).some((hit) => String(hit.title).includes('검색엔진')),
        JSON.stringify(chosung.hits.map((h) => h.title)),
      );
      const layout = index.search({ q: 'rjator', attributesToHighlight: ['body'] });
      assert.ok(layout.hits.length > 3);
      assert.match(JSON.stringify(layout.hits[0]?._formatted), /<em>검색/);
    });
  });

  it('`kachi demo` writes into the data folder when no server answers', async () => {
    const dir = tempDir();
    const saved = process.env.KACHI_HTTP_ADDR;
    process.env.KACHI_HTTP_ADDR = '127.0.0.1:9'; // the discard port: nothing answers there
    try {
      const { code, printed } = await quietly(() => demoCommand(['--db-path', dir.path]));
      assert.equal(code, 0);
      assert.match(printed, new RegExp(`into '${DEMO_INDEX_UID}' \\(${dir.path}\\)`));
      const engine = openEngine({ dbPath: dir.path });
      assert.equal(engine.getIndex(DEMO_INDEX_UID).stats().numberOfDocuments, DEMO_DOCUMENTS.length);
      engine.close();
    } finally {
      if (saved === undefined) delete process.env.KACHI_HTTP_ADDR;
      else process.env.KACHI_HTTP_ADDR = saved;
      dir.remove();
    }
  });

  it('`kachi demo` goes through a running server’s API, with its key', async () => {
    const t = await startTestServer({ masterKey: 'demo-test-master-key-123' });
    try {
      const refused = await quietly(() => demoCommand(['--url', t.url, '--api-key', 'wrong']).catch(() => 1));
      assert.equal(refused.code, 1);
      const { code, printed } = await quietly(() =>
        demoCommand(['--url', t.url, '--api-key', 'demo-test-master-key-123']),
      );
      assert.equal(code, 0);
      assert.match(printed, /the server at http:\/\/127\.0\.0\.1:\d+/);
      const stats = await t.client.index(DEMO_INDEX_UID).getStats();
      assert.equal(stats.numberOfDocuments, DEMO_DOCUMENTS.length);
      const settings = await t.client.index(DEMO_INDEX_UID).getSettings();
      assert.deepEqual(settings.filterableAttributes, DEMO_SETTINGS.filterableAttributes);
    } finally {
      await t.close();
    }
  });
});
