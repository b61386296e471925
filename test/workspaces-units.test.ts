// Workspace parts on their own: the token bucket (fake clock), indexing turns, limits, sealed secrets and the
// archive reader's checks.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { KachiError } from '../src/errors.ts';
import { readArchive } from '../src/server/dumps/archive.ts';
import { IndexingTurns } from '../src/server/workspaces/indexing-turns.ts';
import { readLimits, UNLIMITED } from '../src/server/workspaces/limits.ts';
import { KEY_COST, openSealedSecret, sealSecret } from '../src/server/workspaces/secret-seal.ts';
import { TokenBucket } from '../src/server/workspaces/token-bucket.ts';

const tmp = mkdtempSync(join(tmpdir(), 'kachi-ws-units-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('token bucket', () => {
  it('passes a burst of `capacity`, then one token per 1/rate seconds, and says how long to wait', () => {
    const bucket = new TokenBucket(2, 2, 0);
    assert.equal(bucket.take(1, 0), 0);
    assert.equal(bucket.take(1, 0), 0);
    assert.equal(bucket.take(1, 0), 1, 'empty: one token comes in half a second, rounded up to 1 s');
    assert.equal(bucket.take(1, 500), 0, 'half a second later one token is back');
    assert.equal(bucket.take(3, 10_000), Infinity, 'more than the capacity never passes');
    assert.equal(bucket.take(2, 10_000), 0, 'a refusal takes nothing');
  });
});

describe('indexing turns', () => {
  it('runs one piece of work at a time, in arrival order, with a loop turn for others in between', async () => {
    const turns = new IndexingTurns();
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`${name} end`);
    };
    const io = new Promise<void>((resolve) => setImmediate(() => (log.push('request'), resolve())));
    await Promise.all([turns.run(work('a')), turns.run(work('b')), turns.run(work('c')), io]);
    assert.deepEqual(log.filter((line) => line !== 'request'), ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    assert.ok(log.indexOf('request') < log.indexOf('b start'), 'the request ran before the second piece of work');
    assert.equal(turns.waiting, 0);
  });

  it('passes the turn on when a piece of work throws', async () => {
    const turns = new IndexingTurns();
    await assert.rejects(turns.run(async () => Promise.reject(new Error('boom'))));
    assert.equal(await turns.run(async () => 'next'), 'next');
  });
});

describe('limits', () => {
  it('merges a partial update over the current limits; null lifts a limit', () => {
    const limits = readLimits({ maxDocuments: 10, searchesPerSecond: 2.5 });
    assert.deepEqual(readLimits({ maxDocuments: null }, limits), { ...UNLIMITED, searchesPerSecond: 2.5 });
    for (const bad of [{ maxDocuments: 0 }, { maxDocuments: '10' }, { other: 1 }, [1]])
      assert.throws(() => readLimits(bad), (error: unknown) => error instanceof KachiError && error.code === 'invalid_workspace_limits');
  });
});

describe('sealed secrets', () => {
  it('opens with the passphrase only', () => {
    const sealed = sealSecret('s3cret', '올바른 암호문장', KEY_COST);
    assert.equal(openSealedSecret(sealed, '올바른 암호문장'), 's3cret');
    assert.ok(!JSON.stringify(sealed).includes('s3cret'));
    assert.throws(() => openSealedSecret(sealed, '틀린 암호문장'), (error: unknown) => error instanceof KachiError && error.code === 'invalid_archive_passphrase');
    assert.throws(() => openSealedSecret({ ...sealed, n: '3' }, '올바른 암호문장'), (error: unknown) => error instanceof KachiError && error.code === 'invalid_archive');
  });
});

describe('archive reader', () => {
  const header = JSON.stringify({ kind: 'header', format: 'kachi-dump', version: 2, scope: 'server', dumpUid: 'x', createdAt: '2025-01-01T00:00:00Z' });
  const lines = [header, JSON.stringify({ kind: 'index', uid: 'docs', primaryKey: 'id', settings: {} }), JSON.stringify({ kind: 'documents', indexUid: 'docs', documents: [{ id: 1 }] })];

  async function read(text: string): Promise<string[]> {
    const file = join(tmp, `${Math.random()}.kachi`);
    writeFileSync(file, text);
    const kinds: string[] = [];
    for await (const line of readArchive(file)) kinds.push(line.kind);
    return kinds;
  }

  function withEnd(body: string[], change: Partial<{ lines: number; sha256: string; documents: Record<string, number> }> = {}): string {
    const text = body.map((line) => `${line}\n`).join('');
    const end = { kind: 'end', lines: body.length, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex'), documents: { docs: 1 }, ...change };
    return `${text}${JSON.stringify(end)}\n`;
  }

  const invalid = (error: unknown) => error instanceof KachiError && error.code === 'invalid_archive';

  it('reads a whole archive', async () => {
    assert.deepEqual(await read(withEnd(lines)), ['header', 'index', 'documents']);
  });

  it('refuses a missing end line, a wrong checksum, a wrong count, lines after the end', async () => {
    await assert.rejects(read(lines.map((line) => `${line}\n`).join('')), invalid);
    await assert.rejects(read(withEnd(lines, { sha256: '0'.repeat(64) })), invalid);
    await assert.rejects(read(withEnd(lines, { documents: { docs: 2 } })), invalid);
    await assert.rejects(read(`${withEnd(lines)}${lines[1]}\n`), invalid);
    await assert.rejects(read(withEnd(lines).slice(0, -40)), invalid);
  });

  it('still reads version 1 dumps, which have no end line', async () => {
    const v1 = [JSON.stringify({ kind: 'header', format: 'kachi-dump', version: 1, dumpUid: 'x', createdAt: '' }), lines[1]];
    assert.deepEqual(await read(v1.map((line) => `${line}\n`).join('')), ['header', 'index']);
  });
});
