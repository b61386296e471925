// csv, json and jsonl: each row or record becomes one paragraph of `field: value` lines, so a passage
// keeps the field names that give the values their meaning ('부서: 인사팀').
import { parse as parseCsvText } from 'csv-parse/sync';
import { IngestProblem, asProblem } from '../problems.ts';
import type { Block, ExtractedDocument } from '../types.ts';

const DELIMITERS = [',', '\t', ';', '|'];

/** The delimiter that appears most on the header line (Korean exports use ',' and sometimes '\t'). */
function guessDelimiter(text: string): string {
  const header = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  let best = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = header.split(delimiter).length - 1;
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

export function parseCsv(text: string): ExtractedDocument {
  let rows: string[][];
  try {
    rows = parseCsvText(text, { delimiter: guessDelimiter(text), bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true }) as string[][];
  } catch (error) {
    throw asProblem(error, 'The CSV file');
  }
  const [header, ...records] = rows;
  if (header === undefined) return { title: '', blocks: [] };
  const names = header.map((name, i) => name.trim() || `column ${i + 1}`);
  const blocks: Block[] = [];
  for (const record of records) {
    const lines = record.map((value, i) => (value.trim() === '' ? '' : `${names[i] ?? `column ${i + 1}`}: ${value.trim()}`)).filter(Boolean);
    if (lines.length > 0) blocks.push({ kind: 'paragraph', text: lines.join('\n') });
  }
  return { title: '', blocks };
}

export function parseJson(text: string): ExtractedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw asProblem(error, 'The JSON file');
  }
  const records = Array.isArray(value) ? value : [value];
  return { title: Array.isArray(value) ? '' : recordTitle(value), blocks: recordBlocks(records) };
}

export function parseJsonLines(text: string): ExtractedDocument {
  const records: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line));
    } catch (error) {
      const problem = asProblem(error, `Line ${i + 1} of the JSON Lines file`);
      // Only the last line can be cut short by an interrupted copy; a bad line elsewhere is damage.
      const last = text.slice(text.indexOf(line) + line.length).trim() === '';
      throw new IngestProblem(last ? problem.reason : 'corrupt', problem.message, { cause: error });
    }
  });
  return { title: '', blocks: recordBlocks(records) };
}

function recordBlocks(records: unknown[]): Block[] {
  const blocks: Block[] = [];
  for (const record of records) {
    const lines: string[] = [];
    flatten(record, '', lines);
    if (lines.length > 0) blocks.push({ kind: 'paragraph', text: lines.join('\n') });
  }
  return blocks;
}

/** `{a: {b: 1}, tags: ['x', 'y']}` → `a.b: 1`, `tags: x, y`. */
function flatten(value: unknown, path: string, lines: string[]): void {
  if (value === null || value === undefined || value === '') return;
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) {
      const joined = value.filter((item) => item !== null && item !== '').map(String).join(', ');
      if (joined !== '') lines.push(path ? `${path}: ${joined}` : joined);
    } else value.forEach((item, i) => flatten(item, `${path}[${i}]`, lines));
    return;
  }
  if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flatten(item, path ? `${path}.${key}` : key, lines);
    return;
  }
  lines.push(path ? `${path}: ${String(value)}` : String(value));
}

function recordTitle(value: unknown): string {
  if (value === null || typeof value !== 'object') return '';
  const record = value as Record<string, unknown>;
  for (const key of ['title', 'name', '제목', '이름']) if (typeof record[key] === 'string') return (record[key] as string).trim();
  return '';
}
