// Test helper: a real engine in a fresh temporary data folder, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine, type Engine } from '../../src/engine.ts';

export function tempDir(prefix = 'kachi-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Runs `body` with an engine on a temp folder; closes and deletes it afterwards. */
export async function withEngine<T>(body: (engine: Engine, dbPath: string) => T | Promise<T>): Promise<T> {
  const dir = tempDir();
  const engine = openEngine({ dbPath: dir.path });
  try {
    return await body(engine, dir.path);
  } finally {
    try {
      engine.close();
    } catch {
      // already closed by the test
    }
    dir.remove();
  }
}
