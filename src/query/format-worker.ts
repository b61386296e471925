// The format thread: formats pages of hits with analyzers of its own (lindera and word caches), one per analysis
// configuration it is asked for; see format-thread.ts for the protocol.
import { workerData, type MessagePort } from 'node:worker_threads';
import { createAnalyzer } from '../analysis/analyzer.ts';
import { BoundedCache } from '../analysis/bounded-cache.ts';
import type { AnalyzerConfig, BatchAnalyzer } from '../analysis/types.ts';
import type { FormattedHit } from './format-hit.ts';
import { formatDocuments, type FormatJob } from './format-hits.ts';

export interface FormatRequest {
  id: number;
  /** The index's analysis configuration, and a key that equal configurations share. */
  config: AnalyzerConfig;
  configKey: string;
  /** Absent on a warm-up request: the analyzer is only built. */
  job?: FormatJob;
}

export interface FormatAnswer {
  id: number;
  hits?: FormattedHit[];
  error?: string;
}

/** Analyzers kept: each holds a lindera tokenizer and caches, and most servers use one configuration. */
const ANALYZERS_KEPT = 8;
const analyzers = new BoundedCache<string, BatchAnalyzer>(ANALYZERS_KEPT);

const { port } = workerData as { port: MessagePort };

port.on('message', (request: FormatRequest) => {
  try {
    let analyzer = analyzers.get(request.configKey);
    if (analyzer === undefined) analyzers.set(request.configKey, (analyzer = createAnalyzer(request.config)));
    const hits = request.job === undefined ? [] : formatDocuments(request.job, analyzer);
    port.postMessage({ id: request.id, hits } satisfies FormatAnswer);
  } catch (error) {
    port.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FormatAnswer);
  }
});
