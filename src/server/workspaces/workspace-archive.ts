// Detaching a workspace: its export to one archive (Kachi's archive format, scope `workspace`) and the import
// of such an archive as a new workspace, built aside and renamed in place only once its checksum held.
import { createReadStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { KachiError } from '../../errors.ts';
import { openContext } from '../context.ts';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveWriter, readArchive, restoreLine, type ArchiveHeader } from '../dumps/archive.ts';
import type { ServerOptions } from '../options.ts';
import { KACHI_VERSION } from '../routes/system.ts';
import type { TaskRow } from '../tasks/task-types.ts';
import { readLimits } from './limits.ts';
import type { SealedSecret } from './secret-seal.ts';
import type { UsageDay } from './usage-meter.ts';
import { UsageMeter } from './usage-meter.ts';
import { checkWorkspaceId } from './workspace-id.ts';
import { writeWorkspaceMeta } from './workspace-meta.ts';
import type { Workspace, WorkspaceRegistry } from './workspace-registry.ts';

/** The `workspace` field of an export's header. */
export interface ArchivedWorkspace {
  id: string;
  name: string | null;
  limits: unknown;
  createdAt: number;
  updatedAt: number;
  /** The secret key values derive from, sealed with the export's passphrase. */
  secret: SealedSecret;
}

export interface ExportResult {
  path: string;
  bytes: number;
  sha256: string;
  documents: number;
}

export function exportPath(registry: WorkspaceRegistry, id: string, exportUid: string): string {
  return join(registry.exportsDir, `${id}-${exportUid}.kachi`);
}

/**
 * Writes the workspace to `target`: header (record and sealed secret), keys with their hashes, indexes with
 * settings and documents, finished tasks, daily usage. Its task worker pauses meanwhile (after the current
 * chunk), so the archive is one consistent state; writes sent during the export wait in the queue.
 */
export async function exportWorkspace(workspace: Workspace, target: string, exportUid: string, secret: SealedSecret): Promise<ExportResult> {
  const { ctx } = workspace;
  const meta = ctx.workspace.meta;
  mkdirSync(join(target, '..'), { recursive: true });
  await ctx.tasks.stop();
  const writer = new ArchiveWriter(target);
  try {
    const archived: ArchivedWorkspace = { id: workspace.id, name: meta.name, limits: meta.limits, createdAt: meta.createdAt, updatedAt: meta.updatedAt, secret };
    await writer.line({
      kind: 'header',
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      scope: 'workspace',
      dumpUid: exportUid,
      createdAt: new Date().toISOString(),
      kachiVersion: KACHI_VERSION,
      workspace: { ...archived },
    });
    await writer.contents({ engine: ctx.engine, keys: ctx.keys, tasks: ctx.tasks.store, alerts: ctx.alerts.store });
    ctx.workspace.flush();
    for (const day of ctx.workspace.usage.all()) await writer.line({ kind: 'usage', day: { ...day } });
    const done = await writer.finish();
    return { ...done, documents: Object.values(writer.documents).reduce((a, b) => a + b, 0) };
  } catch (error) {
    writer.abort();
    throw error;
  } finally {
    ctx.tasks.start();
  }
}

/** The first line of an archive, checked to be a workspace export; read before anything is imported. */
export async function readWorkspaceHeader(file: string): Promise<ArchiveHeader & { workspace: ArchivedWorkspace }> {
  const input = createReadStream(file, { end: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let first: string | undefined;
  try {
    for await (const text of lines) {
      first = text;
      break;
    }
  } finally {
    lines.close();
    input.destroy();
  }
  let header: Partial<ArchiveHeader> | undefined;
  try {
    header = JSON.parse(first ?? '') as Partial<ArchiveHeader>;
  } catch {
    header = undefined;
  }
  if (header?.kind !== 'header' || header.format !== ARCHIVE_FORMAT || typeof header.version !== 'number' || header.version > ARCHIVE_VERSION)
    throw new KachiError('invalid_archive', `This is not a Kachi archive of version ${ARCHIVE_VERSION} or older.`);
  if (header.scope !== 'workspace' || typeof header.workspace !== 'object' || header.workspace === null)
    throw new KachiError('invalid_archive', 'This archive is a server dump, not a workspace export: start a server with `--import-dump` instead.');
  return header as ArchiveHeader & { workspace: ArchivedWorkspace };
}

export interface ImportOptions {
  file: string;
  /** The unsealed workspace secret. */
  secret: string;
  /** The new workspace's id; default the one in the archive. */
  id?: string;
}

export interface ImportResult {
  workspace: Workspace;
  indexes: number;
  documents: number;
  keys: number;
  alerts: number;
}

/**
 * Imports a workspace export as a new workspace. Everything is built in a temporary folder and renamed in
 * place only after the last line's checksum held; a truncated or corrupted archive leaves nothing behind.
 */
export async function importWorkspace(registry: WorkspaceRegistry, server: ServerOptions, options: ImportOptions): Promise<ImportResult> {
  const header = await readWorkspaceHeader(options.file);
  const archived = header.workspace;
  const id = checkWorkspaceId(options.id ?? archived.id, 'id');
  const counts = { indexes: 0, documents: 0, keys: 0, alerts: 0 };
  const workspace = await registry.adopt(id, async (folder) => {
    const ctx = openContext(server, { dbPath: folder, keySecret: options.secret });
    const sources = { engine: ctx.engine, keys: ctx.keys, tasks: ctx.tasks.store, alerts: ctx.alerts.store };
    try {
      const now = Date.now();
      writeWorkspaceMeta(ctx.db, {
        name: typeof archived.name === 'string' ? archived.name : null,
        limits: readLimits(archived.limits),
        secret: options.secret,
        createdAt: Number(archived.createdAt) || now,
        updatedAt: Number(archived.updatedAt) || now,
      });
      const defaults = new Set(ctx.keys.list().map((key) => key.uid));
      const tasks: TaskRow[] = [];
      const usage: UsageDay[] = [];
      for await (const line of readArchive(options.file)) {
        if (line.kind === 'header') continue;
        if (line.kind === 'usage') usage.push(line.day as unknown as UsageDay);
        else if (line.kind === 'key') {
          defaults.delete(line.key.uid);
          if (line.key.hash !== undefined && line.key.hash !== ctx.keys.hashOf(line.key.uid))
            throw new KachiError('invalid_archive', `The hash of key \`${line.key.uid}\` does not match the archive's secret.`);
          counts.keys++;
        } else if (line.kind === 'index') counts.indexes++;
        else if (line.kind === 'documents') counts.documents += line.documents.length;
        else if (line.kind === 'alert') counts.alerts++;
        await restoreLine(line, sources, tasks);
      }
      // The key store made default keys when it was opened; the workspace has exactly the archive's keys.
      for (const uid of defaults) ctx.keys.delete(uid);
      ctx.tasks.store.importFinished(tasks);
      new UsageMeter(ctx.db).restore(usage);
    } finally {
      await ctx.close();
    }
  });
  return { workspace, ...counts };
}
