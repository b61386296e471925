// T3 report: the summary table (Kachi and both baselines), splits, question types, confidence buckets, abstention.
import { formatMachine, type MachineInfo } from './machine.ts';
import { formatTable } from './markdown.ts';
import { percentile } from './metrics.ts';
import type { QuestionOutcome } from './answer-run.ts';

export interface T3Report {
  date: string;
  command: string;
  revision: string;
  machine: MachineInfo;
  corpus: string;
  buildMs: number;
  outcomes: QuestionOutcome[];
  /** Abstentions among questions asked with their own article filtered out. */
  unanswerable: { asked: number; abstained: number };
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const share = (xs: readonly QuestionOutcome[], test: (o: QuestionOutcome) => boolean) =>
  xs.length === 0 ? 0 : xs.filter(test).length / xs.length;
const fixed = (x: number, digits = 3) => x.toFixed(digits);
/** "correct" for calibration: the best span reaches F1 ≥ 0.5 against the human answer. */
const correct = (o: QuestionOutcome) => o.spanF1 >= 0.5;

function mark(ok: boolean): string {
  return ok ? '✓' : '✗';
}

function summaryTable(r: T3Report): string {
  const o = r.outcomes;
  const latency = o.map((x) => x.answerMs);
  const p50 = percentile(latency, 50);
  const p99 = percentile(latency, 99);
  const evidence = share(o, (x) => x.evidence);
  const f1 = mean(o.map((x) => x.f1));
  const rows = [
    [
      'Kachi extractive (answer as returned)',
      fixed(mean(o.map((x) => x.em))),
      fixed(f1),
      fixed(evidence),
      fixed(share(o, (x) => x.abstained)),
      p50.toFixed(1),
      p99.toFixed(1),
    ],
    [
      'Kachi, best span even when abstaining',
      fixed(mean(o.map((x) => x.spanEm))),
      fixed(mean(o.map((x) => x.spanF1))),
      fixed(evidence),
      '0',
      '',
      '',
    ],
    [
      'Baseline: first sentence of the top passage',
      '0.000',
      fixed(mean(o.map((x) => x.firstSentence.f1))),
      fixed(share(o, (x) => x.firstSentence.evidence)),
      '0',
      '',
      '',
    ],
    [
      'Baseline: most question-bigram overlap',
      '0.000',
      fixed(mean(o.map((x) => x.bigramSentence.f1))),
      fixed(share(o, (x) => x.bigramSentence.evidence)),
      '0',
      '',
      '',
    ],
  ];
  const table = formatTable(
    [
      { header: 'system' },
      { header: 'EM', align: 'right' },
      { header: 'F1', align: 'right' },
      { header: 'evidence acc.', align: 'right' },
      { header: 'abstention', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
    ],
    rows,
  );
  const targets = `Targets without a model: evidence ≥ 0.80 ${mark(evidence >= 0.8)} (${fixed(evidence)}) · F1 ≥ 0.60 ${mark(f1 >= 0.6)} (${fixed(f1)}) · p99 ≤ 200 ms ${mark(p99 <= 200)} (${p99.toFixed(1)} ms; retrieval alone p50 ${percentile(
    o.map((x) => x.retrievalMs),
    50,
  ).toFixed(1)} / p99 ${percentile(
    o.map((x) => x.retrievalMs),
    99,
  ).toFixed(1)} ms)`;
  return `${table}\n\n${targets}`;
}

function splitTable(o: readonly QuestionOutcome[]): string {
  const row = (name: string, xs: readonly QuestionOutcome[]) => [
    name,
    String(xs.length),
    fixed(mean(xs.map((x) => x.em))),
    fixed(mean(xs.map((x) => x.f1))),
    fixed(mean(xs.map((x) => x.spanF1))),
    fixed(share(xs, (x) => x.evidence)),
    fixed(share(xs, (x) => x.abstained)),
  ];
  const types = [...new Set(o.map((x) => x.type))].sort();
  return formatTable(
    [
      { header: 'questions' },
      { header: 'n', align: 'right' },
      { header: 'EM', align: 'right' },
      { header: 'F1', align: 'right' },
      { header: 'span F1', align: 'right' },
      { header: 'evidence', align: 'right' },
      { header: 'abstention', align: 'right' },
    ],
    [
      row('all', o),
      row(
        'even articles (weights fitted here)',
        o.filter((x) => x.parity === 0),
      ),
      row(
        'odd articles (held out)',
        o.filter((x) => x.parity === 1),
      ),
      ...types.map((t) =>
        row(
          `type: ${t}`,
          o.filter((x) => x.type === t),
        ),
      ),
    ],
  );
}

function bucketTable(o: readonly QuestionOutcome[]): string {
  const edges = [0, 0.2, 0.4, 0.6, 0.8, 1.0001];
  const rows = edges.slice(0, -1).map((low, i) => {
    const high = edges[i + 1]!;
    const inside = o.filter((x) => x.confidence >= low && x.confidence < high);
    const held = inside.filter((x) => x.parity === 1);
    return [
      `${low.toFixed(1)}–${Math.min(1, high).toFixed(1)}`,
      String(inside.length),
      fixed(mean(inside.map((x) => x.confidence))),
      fixed(share(inside, correct)),
      fixed(mean(inside.map((x) => x.spanF1))),
      String(held.length),
      fixed(share(held, correct)),
    ];
  });
  return formatTable(
    [
      { header: 'confidence' },
      { header: 'n', align: 'right' },
      { header: 'mean conf.', align: 'right' },
      { header: 'accuracy', align: 'right' },
      { header: 'span F1', align: 'right' },
      { header: 'n held out', align: 'right' },
      { header: 'accuracy held out', align: 'right' },
    ],
    rows,
  );
}

export function renderT3Report(r: T3Report): string {
  const u = r.unanswerable;
  return [
    '## T3 — Answers (the AI friend)',
    '',
    `- Date: ${r.date}`,
    `- Command: \`${r.command}\` (or \`npm run bench:answers\`), source ${r.revision}`,
    `- Machine: ${formatMachine(r.machine)}`,
    `- Corpus: ${r.corpus}; index build ${(r.buildMs / 1000).toFixed(1)} s`,
    '- Protocol: every question goes through `answerExtractively(index, {question, limit: 5})` — engine retrieval, sentences, POS tagging, span choice, confidence, reply — in a fixed shuffled order (seed 3), one at a time on one thread, after a warm-up on article titles. EM and F1 use the official KorQuAD 1.0 normalisation (F1 over characters); an abstention scores 0. Evidence accuracy: the sentence the answer relied on contains a gold answer (spacing and case ignored). Baselines read the same five retrieved passages; their "answer" is the whole sentence.',
    '',
    summaryTable(r),
    '',
    '### By split and question type',
    '',
    splitTable(r.outcomes),
    '',
    '### Calibration: accuracy per confidence bucket',
    '',
    'Accuracy = share of questions whose best span reaches F1 ≥ 0.5 (what `confidence` estimates). The confidence model is fitted on the even-numbered articles with one unanswerable question (its article filtered out) for every three answerable ones, so on these answerable-only questions it errs on the cautious side in the lower buckets.',
    '',
    bucketTable(r.outcomes),
    '',
    `Abstention on unanswerable questions: ${u.abstained} of ${u.asked} (${fixed(u.asked === 0 ? 0 : u.abstained / u.asked)}) questions asked with their own article filtered out (\`filter: article != N\`) got "문서에서 답을 찾지 못했어요".`,
  ].join('\n');
}
