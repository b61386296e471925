// T1 (../shared/bench/README.md): KorQuAD 1.0 dev paragraph retrieval, Kachi beside its peers.
//
//   node --import tsx bench/relevance.ts [--runs 3] [--engines kachi,bm25-bigram] [--no-write]
//
// The parent spawns one child per engine and run (`--engine KEY`), so each engine's peak RSS is its own,
// interleaves the runs so machine noise falls on every engine alike, and prints the medians.
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { projectRoot } from './lib/bench-data.ts';
import { emitResult, runChild } from './lib/child-process.ts';
import { createKachiEngine } from './lib/kachi-engine.ts';
import { loadKorquad } from './lib/korquad.ts';
import { describeMachine, sourceRevision } from './lib/machine.ts';
import { writeSection } from './lib/markdown.ts';
import {
  createBm25BigramEngine,
  createFlexSearchBigramEngine,
  createMiniSearchEngine,
  EngineUnavailableError,
  type RetrievalEngine,
} from './lib/retrieval-engine.ts';
import { goldPassage, runRetrieval } from './lib/retrieval-run.ts';
import { type EngineOutcome, renderT1Report, type T1EngineSpec, type T1Report } from './lib/t1-report.ts';

interface T1Engine extends T1EngineSpec {
  create: () => RetrievalEngine | Promise<RetrievalEngine>;
}

const ENGINES: T1Engine[] = [
  { key: 'kachi', label: 'Kachi', create: createKachiEngine, target: { r1: 0.93, mrr10: 0.96 } },
  {
    key: 'minisearch',
    label: 'MiniSearch 7.2 default',
    create: () => createMiniSearchEngine({ bigrams: false }),
    reference: { r1: 0.758, mrr10: 0.815 },
  },
  {
    key: 'minisearch-bigram',
    label: 'MiniSearch 7.2, bigram tokenizer',
    create: () => createMiniSearchEngine({ bigrams: true }),
    reference: { r1: 0.905, mrr10: 0.941 },
  },
  {
    key: 'flexsearch-bigram',
    label: 'FlexSearch 0.8, bigram encoder + suggest',
    create: createFlexSearchBigramEngine,
    reference: { r1: 0.893, mrr10: 0.931 },
  },
  {
    key: 'bm25-bigram',
    label: 'BM25 over Hangul bigrams (baseline)',
    create: createBm25BigramEngine,
    reference: { r1: 0.905, mrr10: 0.942 },
  },
];

const SCRIPT = relative(projectRoot, fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    engine: { type: 'string' },
    engines: { type: 'string', default: ENGINES.map((e) => e.key).join(',') },
    runs: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
  },
});

if (values.engine !== undefined) {
  emitResult(await measureOrReport(findEngine(values.engine)));
} else {
  await runAll();
}

/** Child: any failure becomes an `error` row with its message; the stack goes to stderr. */
async function measureOrReport(spec: T1Engine): Promise<EngineOutcome> {
  try {
    return await measureInThisProcess(spec);
  } catch (error) {
    process.stderr.write(
      `[t1] ${spec.key} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'error', reason: message.split('\n')[0] ?? message };
  }
}

/** Child: load the corpus, build one engine, run every question. */
async function measureInThisProcess(spec: T1Engine): Promise<EngineOutcome> {
  const { passages, questions } = loadKorquad();
  let engine: RetrievalEngine;
  try {
    engine = await spec.create();
  } catch (error) {
    if (error instanceof EngineUnavailableError) return { status: 'unavailable', reason: error.message };
    throw error;
  }
  try {
    // Warm up on the article titles: Korean text, but not the measured questions, so no cache can help.
    const warmupQueries = [...new Set(passages.map((p) => p.title))];
    return {
      status: 'ok',
      run: runRetrieval(engine, passages, questions, { judges: { gold: goldPassage }, warmupQueries }),
    };
  } finally {
    engine.close?.();
  }
}

/** Parent: interleave `--runs` rounds of every engine, each in its own process, then report. */
async function runAll(): Promise<void> {
  const runs = Number.parseInt(values.runs, 10);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive integer, got "${values.runs}"`);
  const engines = values.engines.split(',').map((key) => findEngine(key.trim()));
  const { passages, questions } = loadKorquad();
  const loadAtStart = loadavg()[0] ?? 0;
  const outcomes = new Map<string, EngineOutcome[]>(engines.map((e) => [e.key, []]));
  for (let round = 1; round <= runs; round++) {
    for (const spec of engines) {
      process.stderr.write(`[t1] run ${round}/${runs}: ${spec.key}\n`);
      outcomes.get(spec.key)?.push(await measureInChild(spec.key));
    }
  }
  const report: T1Report = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: ['node --import tsx', SCRIPT, ...process.argv.slice(2)].join(' '),
    machine: describeMachine(),
    revision: sourceRevision(projectRoot, ['src', 'bench']),
    corpus: `KorQuAD 1.0 dev: ${passages.length.toLocaleString('en')} paragraphs (title + context), ${questions.length.toLocaleString('en')} questions, gold = own paragraph`,
    runs,
    loadAverage: [loadAtStart, loadavg()[0] ?? 0],
    engines: engines.map((spec) => ({ spec, outcomes: outcomes.get(spec.key) ?? [] })),
  };
  const markdown = renderT1Report(report);
  process.stdout.write(`${markdown}\n`);
  if (!values['no-write']) {
    writeSection(join(projectRoot, 'BENCHMARKS.md'), 'relevance', markdown, 'Kachi benchmarks');
    process.stderr.write('[t1] wrote the T1 section of BENCHMARKS.md\n');
  }
}

async function measureInChild(key: string): Promise<EngineOutcome> {
  try {
    // --expose-gc lets the child measure the heap after a full collection.
    const nodeArgs = ['--expose-gc', '--import', 'tsx'];
    return (await runChild({
      script: SCRIPT,
      args: ['--engine', key],
      nodeArgs,
      cwd: projectRoot,
    })) as EngineOutcome;
  } catch (error) {
    return { status: 'error', reason: error instanceof Error ? error.message : String(error) };
  }
}

function findEngine(key: string): T1Engine {
  const spec = ENGINES.find((e) => e.key === key);
  if (spec === undefined)
    throw new Error(`Unknown engine "${key}"; choose from ${ENGINES.map((e) => e.key).join(', ')}`);
  return spec;
}
