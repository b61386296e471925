// The final report of a run: counts, then each source that was skipped or failed with its reason.
import type { SkipReason } from './types.ts';

/** Reasons that mean "nothing was wrong": the source was simply not (re)indexed. */
const SKIP_ONLY = new Set<SkipReason>(['unchanged', 'not_modified', 'duplicate', 'robots', 'unsupported', 'empty', 'too_large']);

export interface ReportEntry {
  source: string;
  reason: SkipReason;
  message: string;
}

export interface IngestReport {
  /** Sources looked at: files found, or pages fetched or refused. */
  seen: number;
  indexed: number;
  skipped: ReportEntry[];
  failed: ReportEntry[];
  /** Sources whose passages were deleted because they are gone (removed files, pages now 404/410). */
  removed: string[];
  passages: number;
  bytes: number;
  seconds: number;
}

export function emptyReport(): IngestReport {
  return { seen: 0, indexed: 0, skipped: [], failed: [], removed: [], passages: 0, bytes: 0, seconds: 0 };
}

/** Files the user asked about are "failed" when they are damaged, "skipped" when merely not needed. */
export function recordProblem(report: IngestReport, entry: ReportEntry): void {
  (SKIP_ONLY.has(entry.reason) ? report.skipped : report.failed).push(entry);
}

/** Plain-text report for the CLI; unchanged sources are counted, not listed, since there can be thousands. */
export function formatReport(report: IngestReport, noun = 'files'): string {
  const byReason = (entries: ReportEntry[]): string => {
    const counts = new Map<string, number>();
    for (const entry of entries) counts.set(entry.reason, (counts.get(entry.reason) ?? 0) + 1);
    return [...counts].map(([reason, count]) => `${reason} ${count}`).join(', ');
  };
  const lines = [
    `${noun} seen ${report.seen}, indexed ${report.indexed}, skipped ${report.skipped.length}${report.skipped.length ? ` (${byReason(report.skipped)})` : ''}, failed ${report.failed.length}${report.failed.length ? ` (${byReason(report.failed)})` : ''}, removed ${report.removed.length}`,
    `${report.passages} passages from ${(report.bytes / 1e6).toFixed(2)} MB in ${report.seconds.toFixed(1)} s`,
  ];
  for (const entry of report.failed) lines.push(`  failed  ${entry.source}: ${entry.message} (${entry.reason})`);
  for (const entry of report.skipped) if (entry.reason !== 'unchanged' && entry.reason !== 'not_modified') lines.push(`  skipped ${entry.source}: ${entry.message} (${entry.reason})`);
  for (const source of report.removed) lines.push(`  removed ${source}`);
  return lines.join('\n');
}
