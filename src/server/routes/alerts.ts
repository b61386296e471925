// Alerts (깨비): `GET/POST /indexes/:uid/alerts`, `GET/PATCH/DELETE /indexes/:uid/alerts/:alertUid`, its deliveries
// and dead letters, and the live stream `GET /alerts/stream?alerts=…`.
//
// Every route authenticates as a search (so a tenant token works, and its rules bound what the alert sees) and
// then needs the `alerts.*` action of the key behind the request: a search key alone cannot save alerts.
import { createHash, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isBlockedAddress } from '../../ingest/crawl/address-guard.ts';
import { checkSchedule } from '../../alerts/schedule.ts';
import { formatEvent } from '../../alerts/sse-hub.ts';
import type {
  Alert,
  AlertChannel,
  AlertDefinition,
  AlertOwner,
  AlertSchedule,
  OutboxEntry,
} from '../../alerts/types.ts';
import { WEEKDAYS } from '../../alerts/types.ts';
import { KachiError } from '../../errors.ts';
import type { MatchingStrategy } from '../../search-types.ts';
import { actionGrants, type RouteAction } from '../auth/actions.ts';
import type { ApiKey } from '../auth/key-store.ts';
import { isIndexAllowed } from '../auth/authorize.ts';
import { peekTenantToken } from '../auth/tenant-token.ts';
import { readJsonBody } from '../body.ts';
import type { ServerContext } from '../context.ts';
import { paramCount, paramList, queryParams, rejectUnknownParams } from '../query-params.ts';
import { indexUidParam, pathParam, requireIndex } from '../route-helpers.ts';
import { ruleFilterFor } from '../search/run-search.ts';
import { readFilter } from '../search/search-params.ts';
import {
  expectObject,
  missingField,
  rejectUnknownFields,
  typeError,
  unknownValueError,
  valueError,
  type JsonObject,
} from '../validate.ts';

const FIELDS = ['name', 'q', 'filter', 'matchingStrategy', 'channel', 'mode', 'schedule'] as const;
const IMMUTABLE = ['uid', 'indexUid', 'createdAt', 'updatedAt', 'nextDigestAt'];
const STRATEGIES: readonly MatchingStrategy[] = ['last', 'all', 'frequency'];
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/;
const MAX_STREAM_ALERTS = 100;

// ---- who is asking --------------------------------------------------------------------------------------

/** The API key behind the request (the tenant token's parent key), or null for the master key / an open server. */
function requestKey(request: FastifyRequest): { key: ApiKey | null; tokenExp: number | null } {
  const { options, keys } = request.ctx;
  const token = request.headers.authorization?.slice('Bearer'.length).trim() ?? '';
  if (options.masterKey === null || token === options.masterKey) return { key: null, tokenExp: null };
  const claims = peekTenantToken(token);
  const key = claims === undefined ? keys.getByValue(token) : keys.getByUid(claims.apiKeyUid);
  if (key === undefined) throw new KachiError('invalid_api_key', 'The provided API key is invalid.');
  return { key, tokenExp: typeof claims?.exp === 'number' ? claims.exp * 1000 : null };
}

/** Throws 403 unless the key behind the request grants `action` (the master key grants everything). */
function requireAlertAction(request: FastifyRequest, action: RouteAction): ApiKey | null {
  const { key } = requestKey(request);
  if (key !== null && !actionGrants(key.actions, action))
    throw new KachiError('invalid_api_key', 'The provided API key is invalid.');
  return key;
}

/** A tenant token's identity: its parent key and rules. Requests with other rules do not see its alerts. */
function tenantOf(request: FastifyRequest): string | null {
  const rules = request.auth.searchRules;
  if (rules === null) return null;
  const { key } = requestKey(request);
  return createHash('sha256')
    .update(`${key?.uid ?? ''}\u0000${JSON.stringify(rules)}`)
    .digest('base64url');
}

