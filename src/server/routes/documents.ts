// /indexes/:uid/documents: add (POST replace, PUT update), get one, list, fetch, and the three deletions.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KachiError } from '../../errors.ts';
import type { DocumentsQuery, Filter, Json } from '../../search-types.ts';
import { rawBody, readDocumentsPayload, readJsonBody } from '../body.ts';
import { paramBoolean, paramCount, paramList, queryParams, rejectUnknownParams } from '../query-params.ts';
import { checkImplicitCreation, customMetadata, enqueue, indexUidParam, pathParam, requireIndex } from '../route-helpers.ts';
import { readFilter } from '../search/search-params.ts';
import { uploadTurn } from '../../search-priority.ts';
import { searchedRecently } from '../search-activity.ts';
import {
  at,
  expectObject,
  missingField,
  readBoolean,
  readCount,
  readStringList,
  rejectUnknownFields,
  typeError,
} from '../validate.ts';

const ADD_PARAMS = ['primaryKey', 'csvDelimiter', 'customMetadata'];
const FETCH_FIELDS = ['offset', 'limit', 'fields', 'filter', 'ids', 'retrieveVectors'];

/** The engine reports filter errors as search errors; on document routes Meilisearch says `invalid_document_filter`. */
function asDocumentFilterError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof KachiError && error.code === 'invalid_search_filter')
      throw new KachiError('invalid_document_filter', error.message, { cause: error });
    throw error;
  }
}

function readDelimiter(value: string | undefined): string {
  if (value === undefined) return ',';
  if (value.length !== 1 || value.charCodeAt(0) > 127)
    throw new KachiError(
      'invalid_document_csv_delimiter',
      `Invalid value in parameter \`csvDelimiter\`: expected a string of one character, but found the following string of ${value.length} characters: \`${value}\``,
    );
  return value;
}

function addDocuments(mode: 'replace' | 'update') {
  return async (request: FastifyRequest, reply: Parameters<typeof enqueue>[1]) => {
    const uid = indexUidParam(request);
    const params = queryParams(request);
    rejectUnknownParams(params, ADD_PARAMS);
    const delimiter = readDelimiter(params.csvDelimiter);
    const primaryKey = params.primaryKey;
    checkImplicitCreation(request.ctx, request, uid);
    await uploadTurn(rawBody(request)?.length ?? 0, searchedRecently());
    const payload = readDocumentsPayload(request, delimiter);
    return enqueue(request.ctx, reply, {
      type: 'documentAdditionOrUpdate',
      indexUid: uid,
      details: { receivedDocuments: payload.count, indexedDocuments: null },
      params: { mode, primaryKey: primaryKey ?? null },
      payload: payload.stored,
      customMetadata: customMetadata(params),
    });
  };
}

/** `ids` of a fetch body or of a delete-batch: strings or integers. */
function readIds(value: Json | undefined, code: 'invalid_document_ids' | 'bad_request', path: string): Array<string | number> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw typeError(code, path, 'an array', value);
  return value.map((id, i) => {
    if (typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id))) return id;
    throw typeError(code, at(path, i), 'a string or an integer', id);
  });
}

function documentsQueryFromBody(body: unknown): DocumentsQuery {
  const object = expectObject(body ?? {});
  rejectUnknownFields(object, FETCH_FIELDS);
  if (readBoolean(object.retrieveVectors, 'bad_request', '.retrieveVectors') === true)
    throw new KachiError('bad_request', 'Kachi stores no vectors: `retrieveVectors` must be `false`.');
  return {
    offset: readCount(object.offset, 'invalid_document_offset', '.offset') ?? 0,
    limit: readCount(object.limit, 'invalid_document_limit', '.limit') ?? 20,
    fields: readStringList(object.fields, 'invalid_document_fields', '.fields') ?? null,
    filter: readFilter(object.filter, 'invalid_document_filter', '.filter') ?? null,
    ids: readIds(object.ids, 'invalid_document_ids', '.ids') ?? null,
  };
}

