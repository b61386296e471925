// Validating incoming documents at the boundary: shape, primary key, id syntax, size and depth.
// Every error names the document's position in the batch and the offending field.
import { KachiError } from './errors.ts';
import type { Document, DocumentId, Json } from './search-types.ts';

export interface DocumentLimits {
  /** Largest accepted document, in UTF-8 bytes of its JSON. Default 8 MiB. */
  maxDocumentBytes: number;
  /** Deepest accepted nesting of objects and arrays. Default 64. */
  maxDepth: number;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = { maxDocumentBytes: 8 * 1024 * 1024, maxDepth: 64 };

/**
 * Meilisearch's id syntax (letters, digits, `-`, `_`; under 512 bytes), extended to every Unicode
 * letter and digit so that Korean ids such as `문서-1` are accepted.
 */
const ID_SYNTAX = /^[\p{L}\p{N}_-]+$/u;

/** Meilisearch's inference: the one attribute of the first document whose name ends with `id`. */
export function inferPrimaryKey(first: Document | undefined): string {
  if (!first) throw new KachiError('index_primary_key_no_candidate_found', 'The primary key inference failed as the engine did not find any document.');
  const candidates = Object.keys(first).filter((key) => key.toLowerCase().endsWith('id'));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0)
    throw new KachiError('index_primary_key_no_candidate_found', 'The primary key inference failed as the engine did not find any field ending with `id` in its name. Please specify the primary key manually using the `primaryKey` query parameter.');
  throw new KachiError(
    'index_primary_key_multiple_candidates_found',
    `The primary key inference failed as the engine found ${candidates.length} fields ending with \`id\` in their names: ${candidates.map((c) => `'${c}'`).join(' and ')}. Please specify the primary key manually using the \`primaryKey\` query parameter.`,
  );
}

/** The id as stored: numbers and strings alike become strings (1 and "1" are the same document). */
export function normalizeDocumentId(value: unknown, where: string): string {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw invalidId(value, where);
    return String(value);
  }
  if (typeof value !== 'string' || !ID_SYNTAX.test(value) || Buffer.byteLength(value) > 511) throw invalidId(value, where);
  return value;
}

function invalidId(value: unknown, where: string): KachiError {
  return new KachiError(
    'invalid_document_id',
    `${where}: Document identifier \`${JSON.stringify(value)}\` is invalid. A document identifier can be of type integer or string, only composed of alphanumeric characters (a-z A-Z 0-9, and Unicode letters such as 한글), hyphens (-) and underscores (_), and can not be more than 511 bytes.`,
  );
}

/** Checks one document and returns its normalized id. `position` is its 0-based place in the batch. */
export function validateDocument(document: unknown, position: number, primaryKey: string, limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS): string {
  const where = `Document at position ${position}`;
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    throw new KachiError('invalid_document', `${where} is not a JSON object: documents must be objects like {"${primaryKey}": 1, "title": "제목"}.`);
  const doc = document as Document;
  const id = getPath(doc, primaryKey);
  if (id === undefined || id === null)
    throw new KachiError('missing_document_id', `${where}: Document doesn't have a \`${primaryKey}\` attribute: \`${preview(doc)}\`.`);
  if (Array.isArray(id)) throw new KachiError('invalid_document_id', `${where}: the primary key \`${primaryKey}\` holds several values; it must be one string or integer.`);
  const normalized = normalizeDocumentId(id, where);
  const depthPath = tooDeep(doc, limits.maxDepth);
  if (depthPath !== null)
    throw new KachiError('invalid_document', `${where} (id \`${normalized}\`) is nested more than ${limits.maxDepth} levels deep at \`${depthPath}\`; flatten it.`);
  const bytes = Buffer.byteLength(JSON.stringify(doc));
  if (bytes > limits.maxDocumentBytes)
    throw new KachiError(
      'document_too_large',
      `${where} (id \`${normalized}\`) is ${(bytes / 1048576).toFixed(1)} MiB, over the ${(limits.maxDocumentBytes / 1048576).toFixed(0)} MiB limit per document; split it into passages (kachi ingest does this).`,
    );
  return normalized;
}

/** Reads a dot path: `author.name`. */
export function getPath(document: Document, path: string): Json | undefined {
  if (path in document) return document[path];
  let value: Json | undefined = document;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** The dot path where nesting first exceeds `maxDepth`, or null. Iterative, so hostile depth cannot overflow the stack. */
function tooDeep(document: Document, maxDepth: number): string | null {
  const stack: Array<[Json, string, number]> = [[document, '', 0]];
  while (stack.length > 0) {
    const [value, path, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxDepth) return path || '.';
    const entries: Array<[string, Json]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    for (const [key, child] of entries) stack.push([child, path ? `${path}.${key}` : key, depth + 1]);
  }
  return null;
}

function preview(document: Document): string {
  const text = JSON.stringify(document);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function documentIdOf(document: Document, primaryKey: string): DocumentId {
  return getPath(document, primaryKey) as DocumentId;
}
