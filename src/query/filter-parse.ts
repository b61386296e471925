// Meilisearch's filter language → a typed AST, by recursive descent over the source string.
// Grammar, precedence (NOT > AND > OR), depth limit and error wording follow Meilisearch's
// filter-parser crate, so clients that show its `N:M` error positions keep working.
// One file on purpose: the grammar reads top to bottom; the error texts live at the end.
import { KachiError } from '../errors.ts';
import type { Filter } from '../search-types.ts';

/** Where a token sits: UTF-16 offsets into the filter string it came from. */
export interface SourceSpan {
  source: string;
  start: number;
  end: number;
}

export interface FilterAttribute {
  /** Dot path, unquoted and unescaped: `author.name`, `장르`. */
  name: string;
  span: SourceSpan;
}

export type CompareOperator = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type FilterNode =
  | { kind: 'and'; children: FilterNode[] }
  | { kind: 'or'; children: FilterNode[] }
  | { kind: 'not'; child: FilterNode }
  | { kind: 'compare'; attribute: FilterAttribute; operator: CompareOperator; value: string }
  | { kind: 'between'; attribute: FilterAttribute; from: string; to: string }
  | { kind: 'in'; attribute: FilterAttribute; values: string[] }
  | { kind: 'exists' | 'isNull' | 'isEmpty'; attribute: FilterAttribute }
  | { kind: 'contains' | 'startsWith'; attribute: FilterAttribute; value: string };

export type FilterErrorCode = 'invalid_search_filter' | 'invalid_document_filter';

export interface ParseFilterOptions {
  /** Error code for syntax errors. Default `invalid_search_filter`; the documents routes use `invalid_document_filter`. */
  code?: FilterErrorCode;
}

/** Nesting limit; each parenthesis costs 4 and each NOT 1, as in Meilisearch, so 49 parentheses pass. */
export const MAX_FILTER_DEPTH = 200;

/**
 * Parses a filter string, or the array form (outer AND of inner OR). Blank strings and empty arrays
 * give null: no filter. `'장르 = 드라마 AND (연도 > 2020 OR 평점 >= 4.5)'` → and[compare, or[compare, compare]].
 * Throws KachiError(`invalid_search_filter`) with Meilisearch's message and a `col:col filter` line.
 */
export function parseFilter(filter: Filter, options: ParseFilterOptions = {}): FilterNode | null {
  const code = options.code ?? 'invalid_search_filter';
  if (typeof filter === 'string') return parseString(filter, code);
  if (!Array.isArray(filter)) throw typeError(['String', 'Array'], filter, code);
  const ands: FilterNode[] = [];
  for (const item of filter as unknown[]) {
    if (typeof item === 'string') {
      const node = parseString(item, code);
      if (node !== null) ands.push(node);
    } else if (Array.isArray(item)) {
      const ors: FilterNode[] = [];
      for (const inner of item as unknown[]) {
        if (typeof inner !== 'string') throw typeError(['String'], inner, code);
        const node = parseString(inner, code);
        if (node !== null) ors.push(node);
      }
      if (ors.length > 0) ands.push(ors.length === 1 ? ors[0]! : { kind: 'or', children: ors });
    } else {
      throw typeError(['String', '[String]'], item, code);
    }
  }
  if (ands.length === 0) return null;
  return ands.length === 1 ? ands[0]! : { kind: 'and', children: ands };
}

/** A KachiError pointing at `span`, formatted like Meilisearch: message, then `start:end filter`. */
export function filterError(code: FilterErrorCode, message: string, span: SourceSpan): KachiError {
  const { source, start, end } = span;
  const lineStart = start === 0 ? 0 : source.lastIndexOf('\n', start - 1) + 1;
  const column = codePoints(source.slice(lineStart, start)) + 1;
  return new KachiError(code, `${message}\n${column}:${column + codePoints(source.slice(start, end))} ${source}`);
}

