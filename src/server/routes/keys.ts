// /keys: list, get (by uid or key), create, update name/description, delete. Master key only (or keys.* actions).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { KachiError, type ErrorCode } from '../../errors.ts';
import { ACTIONS, isAction } from '../auth/actions.ts';
import type { ApiKey, KeyStore } from '../auth/key-store.ts';
import { readJsonBody } from '../body.ts';
import { isValidIndexPattern } from '../index-uid.ts';
import { paramCount, queryParams, rejectUnknownParams } from '../query-params.ts';
import { pathParam } from '../route-helpers.ts';
import { at, expectObject, missingField, rejectUnknownFields, typeError, unknownValueError, valueError, type JsonObject } from '../validate.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function optionalText(body: JsonObject, field: 'name' | 'description'): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw typeError(`invalid_api_key_${field}`, `.${field}`, 'a string', value);
  return value;
}

/** RFC 3339, `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DD HH:MM:SS` (UTC), strictly in the future. */
function readExpiresAt(value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw typeError('invalid_api_key_expires_at', '.expiresAt', 'a string', value);
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const local = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}$/.test(value);
  const rfc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value);
  const ms = bare ? Date.parse(`${value}T00:00:00Z`) : local ? Date.parse(`${value.replace(' ', 'T')}Z`) : rfc ? Date.parse(value) : NaN;
  if (Number.isNaN(ms) || ms <= Date.now())
    throw valueError(
      'invalid_api_key_expires_at',
      '.expiresAt',
      `\`${value}\` is not a valid date. It should follow the RFC 3339 format to represents a date or datetime in the future or specified as a null value. e.g. 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'.`,
    );
  return ms;
}

function readList(body: JsonObject, field: 'actions' | 'indexes'): string[] {
  const code: ErrorCode = `invalid_api_key_${field}`;
  const value = body[field];
  if (value === undefined) throw missingField(`missing_api_key_${field}`, field);
  if (!Array.isArray(value)) throw typeError(code, `.${field}`, 'an array', value);
  return value.map((item, i) => {
    if (typeof item !== 'string') throw typeError(code, at(`.${field}`, i), 'a string', item);
    if (field === 'actions' && !isAction(item)) throw unknownValueError(code, at(`.${field}`, i), item, ACTIONS);
    if (field === 'indexes' && !isValidIndexPattern(item))
      throw valueError(
        code,
        at(`.${field}`, i),
        `\`${item}\` is not a valid index uid pattern. Index uid patterns can be an integer or a string containing only alphanumeric characters, hyphens (-), underscores (_), and optionally end with a star (*).`,
      );
    return item;
  });
}

function findKey(keys: KeyStore, uidOrKey: string): ApiKey {
  const key = keys.find(uidOrKey);
  if (key === undefined) throw new KachiError('api_key_not_found', `API key \`${uidOrKey}\` not found.`);
  return key;
}

export function registerKeyRoutes(app: FastifyInstance): void {
  app.get('/keys', { config: { action: 'keys.get' } }, async (request) => {
    const { keys } = request.ctx;
    const params = queryParams(request);
    rejectUnknownParams(params, ['offset', 'limit']);
    const offset = paramCount(params, 'offset', 'invalid_api_key_offset') ?? 0;
    const limit = paramCount(params, 'limit', 'invalid_api_key_limit') ?? 20;
    const all = keys.list();
    return { results: all.slice(offset, offset + limit).map((key) => keys.view(key)), offset, limit, total: all.length };
  });

  app.get('/keys/:key', { config: { action: 'keys.get' } }, async (request) =>
    request.ctx.keys.view(findKey(request.ctx.keys, pathParam(request, 'key'))),
  );

  app.post('/keys', { config: { action: 'keys.create' } }, async (request, reply) => {
    const { keys } = request.ctx;
    const body = expectObject(readJsonBody(request));
    rejectUnknownFields(body, ['description', 'name', 'uid', 'actions', 'indexes', 'expiresAt']);
    const uid = body.uid === undefined || body.uid === null ? randomUUID() : body.uid;
    if (typeof uid !== 'string') throw typeError('invalid_api_key_uid', '.uid', 'a string', uid);
    if (!UUID_V4.test(uid)) throw valueError('invalid_api_key_uid', '.uid', `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${uid}\``);
    const name = optionalText(body, 'name');
    const description = optionalText(body, 'description');
    const actions = readList(body, 'actions');
    const indexes = readList(body, 'indexes');
    if (!('expiresAt' in body)) throw missingField('missing_api_key_expires_at', 'expiresAt');
    const expiresAt = readExpiresAt(body.expiresAt);
    if (keys.getByUid(uid.toLowerCase()) !== undefined)
      throw new KachiError('api_key_already_exists', `\`uid\` field value \`${uid}\` is already an existing API key.`);
    const now = Date.now();
    const key = keys.put({ uid: uid.toLowerCase(), name, description, actions, indexes, expiresAt, createdAt: now, updatedAt: now });
    return reply.code(201).send(keys.view(key));
  });

  app.patch('/keys/:key', { config: { action: 'keys.update' } }, async (request) => {
    const { keys } = request.ctx;
    const key = findKey(keys, pathParam(request, 'key'));
    const body = expectObject(readJsonBody(request));
    const immutable: Record<string, ErrorCode> = {
      uid: 'immutable_api_key_uid',
      actions: 'immutable_api_key_actions',
      indexes: 'immutable_api_key_indexes',
      expiresAt: 'immutable_api_key_expires_at',
      createdAt: 'immutable_api_key_created_at',
      updatedAt: 'immutable_api_key_updated_at',
    };
    for (const field of Object.keys(body)) {
      const code = immutable[field];
      if (code !== undefined) throw new KachiError(code, `Immutable field \`${field}\`: expected one of \`description\`, \`name\``);
    }
    rejectUnknownFields(body, ['description', 'name']);
    const updated: ApiKey = { ...key, updatedAt: Date.now() };
    if ('name' in body) updated.name = optionalText(body, 'name');
    if ('description' in body) updated.description = optionalText(body, 'description');
    return keys.view(keys.put(updated));
  });

  app.delete('/keys/:key', { config: { action: 'keys.delete' } }, async (request, reply) => {
    const { keys } = request.ctx;
    keys.delete(findKey(keys, pathParam(request, 'key')).uid);
    return reply.code(204).send();
  });
}
