// The platform's workspaces: one folder each under `<db-path>/workspaces/<id>/`, each opened as a full
// ServerContext (its own engine, server.db, keys and task queue). Folders appear and disappear by rename,
// so a workspace is either whole or absent; the folder is all there is to it (its record is in its server.db).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { KachiError } from '../../errors.ts';
import { openSqlite } from '../../store/sqlite.ts';
import { hashKeyValue } from '../auth/key-store.ts';
import { peekTenantToken, verifyTenantToken } from '../auth/tenant-token.ts';
import { openContext, type OwnedContext, type ServerContext } from '../context.ts';
import type { ServerOptions } from '../options.ts';
import { IndexingTurns } from './indexing-turns.ts';
import type { WorkspaceLimits } from './limits.ts';
import { isWorkspaceId } from './workspace-id.ts';
import { newWorkspaceMeta, readWorkspaceMeta, writeWorkspaceMeta, type WorkspaceMeta } from './workspace-meta.ts';
import { WorkspaceRuntime } from './workspace-runtime.ts';

export interface Workspace {
  readonly id: string;
  readonly ctx: OwnedContext & { readonly workspace: WorkspaceRuntime };
}

/** Leftovers of an interrupted create, import or delete start with a dot and are removed at start. */
const TEMP_PREFIX = '.';

export class WorkspaceRegistry {
  /** `<db-path>/workspaces` */
  readonly dir: string;
  /** `<db-path>/exports`: archives written by `POST /workspaces/:id/export`. */
  readonly exportsDir: string;
  readonly #server: ServerOptions;
  readonly #workspaces = new Map<string, Workspace>();
  /** Key value hash → workspace id, and key uid → workspace ids (tenant tokens name their key by uid). */
  readonly #byHash = new Map<string, string>();
  readonly #byUid = new Map<string, Set<string>>();
  /** One task at a time across all workspaces' workers, so searches wait behind one chunk, not one per workspace. */
  readonly #turns = new IndexingTurns();
  #started = false;

