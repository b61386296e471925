// Where a file goes: data files become documents one record each; every other format goes to ingestion.
import { indexPath } from '../api/client.ts';

export interface UploadTarget {
  path: string;
  body: Blob | FormData;
  contentType?: string;
  /** True for POST /ingest, which a server without ingestion answers with 404. */
  ingest: boolean;
}

const DOCUMENT_TYPES: Record<string, string> = {
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
};

/** `docs.csv` → POST /indexes/docs/documents as text/csv; `report.hwpx` → POST /indexes/docs/ingest as multipart. */
export function uploadTarget(uid: string, file: File): UploadTarget {
  const extension = file.name.toLowerCase().split('.').pop() ?? '';
  const contentType = DOCUMENT_TYPES[extension];
  if (contentType !== undefined)
    return { path: indexPath(uid, '/documents'), body: file, contentType, ingest: false };
  const form = new FormData();
  form.append('file', file, file.name);
  return { path: indexPath(uid, '/ingest'), body: form, ingest: true };
}
