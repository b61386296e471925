// Server pieces that need no running server: options, CSV, actions, tenant tokens, task filters.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { actionGrants } from '../src/server/auth/actions.ts';
import { verifyTenantToken } from '../src/server/auth/tenant-token.ts';
import { parseCsvDocuments } from '../src/server/csv.ts';
import { resolveServerOptions } from '../src/server/options.ts';
import { parseTaskFilter } from '../src/server/tasks/task-filters.ts';
import { isoDuration } from '../src/server/tasks/task-types.ts';
import { KachiError } from '../src/errors.ts';

function sign(payload: object, key: string, alg = 'HS256'): string {
  const enc = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = `${enc({ alg, typ: 'JWT' })}.${enc(payload)}`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${head}.${createHmac(hash, key).update(head).digest('base64url')}`;
}

describe('server options', () => {
  it('defaults to 127.0.0.1:7700 and ./kachi-data', () => {
    const options = resolveServerOptions([], {});
    assert.equal(options.httpAddr, '127.0.0.1:7700');
    assert.equal(options.dbPath, './kachi-data');
    assert.equal(options.httpPayloadSizeLimit, 100_000_000);
  });
  it('reads flags over KACHI_* variables', () => {
    const options = resolveServerOptions(['--db-path=/tmp/a', '--http-payload-size-limit', '1 MiB'], {
      KACHI_DB_PATH: '/tmp/b',
      KACHI_MASTER_KEY: 'abc',
    });
    assert.equal(options.dbPath, '/tmp/a');
    assert.equal(options.masterKey, 'abc');
    assert.equal(options.httpPayloadSizeLimit, 1024 * 1024);
  });
  it('requires a master key of 16 bytes in production', () => {
    assert.throws(() => resolveServerOptions(['--env', 'production'], {}), /at least 16 bytes/);
    assert.throws(() => resolveServerOptions(['--env', 'production', '--master-key', 'short'], {}), /at least 16 bytes/);
    assert.equal(resolveServerOptions(['--env', 'production'], { KACHI_MASTER_KEY: '0123456789abcdef' }).env, 'production');
  });
  it('rejects unknown flags and bad addresses', () => {
    assert.throws(() => resolveServerOptions(['--nope'], {}), /Unknown flag/);
    assert.throws(() => resolveServerOptions(['--http-addr', 'localhost'], {}), /http-addr/);
  });
});

describe('CSV payloads', () => {
  it('types columns from `name:type` headers and turns empty cells into null', () => {
    const docs = parseCsvDocuments('id,title,price:number,ok:boolean\n1,"검색, 엔진",9.5,true\n2,"따옴표 ""안""",,false\n');
    assert.deepEqual(docs, [
      { id: '1', title: '검색, 엔진', price: 9.5, ok: true },
      { id: '2', title: '따옴표 "안"', price: null, ok: false },
    ]);
  });
  it('accepts another delimiter and CRLF lines', () => {
    assert.deepEqual(parseCsvDocuments('id;n:number\r\n1;2\r\n', ';'), [{ id: '1', n: 2 }]);
  });
  it('rejects a bad number and a ragged row as malformed_payload', () => {
    for (const text of ['id,n:number\n1,abc\n', 'id,a\n1,2,3\n', 'id\n"open']) {
      assert.throws(() => parseCsvDocuments(text), (error: unknown) => error instanceof KachiError && error.code === 'malformed_payload');
    }
  });
});

describe('key actions', () => {
  it('expands wildcards', () => {
    assert.ok(actionGrants(['documents.*'], 'documents.add'));
    assert.ok(!actionGrants(['documents.*'], 'search'));
    assert.ok(actionGrants(['*'], 'keys.create'));
    assert.ok(actionGrants(['*.get'], 'settings.get'));
    assert.ok(!actionGrants(['*.get'], 'settings.update'));
  });
});

describe('tenant tokens', () => {
  const key = 'a'.repeat(64);
  const claims = { apiKeyUid: '76cf8b87-fd12-4688-ad34-260d930ca4f4', searchRules: { books: { filter: 'genre = 소설' } } };
  it('verifies HS256/384/512 signatures', () => {
    for (const alg of ['HS256', 'HS384', 'HS512']) assert.deepEqual(verifyTenantToken(sign(claims, key, alg), key).searchRules, claims.searchRules);
  });
  it('rejects a wrong signature, an expired token and alg none', () => {
    assert.throws(() => verifyTenantToken(sign(claims, 'b'.repeat(64)), key), /invalid/);
    assert.throws(() => verifyTenantToken(sign({ ...claims, exp: 1000 }, key), key), /expired/);
    assert.throws(() => verifyTenantToken(sign(claims, key, 'none'), key), /decode/);
  });
});

describe('task filters', () => {
  it('parses lists, wildcards and dates', () => {
    const filter = parseTaskFilter({ statuses: 'failed,canceled', uids: '*', afterEnqueuedAt: '2024-01-01' }, []);
    assert.deepEqual(filter.statuses, ['failed', 'canceled']);
    assert.equal(filter.uids, undefined);
    assert.equal(filter.afterEnqueuedAt, Date.parse('2024-01-02T00:00:00Z') - 1);
  });
  it('names the bad parameter with its code', () => {
    const code = (params: Record<string, string>): string => {
      try {
        parseTaskFilter(params, []);
        return 'none';
      } catch (error) {
        return (error as KachiError).code;
      }
    };
    assert.equal(code({ statuses: 'done' }), 'invalid_task_statuses');
    assert.equal(code({ types: 'x' }), 'invalid_task_types');
    assert.equal(code({ uids: '-1' }), 'invalid_task_uids');
    assert.equal(code({ beforeStartedAt: 'yesterday' }), 'invalid_task_before_started_at');
    assert.equal(code({ indexUids: 'bad uid' }), 'invalid_index_uid');
    assert.equal(code({ foo: '1' }), 'bad_request');
  });
  it('prints durations in ISO 8601', () => {
    assert.equal(isoDuration(1234), 'PT1.234S');
    assert.equal(isoDuration(0), 'PT0S');
  });
});
