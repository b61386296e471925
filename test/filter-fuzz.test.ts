// Fuzzing the filter parser with random and hostile strings: it must return a node (or null) or throw
// a KachiError whose message ends with Meilisearch's `start:end filter` line — never anything else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KachiError } from '../src/errors.ts';
import { matchesFilter } from '../src/query/filter-eval.ts';
import { parseFilter } from '../src/query/filter-parse.ts';

const PIECES = [
  '장르', '드라마', '서울 특별시', 'genre', 'a.b', '_geo', '_geoRadius', '_geoPoint(', '_geoBoundingBox', '🐻',
  ' ', '  ', '\n', '\t', '\u3000', '(', ')', '[', ']', ',', "'", '"', '\\', '\\u{', '\\x', '\\n',
  '=', '!=', '>', '>=', '<', '<=', '!', 'TO', 'IN', 'NOT', 'AND', 'OR', 'EXISTS', 'IS', 'NULL', 'EMPTY',
  'CONTAINS', 'STARTS WITH', 'STARTS', 'WITH', '10', '-2.5e3', '1e999', 'NaN', 'true', 'é', 'e\u0301', '\uD800', '\0',
];

const soup = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));
const spacedSoup = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(' '));
const anyText = fc.string({ unit: 'binary', maxLength: 60 });
const hostile = fc.oneof(
  fc.nat(3000).map((n) => '('.repeat(n)),
  fc.nat(3000).map((n) => `${'('.repeat(n)}x = 1${')'.repeat(n)}`),
  fc.nat(1500).map((n) => `${'NOT '.repeat(n)}장르 = 드라마`),
  fc.nat(500).map((n) => `x IN [${'a, '.repeat(n)}`),
  fc.nat(500).map((n) => `'${'\\'.repeat(n)}`),
);

function check(filter: string | Array<string | string[]>): void {
  let node;
  try {
    node = parseFilter(filter);
  } catch (error) {
    assert.ok(error instanceof KachiError, `non-KachiError for ${JSON.stringify(filter)}: ${String(error)}`);
    assert.equal(error.code, 'invalid_search_filter');
    if (typeof filter === 'string') assert.match(error.message, /\n\d+:\d+ [\s\S]*$/);
    return;
  }
  if (node === null) return;
  assert.ok(['and', 'or', 'not', 'compare', 'between', 'in', 'exists', 'isNull', 'isEmpty', 'contains', 'startsWith'].includes(node.kind));
  // Whatever parses must also evaluate.
  matchesFilter(node, { 장르: ['드라마', 10], genre: null, a: { b: '' } });
}

describe('parseFilter never throws anything but KachiError', () => {
  it('grammar soup', () => fc.assert(fc.property(soup, check), { numRuns: 400 }));
  it('grammar soup with spaces', () => fc.assert(fc.property(spacedSoup, check), { numRuns: 400 }));
  it('arbitrary UTF-16, lone surrogates included', () => fc.assert(fc.property(anyText, check), { numRuns: 300 }));
  it('hostile nesting and lengths', () => fc.assert(fc.property(hostile, check), { numRuns: 100 }));
  it('array form', () => fc.assert(fc.property(fc.array(fc.oneof(soup, fc.array(spacedSoup, { maxLength: 3 })), { maxLength: 4 }), check), { numRuns: 200 }));

  it('a 1 MB filter parses in linear time', () => {
    const filter = Array.from({ length: 40_000 }, (_, i) => `장르 = "드라마 ${i}"`).join(' OR ');
    const started = performance.now();
    const node = parseFilter(filter);
    assert.equal(node?.kind === 'or' && node.children.length, 40_000);
    assert.ok(performance.now() - started < 2000);
  });
});
