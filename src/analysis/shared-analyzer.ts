// One indexing analyzer per distinct analysis configuration in the process, shared by every index
// that uses it. An analyzer holds up to a million cached eojeols, a term table and a worker thread;
// a hundred workspaces with default settings would otherwise hold a hundred of each (the 100 ×
// 10,000 workspaces benchmark ran the server out of its 4 GB heap that way). Analysis is
// deterministic per configuration, so sharing changes no result.
import { createIndexingAnalyzer, type IndexingAnalyzer, type ParallelAnalyzerOptions } from './parallel-analyzer.ts';
import type { AnalyzerConfig } from './types.ts';

interface Shared {
  analyzer: IndexingAnalyzer;
  users: number;
}

const shared = new Map<string, Shared>();

/**
 * The analyzer for `config`, shared with every other holder of an equal configuration. Its
 * `close()` releases this holder's share; the analyzer (and its worker) stops when the last one does.
 * @example const analyzer = acquireIndexingAnalyzer(config); … analyzer.close();
 */
export function acquireIndexingAnalyzer(config: AnalyzerConfig, options?: ParallelAnalyzerOptions): IndexingAnalyzer {
  const key = configKey(config, options);
  let entry = shared.get(key);
  if (!entry) shared.set(key, (entry = { analyzer: createIndexingAnalyzer(config, options), users: 0 }));
  entry.users++;
  const held = entry;
  let released = false;
  return {
    ...held.analyzer,
    close() {
      if (released) return;
      released = true;
      if (--held.users > 0) return;
      held.analyzer.close();
      if (shared.get(key) === held) shared.delete(key);
    },
  };
}

/** Analyzers alive in the process (for tests and stats). */
export function sharedAnalyzerCount(): number {
  return shared.size;
}

/** Equal configurations give equal keys whatever the order of their object keys. */
export function configKey(config: AnalyzerConfig, options?: ParallelAnalyzerOptions): string {
  return JSON.stringify([config, options ?? {}], (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}