function ownerOf(request: FastifyRequest, indexUid: string): AlertOwner {
  const { key, tokenExp } = requestKey(request);
  const limits = [key?.expiresAt ?? null, tokenExp].filter((t): t is number => t !== null);
  return {
    keyUid: key?.uid ?? null,
    ruleFilter: ruleFilterFor(request.auth, indexUid),
    tenant: tenantOf(request),
    expiresAt: limits.length === 0 ? null : Math.min(...limits),
  };
}

function visible(request: FastifyRequest, alert: Alert): boolean {
  if (!isIndexAllowed(request.auth, alert.indexUid)) return false;
  const tenant = tenantOf(request);
  return tenant === null || alert.owner.tenant === tenant;
}

function alertNotFound(uid: string): KachiError {
  return new KachiError('alert_not_found', `Alert \`${uid}\` not found.`);
}

/** The alert of the path, on the path's index, if the caller may see it. */
function findAlert(request: FastifyRequest): Alert {
  const indexUid = indexUidParam(request);
  const uid = pathParam(request, 'alertUid');
  const alert = request.ctx.alerts.get(uid);
  if (alert === undefined || alert.indexUid !== indexUid || !visible(request, alert))
    throw alertNotFound(uid);
  return alert;
}

// ---- bodies ---------------------------------------------------------------------------------------------

function readText(body: JsonObject, field: 'name' | 'q', max: number): string {
  const value = body[field];
  if (typeof value !== 'string') throw typeError(`invalid_alert_${field}`, `.${field}`, 'a string', value);
  if (field === 'name' && value.trim() === '')
    throw valueError('invalid_alert_name', '.name', 'an alert needs a name, such as `학교 소식`.');
  if (value.length > max)
    throw valueError(`invalid_alert_${field}`, `.${field}`, `at most ${max} characters are accepted.`);
  return value;
}

function readChannel(value: unknown, ctx: ServerContext): AlertChannel {
  const channel = expectObject(value, 'invalid_alert_channel', '.channel');
  const type = channel.type;
  if (type !== 'webhook' && type !== 'sse' && type !== 'email')
    throw typeof type === 'string'
      ? unknownValueError('invalid_alert_channel', '.channel.type', type, ['webhook', 'sse', 'email'])
      : missingField('invalid_alert_channel', 'type', '.channel');
  if (type === 'sse') {
    rejectUnknownFields(channel, ['type'], '.channel', () => 'invalid_alert_channel');
    return { type };
  }
  if (type === 'email') {
    rejectUnknownFields(channel, ['type', 'to'], '.channel', () => 'invalid_alert_channel');
    if (!ctx.alerts.hasMailer)
      throw valueError(
        'invalid_alert_channel',
        '.channel',
        'email alerts need an SMTP server: start Kachi with `--smtp-url` (or KACHI_SMTP_URL).',
      );
    const list = typeof channel.to === 'string' ? [channel.to] : channel.to;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.length > 20 ||
      !list.every((to) => typeof to === 'string' && EMAIL.test(to))
    )
      throw valueError(
        'invalid_alert_channel',
        '.channel.to',
        'expected an email address or a list of 1 to 20, such as `["ops@example.com"]`.',
      );
    return { type, to: list as string[] };
  }
  rejectUnknownFields(channel, ['type', 'url', 'secret'], '.channel', () => 'invalid_alert_channel');
  let url: URL;
  try {
    url = new URL(String(channel.url));
  } catch {
    throw valueError(
      'invalid_alert_channel',
      '.channel.url',
      `expected an http(s) URL, not \`${String(channel.url)}\`.`,
    );
  }
  if (typeof channel.url !== 'string' || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw valueError(
      'invalid_alert_channel',
      '.channel.url',
      `expected an http(s) URL, not \`${String(channel.url)}\`.`,
    );
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (
    !ctx.options.alertsAllowPrivateWebhooks &&
    (host === 'localhost' || (isIP(host) !== 0 && isBlockedAddress(host)))
  )
    throw valueError(
      'invalid_alert_channel',
      '.channel.url',
      `\`${host}\` is a private or loopback address; start Kachi with \`--alerts-allow-private-webhooks\` to allow it.`,
    );
  const secret = channel.secret ?? `whsec_${randomBytes(24).toString('hex')}`;
  if (typeof secret !== 'string' || secret.length < 16)
    throw valueError(
      'invalid_alert_channel',
      '.channel.secret',
      'the signing secret must be a string of at least 16 characters (omit it to get a generated one).',
    );
  return { type, url: url.href, secret };
}

