// Task shapes: the stored row, the public task object and the 202 summary, in Meilisearch's v1 names.
import type { ErrorBody } from '../../errors.ts';
import type { Json } from '../../search-types.ts';

export const TASK_STATUSES = ['enqueued', 'processing', 'succeeded', 'failed', 'canceled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_TYPES = [
  'documentAdditionOrUpdate',
  'documentEdition',
  'documentDeletion',
  'settingsUpdate',
  'indexCreation',
  'indexDeletion',
  'indexUpdate',
  'indexSwap',
  'taskCancelation',
  'taskDeletion',
  'dumpCreation',
  'snapshotCreation',
  'documentIngestion',
  'workspaceExport',
  'workspaceImport',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export type TaskDetails = { [key: string]: Json };

/** One task as stored. Times are milliseconds since the epoch. */
export interface TaskRow {
  uid: number;
  batchUid: number | null;
  indexUid: string | null;
  status: TaskStatus;
  type: TaskType;
  canceledBy: number | null;
  details: TaskDetails | null;
  error: ErrorBody | null;
  /** Internal arguments of the task (mode, primary key, filter…), never shown. */
  params: TaskParams;
  customMetadata: string | null;
  enqueuedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** What the worker needs to run a task, beyond its payload. */
export interface TaskParams {
  mode?: 'replace' | 'update';
  primaryKey?: string | null;
  ids?: Array<string | number>;
  filter?: Json;
  deleteAll?: boolean;
  settings?: { [key: string]: Json };
  resetAll?: boolean;
  swaps?: Array<[string, string]>;
  /** taskCancelation / taskDeletion: the matched uids, frozen at enqueue time like Meilisearch. */
  taskUids?: number[];
  dumpUid?: string;
  /** Other indexes a task touches (swaps), for `indexUids` filters. */
  otherIndexUids?: string[];
  /** workspaceExport / workspaceImport: the workspace, the export's uid, the uploaded archive. */
  workspaceId?: string;
  exportUid?: string;
  archivePath?: string;
  /** The workspace secret sealed with a passphrase (export) or with the master key (import); never in clear. */
  sealedSecret?: { [key: string]: string };
}

/** The public task object of `GET /tasks/:uid`. */
export interface TaskView {
  uid: number;
  batchUid: number | null;
  indexUid: string | null;
  status: TaskStatus;
  type: TaskType;
  canceledBy: number | null;
  details?: TaskDetails;
  error: ErrorBody | null;
  duration: string | null;
  enqueuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  customMetadata?: string;
}

/** The 202 answer to every write. */
export interface TaskSummary {
  taskUid: number;
  indexUid: string | null;
  status: TaskStatus;
  type: TaskType;
  enqueuedAt: string;
}

/** 1234 ms → "PT1.234S", the ISO-8601 duration Meilisearch prints. */
export function isoDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  return `PT${seconds.toFixed(3).replace(/\.?0+$/, '') || '0'}S`;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function taskView(row: TaskRow): TaskView {
  const view: TaskView = {
    uid: row.uid,
    batchUid: row.batchUid,
    indexUid: row.indexUid,
    status: row.status,
    type: row.type,
    canceledBy: row.canceledBy,
    error: row.error,
    duration: row.startedAt !== null && row.finishedAt !== null ? isoDuration(row.finishedAt - row.startedAt) : null,
    enqueuedAt: toIso(row.enqueuedAt),
    startedAt: row.startedAt === null ? null : toIso(row.startedAt),
    finishedAt: row.finishedAt === null ? null : toIso(row.finishedAt),
  };
  if (row.details !== null) view.details = row.details;
  if (row.customMetadata !== null) view.customMetadata = row.customMetadata;
  return view;
}

export function taskSummary(row: TaskRow): TaskSummary {
  return {
    taskUid: row.uid,
    indexUid: row.indexUid,
    status: row.status,
    type: row.type,
    enqueuedAt: toIso(row.enqueuedAt),
  };
}