function parseString(source: string, code: FilterErrorCode): FilterNode | null {
  if (source.trim() === '') return null;
  try {
    return new Parser(source).parse();
  } catch (error) {
    if (error instanceof Failure) throw filterError(code, error.message, { source, start: error.start, end: error.end });
    throw error;
  }
}

/** A parse error with the span it blames; turned into a KachiError at the top. */
class Failure extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** A value that could not be read; the caller decides whether that is fatal (nom's Error vs Failure). */
interface Miss {
  miss: true;
  keyword: boolean;
  message: string;
  start: number;
  end: number;
}

interface Token {
  value: string;
  start: number;
  end: number;
}

const KEYWORDS = new Set(['AND', 'OR', 'IN', 'NOT', 'TO', 'EXISTS', 'IS', 'NULL', 'EMPTY', 'CONTAINS', 'STARTS', 'WITH', '_geoRadius', '_geoBoundingBox']);
const VALUE_CHAR = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}_.-]/u;
const WHITESPACE = /\p{White_Space}/u;
const SYNTAX = /[\p{White_Space}()=<>!]/u;
const OPERATORS: CompareOperator[] = ['<=', '>=', '!=', '<', '>', '='];

class Parser {
  private pos = 0;
  private readonly end: number;

  constructor(private readonly src: string) {
    this.end = src.length;
  }

  parse(): FilterNode {
    const node = this.or(0);
    this.pos = this.skipSpace(this.pos);
    if (this.pos < this.end) throw this.fail(unexpectedEnd(this.rest(this.pos)), this.pos);
    return node;
  }

