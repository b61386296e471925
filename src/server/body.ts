// Request bodies: raw bytes kept by one catch-all parser, then read as strict UTF-8 JSON, NDJSON or CSV.
import { isUtf8 } from 'node:buffer';
import type { FastifyRequest } from 'fastify';
import { KachiError } from '../errors.ts';
import type { Document, Json } from '../search-types.ts';
import { parseCsvDocuments } from './csv.ts';
import { isObject } from './validate.ts';

export type DocumentsFormat = 'json' | 'ndjson' | 'csv';

const DOCUMENT_TYPES: Record<string, DocumentsFormat> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'text/csv': 'csv',
};

/** The body bytes as received (every content type is kept raw, then read by the route). */
export function rawBody(request: FastifyRequest): Buffer | undefined {
  return Buffer.isBuffer(request.body) ? request.body : undefined;
}

/** `application/json; charset=utf-8` → `application/json`; missing → undefined. */
export function mediaType(request: FastifyRequest): string | undefined {
  const header = request.headers['content-type'];
  if (header === undefined) return undefined;
  return header.split(';')[0]?.trim().toLowerCase();
}

/** Strict UTF-8: invalid byte sequences are a 400, never silently replaced. A leading BOM is dropped. */
export function decodeUtf8(bytes: Buffer, format: DocumentsFormat): string {
  // `isUtf8` + `toString` is several times faster than a fatal TextDecoder on large payloads.
  if (!isUtf8(bytes))
    throw new KachiError(
      'malformed_payload',
      `The \`${format}\` payload provided is malformed. \`The payload is not valid UTF-8.\`.`,
    );
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function checkContentType(request: FastifyRequest, accepted: readonly string[]): string {
  const type = mediaType(request);
  const list = accepted.map((name) => `\`${name}\``).join(', ');
  if (type === undefined || type === '')
    throw new KachiError(
      'missing_content_type',
      `A Content-Type header is missing. Accepted values for the Content-Type header are: ${list}`,
    );
  if (!accepted.includes(type))
    throw new KachiError(
      'invalid_content_type',
      `The Content-Type \`${type}\` is invalid. Accepted values for the Content-Type header are: ${list}`,
    );
  return type;
}

export function parseJsonText(text: string, format: DocumentsFormat = 'json'): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new KachiError('malformed_payload', `The \`${format}\` payload provided is malformed. \`${why}\`.`);
  }
}

/**
 * The JSON body of a route that takes one. With `optional`, a request with no body at all reads as
 * undefined (Meilisearch's `POST /swap-indexes` style routes always need one, cancel/delete never read it).
 */
export function readJsonBody(request: FastifyRequest, options: { optional?: boolean } = {}): Json | undefined {
  const bytes = rawBody(request);
  if (options.optional === true && (bytes === undefined || bytes.length === 0)) return undefined;
  checkContentType(request, ['application/json']);
  if (bytes === undefined || bytes.length === 0)
    throw new KachiError('missing_payload', 'A json payload is missing.');
  return parseJsonText(decodeUtf8(bytes, 'json'));
}

/** A documents payload, validated; `stored` is a JSON array text ready for the task queue. */
export interface DocumentsPayload {
  format: DocumentsFormat;
  count: number;
  stored: Buffer;
}

/** Reads and validates `POST/PUT /indexes/:uid/documents` in any of the three formats. */
export function readDocumentsPayload(request: FastifyRequest, csvDelimiter: string): DocumentsPayload {
  const format = DOCUMENT_TYPES[checkContentType(request, Object.keys(DOCUMENT_TYPES))] ?? 'json';
  const bytes = rawBody(request);
  if (bytes === undefined || bytes.length === 0)
    throw new KachiError('missing_payload', `A ${format} payload is missing.`);
  if (format === 'json') return readJsonDocuments(bytes);
  const text = decodeUtf8(bytes, format);
  if (format === 'csv') {
    const documents = parseCsvDocuments(text, csvDelimiter);
    return { format, count: documents.length, stored: Buffer.from(JSON.stringify(documents)) };
  }
  const documents = parseNdjson(text);
  return { format, count: documents.length, stored: Buffer.from(JSON.stringify(documents)) };
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * A JSON documents body, checked without decoding it: the task decodes it when it runs. Decoding UTF-8 Korean
 * costs V8 ~2 ms per 300 KB on the serving thread (Node 20: over twice the parse), so the shape is read from a
 * Latin-1 view of the bytes instead, which costs almost nothing to make. JSON's syntax is all ASCII and every other
 * byte becomes a character JSON allows inside strings and nowhere else, so once the bytes are valid UTF-8 that view
 * parses exactly when the text does, into the same number of objects (with garbled strings, never read). A body the
 * view rejects is parsed as text, for the text's error message.
 */
function readJsonDocuments(bytes: Buffer): DocumentsPayload {
  const body = bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
  if (!isUtf8(body)) decodeUtf8(body, 'json'); // throws its error
  let shape: Json;
  try {
    shape = JSON.parse(body.toString('latin1')) as Json;
  } catch {
    shape = parseJsonText(decodeUtf8(body, 'json')); // throws with the message of the real text
  }
  if (isObject(shape)) return { format: 'json', count: 1, stored: Buffer.concat([Buffer.from('['), body, Buffer.from(']')]) };
  if (!Array.isArray(shape) || !shape.every(isObject)) throw notDocuments('json');
  return { format: 'json', count: shape.length, stored: bytes };
}

function parseNdjson(text: string): Document[] {
  const documents: Document[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const value = parseJsonText(line, 'ndjson');
    if (!isObject(value)) throw notDocuments('ndjson');
    documents.push(value);
  }
  return documents;
}

function notDocuments(format: DocumentsFormat): KachiError {
  return new KachiError(
    'malformed_payload',
    `The \`${format}\` payload provided is malformed. \`Couldn't serialize document value: data are neither an object nor a list of objects\`.`,
  );
}
