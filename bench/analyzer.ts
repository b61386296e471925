// Analyzer throughput on KorQuAD 1.0 dev contexts: naive lindera, Kachi's morphology, the full analyzer.
//
//   node --import tsx bench/analyzer.ts            (data: ../shared/bench/data, or $KACHI_BENCH_DATA)
//
// Each row starts from a cold cache (a new morphology or analyzer); lindera's WASM is loaded once
// before timing. MB/s counts UTF-8 bytes of the contexts.
import { loadavg } from 'node:os';
import { TokenizerBuilder } from 'lindera-wasm';
import { createAnalyzer } from '../src/analysis/analyzer.ts';
import { ensureInitialized } from '../src/analysis/lindera.ts';
import { createMorphology } from '../src/analysis/morphology.ts';
import { normalize } from '../src/analysis/normalize.ts';
import { segment } from '../src/analysis/segment.ts';
import { DEFAULT_KOREAN } from '../src/settings.ts';
import { loadKorquad } from './lib/korquad.ts';
import { describeMachine, formatMachine, sourceRevision } from './lib/machine.ts';
import { formatTable } from './lib/markdown.ts';
import { projectRoot } from './lib/bench-data.ts';

const { passages, questions } = loadKorquad();
const contexts = passages.map((p) => p.text);
const bytes = contexts.reduce((sum, c) => sum + Buffer.byteLength(c), 0);
const config = {
  korean: DEFAULT_KOREAN,
  stopWords: [],
  dictionary: [],
  separatorTokens: [],
  nonSeparatorTokens: [],
};

/** Wall time, and CPU time of this process (less disturbed when other work shares the machine). */
function time(run: () => number): { seconds: number; cpuSeconds: number; count: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const count = run();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6, count };
}

const loadStart = performance.now();
// through Kachi's loader, so every row (the naive one too) uses its lean token-building imports
ensureInitialized();
createMorphology({ stopTags: DEFAULT_KOREAN.stopTags, decompound: true }).analyze(['준비']);
const loadMs = performance.now() - loadStart;

const rows: Array<{ name: string; seconds: number; cpuSeconds: number; count: number; unit: string }> = [];
let cacheNote = '';

// 1. lindera as documented: every context whole, every token converted to JS (with Kachi's lean imports).
{
  const builder = new TokenizerBuilder();
  builder.setDictionary('embedded://ko-dic');
  builder.setMode('normal');
  const tokenizer = builder.build();
  const r = time(() => contexts.reduce((n, c) => n + (tokenizer.tokenize(c) as unknown[]).length, 0));
  rows.push({ name: 'naive lindera (whole contexts, all tokens)', ...r, unit: 'tokens' });
}

// 2. Kachi's morphology alone: Hangul runs only, stop tags dropped in WASM, eojeol cache, one batch per context.
{
  const runsOf = contexts.map((c) => {
    const text = normalize(c).text;
    return segment(text, { separatorTokens: [], nonSeparatorTokens: [], dictionary: null }).flatMap((e) =>
      e.runs.filter((r) => r.kind === 'hangul').map((r) => text.slice(r.start, r.end)),
    );
  });
  const morphology = createMorphology({ stopTags: DEFAULT_KOREAN.stopTags, decompound: true });
  rows.push({
    name: 'morphology, cold eojeol cache',
    ...time(() => runsOf.reduce((n, runs) => n + morphology.analyze(runs).flat().length, 0)),
    unit: 'morphemes',
  });
  const { analysed } = morphology.stats();
  const total = runsOf.reduce((n, runs) => n + runs.length, 0);
  cacheNote = `${total.toLocaleString('en')} Hangul runs, ${analysed.toLocaleString('en')} unique (${((100 * analysed) / total).toFixed(0)}%) went to lindera on the cold pass`;
  rows.push({
    name: 'morphology, warm cache (2nd pass)',
    ...time(() => runsOf.reduce((n, runs) => n + morphology.analyze(runs).flat().length, 0)),
    unit: 'morphemes',
  });
}

// 3. The full analyzer (normalize, segment, morphology, words, bigrams, positions, offsets).
{
  const analyzer = createAnalyzer(config);
  rows.push({
    name: 'analyzer.analyze, one context at a time',
    ...time(() => contexts.reduce((n, c) => n + analyzer.analyze(c).length, 0)),
    unit: 'tokens',
  });
}
{
  const analyzer = createAnalyzer(config);
  const run = () => {
    let n = 0;
    for (let i = 0; i < contexts.length; i += 64)
      for (const tokens of analyzer.analyzeBatch(contexts.slice(i, i + 64))) n += tokens.length;
    return n;
  };
  rows.push({ name: 'analyzer.analyzeBatch, 64 contexts per call', ...time(run), unit: 'tokens' });
  rows.push({ name: 'analyzer.analyzeBatch, warm cache (2nd pass)', ...time(run), unit: 'tokens' });
}

{
  // the indexing path: token columns (no offsets), cached per eojeol, one thread
  const analyzer = createAnalyzer(config);
  const run = () => {
    let n = 0;
    for (let i = 0; i < contexts.length; i += 64)
      n += analyzer.analyzeColumns(contexts.slice(i, i + 64)).entries.length;
    return n;
  };
  rows.push({ name: 'analyzer.analyzeColumns (indexing), 64 per call', ...time(run), unit: 'tokens' });
  rows.push({ name: 'analyzer.analyzeColumns, warm cache (2nd pass)', ...time(run), unit: 'tokens' });
}

const queryAnalyzer = createAnalyzer(config);
const queries = time(() =>
  questions.reduce((n, q) => n + queryAnalyzer.analyzeQuery(q.question).units.length, 0),
);

console.log(
  `# Analyzer throughput (bench/analyzer.ts, revision ${sourceRevision(projectRoot, ['src/analysis', 'bench/analyzer.ts'])})\n`,
);
console.log(
  `Machine: ${formatMachine(describeMachine())}; load average at start ${loadavg()[0]!.toFixed(1)}`,
);
console.log(
  `Corpus: KorQuAD 1.0 dev, ${contexts.length} contexts, ${(bytes / 1e6).toFixed(2)} MB UTF-8; lindera WASM load ${loadMs.toFixed(0)} ms (not timed below)\n`,
);
console.log(
  formatTable(
    [
      { header: 'what' },
      { header: 'seconds', align: 'right' },
      { header: 'MB/s', align: 'right' },
      { header: 'MB per CPU-s', align: 'right' },
      { header: 'output', align: 'right' },
    ],
    rows.map((r) => [
      r.name,
      r.seconds.toFixed(2),
      (bytes / 1e6 / r.seconds).toFixed(2),
      (bytes / 1e6 / r.cpuSeconds).toFixed(2),
      `${r.count.toLocaleString('en')} ${r.unit}`,
    ]),
  ),
);
console.log(
  `\nMorphology cache (per Hangul run): ${cacheNote}. Load average at the end: ${loadavg()[0]!.toFixed(1)}.`,
);
console.log(
  `analyzeQuery on ${questions.length.toLocaleString('en')} KorQuAD questions: ${((queries.seconds * 1e6) / questions.length).toFixed(0)} µs per query (cold cache).`,
);