  // or = and ("OR" and)*
  private or(depth: number): FilterNode {
    this.checkDepth(depth);
    const children = [this.and(depth + 1)];
    while (this.keywordAhead('OR')) children.push(this.and(depth + 1));
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  // and = not ("AND" not)*
  private and(depth: number): FilterNode {
    this.checkDepth(depth);
    const children = [this.not(depth + 1)];
    while (this.keywordAhead('AND')) children.push(this.not(depth + 1));
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  // not = "NOT" not | primary; NOT NOT x collapses to x, as in Meilisearch.
  private not(depth: number): FilterNode {
    this.checkDepth(depth);
    if (!this.keywordAhead('NOT')) return this.primary(depth + 1);
    const child = this.not(depth + 1);
    return child.kind === 'not' ? child.child : { kind: 'not', child };
  }

  private primary(depth: number): FilterNode {
    this.checkDepth(depth);
    const start = this.skipSpace(this.pos);
    if (this.src[start] === '(') {
      this.pos = this.skipSpace(start + 1);
      const node = this.or(depth + 1);
      const close = this.skipSpace(this.pos);
      if (this.src[close] !== ')') throw this.fail(missingDelimiter(this.rest(start), ')'), start);
      this.pos = this.skipSpace(close + 1);
      return node;
    }
    const geo = this.wordAt(start);
    if (geo === '_geoRadius' || geo === '_geoBoundingBox') throw this.fail(geoUnsupported(geo), start);
    const fid = this.value(start);
    if ('miss' in fid) {
      if (fid.keyword) throw new Failure(fid.message, fid.start, fid.end);
      throw this.fail(invalidPrimary(this.rest(start)), start);
    }
    const attribute = { name: fid.value, span: { source: this.src, start: fid.start, end: fid.end } };
    const node = this.condition(attribute, this.pos);
    if (node === null) throw this.fail(invalidPrimary(this.rest(start)), start);
    return node;
  }

  /** Everything after the attribute; null when nothing fits (the caller reports an invalid primary). */
  private condition(attribute: FilterAttribute, at: number): FilterNode | null {
    if (this.wordAt(at) === 'IN') return { kind: 'in', attribute, values: this.inList(at + 2) };
    if (this.wordAt(at) === 'NOT') {
      const after = this.skipSpace(at + 3);
      if (this.wordAt(after) === 'IN') return negate({ kind: 'in', attribute, values: this.inList(after + 2) });
    }
    const operator = OPERATORS.find((op) => this.src.startsWith(op, at));
    if (operator !== undefined) return { kind: 'compare', attribute, operator, value: this.cutValue(at + operator.length) };
    const is = this.tags(at, ['IS', 'NULL']) ?? this.tags(at, ['IS', 'NOT', 'NULL']) ?? this.tags(at, ['IS', 'EMPTY']) ?? this.tags(at, ['IS', 'NOT', 'EMPTY']);
    if (is !== null) {
      this.pos = is.end;
      const node: FilterNode = { kind: is.words.includes('NULL') ? 'isNull' : 'isEmpty', attribute };
      return is.words.includes('NOT') ? negate(node) : node;
    }
    const exists = this.tags(at, ['EXISTS']) ?? this.tags(at, ['NOT', 'EXISTS']);
    if (exists !== null) {
      this.pos = exists.end;
      return exists.words.length === 2 ? negate({ kind: 'exists', attribute }) : { kind: 'exists', attribute };
    }
    const from = this.value(at);
    if (!('miss' in from)) {
      const to = this.tags(this.pos, ['TO']);
      if (to !== null && to.end < this.end && isMultispace(this.src[to.end]!)) {
        return { kind: 'between', attribute, from: from.value, to: this.cutValue(to.end) };
      }
    }
    for (const words of [['CONTAINS'], ['NOT', 'CONTAINS'], ['STARTS WITH'], ['NOT', 'STARTS WITH']]) {
      const match = this.tags(at, words);
      if (match === null) continue;
      const kind = words.includes('CONTAINS') ? 'contains' : 'startsWith';
      const node: FilterNode = { kind, attribute, value: this.cutValue(match.end) };
      return words[0] === 'NOT' ? negate(node) : node;
    }
    return null;
  }

  // "[" value ("," value)* ","? "]", right after the IN keyword.
  private inList(at: number): string[] {
    const open = this.skipSpace(at);
    if (this.src[open] !== '[') throw this.fail(IN_OPENING, open);
    const values: string[] = [];
    const first = this.value(open + 1);
    let pos = open + 1;
    if (!('miss' in first)) {
      values.push(first.value);
      pos = this.pos;
      for (;;) {
        const comma = this.skipSpace(pos);
        if (this.src[comma] !== ',') break;
        const next = this.value(this.skipSpace(comma + 1));
        if ('miss' in next) break;
        values.push(next.value);
        pos = this.pos;
      }
      const comma = this.skipSpace(pos);
      if (this.src[comma] === ',') pos = this.skipSpace(comma + 1);
    }
    const close = this.skipSpace(pos);
    if (this.src[close] !== ']') {
      if (close >= this.end) throw this.fail(IN_CLOSING, close);
      throw this.fail(inExpectedValue(this.rest(pos)), pos);
    }
    this.pos = this.skipSpace(close + 1);
    return values;
  }

  /** A value where one is required: any miss is fatal. */
  private cutValue(at: number): string {
    const token = this.value(at);
    if ('miss' in token) throw new Failure(token.message, token.start, token.end);
    return token.value;
  }

  // value = WS* (word | 'quoted' | "quoted") WS*; sets this.pos past it.
  private value(at: number): Token | Miss {
    let p = at;
    while (p < this.end && WHITESPACE.test(this.src[p]!)) p++;
    this.checkGeoValue(p);
    const quote = this.src[p];
    if (quote === "'" || quote === '"') return this.quoted(p, quote);
    let q = p;
    while (q < this.end) {
      const char = String.fromCodePoint(this.src.codePointAt(q)!);
      if (!VALUE_CHAR.test(char)) break;
      q += char.length;
    }
    const word = this.src.slice(p, q);
    if (word === '' || KEYWORDS.has(word)) {
      let e = p;
      while (e < this.end && !SYNTAX.test(this.src[e]!)) e++;
      const fragment = this.src.slice(p, e);
      return { miss: true, keyword: word !== '', message: expectedValue(fragment, word !== ''), start: p, end: e };
    }
    this.pos = this.skipSpace(q);
    return { value: word, start: p, end: q };
  }

  private quoted(open: number, quote: string): Token | Miss {
    let i = open + 1;
    while (i < this.end && this.src[i] !== quote) {
      if (this.src[i] === '\\') {
        if (i + 1 >= this.end) throw this.fail(malformed(this.rest(open + 1)), open + 1);
        i++;
      }
      i++;
    }
    if (i >= this.end) throw this.fail(missingDelimiter(this.rest(open), quote), open);
    this.pos = this.skipSpace(i + 1);
    const raw = this.src.slice(open + 1, i);
    const value = raw.includes('\\') ? unescape(raw) : raw;
    if (typeof value === 'string') return { value, start: open + 1, end: i };
    const message = value.number ? `Found an invalid escaped sequence number: \`${escapeDebug(raw)}\`.` : malformed(raw);
    return { miss: true, keyword: false, message, start: open + 1, end: i };
  }

  /** Meilisearch refuses `_geo`, `_geoPoint`, `_geoDistance`, `_geoRadius` and `_geoBoundingBox` as values. */
  private checkGeoValue(at: number): void {
    const word = this.wordAt(at);
    for (const name of ['_geoPoint', '_geoDistance']) {
      if (this.src.startsWith(name, at)) throw this.fail(reservedGeo(name), at);
    }
    if (word === '_geo') throw this.fail(reservedGeo(word), at);
    if (word === '_geoRadius' || word === '_geoBoundingBox') {
      throw this.fail(`The \`${word}\` filter is an operation and can't be used as a value.`, at);
    }
  }

  /** Consumes WS* keyword WS* when the next word is exactly `keyword`. */
  private keywordAhead(keyword: string): boolean {
    const at = this.skipSpace(this.pos);
    if (this.wordAt(at) !== keyword) return false;
    this.pos = this.skipSpace(at + keyword.length);
    return true;
  }

  /** Literal words separated by at least one space (`IS NOT NULL`); null when they are not there. */
  private tags(at: number, words: string[]): { end: number; words: string[] } | null {
    let p = at;
    for (let i = 0; i < words.length; i++) {
      if (i > 0) {
        const q = this.skipSpace(p);
        if (q === p) return null;
        p = q;
      }
      if (!this.src.startsWith(words[i]!, p)) return null;
      p += words[i]!.length;
    }
    return { end: p, words };
  }

  /** The run of value characters at `at` (`NOT` in `NOT(`, `IN` in `IN[`). */
  private wordAt(at: number): string {
    let q = at;
    while (q < this.end) {
      const char = String.fromCodePoint(this.src.codePointAt(q)!);
      if (!VALUE_CHAR.test(char)) break;
      q += char.length;
    }
    return this.src.slice(at, q);
  }

  private skipSpace(at: number): number {
    let p = at;
    while (p < this.end && isMultispace(this.src[p]!)) p++;
    return p;
  }

  private checkDepth(depth: number): void {
    if (depth > MAX_FILTER_DEPTH) throw this.fail(DEPTH_LIMIT, this.pos);
  }

  private rest(at: number): string {
    return this.src.slice(at);
  }

  /** A failure blaming everything from `at` to the end, as Meilisearch's spans do. */
  private fail(message: string, at: number): Failure {
    return new Failure(message, at, this.end);
  }
}

function negate(node: FilterNode): FilterNode {
  return { kind: 'not', child: node };
}

function isMultispace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

/** Decodes backslash escapes in a quoted value: \\ \' \" \n \t \r \b \f \0 \/ \xHH \uHHHH \u{H..}. */
function unescape(raw: string): string | { number: boolean } {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = raw[++i];
    const simple = next === undefined ? undefined : SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
    } else if (next === 'x' || next === 'u') {
      const braced = next === 'u' && raw[i + 1] === '{';
      const close = braced ? raw.indexOf('}', i) : -1;
      if (braced && close < 0) return { number: true };
      const hex = braced ? raw.slice(i + 2, close) : raw.slice(i + 1, i + (next === 'x' ? 3 : 5));
      const code = Number.parseInt(hex, 16);
      if (!/^[0-9a-fA-F]+$/.test(hex) || (!braced && hex.length < (next === 'x' ? 2 : 4))) return { number: true };
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return { number: false };
      out += String.fromCodePoint(code);
      i += braced ? hex.length + 2 : hex.length;
    } else {
      return { number: false };
    }
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', '/': '/' };

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff || i === 0 || text.charCodeAt(i - 1) < 0xd800 || text.charCodeAt(i - 1) > 0xdbff) n++;
  }
  return n;
}