function readSchedule(value: unknown): AlertSchedule {
  const object = expectObject(value, 'invalid_alert_schedule', '.schedule');
  const fail = (why: string) => valueError('invalid_alert_schedule', '.schedule', why);
  if (object.timeZone !== undefined && typeof object.timeZone !== 'string')
    throw typeError('invalid_alert_schedule', '.schedule.timeZone', 'a string', object.timeZone);
  const shape = (allowed: string[]) =>
    rejectUnknownFields(object, [...allowed, 'timeZone'], '.schedule', () => 'invalid_alert_schedule');
  let schedule: AlertSchedule;
  if ('cron' in object) {
    shape(['cron']);
    if (typeof object.cron !== 'string')
      throw typeError('invalid_alert_schedule', '.schedule.cron', 'a string', object.cron);
    schedule = { cron: object.cron };
  } else if (object.every === 'hour') {
    shape(['every', 'minute']);
    if (object.minute !== undefined && typeof object.minute !== 'number')
      throw typeError('invalid_alert_schedule', '.schedule.minute', 'an integer', object.minute);
    schedule = { every: 'hour', ...(object.minute === undefined ? {} : { minute: object.minute }) };
  } else if (object.every === 'day' || object.every === 'week') {
    shape(object.every === 'day' ? ['every', 'at'] : ['every', 'at', 'on']);
    if (object.at !== undefined && typeof object.at !== 'string')
      throw typeError('invalid_alert_schedule', '.schedule.at', 'a string', object.at);
    if (object.on !== undefined && !WEEKDAYS.includes(object.on as never))
      throw fail(`\`on\` must be one of ${WEEKDAYS.map((d) => `\`${d}\``).join(', ')}.`);
    schedule =
      object.every === 'day'
        ? { every: 'day', at: object.at as string | undefined }
        : { every: 'week', at: object.at as string | undefined, on: object.on as never };
  } else throw fail('expected `{"every": "hour" | "day" | "week", …}` or `{"cron": "0 9 * * 1-5"}`.');
  if (typeof object.timeZone === 'string') schedule.timeZone = object.timeZone;
  checkSchedule(schedule);
  return JSON.parse(JSON.stringify(schedule)) as AlertSchedule;
}

/** A full definition: the body over `base` (PATCH) or over the defaults (POST), checked as a whole. */
function readDefinition(
  raw: unknown,
  ctx: ServerContext,
  indexUid: string,
  base: AlertDefinition | null,
): AlertDefinition {
  const body = expectObject(raw);
  for (const field of Object.keys(body))
    if (IMMUTABLE.includes(field))
      throw new KachiError(
        'immutable_alert_field',
        `Immutable field \`${field}\`: expected one of ${FIELDS.map((f) => `\`${f}\``).join(', ')}`,
      );
  rejectUnknownFields(body, FIELDS);
  if (base === null) {
    if (body.name === undefined) throw missingField('missing_alert_name', 'name');
    if (body.q === undefined) throw missingField('missing_alert_q', 'q');
    if (body.channel === undefined) throw missingField('missing_alert_channel', 'channel');
  }
  const definition: AlertDefinition = base ?? {
    name: '',
    q: '',
    filter: null,
    matchingStrategy: 'all',
    channel: { type: 'sse' },
    mode: 'instant',
    schedule: null,
  };
  if (body.name !== undefined) definition.name = readText(body, 'name', 200);
  if (body.q !== undefined) definition.q = readText(body, 'q', 1000);
  if (body.filter !== undefined)
    definition.filter = readFilter(body.filter, 'invalid_alert_filter', '.filter') ?? null;
  if (body.matchingStrategy !== undefined) {
    const strategy = body.matchingStrategy;
    if (typeof strategy !== 'string')
      throw typeError('invalid_alert_matching_strategy', '.matchingStrategy', 'a string', strategy);
    if (!STRATEGIES.includes(strategy as MatchingStrategy))
      throw unknownValueError('invalid_alert_matching_strategy', '.matchingStrategy', strategy, STRATEGIES);
    definition.matchingStrategy = strategy as MatchingStrategy;
  }
  if (body.channel !== undefined) definition.channel = readChannel(body.channel, ctx);
  if (body.mode !== undefined) {
    if (body.mode !== 'instant' && body.mode !== 'digest')
      throw typeof body.mode === 'string'
        ? unknownValueError('invalid_alert_mode', '.mode', body.mode, ['instant', 'digest'])
        : typeError('invalid_alert_mode', '.mode', 'a string', body.mode);
    definition.mode = body.mode;
  }
  if (body.schedule !== undefined)
    definition.schedule = body.schedule === null ? null : readSchedule(body.schedule);
  if (definition.mode === 'digest' && definition.schedule === null)
    throw valueError(
      'invalid_alert_schedule',
      '.schedule',
      'a digest needs a schedule, such as `{"every": "day", "at": "09:00"}`.',
    );
  if (definition.mode === 'instant') definition.schedule = null;
  ctx.alerts.checkFilter(indexUid, definition.filter);
  return definition;
}

// ---- views ----------------------------------------------------------------------------------------------

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function alertView(alert: Alert) {
  const { uid, indexUid, name, q, filter, matchingStrategy, channel, mode, schedule } = alert;
  return {
    uid,
    indexUid,
    name,
    q,
    filter,
    matchingStrategy,
    channel,
    mode,
    schedule,
    nextDigestAt: iso(alert.nextDigestAt),
    createdAt: iso(alert.createdAt),
    updatedAt: iso(alert.updatedAt),
  };
}

function deliveryView(entry: OutboxEntry) {
  const { id, idempotencyKey, status, attempts, lastError, payload } = entry;
  return {
    id,
    idempotencyKey,
    status,
    attempts,
    lastError,
    createdAt: iso(entry.createdAt),
    finishedAt: iso(entry.finishedAt),
    payload,
  };
}

function page(request: FastifyRequest, others: string[] = []): { offset: number; limit: number } {
  const params = queryParams(request);
  rejectUnknownParams(params, ['offset', 'limit', ...others]);
  return {
    offset: paramCount(params, 'offset', 'invalid_alert_offset') ?? 0,
    limit: paramCount(params, 'limit', 'invalid_alert_limit') ?? 20,
  };
}

// ---- routes ---------------------------------------------------------------------------------------------

export function registerAlertRoutes(app: FastifyInstance): void {
  const search = { config: { action: 'search' as const } };
  const streams = new Set<FastifyReply['raw']>();
  // Open event streams would keep the server from closing.
  app.addHook('preClose', async () => {
    for (const raw of streams) raw.destroy();
  });

  app.get('/indexes/:indexUid/alerts', search, async (request) => {
    requireAlertAction(request, 'alerts.get');
    const indexUid = indexUidParam(request);
    const { offset, limit } = page(request);
    const all = request.ctx.alerts.list(indexUid).filter((alert) => visible(request, alert));
    return { results: all.slice(offset, offset + limit).map(alertView), offset, limit, total: all.length };
  });

  app.post('/indexes/:indexUid/alerts', search, async (request, reply) => {
    requireAlertAction(request, 'alerts.create');
    const indexUid = indexUidParam(request);
    requireIndex(request.ctx, indexUid);
    const owner = ownerOf(request, indexUid);
    const definition = readDefinition(readJsonBody(request), request.ctx, indexUid, null);
    request.ctx.alerts.checkFilter(indexUid, owner.ruleFilter);
    return reply.code(201).send(alertView(request.ctx.alerts.create(indexUid, definition, owner)));
  });

  app.get('/indexes/:indexUid/alerts/:alertUid', search, async (request) => {
    requireAlertAction(request, 'alerts.get');
    return alertView(findAlert(request));
  });

  app.patch('/indexes/:indexUid/alerts/:alertUid', search, async (request) => {
    requireAlertAction(request, 'alerts.update');
    const alert = findAlert(request);
    const {
      uid,
      indexUid,
      owner: _owner,
      nextDigestAt: _next,
      createdAt: _created,
      updatedAt: _updated,
      ...current
    } = alert;
    const definition = readDefinition(readJsonBody(request), request.ctx, indexUid, structuredClone(current));
    return alertView(request.ctx.alerts.update(uid, definition));
  });

  app.delete('/indexes/:indexUid/alerts/:alertUid', search, async (request, reply) => {
    requireAlertAction(request, 'alerts.delete');
    request.ctx.alerts.delete(findAlert(request).uid);
    return reply.code(204).send();
  });

  const listDeliveries = (request: FastifyRequest, status: OutboxEntry['status']) => {
    requireAlertAction(request, 'alerts.get');
    const alert = findAlert(request);
    const { offset, limit } = page(request, ['status']);
    const { results, total } = request.ctx.alerts.store.entries(alert.uid, status, offset, limit);
    return { results: results.map(deliveryView), offset, limit, total };
  };

  app.get('/indexes/:indexUid/alerts/:alertUid/dead-letters', search, async (request) =>
    listDeliveries(request, 'dead'),
  );

  app.get('/indexes/:indexUid/alerts/:alertUid/deliveries', search, async (request) => {
    const status = queryParams(request).status ?? 'pending';
    if (status !== 'pending' && status !== 'delivered' && status !== 'dead')
      throw new KachiError(
        'bad_request',
        `Invalid value in parameter \`status\`: expected one of \`pending\`, \`delivered\`, \`dead\`, not \`${status}\`.`,
      );
    return listDeliveries(request, status);
  });

  app.post('/indexes/:indexUid/alerts/:alertUid/dead-letters/retry', search, async (request) => {
    requireAlertAction(request, 'alerts.update');
    const alert = findAlert(request);
    const retried = request.ctx.alerts.store.retryDead(alert.uid, Date.now());
    request.ctx.alerts.worker.wake();
    return { retried };
  });

  app.delete('/indexes/:indexUid/alerts/:alertUid/dead-letters', search, async (request) => {
    requireAlertAction(request, 'alerts.delete');
    return { deleted: request.ctx.alerts.store.deleteDead(findAlert(request).uid) };
  });

  app.get('/alerts/stream', search, async (request, reply) => {
    requireAlertAction(request, 'alerts.get');
    const params = queryParams(request);
    rejectUnknownParams(params, ['alerts', 'lastEventId']);
    const uids = [...new Set(paramList(params, 'alerts') ?? [])];
    if (uids.length === 0 || uids.length > MAX_STREAM_ALERTS)
      throw new KachiError(
        'invalid_alert_stream',
        `Invalid value in parameter \`alerts\`: list 1 to ${MAX_STREAM_ALERTS} alert uids, such as \`?alerts=<uid>,<uid>\`.`,
      );
    for (const uid of uids) {
      const alert = request.ctx.alerts.get(uid);
      if (alert === undefined || !visible(request, alert)) throw alertNotFound(uid);
      if (alert.channel.type !== 'sse')
        throw new KachiError(
          'invalid_alert_stream',
          `Alert \`${uid}\` delivers by ${alert.channel.type}; only alerts with the \`sse\` channel can be streamed.`,
        );
    }
    const lastEventId = Number(request.headers['last-event-id'] ?? params.lastEventId ?? 0);
    const hub = request.ctx.alerts.hub;
    const raw = reply.raw;
    reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'access-control-allow-origin': request.headers.origin ?? '*',
    });
    raw.write('retry: 3000\n: connected\n\n');
    const unsubscribe = hub.subscribe(new Set(uids), raw);
    streams.add(raw);
    raw.on('close', () => {
      unsubscribe();
      streams.delete(raw);
    });
    // Events delivered while the subscriber was away (kept for a day), after the id it saw last.
    if (Number.isSafeInteger(lastEventId) && lastEventId > 0)
      for (const entry of request.ctx.alerts.store.deliveredAfter(uids, lastEventId, 1000))
        if (!hub.send(raw, formatEvent(entry))) break;
  });
}
