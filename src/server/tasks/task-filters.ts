// `/tasks` query parameters → a TaskFilter, validated with Meilisearch's invalid_task_* codes and wording.
import { KachiError, type ErrorCode } from '../../errors.ts';
import { isValidIndexUid, invalidIndexUidMessage } from '../index-uid.ts';
import { paramError, paramList, rejectUnknownParams, type QueryParams } from '../query-params.ts';
import { listOf } from '../validate.ts';
import { TASK_STATUSES, TASK_TYPES, type TaskStatus, type TaskType } from './task-types.ts';

/** Every field narrows the match (AND); an absent field or `*` matches everything. Dates are ms, exclusive. */
export interface TaskFilter {
  uids?: number[];
  batchUids?: number[];
  statuses?: TaskStatus[];
  types?: TaskType[];
  indexUids?: string[];
  canceledBy?: number[];
  beforeEnqueuedAt?: number;
  afterEnqueuedAt?: number;
  beforeStartedAt?: number;
  afterStartedAt?: number;
  beforeFinishedAt?: number;
  afterFinishedAt?: number;
  /** Set by auth, not by the query: index patterns the caller may see (tasks without an index need `*`). */
  allowedIndexes?: string[];
}

export const FILTER_PARAMS = [
  'uids',
  'batchUids',
  'canceledBy',
  'types',
  'statuses',
  'indexUids',
  'afterEnqueuedAt',
  'beforeEnqueuedAt',
  'afterStartedAt',
  'beforeStartedAt',
  'afterFinishedAt',
  'beforeFinishedAt',
] as const;

const DATE_PARAMS = FILTER_PARAMS.filter((name) => name.startsWith('after') || name.startsWith('before'));
type DateParam = (typeof DATE_PARAMS)[number];

function numbers(params: QueryParams, name: string, code: ErrorCode): number[] | undefined {
  const list = paramList(params, name);
  if (list === undefined || list.includes('*')) return undefined;
  return list.map((item) => {
    if (!/^\d{1,15}$/.test(item)) throw paramError(code, name, `could not parse \`${item}\` as a positive integer`);
    return Number(item);
  });
}

function enumList<T extends string>(params: QueryParams, name: string, code: ErrorCode, allowed: readonly T[], what: string): T[] | undefined {
  const list = paramList(params, name);
  if (list === undefined || list.includes('*')) return undefined;
  return list.map((item) => {
    if (!(allowed as readonly string[]).includes(item))
      throw paramError(code, name, `\`${item}\` is not a valid task ${what}. Available ${what === 'status' ? 'statuses' : 'types'} are ${listOf(allowed)}.`);
    return item as T;
  });
}

/** `2024-01-31` or RFC 3339 → ms. A bare date in an `after*` filter means the end of that day, as in Meilisearch. */
function date(params: QueryParams, name: DateParam): number | undefined {
  const text = params[name];
  if (text === undefined || text === '*') return undefined;
  const code = `invalid_task_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}` as ErrorCode;
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const rfc3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i.test(text);
  const ms = bare ? Date.parse(`${text}T00:00:00Z`) : rfc3339 ? Date.parse(text) : NaN;
  if (Number.isNaN(ms))
    throw paramError(code, name, `\`${text}\` is an invalid date-time. It should follow the YYYY-MM-DD or RFC 3339 date-time format.`);
  return bare && name.startsWith('after') ? ms + 86_400_000 - 1 : ms;
}

/** Reads the filter parameters; `extra` names the other parameters the route accepts. */
export function parseTaskFilter(params: QueryParams, extra: readonly string[]): TaskFilter {
  rejectUnknownParams(params, [...extra, ...FILTER_PARAMS]);
  const filter: TaskFilter = {
    uids: numbers(params, 'uids', 'invalid_task_uids'),
    batchUids: numbers(params, 'batchUids', 'invalid_task_batch_uids'),
    canceledBy: numbers(params, 'canceledBy', 'invalid_task_canceled_by'),
    statuses: enumList(params, 'statuses', 'invalid_task_statuses', TASK_STATUSES, 'status'),
    types: enumList(params, 'types', 'invalid_task_types', TASK_TYPES, 'type'),
  };
  const indexUids = paramList(params, 'indexUids');
  if (indexUids !== undefined && !indexUids.includes('*')) {
    for (const uid of indexUids)
      if (!isValidIndexUid(uid)) throw paramError('invalid_index_uid', 'indexUids', invalidIndexUidMessage(uid));
    filter.indexUids = indexUids;
  }
  for (const name of DATE_PARAMS) {
    const value = date(params, name);
    if (value !== undefined) (filter as Record<DateParam, number | undefined>)[name] = value;
  }
  return filter;
}

/** Cancel and delete need at least one filter parameter, like Meilisearch. */
export function requireSomeFilter(params: QueryParams, verb: 'cancel' | 'delete'): void {
  if (FILTER_PARAMS.some((name) => params[name] !== undefined)) return;
  throw new KachiError(
    'missing_task_filters',
    `Query parameters to filter the tasks to ${verb} are missing. Available query parameters are: ${listOf(FILTER_PARAMS)}.`,
  );
}

/** The query string Meilisearch records as `originalFilter`: `?statuses=enqueued`. */
export function originalFilter(params: QueryParams): string {
  const search = new URLSearchParams();
  for (const name of FILTER_PARAMS) if (params[name] !== undefined) search.set(name, params[name]);
  return `?${search.toString()}`;
}