/** Rust's `escape_debug`, which Meilisearch applies to the text it quotes in messages. */
function escapeDebug(text: string): string {
  return text.replace(/[\\'"\n\r\t\0]|\p{Cc}/gu, (char) => {
    const named: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };
    return named[char] ?? `\\u{${char.codePointAt(0)!.toString(16)}}`;
  });
}

function typeError(expected: string[], found: unknown, code: FilterErrorCode): KachiError {
  const shown = JSON.stringify(found) ?? String(found);
  return new KachiError(code, `Invalid syntax for the filter parameter: \`expected ${expected.join(', ')}, found: ${shown}\`.`);
}

const OPERATIONS =
  '`=`, `!=`, `>=`, `>`, `<=`, `<`, `IN`, `NOT IN`, `TO`, `EXISTS`, `NOT EXISTS`, `IS NULL`, `IS NOT NULL`, `IS EMPTY`, `IS NOT EMPTY`, `CONTAINS`, `NOT CONTAINS`, `STARTS WITH`, `NOT STARTS WITH`, `_geoRadius`, or `_geoBoundingBox`';
const DEPTH_LIMIT = 'The filter exceeded the maximum depth limit. Try rewriting the filter so that it contains fewer nested conditions.';
const IN_OPENING = 'Expected `[` after `IN` keyword.';
const IN_CLOSING = 'Expected matching `]` after the list of field names given to `IN[`';

