// /workspaces: the platform operator's API (master key only) — create, list, get, update, delete a workspace,
// read its usage, export it to an archive (a task), download the archive, import one (a task).
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KachiError } from '../../errors.ts';
import { readJsonBody } from '../body.ts';
import { newDumpUid } from '../dumps/dump-file.ts';
import { paramCount, queryParams, rejectUnknownParams } from '../query-params.ts';
import { enqueue, pathParam } from '../route-helpers.ts';
import { expectObject, missingField, rejectUnknownFields, typeError } from '../validate.ts';
import { readLimits } from '../workspaces/limits.ts';
import { checkPassphrase, KEY_COST, openSealedSecret, sealSecret } from '../workspaces/secret-seal.ts';
import { utcDay } from '../workspaces/usage-meter.ts';
import { exportPath, readWorkspaceHeader } from '../workspaces/workspace-archive.ts';
import { checkWorkspaceId } from '../workspaces/workspace-id.ts';
import type { Workspace, WorkspaceRegistry } from '../workspaces/workspace-registry.ts';

const PLATFORM = { config: { masterKeyOnly: true } };
/**
 * The passphrase of an uploaded archive travels in a header, never in the URL (which servers log). Headers
 * carry Latin-1 only, so the value is percent-encoded UTF-8 (`encodeURIComponent('까치…')`); plain ASCII works as is.
 */
export const PASSPHRASE_HEADER = 'kachi-archive-passphrase';

function headerPassphrase(value: string | string[] | undefined): string {
  if (typeof value !== 'string') return checkPassphrase(value);
  try {
    return checkPassphrase(decodeURIComponent(value));
  } catch (error) {
    if (error instanceof URIError) return checkPassphrase(value);
    throw error;
  }
}

function registryOf(request: FastifyRequest): WorkspaceRegistry {
  const registry = request.ctx.workspaces;
  if (registry === undefined) throw new KachiError('internal', 'This server has no workspaces.');
  return registry;
}

function workspaceOf(request: FastifyRequest): Workspace {
  return registryOf(request).require(pathParam(request, 'workspaceId'));
}

/** The public workspace object. */
function workspaceView(workspace: Workspace): Record<string, unknown> {
  const meta = workspace.ctx.workspace.meta;
  return {
    id: workspace.id,
    name: meta.name,
    limits: meta.limits,
    createdAt: new Date(meta.createdAt).toISOString(),
    updatedAt: new Date(meta.updatedAt).toISOString(),
  };
}

function readName(value: unknown): string | null | undefined {
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw typeError('invalid_workspace_name', '.name', 'a string', value);
}

function readDay(text: string | undefined, name: string, fallback: string): string {
  if (text === undefined) return fallback;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)))
    throw new KachiError('invalid_workspace_usage_range', `Invalid value in parameter \`${name}\`: \`${text}\` is not a date like \`2025-01-31\`.`);
  return text;
}

