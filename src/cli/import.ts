// `kachi import <archive>`: brings a workspace export (POST /workspaces/:id/export) into a data folder as a
// workspace, with no server running on that folder (stop it first); start `kachi serve` there afterwards and the
// workspace's keys, tenant tokens and alerts work as before.
import { KachiError } from '../errors.ts';
import { DEFAULT_SERVER_OPTIONS } from '../server/options.ts';
import { checkPassphrase, openSealedSecret } from '../server/workspaces/secret-seal.ts';
import { importWorkspace, readWorkspaceHeader } from '../server/workspaces/workspace-archive.ts';
import { WorkspaceRegistry } from '../server/workspaces/workspace-registry.ts';
import { parse, resolveDbPath } from './common.ts';

const USAGE = 'kachi import <archive.kachi> [--id ID] [--passphrase P] [--db-path DIR]   (or KACHI_ARCHIVE_PASSPHRASE)';

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { id: { type: 'string' }, passphrase: { type: 'string' } });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    console.error(`Usage: ${USAGE}`);
    return 2;
  }
  const passphrase = checkPassphrase(values.passphrase ?? process.env.KACHI_ARCHIVE_PASSPHRASE);
  const header = await readWorkspaceHeader(file);
  const secret = openSealedSecret(header.workspace.secret, passphrase);
  const options = { ...DEFAULT_SERVER_OPTIONS, dbPath: resolveDbPath(values['db-path']) };
  const registry = new WorkspaceRegistry(options);
  try {
    const result = await importWorkspace(registry, options, { file, secret, id: values.id });
    console.log(
      `kachi: imported workspace ${result.workspace.id} into ${options.dbPath}: ${result.indexes} indexes, ` +
        `${result.documents} documents, ${result.keys} keys.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof KachiError) throw error;
    throw new KachiError('internal', `The import failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    await registry.closeAll();
  }
}
