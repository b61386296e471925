// T3 (../shared/bench/README.md): answers over KorQuAD 1.0 dev with retrieval included, beside two sentence baselines.
//
//   node --import tsx bench/answers.ts [--questions N] [--unanswerable 500] [--no-write]
//   node --import tsx bench/answers.ts --fit     # refit src/answer/span-weights.ts on the even-numbered articles
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openEngine } from '../src/engine.ts';
import type { KachiIndex } from '../src/engine-types.ts';
import { answerExtractively } from '../src/answer/extractive.ts';
import { projectRoot } from './lib/bench-data.ts';
import { loadKorquad, type Passage, type Question } from './lib/korquad.ts';
import { describeMachine, sourceRevision } from './lib/machine.ts';
import { writeSection } from './lib/markdown.ts';
import { measureQuestion, shuffled, type QuestionOutcome } from './lib/answer-run.ts';
import { renderT3Report } from './lib/answer-report.ts';
import { fitAnswerWeights, renderWeightsFile } from './lib/answer-weights.ts';

const SCRIPT = relative(projectRoot, fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    fit: { type: 'boolean', default: false },
    questions: { type: 'string' },
    unanswerable: { type: 'string', default: '500' },
    'no-write': { type: 'boolean', default: false },
  },
});

const articleOf = (passageId: string) => Number(passageId.split('-')[0]);
const { passages, questions } = loadKorquad();
const dbPath = mkdtempSync(join(tmpdir(), 'kachi-t3-'));
const engine = openEngine({ dbPath });
try {
  const started = performance.now();
  const index = buildIndex(passages);
  const buildMs = performance.now() - started;
  const asked = shuffled(questions, 3).slice(
    0,
    values.questions === undefined ? undefined : Number(values.questions),
  );
  warmUp(index, passages);
  if (values.fit) fit(index, asked);
  else report(index, asked, buildMs);
} finally {
  engine.close();
  rmSync(dbPath, { recursive: true, force: true });
}

function buildIndex(all: readonly Passage[]): KachiIndex {
  const index = engine.createIndex('korquad', { primaryKey: 'id' });
  index.updateSettings({ searchableAttributes: ['title', 'text'], filterableAttributes: ['article'] });
  index.addDocuments(all.map((p) => ({ id: p.id, title: p.title, text: p.text, article: articleOf(p.id) })));
  return index;
}

/** Loads the WASM tagger and warms the engine on article titles, which are not among the questions. */
function warmUp(index: KachiIndex, all: readonly Passage[]): void {
  for (const title of [...new Set(all.map((p) => p.title))].slice(0, 50))
    answerExtractively(index, { question: `${title}은 무엇인가?` });
}

function report(index: KachiIndex, asked: readonly Question[], buildMs: number): void {
  const outcomes: QuestionOutcome[] = [];
  asked.forEach((q, i) => {
    outcomes.push(measureQuestion(index, q, articleOf(q.goldId) % 2, 5));
    if ((i + 1) % 500 === 0) process.stderr.write(`[t3] ${i + 1}/${asked.length}\n`);
  });
  const negatives = shuffled(asked, 11).slice(0, Number(values.unanswerable));
  let abstained = 0;
  for (const q of negatives) {
    const filter = `article != ${articleOf(q.goldId)}`;
    if (answerExtractively(index, { question: q.question, filter, limit: 5 }).response.abstained) abstained++;
  }
  const markdown = renderT3Report({
    date: new Date().toISOString().replace(/\.\d+Z$/u, 'Z'),
    command: ['node --import tsx', SCRIPT, ...process.argv.slice(2)].join(' '),
    revision: sourceRevision(projectRoot, ['src', 'bench']),
    machine: describeMachine(),
    corpus: `KorQuAD 1.0 dev: ${passages.length.toLocaleString('en')} paragraphs indexed (title + text), ${asked.length.toLocaleString('en')} questions`,
    buildMs,
    outcomes,
    unanswerable: { asked: negatives.length, abstained },
  });
  process.stdout.write(`${markdown}\n`);
  if (!values['no-write']) {
    writeSection(join(projectRoot, 'BENCHMARKS.md'), 'answers', markdown, 'Kachi benchmarks');
    process.stderr.write('[t3] wrote the T3 section of BENCHMARKS.md\n');
  }
}

function fit(index: KachiIndex, asked: readonly Question[]): void {
  const training = asked.filter((q) => articleOf(q.goldId) % 2 === 0);
  process.stderr.write(`[t3] fitting on ${training.length} questions of the even-numbered articles\n`);
  const fitted = fitAnswerWeights(
    index,
    training,
    (q) => `article != ${articleOf(q.goldId)}`,
    (done) => {
      if (done % 500 === 0) process.stderr.write(`[t3] collected ${done}/${training.length}\n`);
    },
  );
  const path = join(projectRoot, 'src', 'answer', 'span-weights.ts');
  writeFileSync(path, renderWeightsFile(fitted));
  process.stderr.write(
    `[t3] wrote ${relative(projectRoot, path)}: picked-span F1 on the training questions ${fitted.trainF1.toFixed(4)}\n`,
  );
}
