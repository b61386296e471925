// Primary keys: inference from the first document and id checks, done before any write so a bad batch writes nothing.
import { KachiError } from '../../errors.ts';
import type { Document, Json } from '../../search-types.ts';

/** `{id: 1, title: '…'}` → 'id'; `{bookId: 1, authorId: 2}` → error: two candidates. Like Meilisearch: names ending in `id`. */
export function inferPrimaryKey(first: Document | undefined): string {
  const candidates = first === undefined ? [] : Object.keys(first).filter((name) => name.toLowerCase().endsWith('id'));
  if (candidates.length === 1) return candidates[0] ?? 'id';
  if (candidates.length === 0)
    throw new KachiError(
      'index_primary_key_no_candidate_found',
      'The primary key inference failed as the engine did not find any field ending with `id` in its name. ' +
        'Please specify the primary key manually using the `primaryKey` query parameter.',
    );
  const names = candidates.map((name) => `'${name}'`);
  throw new KachiError(
    'index_primary_key_multiple_candidates_found',
    `The primary key inference failed as the engine found ${candidates.length} fields ending with \`id\` in their names: ` +
      `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}. Please specify the primary key manually using the \`primaryKey\` query parameter.`,
  );
}

/** A document's value at a dotted primary key (`product.id`). */
export function primaryKeyValue(document: Document, primaryKey: string): Json | undefined {
  if (primaryKey in document) return document[primaryKey];
  let value: Json | undefined = document;
  for (const part of primaryKey.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = value[part];
  }
  return value;
}

const ID = /^[A-Za-z0-9_-]{1,511}$/;

/** Throws `missing_document_id` / `invalid_document_id` for the first document whose id is unusable. */
export function checkDocumentIds(documents: readonly Document[], primaryKey: string): void {
  for (const document of documents) {
    const id = primaryKeyValue(document, primaryKey);
    if (id === undefined || id === null)
      throw new KachiError(
        'missing_document_id',
        `Document doesn't have a \`${primaryKey}\` attribute: \`${preview(document)}\`.`,
      );
    const ok = (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && ID.test(id));
    if (!ok)
      throw new KachiError(
        'invalid_document_id',
        `Document identifier \`${JSON.stringify(id)}\` is invalid. A document identifier can be of type integer or string, ` +
          'only composed of alphanumeric characters (a-z A-Z 0-9), hyphens (-) and underscores (_), and can not be more than 511 bytes.',
      );
  }
}

function preview(document: Document): string {
  const text = JSON.stringify(document);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
