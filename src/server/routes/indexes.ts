// /indexes and /swap-indexes: create, list, get, update the primary key, delete, swap.
import type { FastifyInstance } from 'fastify';
import type { IndexInfo } from '../../engine-types.ts';
import { KachiError } from '../../errors.ts';
import { isIndexAllowed } from '../auth/authorize.ts';
import { readJsonBody } from '../body.ts';
import { invalidIndexUidMessage, isValidIndexUid } from '../index-uid.ts';
import { paramCount, queryParams, rejectUnknownParams } from '../query-params.ts';
import { customMetadata, enqueue, indexUidParam, requireIndex } from '../route-helpers.ts';
import { at, expectObject, missingField, rejectUnknownFields, typeError, valueError, type JsonObject } from '../validate.ts';

function indexView(info: IndexInfo): IndexInfo {
  return { uid: info.uid, primaryKey: info.primaryKey, createdAt: info.createdAt, updatedAt: info.updatedAt };
}

function readPrimaryKey(body: JsonObject): string | null | undefined {
  const value = body.primaryKey;
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw typeError('invalid_index_primary_key', '.primaryKey', 'a string', value);
}

export function registerIndexRoutes(app: FastifyInstance): void {
  app.get('/indexes', { config: { action: 'indexes.get' } }, async (request) => {
    const params = queryParams(request);
    rejectUnknownParams(params, ['offset', 'limit']);
    const offset = paramCount(params, 'offset', 'invalid_index_offset') ?? 0;
    const limit = paramCount(params, 'limit', 'invalid_index_limit') ?? 20;
    const all = request.ctx.engine
      .listIndexes()
      .filter((info) => isIndexAllowed(request.auth, info.uid))
      .sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
    return { results: all.slice(offset, offset + limit).map(indexView), offset, limit, total: all.length };
  });

  app.post('/indexes', { config: { action: 'indexes.create' } }, async (request, reply) => {
    const body = expectObject(readJsonBody(request));
    rejectUnknownFields(body, ['uid', 'primaryKey']);
    if (body.uid === undefined) throw missingField('missing_index_uid', 'uid');
    if (typeof body.uid !== 'string') throw typeError('invalid_index_uid', '.uid', 'a string', body.uid);
    if (!isValidIndexUid(body.uid)) throw valueError('invalid_index_uid', '.uid', invalidIndexUidMessage(body.uid));
    if (!isIndexAllowed(request.auth, body.uid))
      throw new KachiError('invalid_api_key', 'The provided API key is invalid.');
    const primaryKey = readPrimaryKey(body) ?? null;
    return enqueue(request.ctx, reply, {
      type: 'indexCreation',
      indexUid: body.uid,
      details: { primaryKey },
      params: { primaryKey },
      customMetadata: customMetadata(queryParams(request)),
    });
  });

  app.get('/indexes/:indexUid', { config: { action: 'indexes.get' } }, async (request) => {
    return indexView(requireIndex(request.ctx, indexUidParam(request)).info());
  });

  app.patch('/indexes/:indexUid', { config: { action: 'indexes.update' } }, async (request, reply) => {
    const uid = indexUidParam(request);
    const body = expectObject(readJsonBody(request));
    const immutable: Record<string, 'immutable_index_uid' | 'immutable_index_created_at' | 'immutable_index_updated_at'> = {
      uid: 'immutable_index_uid',
      createdAt: 'immutable_index_created_at',
      updatedAt: 'immutable_index_updated_at',
    };
    for (const field of Object.keys(body)) {
      const code = immutable[field];
      if (code !== undefined) throw new KachiError(code, `Immutable field \`${field}\`: expected one of \`primaryKey\``);
    }
    rejectUnknownFields(body, ['primaryKey']);
    const primaryKey = readPrimaryKey(body) ?? null;
    return enqueue(request.ctx, reply, {
      type: 'indexUpdate',
      indexUid: uid,
      details: { primaryKey },
      params: { primaryKey },
      customMetadata: customMetadata(queryParams(request)),
    });
  });

  app.delete('/indexes/:indexUid', { config: { action: 'indexes.delete' } }, async (request, reply) => {
    const uid = indexUidParam(request);
    return enqueue(request.ctx, reply, {
      type: 'indexDeletion',
      indexUid: uid,
      details: { deletedDocuments: null },
      params: {},
      customMetadata: customMetadata(queryParams(request)),
    });
  });

  app.post('/swap-indexes', { config: { action: 'indexes.swap' } }, async (request, reply) => {
    const swaps = readSwaps(readJsonBody(request));
    for (const uid of swaps.flat())
      if (!isIndexAllowed(request.auth, uid)) throw new KachiError('invalid_api_key', 'The provided API key is invalid.');
    return enqueue(request.ctx, reply, {
      type: 'indexSwap',
      indexUid: null,
      details: { swaps: swaps.map((pair) => ({ indexes: pair, rename: false })) },
      params: { swaps, otherIndexUids: swaps.flat() },
      customMetadata: customMetadata(queryParams(request)),
    });
  });
}

/** `[{indexes: ['a', 'b']}, …]` → pairs; each index may appear once. */
function readSwaps(body: unknown): Array<[string, string]> {
  if (!Array.isArray(body)) throw typeError('bad_request', '', 'an array', body);
  const seen = new Set<string>();
  return body.map((item: unknown, i) => {
    const path = at('', i);
    const swap = expectObject(item, 'bad_request', path);
    rejectUnknownFields(swap, ['indexes', 'rename'], path);
    if (swap.rename !== undefined && swap.rename !== false)
      throw valueError('bad_request', `${path}.rename`, 'renaming indexes is not supported by Kachi; use `false`');
    const indexes = swap.indexes;
    if (indexes === undefined) throw missingField('missing_swap_indexes', 'indexes', path);
    if (!Array.isArray(indexes) || indexes.length !== 2 || !indexes.every((uid) => typeof uid === 'string'))
      throw valueError('invalid_swap_indexes', `${path}.indexes`, 'the list must contain exactly two index uids');
    const pair = indexes as [string, string];
    for (const uid of pair) {
      if (!isValidIndexUid(uid)) throw valueError('invalid_index_uid', `${path}.indexes`, invalidIndexUidMessage(uid));
      if (seen.has(uid))
        throw new KachiError(
          'invalid_swap_duplicate_index_found',
          `Indexes must be declared only once during a swap. \`${uid}\` was specified several times.`,
        );
      seen.add(uid);
    }
    return pair;
  });
}