  constructor(server: ServerOptions) {
    this.#server = server;
    this.dir = join(server.dbPath, 'workspaces');
    this.exportsDir = join(server.dbPath, 'exports');
    mkdirSync(this.dir, { recursive: true });
    for (const entry of readdirSync(this.dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (entry.name.startsWith(TEMP_PREFIX)) rmSync(join(this.dir, entry.name), { recursive: true, force: true });
      else if (isWorkspaceId(entry.name)) this.#open(entry.name);
    }
  }

  /** A fresh temporary folder inside `dir` (same file system, so a rename moves it in place). */
  tempFolder(purpose: string): string {
    return join(this.dir, `${TEMP_PREFIX}${purpose}-${randomUUID()}`);
  }

  #open(id: string): Workspace | undefined {
    const dbPath = join(this.dir, id);
    const meta = readMetaOf(dbPath);
    if (meta === undefined) return undefined;
    const ctx = openContext(this.#server, { dbPath, keySecret: meta.secret, turns: this.#turns });
    const workspace = new WorkspaceRuntime({ id, meta, dbPath, db: ctx.db, engine: ctx.engine, store: ctx.tasks.store });
    const close = ctx.close;
    const entry: Workspace = {
      id,
      ctx: {
        ...ctx,
        workspace,
        async close() {
          workspace.close();
          await close();
        },
      },
    };
    this.#workspaces.set(id, entry);
    this.#indexKeys(entry);
    ctx.keys.onChange(() => this.#indexKeys(entry));
    if (this.#started) ctx.tasks.start();
    return entry;
  }

  #forgetKeys(id: string): void {
    for (const [hash, owner] of this.#byHash) if (owner === id) this.#byHash.delete(hash);
    for (const owners of this.#byUid.values()) owners.delete(id);
  }

  #indexKeys(entry: Workspace): void {
    this.#forgetKeys(entry.id);
    for (const key of entry.ctx.keys.list()) {
      const hash = entry.ctx.keys.hashOf(key.uid);
      if (hash !== null) this.#byHash.set(hash, entry.id);
      let owners = this.#byUid.get(key.uid);
      if (owners === undefined) this.#byUid.set(key.uid, (owners = new Set()));
      owners.add(entry.id);
    }
  }

  list(): Workspace[] {
    return [...this.#workspaces.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  get(id: string): Workspace | undefined {
    return this.#workspaces.get(id);
  }

  require(id: string): Workspace {
    const workspace = this.#workspaces.get(id);
    if (workspace === undefined) throw new KachiError('workspace_not_found', `Workspace \`${id}\` not found.`);
    return workspace;
  }

  /** The workspace whose key (or tenant token signed by one of its keys) `token` is; undefined otherwise. */
  contextForToken(token: string): ServerContext | undefined {
    if (/^[0-9a-f]{64}$/.test(token)) {
      const id = this.#byHash.get(hashKeyValue(token));
      return id === undefined ? undefined : this.#workspaces.get(id)?.ctx;
    }
    let claims;
    try {
      claims = peekTenantToken(token);
    } catch {
      return undefined; // the root context's authorize() words the error
    }
    if (claims === undefined) return undefined;
    for (const id of this.#byUid.get(claims.apiKeyUid) ?? []) {
      const ctx = this.#workspaces.get(id)?.ctx;
      if (ctx === undefined) continue;
      try {
        // The signature only (time 0 never expires): authorize() checks expiry and words that error itself.
        verifyTenantToken(token, ctx.keys.keyValue(claims.apiKeyUid), 0);
        return ctx;
      } catch {
        // signed by another workspace's key with the same uid
      }
    }
    return undefined;
  }

  /** Creates an empty workspace with its two default keys, atomically (built aside, then renamed in place). */
  async create(id: string, name: string | null, limits: WorkspaceLimits): Promise<Workspace> {
    return this.adopt(id, async (folder) => {
      const ctx = openContext(this.#server, { dbPath: folder, keySecret: null });
      try {
        writeWorkspaceMeta(ctx.db, newWorkspaceMeta(name, limits));
      } finally {
        await ctx.close();
      }
    });
  }

  /**
   * Builds a workspace in a temporary folder with `build`, then renames it to `<id>` and opens it. If `build`
   * throws, the folder is removed and nothing is left behind.
   */
  async adopt(id: string, build: (folder: string) => Promise<void>): Promise<Workspace> {
    this.#checkFree(id);
    const folder = this.tempFolder('new');
    try {
      await build(folder);
      this.#checkFree(id);
      renameSync(folder, join(this.dir, id));
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
    const workspace = this.#open(id);
    if (workspace === undefined) throw new KachiError('internal', `Workspace \`${id}\` has no record after it was created.`);
    return workspace;
  }

  #checkFree(id: string): void {
    if (this.#workspaces.has(id) || existsSync(join(this.dir, id)))
      throw new KachiError('workspace_already_exists', `Workspace \`${id}\` already exists.`);
  }

  update(id: string, change: { name?: string | null; limits?: WorkspaceLimits }): WorkspaceMeta {
    return this.require(id).ctx.workspace.update(change);
  }

  /** Stops the workspace's worker, closes it, and removes its folder (renamed aside first, so it goes at once). */
  async delete(id: string): Promise<void> {
    const workspace = this.require(id);
    this.#workspaces.delete(id);
    this.#forgetKeys(id);
    await workspace.ctx.close();
    const aside = this.tempFolder('deleted');
    renameSync(join(this.dir, id), aside);
    rmSync(aside, { recursive: true, force: true });
  }

  startAll(): void {
    this.#started = true;
    for (const workspace of this.#workspaces.values()) workspace.ctx.tasks.start();
  }

  async closeAll(): Promise<void> {
    const all = [...this.#workspaces.values()];
    this.#workspaces.clear();
    await Promise.all(all.map((workspace) => workspace.ctx.close()));
  }
}

/** Reads a folder's workspace record without keeping anything open. */
function readMetaOf(dbPath: string): WorkspaceMeta | undefined {
  if (!existsSync(join(dbPath, 'server.db'))) return undefined;
  const db = openSqlite(join(dbPath, 'server.db'));
  try {
    return readWorkspaceMeta(db);
  } finally {
    db.close();
  }
}
