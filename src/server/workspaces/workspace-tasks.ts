// The two platform tasks the root queue runs: a workspace's export, and an uploaded archive's import.
import { rmSync } from 'node:fs';
import { KachiError } from '../../errors.ts';
import type { ServerOptions } from '../options.ts';
import type { TaskDetails, TaskRow } from '../tasks/task-types.ts';
import { openSealedSecret, type SealedSecret } from './secret-seal.ts';
import { exportPath, exportWorkspace, importWorkspace } from './workspace-archive.ts';
import type { WorkspaceRegistry } from './workspace-registry.ts';

export async function runWorkspaceTask(registry: WorkspaceRegistry, server: ServerOptions, task: TaskRow): Promise<TaskDetails> {
  const { workspaceId, exportUid, archivePath, sealedSecret } = task.params;
  if (workspaceId === undefined || sealedSecret === undefined) throw new KachiError('internal', `Task ${task.uid} lacks its workspace parameters.`);
  if (task.type === 'workspaceExport') {
    const uid = exportUid ?? String(task.uid);
    const workspace = registry.require(workspaceId);
    const result = await exportWorkspace(workspace, exportPath(registry, workspaceId, uid), uid, sealedSecret as SealedSecret);
    return { ...task.details, exportUid: uid, archiveBytes: result.bytes, sha256: result.sha256, exportedDocuments: result.documents };
  }
  if (archivePath === undefined) throw new KachiError('internal', `Task ${task.uid} lacks its archive.`);
  try {
    // The upload's secret was re-sealed with the master key when it was received; the passphrase is not kept.
    const secret = openSealedSecret(sealedSecret, server.masterKey ?? '');
    const result = await importWorkspace(registry, server, { file: archivePath, secret, id: workspaceId });
    return { ...task.details, importedIndexes: result.indexes, importedDocuments: result.documents, importedKeys: result.keys, importedAlerts: result.alerts };
  } finally {
    rmSync(archivePath, { force: true });
  }
}
