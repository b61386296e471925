// POST /dumps: enqueue a dumpCreation task that writes <dbPath>/dumps/<dumpUid>.dump.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { newDumpUid } from '../dumps/dump-file.ts';
import { customMetadata, enqueue } from '../route-helpers.ts';
import { queryParams } from '../query-params.ts';

export function registerDumpRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/dumps', { config: { action: 'dumps.create' } }, async (request, reply) => {
    const dumpUid = newDumpUid();
    return enqueue(ctx, reply, {
      type: 'dumpCreation',
      indexUid: null,
      details: { dumpUid: null },
      params: { dumpUid },
      customMetadata: customMetadata(queryParams(request)),
    });
  });
}
