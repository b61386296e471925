// The crawler's persisted state: the frontier of the current run (so a stopped crawl resumes) and, per
// page, its validators and links (so a recrawl can ask "changed?" and still follow an unchanged page).
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IngestProblem } from '../problems.ts';

export const STATE_VERSION = 1;

export interface QueuedUrl {
  url: string;
  depth: number;
}

export interface PageRecord {
  status: number;
  etag?: string;
  lastModified?: string;
  /** Outgoing same-site links, followed again when the page answers 304 Not Modified. */
  links: string[];
  fetchedAt: string;
}

export interface CrawlState {
  version: number;
  start: string;
  /** The run in progress: false once its frontier is empty; the next start then begins a recrawl. */
  running: boolean;
  queue: QueuedUrl[];
  /** URLs fetched (or refused) in this run. */
  visited: string[];
  pages: Record<string, PageRecord>;
}

export function newState(start: string): CrawlState {
  return { version: STATE_VERSION, start, running: true, queue: [], visited: [], pages: {} };
}

/** Loads the state at `path`; null if there is none. A state for another start URL is refused. */
export async function loadState(path: string, start: string): Promise<CrawlState | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const state = JSON.parse(text) as CrawlState;
  if (state.version !== STATE_VERSION) return null;
  if (state.start !== start)
    throw new IngestProblem('unsupported', `the crawl state ${path} belongs to ${state.start}; pass another --state file for ${start}`);
  return state;
}

/** Writes atomically (temp file, then rename), so a crash mid-write leaves the previous state intact. */
export async function saveState(path: string, state: CrawlState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(state));
  await rename(temporary, path);
}
