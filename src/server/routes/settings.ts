// /indexes/:uid/settings and every subroute: GET, PATCH or PUT (as Meilisearch does per setting), DELETE.
import type { FastifyInstance } from 'fastify';
import type { Json } from '../../search-types.ts';
import { readJsonBody } from '../body.ts';
import { queryParams } from '../query-params.ts';
import { checkImplicitCreation, customMetadata, enqueue, indexUidParam, requireIndex } from '../route-helpers.ts';
import { SETTINGS, SETTING_NAMES, readSetting, readSettingsBody } from '../settings/settings-schema.ts';
import type { JsonObject } from '../validate.ts';

export function registerSettingsRoutes(app: FastifyInstance): void {
  const base = '/indexes/:indexUid/settings';

  app.get(base, { config: { action: 'settings.get' } }, async (request) =>
    requireIndex(request.ctx, indexUidParam(request)).getSettings(),
  );

  app.patch(base, { config: { action: 'settings.update' } }, async (request, reply) => {
    const uid = indexUidParam(request);
    const settings = readSettingsBody(readJsonBody(request));
    checkImplicitCreation(request.ctx, request, uid);
    return enqueue(request.ctx, reply, {
      type: 'settingsUpdate',
      indexUid: uid,
      details: settings,
      params: { settings },
      customMetadata: customMetadata(queryParams(request)),
    });
  });

  app.delete(base, { config: { action: 'settings.update' } }, async (request, reply) => {
    const uid = indexUidParam(request);
    const details: JsonObject = Object.fromEntries(SETTING_NAMES.map((name) => [name, null]));
    return enqueue(request.ctx, reply, {
      type: 'settingsUpdate',
      indexUid: uid,
      details,
      params: { resetAll: true },
      customMetadata: customMetadata(queryParams(request)),
    });
  });

  for (const [name, spec] of Object.entries(SETTINGS)) {
    const path = `${base}/${spec.route}`;
    app.get(path, { config: { action: 'settings.get' } }, async (request) => {
      const settings = requireIndex(request.ctx, indexUidParam(request)).getSettings() as unknown as Record<string, Json>;
      return settings[name] ?? null;
    });
    const update = (value: Json) => ({ [name]: value });
    app.route({
      method: spec.method === 'put' ? 'PUT' : 'PATCH',
      url: path,
      config: { action: 'settings.update' },
      handler: async (request, reply) => {
        const uid = indexUidParam(request);
        const value = readSetting(name, readJsonBody(request));
        checkImplicitCreation(request.ctx, request, uid);
        return enqueue(request.ctx, reply, {
          type: 'settingsUpdate',
          indexUid: uid,
          details: update(value),
          params: { settings: update(value) },
          customMetadata: customMetadata(queryParams(request)),
        });
      },
    });
    app.delete(path, { config: { action: 'settings.update' } }, async (request, reply) => {
      const uid = indexUidParam(request);
      return enqueue(request.ctx, reply, {
        type: 'settingsUpdate',
        indexUid: uid,
        details: update(null),
        params: { settings: update(null) },
        customMetadata: customMetadata(queryParams(request)),
      });
    });
  }
}
