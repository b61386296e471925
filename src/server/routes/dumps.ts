// POST /dumps: enqueue a dumpCreation task that writes <dbPath>/dumps/<dumpUid>.dump.
import type { FastifyInstance } from 'fastify';
import { newDumpUid } from '../dumps/dump-file.ts';
import { customMetadata, enqueue } from '../route-helpers.ts';
import { queryParams } from '../query-params.ts';

export function registerDumpRoutes(app: FastifyInstance): void {
  app.post('/dumps', { config: { action: 'dumps.create' } }, async (request, reply) => {
    const dumpUid = newDumpUid();
    return enqueue(request.ctx, reply, {
      type: 'dumpCreation',
      indexUid: null,
      details: { dumpUid: null },
      params: { dumpUid },
      customMetadata: customMetadata(queryParams(request)),
    });
  });
}
