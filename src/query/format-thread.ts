// Formatting hits off the serving thread. A hit's matches come from the match tokens stored at indexing; a hit
// without them has its words analysed again (lindera: ~20 µs a word not yet cached, ~13 µs through the analyzer
// when cached), which was more than half of a search asking for highlights and crops before they were stored
// (a CPU profile of T2 10k searches with bench:http's request: 7.7 of 13.5 s). Cropping and highlighting are
// still work. On the format thread, one per process, the serving thread ranks the next search meanwhile. A thread that is
// not warm yet (loading lindera takes about a second) leaves the page to the caller, which formats it itself,
// and is warmed up for the next one.
import type { AnalyzerConfig } from '../analysis/types.ts';
import { configKey } from '../analysis/shared-analyzer.ts';
import { RequestThread } from '../request-thread.ts';
import type { FormattedHit } from './format-hit.ts';
import type { FormatJob } from './format-hits.ts';
import type { FormatAnswer, FormatRequest } from './format-worker.ts';

/** The thread (its lindera and caches) is stopped after this long without a search to format. */
const IDLE_MS = 10 * 60_000;

const thread = new RequestThread<FormatRequest, FormatAnswer>({
  callerUrl: import.meta.url,
  moduleBase: './format-worker',
  name: 'format',
  idleMs: IDLE_MS,
});

/** Configurations whose analyzer the running thread has built, and those being built. */
const warm = new Set<string>();
const warming = new Set<string>();

function warmUp(key: string, config: AnalyzerConfig): void {
  if (warming.has(key)) return;
  warming.add(key);
  void thread.request({ config, configKey: key }).then((answer) => {
    warming.delete(key);
    if (answer !== null) warm.add(key);
  });
}

/**
 * `job` formatted on the format thread with an analyzer of `config`; null when the thread is not warm for it
 * yet or failed: the caller then formats the page itself.
 */
export async function formatOffThread(job: FormatJob, config: AnalyzerConfig): Promise<FormattedHit[] | null> {
  if (!thread.running) warm.clear(); // stopped while idle, or failed: its analyzers are gone
  const key = configKey(config);
  if (!warm.has(key)) {
    warmUp(key, config);
    return null;
  }
  const answer = await thread.request({ config, configKey: key, job });
  if (answer === null) warm.delete(key);
  return answer?.hits ?? null;
}
