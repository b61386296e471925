// A workspace's limits: documents, stored bytes, indexes, search and ingest rates; null means unlimited.
import { KachiError } from '../../errors.ts';
import { expectObject, rejectUnknownFields } from '../validate.ts';

export interface WorkspaceLimits {
  /** Documents across all its indexes. */
  maxDocuments: number | null;
  /** Bytes of its data folder (indexes, documents, tasks, dumps). */
  maxStoredBytes: number | null;
  /** Number of indexes. */
  maxIndexes: number | null;
  /** Search requests (search, facet search, multi-search, ask) per second, with bursts of one second's worth. */
  searchesPerSecond: number | null;
  /** Payload bytes of document additions and uploads per second, with bursts of ten seconds' worth. */
  ingestBytesPerSecond: number | null;
}

export const UNLIMITED: WorkspaceLimits = {
  maxDocuments: null,
  maxStoredBytes: null,
  maxIndexes: null,
  searchesPerSecond: null,
  ingestBytesPerSecond: null,
};

const FIELDS = Object.keys(UNLIMITED) as Array<keyof WorkspaceLimits>;

/** `{ maxDocuments: 1000 }` over `current`: each field a positive number or null (unlimited). */
export function readLimits(value: unknown, current: WorkspaceLimits = UNLIMITED): WorkspaceLimits {
  if (value === undefined || value === null) return { ...current };
  const object = expectObject(value, 'invalid_workspace_limits', '.limits');
  rejectUnknownFields(object, FIELDS, '.limits', () => 'invalid_workspace_limits');
  const limits = { ...current };
  for (const field of FIELDS) {
    const given = object[field];
    if (given === undefined) continue;
    if (given !== null && (typeof given !== 'number' || !Number.isFinite(given) || given <= 0))
      throw new KachiError(
        'invalid_workspace_limits',
        `Invalid value at \`.limits.${field}\`: expected a positive number or \`null\` (unlimited), but found \`${JSON.stringify(given)}\`.`,
      );
    limits[field] = given;
  }
  return limits;
}
