// Task T2 (../shared/bench/README.md): the Korean Wikipedia corpus built by prep-t2.mjs, its subsets and queries.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { benchDataDir } from './bench-data.ts';

/** One T2 passage as prep-t2.mjs writes it (`id` is `k:<article>-<paragraph>` or `w:<doc>:<n>`). */
export interface T2Passage {
  id: string;
  title: string;
  text: string;
}

export interface T2Query {
  qid: string;
  query: string;
  /** Ids of the gold passage (its surviving copy after deduplication). */
  gold: string[];
  answers: string[];
}

/** Corpus sizes the benchmark knows: prep-t2's subsets, which keep every gold passage, and the whole corpus. */
export const T2_SIZES = ['10k', '100k', 'full'] as const;
export type T2Size = (typeof T2_SIZES)[number];

/**
 * The folder holding prep-t2's output: `--t2-dir`, else $KACHI_T2_DIR, else `<tmp>/kachi-t2`, built by running
 * prep-t2.mjs (about 15 s) when its corpus is missing. The data stays outside the project.
 */
export function ensureT2Dir(requested: string | undefined): string {
  const dir = resolve(requested ?? process.env['KACHI_T2_DIR'] ?? join(tmpdir(), 'kachi-t2'));
  if (existsSync(join(dir, 'corpus.jsonl')) && existsSync(join(dir, 'queries.jsonl'))) return dir;
  const prep = join(benchDataDir(), '..', 'prep-t2.mjs');
  if (!existsSync(prep))
    throw new Error(`No T2 corpus in ${dir} and no ${prep} to build it (see ../shared/bench/README.md).`);
  process.stderr.write(`[t2] building the T2 corpus into ${dir} with ${prep}\n`);
  execFileSync(process.execPath, [prep, '--out', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

export function corpusFile(dir: string, size: T2Size): string {
  return join(dir, size === 'full' ? 'corpus.jsonl' : `corpus-${size}.jsonl`);
}

export function loadQueries(dir: string): T2Query[] {
  return readFileSync(join(dir, 'queries.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T2Query);
}

/**
 * A T2 id as a Meilisearch-compatible document id: `:` is not allowed there, and `_` never occurs in T2 ids,
 * so the rewrite is one-to-one. Every engine of the benchmark uses the rewritten ids.
 * @example documentId('w:5:12') // → 'w_5_12'
 */
export function documentId(t2Id: string): string {
  return t2Id.replaceAll(':', '_');
}

/** Streams the passages of a corpus file in batches (ids rewritten by `documentId`). */
export async function* passageBatches(file: string, batchSize: number): AsyncGenerator<T2Passage[]> {
  let batch: T2Passage[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line === '') continue;
    const p = JSON.parse(line) as T2Passage;
    batch.push({ id: documentId(p.id), title: p.title, text: p.text });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export async function loadPassages(file: string): Promise<T2Passage[]> {
  const all: T2Passage[] = [];
  for await (const batch of passageBatches(file, 10_000)) for (const p of batch) all.push(p);
  return all;
}

/** UTF-8 bytes of title + text, the measure of "MB of text" in the T2 figures (295 MB for the whole corpus). */
export function textBytes(passages: readonly T2Passage[]): number {
  let bytes = 0;
  for (const p of passages) bytes += Buffer.byteLength(p.title) + Buffer.byteLength(p.text);
  return bytes;
}