function invalidPrimary(fragment: string): string {
  const tail = fragment.trim() === '' ? 'but instead got nothing.' : `at \`${escapeDebug(fragment)}\`.`;
  return `Was expecting an operation ${OPERATIONS} ${tail}`;
}

function expectedValue(fragment: string, keyword: boolean): string {
  if (fragment.trim() === '') return 'Was expecting a value but instead got nothing.';
  const shown = escapeDebug(fragment);
  if (!keyword) return `Was expecting a value but instead got \`${shown}\`.`;
  return `Was expecting a value but instead got \`${shown}\`, which is a reserved keyword. To use \`${shown}\` as a field name or a value, surround it by quotes.`;
}

function unexpectedEnd(fragment: string): string {
  return `Found unexpected characters at the end of the filter: \`${escapeDebug(fragment)}\`. You probably forgot an \`OR\` or an \`AND\` rule.`;
}

function missingDelimiter(fragment: string, delimiter: string): string {
  return `Expression \`${escapeDebug(fragment)}\` is missing the following closing delimiter: \`${delimiter}\`.`;
}

function inExpectedValue(fragment: string): string {
  return `Expected only comma-separated field names inside \`IN[..]\` but instead found \`${escapeDebug(fragment)}\`.`;
}

function malformed(fragment: string): string {
  return `Malformed value: \`${escapeDebug(fragment)}\`.`;
}

function reservedGeo(name: string): string {
  return `\`${name}\` is a reserved keyword and thus can't be used as a filter expression. Use the \`_geoRadius(latitude, longitude, distance)\` or \`_geoBoundingBox([latitude, longitude], [latitude, longitude])\` built-in rules to filter on \`_geo\` coordinates.`;
}

function geoUnsupported(name: string): string {
  return `The \`${name}\` filter is not supported: Kachi has no geo index yet. Remove it, or filter on a numeric attribute instead.`;
}
