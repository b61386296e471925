// Markdown output: aligned tables, and sections of a shared file that each benchmark owns.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

/**
 * A Markdown table padded so it also reads well in a terminal.
 * @example formatTable([{ header: 'engine' }, { header: 'R@1', align: 'right' }], [['bm25', '0.905']])
 */
export function formatTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = columns.map((c, i) => Math.max(3, c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (cell: string, i: number): string => {
    const width = widths[i] ?? 3;
    return columns[i]?.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
  };
  const line = (cells: readonly string[]): string =>
    `| ${columns.map((_, i) => pad(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `|${columns.map((c, i) => (c.align === 'right' ? `${'-'.repeat((widths[i] ?? 3) + 1)}:` : '-'.repeat((widths[i] ?? 3) + 2))).join('|')}|`;
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n');
}

/**
 * Replaces the text between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`, or appends a new
 * marked section, so several benchmarks can share one file without touching each other's parts.
 * @example replaceSection('# B\n', 'relevance', '## T1\n…') // → '# B\n\n<!-- bench:relevance:start -->\n## T1\n…\n<!-- bench:relevance:end -->\n'
 */
export function replaceSection(markdown: string, name: string, body: string): string {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end, from);
  if (from !== -1 && to !== -1) return markdown.slice(0, from) + section + markdown.slice(to + end.length);
  return `${markdown.trimEnd()}\n\n${section}\n`;
}

/** Rewrites one marked section of a Markdown file, creating the file with `title` when it is missing. */
export function writeSection(path: string, name: string, body: string, title: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : `# ${title}\n`;
  writeFileSync(path, replaceSection(current, name, body));
}
