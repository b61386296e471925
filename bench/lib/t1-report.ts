// T1's report: medians over runs, one Markdown block for stdout and for BENCHMARKS.md.
import { formatMachine, type MachineInfo } from './machine.ts';
import { formatTable, type Column } from './markdown.ts';
import { median } from './metrics.ts';
import type { RetrievalRunResult } from './retrieval-run.ts';

/** How an engine is shown: Kachi beside its targets, a peer beside the shared README's figures. */
export interface T1EngineSpec {
  key: string;
  label: string;
  target?: { r1: number; mrr10: number };
  reference?: { r1: number; mrr10: number };
}

/** What one child process reports. */
export type EngineOutcome =
  { status: 'ok'; run: RetrievalRunResult } | { status: 'unavailable' | 'error'; reason: string };

export interface T1Report {
  /** ISO time of the run. */
  date: string;
  command: string;
  machine: MachineInfo;
  /** Commit of the tree measured, `+dirty` when src/ or bench/ had uncommitted changes. */
  revision: string;
  corpus: string;
  runs: number;
  /** 1-minute load average when the runs started and ended: above the core count, timings are inflated. */
  loadAverage: [number, number];
  engines: Array<{ spec: T1EngineSpec; outcomes: EngineOutcome[] }>;
}

const COLUMNS: Column[] = [
  { header: 'engine' },
  ...['R@1', 'R@5', 'R@10', 'MRR@10', 'p50 ms', 'p99 ms', 'build ms', 'peak RSS MiB', 'heap Δ MiB'].map(
    (header): Column => ({ header, align: 'right' }),
  ),
  { header: 'target / README reference (R@1 · MRR@10)' },
];

export function renderT1Report(report: T1Report): string {
  const rows = report.engines.map(({ spec, outcomes }) => renderRow(spec, outcomes));
  // The lowest RSS before any build: Node, tsx and the corpus. (Kachi's is higher: its dictionary loads on open.)
  const baseRss = Math.min(
    ...okRuns(report.engines.flatMap((e) => e.outcomes)).map((r) => r.rssBeforeBuildMiB),
  );
  const notes = report.engines.flatMap(({ spec, outcomes }) => failureNotes(spec, outcomes));
  return [
    '## T1 — KorQuAD paragraph retrieval',
    '',
    `- Date: ${report.date}`,
    `- Command: \`${report.command}\`, source ${report.revision}`,
    `- Machine: ${formatMachine(report.machine)}`,
    `- Corpus: ${report.corpus}`,
    `- Runs: ${report.runs}, interleaved, each engine in its own child process; every figure is the median over runs. Load average ${report.loadAverage.map((l) => l.toFixed(1)).join(' → ')} on ${report.machine.cores} cores${report.loadAverage.some((l) => l > report.machine.cores) ? ' (a busy machine: compare timings within this table, not across runs)' : ''}.`,
    '',
    formatTable(COLUMNS, rows),
    '',
    '- R@k: the gold paragraph is among the first k hits; MRR@10: mean of 1/rank of the gold paragraph (0 past 10).',
    "- Latency: wall time of one `search(question, limit 10)` call in the engine's own process, after a warm-up on the article titles.",
    `- Build: indexing all paragraphs (Kachi: into a fresh SQLite data folder under the OS temp folder). Peak RSS: the child's maxRSS${Number.isFinite(baseRss) ? `; about ${baseRss.toFixed(0)} MiB of it is Node, tsx and the loaded corpus (the lowest RSS before building), more for an engine that loads data when opened` : ''}. Heap Δ: JS heap growth from building, after a full GC (native memory such as SQLite's is not in it).`,
    ...notes,
  ].join('\n');
}

function renderRow(spec: T1EngineSpec, outcomes: readonly EngineOutcome[]): string[] {
  const runs = okRuns(outcomes);
  const beside = besideText(spec, runs);
  if (runs.length === 0) {
    const status = outcomes.some((o) => o.status === 'error') ? 'error' : 'not available';
    return [spec.label, status, ...COLUMNS.slice(2, -1).map(() => '—'), beside];
  }
  const m = (pick: (r: RetrievalRunResult) => number): number => median(runs.map(pick));
  const gold = (pick: (s: NonNullable<RetrievalRunResult['metrics'][string]>) => number) =>
    m((r) => (r.metrics['gold'] === undefined ? Number.NaN : pick(r.metrics['gold'])));
  return [
    spec.label,
    ...[1, 5, 10].map((k) => gold((s) => s.recallAt[k] ?? Number.NaN).toFixed(3)),
    gold((s) => s.mrr).toFixed(3),
    m((r) => r.latencyMs.p50).toFixed(3),
    m((r) => r.latencyMs.p99).toFixed(2),
    m((r) => r.buildMs).toFixed(0),
    m((r) => r.peakRssMiB).toFixed(0),
    m((r) => r.heapDeltaMiB).toFixed(1),
    beside,
  ];
}

function besideText(spec: T1EngineSpec, runs: readonly RetrievalRunResult[]): string {
  if (spec.reference !== undefined)
    return `README ${spec.reference.r1.toFixed(3)} · ${spec.reference.mrr10.toFixed(3)}`;
  if (spec.target === undefined) return '';
  const r1 = median(runs.map((r) => r.metrics['gold']?.recallAt[1] ?? Number.NaN));
  const mrr = median(runs.map((r) => r.metrics['gold']?.mrr ?? Number.NaN));
  const mark = (value: number, goal: number): string =>
    runs.length === 0 ? '' : value >= goal ? ' ✓' : ' ✗';
  return `target ≥ ${spec.target.r1.toFixed(2)}${mark(r1, spec.target.r1)} · ≥ ${spec.target.mrr10.toFixed(2)}${mark(mrr, spec.target.mrr10)}`;
}

function failureNotes(spec: T1EngineSpec, outcomes: readonly EngineOutcome[]): string[] {
  const failed = outcomes.filter((o) => o.status !== 'ok');
  const first = failed[0];
  if (first === undefined) return [];
  const what = first.status === 'unavailable' ? 'not available' : 'failed';
  return [`- ${spec.label}: ${what} in ${failed.length} of ${outcomes.length} runs: ${first.reason}`];
}

function okRuns(outcomes: readonly EngineOutcome[]): RetrievalRunResult[] {
  return outcomes.flatMap((o) => (o.status === 'ok' ? [o.run] : []));
}
