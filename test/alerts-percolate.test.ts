// Percolation in process, against the engine's own search: the typo decisions that no longer build a search plan
// must fire exactly for what search returns, including when a word has more neighbours than search expands to.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { AlertService } from '../src/alerts/alert-service.ts';
import { openEngine, type Engine } from '../src/engine.ts';

const OWNER = { keyUid: null, ruleFilter: null, tenant: null, expiresAt: null };
const CHANNEL = { type: 'sse' } as const;
let dir: string;
let engine: Engine;
let db: Database.Database;
let alerts: AlertService;
let taskUid = 0;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kachi-alerts-percolate-'));
  engine = openEngine({ dbPath: join(dir, 'data') });
  db = new Database(join(dir, 'server.db'));
  alerts = new AlertService({ db, engine });
});
after(async () => {
  await alerts.stop();
  db.close();
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the documents as one task and returns the (alert, id) pairs its success notified. */
function write(documents: Array<{ id: number; title: string }>, indexUid = 'typos'): Set<string> {
  const index = engine.getIndex(indexUid);
  index.addDocuments(documents, { primaryKey: 'id', mode: 'replace' });
  const task = { uid: ++taskUid, type: 'documentAdditionOrUpdate', indexUid, params: {} };
  alerts.documentsWritten(indexUid, [{ taskUid: task.uid, documents }]);
  db.transaction(() => alerts.finishing(task, 'succeeded'))();
  alerts.finished(task);
  const rows = db
    .prepare(
      'SELECT o.alert_uid, p.payload FROM alert_outbox o JOIN alert_outbox_payloads p ON p.id = o.id WHERE p.payload LIKE ?',
    )
    .all(`%"taskUid":${task.uid},%`) as Array<{ alert_uid: string; payload: string }>;
  const out = new Set<string>();
  for (const row of rows)
    for (const hit of (JSON.parse(row.payload) as { hits: Array<{ id: number }> }).hits)
      out.add(`${row.alert_uid} ${hit.id}`);
  return out;
}

/** The (alert, id) pairs a search per alert returns among `ids`, run now. */
function searched(uids: Map<string, string>, ids: number[], indexUid = 'typos'): Set<string> {
  const out = new Set<string>();
  for (const [uid, q] of uids) {
    const response = engine
      .getIndex(indexUid)
      .search({ q, filter: `id IN [${ids.join(', ')}]`, matchingStrategy: 'all', limit: 100 });
    for (const hit of response.hits) out.add(`${uid} ${String(hit['id'])}`);
  }
  return out;
}

describe('typo alerts decided without a search plan', () => {
  it('fire exactly for what search returns, only for the best few neighbours of a rare word', () => {
    engine.createIndex('typos', { primaryKey: 'id' });
    engine.getIndex('typos').updateSettings({ filterableAttributes: ['id'] });
    // 검삭 is in no document: search expands it to its best four neighbours at one jamo, the most frequent first.
    const neighbours = ['검색', '검사', '검삯', '검식', '검속', '겸삭', '감삭'];
    const uids = new Map<string, string>();
    for (const q of ['검삭 ', '검삭 날씨 ', '검색 '])
      uids.set(alerts.create('typos', alertOf(q), OWNER).uid, q);
    let id = 0;
    const expected: Array<Set<string>> = [];
    const fired: Array<Set<string>> = [];
    // Earlier neighbours get more documents, so they lead the ranking; the later ones lose their place.
    for (const [rank, word] of neighbours.entries()) {
      const documents = Array.from({ length: neighbours.length - rank }, () => ({
        id: ++id,
        title: `${word} 날씨`,
      }));
      fired.push(write(documents));
      expected.push(
        searched(
          uids,
          documents.map((d) => d.id),
        ),
      );
    }
    assert.deepEqual(
      fired.map((s) => [...s].sort()),
      expected.map((s) => [...s].sort()),
    );
    const typoAlert = [...uids].find(([, q]) => q === '검삭 ')![0];
    const typoFired = fired.flatMap((s) => [...s].filter((pair) => pair.startsWith(typoAlert)));
    assert.ok(typoFired.length > 0, '검삭 finds its neighbours while they lead');
    assert.ok(
      !fired.at(-1)!.has(`${typoAlert} ${id}`),
      '감삭, the last and least frequent neighbour, is not among the four search expands to',
    );
  });
});

describe('rarity remembered between chunks', () => {
  it('a word stops getting typo variants once written twice, and gets them again when its documents go', () => {
    engine.createIndex('rarity', { primaryKey: 'id' });
    engine.getIndex('rarity').updateSettings({ filterableAttributes: ['id'] });
    const uids = new Map([[alerts.create('rarity', alertOf('검삭 '), OWNER).uid, '검삭 ']]);
    const steps: Array<[string, Array<{ id: number; title: string }>]> = [
      ['rare: 검색 is a typo variant', [{ id: 1, title: '검색 소식' }]],
      ['once', [{ id: 2, title: '검삭 소식' }]],
      ['twice: no longer rare', [{ id: 3, title: '검삭 일기' }]],
      ['not a variant now', [{ id: 4, title: '검색 일기' }]],
    ];
    const fired: string[] = [];
    for (const [step, documents] of steps) {
      const got = write(documents, 'rarity');
      assert.deepEqual(
        got,
        searched(
          uids,
          documents.map((d) => d.id),
          'rarity',
        ),
        step,
      );
      fired.push(...[...got].map((pair) => pair.split(' ')[1]!));
    }
    assert.deepEqual(fired, ['1', '2', '3'], '검색 fires while 검삭 is rare, not after');
    // Both 검삭 documents deleted, and enough of the index replaced that its segments are merged.
    engine.getIndex('rarity').deleteDocuments([2, 3]);
    for (let round = 0; round < 3; round++)
      write(
        Array.from({ length: 8 }, (_, i) => ({ id: 100 + i, title: `날씨 ${round}` })),
        'rarity',
      );
    const last = [{ id: 5, title: '검색 뉴스' }];
    assert.deepEqual(write(last, 'rarity'), searched(uids, [5], 'rarity'), 'after the deletions');
  });
});

function alertOf(q: string) {
  return {
    name: q.trim(),
    q,
    filter: null,
    matchingStrategy: 'all' as const,
    channel: CHANNEL,
    mode: 'instant' as const,
    schedule: null,
  };
}