export function registerDocumentRoutes(app: FastifyInstance): void {
  app.post('/indexes/:indexUid/documents', { config: { action: 'documents.add' } }, addDocuments('replace'));
  app.put('/indexes/:indexUid/documents', { config: { action: 'documents.add' } }, addDocuments('update'));

  app.get('/indexes/:indexUid/documents', { config: { action: 'documents.get' } }, async (request) => {
    const index = requireIndex(request.ctx, indexUidParam(request));
    const params = queryParams(request);
    rejectUnknownParams(params, FETCH_FIELDS);
    if (paramBoolean(params, 'retrieveVectors', 'bad_request') === true)
      throw new KachiError('bad_request', 'Kachi stores no vectors: `retrieveVectors` must be `false`.');
    const fields = paramList(params, 'fields');
    const query = {
      offset: paramCount(params, 'offset', 'invalid_document_offset') ?? 0,
      limit: paramCount(params, 'limit', 'invalid_document_limit') ?? 20,
      fields: fields === undefined || fields.includes('*') ? null : fields,
      filter: params.filter ?? null,
      ids: paramList(params, 'ids') ?? null,
    };
    return asDocumentFilterError(() => index.getDocuments(query));
  });

  app.post('/indexes/:indexUid/documents/fetch', { config: { action: 'documents.get' } }, async (request) => {
    const index = requireIndex(request.ctx, indexUidParam(request));
    const query = documentsQueryFromBody(readJsonBody(request, { optional: true }));
    return asDocumentFilterError(() => index.getDocuments(query));
  });

  app.get('/indexes/:indexUid/documents/:documentId', { config: { action: 'documents.get' } }, async (request) => {
    const index = requireIndex(request.ctx, indexUidParam(request));
    const params = queryParams(request);
    rejectUnknownParams(params, ['fields', 'retrieveVectors']);
    const fields = paramList(params, 'fields');
    return index.getDocument(pathParam(request, 'documentId'), fields === undefined || fields.includes('*') ? null : fields);
  });

  app.delete('/indexes/:indexUid/documents/:documentId', { config: { action: 'documents.delete' } }, async (request, reply) =>
    enqueue(request.ctx, reply, {
      type: 'documentDeletion',
      indexUid: indexUidParam(request),
      details: { providedIds: 1, deletedDocuments: null, originalFilter: null },
      params: { ids: [pathParam(request, 'documentId')] },
      customMetadata: customMetadata(queryParams(request)),
    }),
  );

  app.post('/indexes/:indexUid/documents/delete-batch', { config: { action: 'documents.delete' } }, async (request, reply) => {
    const uid = indexUidParam(request);
    const ids = readIds(readJsonBody(request) ?? null, 'bad_request', '');
    if (ids === undefined) throw typeError('bad_request', '', 'an array', null);
    return enqueue(request.ctx, reply, {
      type: 'documentDeletion',
      indexUid: uid,
      details: { providedIds: ids.length, deletedDocuments: null, originalFilter: null },
      params: { ids },
      customMetadata: customMetadata(queryParams(request)),
    });
  });

  app.post('/indexes/:indexUid/documents/delete', { config: { action: 'documents.delete' } }, async (request, reply) => {
    const uid = indexUidParam(request);
    const body = expectObject(readJsonBody(request));
    rejectUnknownFields(body, ['filter']);
    const filter: Filter | null | undefined = readFilter(body.filter, 'invalid_document_filter', '.filter');
    if (filter === undefined || filter === null) throw missingField('missing_document_filter', 'filter');
    return enqueue(request.ctx, reply, {
      type: 'documentDeletion',
      indexUid: uid,
      details: { providedIds: 0, deletedDocuments: null, originalFilter: JSON.stringify(filter) },
      params: { filter },
      customMetadata: customMetadata(queryParams(request)),
    });
  });

  app.delete('/indexes/:indexUid/documents', { config: { action: 'documents.delete' } }, async (request, reply) =>
    enqueue(request.ctx, reply, {
      type: 'documentDeletion',
      indexUid: indexUidParam(request),
      details: { deletedDocuments: null },
      params: { deleteAll: true },
      customMetadata: customMetadata(queryParams(request)),
    }),
  );
}
