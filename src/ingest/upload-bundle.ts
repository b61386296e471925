// Uploaded files packed into one task payload: a length-prefixed JSON header, then the files' bytes.
// The task store keeps one blob per task and drops it when the task ends, so uploads never leak.
import { IngestProblem } from './problems.ts';

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
  /** Set when the upload was cut at the size limit: the file is reported as too_large, not parsed. */
  truncatedAt?: number;
}

interface Entry {
  name: string;
  size: number;
  truncatedAt?: number;
}

export function packUploads(files: UploadedFile[]): Buffer {
  const entries: Entry[] = files.map((file) => ({ name: file.name, size: file.bytes.length, ...(file.truncatedAt !== undefined ? { truncatedAt: file.truncatedAt } : {}) }));
  const header = Buffer.from(JSON.stringify(entries));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([length, header, ...files.map((file) => file.bytes)]);
}

export function unpackUploads(payload: Buffer): UploadedFile[] {
  if (payload.length < 4) throw new IngestProblem('corrupt', 'The upload payload is empty.');
  const headerLength = payload.readUInt32LE(0);
  const entries = JSON.parse(payload.subarray(4, 4 + headerLength).toString('utf8')) as Entry[];
  let offset = 4 + headerLength;
  return entries.map((entry) => {
    const bytes = payload.subarray(offset, offset + entry.size);
    offset += entry.size;
    return entry.truncatedAt !== undefined ? { name: entry.name, bytes, truncatedAt: entry.truncatedAt } : { name: entry.name, bytes };
  });
}
