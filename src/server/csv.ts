// CSV payloads → documents, with Meilisearch's typed headers (`price:number`, `tags:string`, `ok:boolean`).
import { KachiError } from '../errors.ts';
import type { Document, Json } from '../search-types.ts';

type ColumnType = 'string' | 'number' | 'boolean';

interface Column {
  name: string;
  type: ColumnType;
}

/**
 * Parses RFC 4180 CSV (quoted fields, `""` escapes, LF or CRLF lines); an empty cell becomes null.
 * `id,price:number\n1,9.5` → [{id: '1', price: 9.5}].
 */
export function parseCsvDocuments(text: string, delimiter = ','): Document[] {
  const rows = parseCsvRows(text, delimiter);
  const header = rows.shift();
  if (header === undefined) return [];
  const columns = header.map(parseColumn);
  const documents: Document[] = [];
  rows.forEach((row, r) => {
    if (row.length === 1 && row[0] === '') return; // a blank line
    if (row.length !== columns.length)
      throw malformed(`line ${r + 2} has ${row.length} fields, but the header has ${columns.length}`);
    const document: Document = {};
    columns.forEach((column, c) => {
      document[column.name] = convert(row[c] ?? '', column.type, r + 2);
    });
    documents.push(document);
  });
  return documents;
}

function parseColumn(cell: string): Column {
  const colon = cell.lastIndexOf(':');
  if (colon > 0) {
    const type = cell.slice(colon + 1).trim();
    if (type === 'string' || type === 'number' || type === 'boolean') return { name: cell.slice(0, colon), type };
  }
  return { name: cell, type: 'string' };
}

function convert(cell: string, type: ColumnType, line: number): Json {
  if (type === 'string') return cell === '' ? null : cell;
  const trimmed = cell.trim();
  if (trimmed === '') return null;
  if (type === 'boolean') {
    if (trimmed === 'true') return true;
    if (trimmed === 'false') return false;
    throw malformed(`Error parsing boolean "${cell}" at line ${line}: provided string was not \`true\` or \`false\``);
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value) || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed))
    throw malformed(`Error parsing number "${cell}" at line ${line}: invalid float literal`);
  return value;
}

/** Splits CSV text into rows of cells. */
export function parseCsvRows(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else cell += ch;
    i++;
  }
  if (quoted) throw malformed('a quoted field is not closed');
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function malformed(why: string): KachiError {
  return new KachiError('malformed_payload', `The \`csv\` payload provided is malformed: \`${why}\`.`);
}
