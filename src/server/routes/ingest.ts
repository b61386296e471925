// POST /indexes/:uid/ingest: multipart/form-data with one or more `file` fields, answered 202 with a
// `documentIngestion` task like every other write; the worker parses the files into passages.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KachiError } from '../../errors.ts';
import { packUploads, type UploadedFile } from '../../ingest/upload-bundle.ts';
import { mediaType } from '../body.ts';
import { queryParams, rejectUnknownParams } from '../query-params.ts';
import { checkImplicitCreation, customMetadata, enqueue, indexUidParam } from '../route-helpers.ts';

/** Most files in one request; each is one source and one line of the task's report. */
const MAX_FILES = 1000;

async function readUploads(request: FastifyRequest, maxFileBytes: number): Promise<UploadedFile[]> {
  const files: UploadedFile[] = [];
  for await (const part of request.files({ limits: { fileSize: maxFileBytes, files: MAX_FILES }, throwFileSizeLimit: false })) {
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw new KachiError('bad_request', `Unknown form field \`${part.fieldname}\`: send each document as a \`file\` field.`);
    }
    const bytes = await part.toBuffer();
    // An oversized file is cut by the parser; it is kept as a name only and reported, the others go on.
    files.push(part.file.truncated ? { name: part.filename, bytes: new Uint8Array(), truncatedAt: maxFileBytes } : { name: part.filename, bytes });
  }
  return files;
}

export function registerIngestRoutes(app: FastifyInstance): void {
  // Encapsulated: the multipart parser applies to this route only; every other route keeps the raw-body parser.
  void app.register(async (scope) => {
    await scope.register(multipart);
    scope.post('/indexes/:indexUid/ingest', { config: { action: 'documents.add' } }, async (request, reply) => {
      const uid = indexUidParam(request);
      const params = queryParams(request);
      rejectUnknownParams(params, ['customMetadata']);
      if (mediaType(request) !== 'multipart/form-data')
        throw new KachiError('invalid_content_type', 'The Content-Type must be `multipart/form-data`, with one `file` field per document.');
      checkImplicitCreation(request.ctx, request, uid);
      const files = await readUploads(request, request.ctx.options.httpPayloadSizeLimit);
      if (files.length === 0) throw new KachiError('missing_payload', 'No file was sent: add one or more `file` fields to the form.');
      return enqueue(request.ctx, reply, {
        type: 'documentIngestion',
        indexUid: uid,
        details: { receivedFiles: files.length, indexedFiles: null },
        params: {},
        payload: packUploads(files),
        customMetadata: customMetadata(params),
      });
    });
  });
}
