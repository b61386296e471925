// Reads documents from a file for `kachi index`: JSON Lines streamed line by line, a JSON array,
// or CSV. Each error names the line, and invalid UTF-8 is refused rather than silently replaced.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { KachiError } from '../errors.ts';
import { parseCsvDocuments } from '../server/csv.ts';
import type { Document } from '../search-types.ts';

export interface DocumentBatch {
  documents: Document[];
  /** Bytes of the file consumed so far, for progress. */
  bytesRead: number;
  /** 1-based line of the first document of the batch (JSON Lines only). */
  firstLine: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function fileSize(path: string): number {
  return statSync(path).size;
}

export async function* readDocumentBatches(path: string, batchSize: number): AsyncGenerator<DocumentBatch> {
  const extension = extname(path).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') {
    yield* readJsonLines(path, batchSize);
    return;
  }
  const bytes = readFileSync(path);
  const text = decode(bytes, 'the file');
  let documents: Document[];
  if (extension === '.csv') documents = parseCsvDocuments(text);
  else if (extension === '.json') documents = parseJsonDocuments(text);
  else throw new KachiError('invalid_content_type', `Cannot index ${path}: use a .jsonl, .ndjson, .json or .csv file.`);
  for (let i = 0; i < documents.length; i += batchSize)
    yield { documents: documents.slice(i, i + batchSize), bytesRead: Math.round((bytes.length * Math.min(documents.length, i + batchSize)) / documents.length), firstLine: 0 };
}

function parseJsonDocuments(text: string): Document[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new KachiError('malformed_payload', `The file is not valid JSON: ${(error as Error).message}.`);
  }
  if (Array.isArray(value)) return value as Document[];
  if (value !== null && typeof value === 'object') return [value as Document];
  throw new KachiError('malformed_payload', 'A .json file must hold one document object or an array of them.');
}

async function* readJsonLines(path: string, batchSize: number): AsyncGenerator<DocumentBatch> {
  let carry = Buffer.alloc(0);
  let line = 0;
  let bytesRead = 0;
  let batch: Document[] = [];
  let firstLine = 1;
  const take = (raw: Buffer): void => {
    line++;
    const text = decode(raw, `line ${line}`).trim();
    if (text === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new KachiError('malformed_payload', `line ${line} is not valid JSON: ${(error as Error).message}.`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new KachiError('invalid_document', `line ${line} is not a JSON object; each line must hold one document.`);
    if (batch.length === 0) firstLine = line;
    batch.push(value as Document);
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    let data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let newline: number;
    while ((newline = data.indexOf(10)) !== -1) {
      take(data.subarray(0, newline));
      data = data.subarray(newline + 1);
      if (batch.length >= batchSize) {
        yield { documents: batch, bytesRead: bytesRead - data.length, firstLine };
        batch = [];
      }
    }
    carry = Buffer.from(data);
  }
  if (carry.length > 0) take(carry);
  if (batch.length > 0) yield { documents: batch, bytesRead, firstLine };
}

function decode(bytes: Buffer, where: string): string {
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new KachiError('invalid_encoding', `${where} is not valid UTF-8; convert the file to UTF-8 (e.g. iconv -f cp949 -t utf-8).`);
  }
}