export function registerWorkspaceRoutes(app: FastifyInstance): void {
  app.post('/workspaces', PLATFORM, async (request, reply) => {
    const body = expectObject(readJsonBody(request));
    rejectUnknownFields(body, ['id', 'name', 'limits']);
    if (body.id === undefined) throw missingField('invalid_workspace_id', 'id');
    const id = checkWorkspaceId(body.id);
    const workspace = await registryOf(request).create(id, readName(body.name) ?? null, readLimits(body.limits));
    const keys = workspace.ctx.keys;
    return reply.code(201).send({ ...workspaceView(workspace), keys: keys.list().map((key) => keys.view(key)) });
  });

  app.get('/workspaces', PLATFORM, async (request) => {
    const params = queryParams(request);
    rejectUnknownParams(params, ['offset', 'limit']);
    const offset = paramCount(params, 'offset', 'bad_request') ?? 0;
    const limit = paramCount(params, 'limit', 'bad_request') ?? 20;
    const all = registryOf(request).list();
    return { results: all.slice(offset, offset + limit).map(workspaceView), offset, limit, total: all.length };
  });

  app.get('/workspaces/:workspaceId', PLATFORM, async (request) => workspaceView(workspaceOf(request)));

  app.patch('/workspaces/:workspaceId', PLATFORM, async (request) => {
    const workspace = workspaceOf(request);
    const body = expectObject(readJsonBody(request));
    rejectUnknownFields(body, ['name', 'limits']);
    const change: { name?: string | null; limits?: ReturnType<typeof readLimits> } = {};
    if ('name' in body) change.name = readName(body.name) ?? null;
    if ('limits' in body) change.limits = readLimits(body.limits, workspace.ctx.workspace.meta.limits);
    workspace.ctx.workspace.update(change);
    return workspaceView(workspace);
  });

  app.delete('/workspaces/:workspaceId', PLATFORM, async (request, reply) => {
    await registryOf(request).delete(workspaceOf(request).id);
    return reply.code(204).send();
  });

  app.get('/workspaces/:workspaceId/usage', PLATFORM, async (request) => {
    const workspace = workspaceOf(request);
    const params = queryParams(request);
    rejectUnknownParams(params, ['from', 'to']);
    const to = readDay(params.to, 'to', utcDay(Date.now()));
    const from = readDay(params.from, 'from', utcDay(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000));
    const runtime = workspace.ctx.workspace;
    runtime.flush();
    const days = runtime.usage.days(from, to);
    const totals = { searches: 0, asks: 0, ingestedBytes: 0 };
    for (const day of days) {
      totals.searches += day.searches;
      totals.asks += day.asks;
      totals.ingestedBytes += day.ingestedBytes;
    }
    return { workspaceId: workspace.id, from, to, limits: runtime.meta.limits, current: runtime.current(), totals, days };
  });

  app.post('/workspaces/:workspaceId/export', PLATFORM, async (request, reply) => {
    const workspace = workspaceOf(request);
    const body = expectObject(readJsonBody(request));
    rejectUnknownFields(body, ['passphrase']);
    const sealedSecret = sealSecret(workspace.ctx.workspace.meta.secret, checkPassphrase(body.passphrase));
    const exportUid = newDumpUid();
    return enqueue(request.ctx, reply, {
      type: 'workspaceExport',
      indexUid: null,
      details: { workspaceId: workspace.id, exportUid },
      params: { workspaceId: workspace.id, exportUid, sealedSecret },
    });
  });

  app.get('/workspaces/:workspaceId/exports/:exportUid', PLATFORM, async (request, reply) => {
    const id = checkWorkspaceId(pathParam(request, 'workspaceId'), 'workspaceId');
    const exportUid = pathParam(request, 'exportUid');
    const file = exportPath(registryOf(request), id, exportUid);
    if (!/^[0-9-]{1,40}$/.test(exportUid) || !existsSync(file))
      throw new KachiError('export_not_found', `Export \`${exportUid}\` of workspace \`${id}\` not found.`);
    return reply
      .type('application/octet-stream')
      .header('content-length', statSync(file).size)
      .header('content-disposition', `attachment; filename="${id}-${exportUid}.kachi"`)
      .send(createReadStream(file));
  });

  // The archive is streamed to disk, never held in memory: this route has its own body parser.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post('/workspaces/import', { ...PLATFORM, bodyLimit: Number.MAX_SAFE_INTEGER }, async (request, reply) => {
      const params = queryParams(request);
      rejectUnknownParams(params, ['id']);
      const registry = registryOf(request);
      const passphrase = headerPassphrase(request.headers[PASSPHRASE_HEADER]);
      const file = await receiveArchive(request, join(request.ctx.options.dbPath, 'imports'));
      try {
        const header = await readWorkspaceHeader(file);
        const id = checkWorkspaceId(params.id ?? header.workspace.id, params.id === undefined ? 'workspace.id' : 'id');
        if (registry.get(id) !== undefined) throw new KachiError('workspace_already_exists', `Workspace \`${id}\` already exists: import it under another \`?id=\`.`);
        const secret = openSealedSecret(header.workspace.secret, passphrase);
        // Kept sealed with the master key until the task runs (it may run after a restart).
        const sealedSecret = sealSecret(secret, request.ctx.options.masterKey ?? '', KEY_COST);
        return enqueue(request.ctx, reply, {
          type: 'workspaceImport',
          indexUid: null,
          details: { workspaceId: id, importedDocuments: null },
          params: { workspaceId: id, archivePath: file, sealedSecret },
        });
      } catch (error) {
        rmSync(file, { force: true });
        throw error;
      }
    });
  });
}

/** Streams the request body to a new file in `folder`; an empty body is a 400. */
async function receiveArchive(request: FastifyRequest, folder: string): Promise<string> {
  const body = request.body as Readable | undefined;
  if (body === undefined || typeof body.pipe !== 'function')
    throw new KachiError('missing_payload', 'Send the archive as the request body (`Content-Type: application/octet-stream`).');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${randomUUID()}.kachi`);
  try {
    await pipeline(body, createWriteStream(file));
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  }
  if (statSync(file).size === 0) {
    rmSync(file, { force: true });
    throw new KachiError('missing_payload', 'The archive is empty.');
  }
  return file;
}
