// Golden tables for the filter parser: accepted syntax → AST, and Meilisearch's error messages with positions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KachiError } from '../src/errors.ts';
import { MAX_FILTER_DEPTH, parseFilter, type FilterNode } from '../src/query/filter-parse.ts';

/** Meilisearch's own display of a filter AST, so the tables read like its snapshots. */
function show(node: FilterNode | null): string {
  if (node === null) return 'null';
  switch (node.kind) {
    case 'and':
    case 'or':
      return `${node.kind.toUpperCase()}[${node.children.map(show).join(', ')}]`;
    case 'not':
      return `NOT (${show(node.child)})`;
    case 'compare':
      return `{${node.attribute.name}} ${node.operator} {${node.value}}`;
    case 'between':
      return `{${node.attribute.name}} {${node.from}} TO {${node.to}}`;
    case 'in':
      return `{${node.attribute.name}} IN[${node.values.map((v) => `{${v}}`).join(', ')}]`;
    case 'exists':
      return `{${node.attribute.name}} EXISTS`;
    case 'isNull':
      return `{${node.attribute.name}} IS NULL`;
    case 'isEmpty':
      return `{${node.attribute.name}} IS EMPTY`;
    case 'contains':
      return `{${node.attribute.name}} CONTAINS {${node.value}}`;
    case 'startsWith':
      return `{${node.attribute.name}} STARTS WITH {${node.value}}`;
  }
}

function errorOf(filter: string | Array<string | string[]>): string {
  try {
    parseFilter(filter);
  } catch (error) {
    assert.ok(error instanceof KachiError, `expected a KachiError, got ${String(error)}`);
    assert.equal(error.code, 'invalid_search_filter');
    return error.message;
  }
  assert.fail(`expected ${JSON.stringify(filter)} to be rejected`);
}

const ACCEPTED: Array<[string, string]> = [
  ["장르 = 드라마", '{장르} = {드라마}'],
  ['city = "서울 특별시"', '{city} = {서울 특별시}'],
  ["genre = '드라마'", '{genre} = {드라마}'],
  ["'dog race' = Borzoi", '{dog race} = {Borzoi}'],
  ['subscribers = 12', '{subscribers} = {12}'],
  ['price>=-3.5', '{price} >= {-3.5}'],
  ['rating.users > 85', '{rating.users} > {85}'],
  ['연도 2010 TO 2020', '{연도} {2010} TO {2020}'],
  ['genre IN [드라마, "SF 영화", comedy,]', '{genre} IN[{드라마}, {SF 영화}, {comedy}]'],
  ['colour IN[]', '{colour} IN[]'],
  ['colour NOT IN [green]', 'NOT ({colour} IN[{green}])'],
  ['release_date EXISTS', '{release_date} EXISTS'],
  ['release_date NOT EXISTS', 'NOT ({release_date} EXISTS)'],
  ['overview IS NULL', '{overview} IS NULL'],
  ['overview  IS   NOT   NULL', 'NOT ({overview} IS NULL)'],
  ['overview IS EMPTY', '{overview} IS EMPTY'],
  ['overview IS NOT EMPTY', 'NOT ({overview} IS EMPTY)'],
  ['title CONTAINS 드라', '{title} CONTAINS {드라}'],
  ['title NOT CONTAINS kef', 'NOT ({title} CONTAINS {kef})'],
  ['title STARTS WITH 서울', '{title} STARTS WITH {서울}'],
  ['title NOT STARTS WITH 서울', 'NOT ({title} STARTS WITH {서울})'],
  ['NOT NOT NOT NOT x = 5', '{x} = {5}'],
  ['NOT genre = 공포', 'NOT ({genre} = {공포})'],
  ['a = 1 OR b = 2 AND c = 3', 'OR[{a} = {1}, AND[{b} = {2}, {c} = {3}]]'],
  ['(a = 1 OR b = 2) AND c = 3', 'AND[OR[{a} = {1}, {b} = {2}], {c} = {3}]'],
  [' ( 장르 = 드라마 ) ', '{장르} = {드라마}'],
  ['NOT(a = 1)', 'NOT ({a} = {1})'],
  [`NOT "OR" EXISTS AND "EXISTS" NOT EXISTS`, 'AND[NOT ({OR} EXISTS), NOT ({EXISTS} EXISTS)]'],
  [String.raw`title = 'foo\\'`, String.raw`{title} = {foo\}`],
  [String.raw`title = 'I\'m "super" tamo'`, `{title} = {I'm "super" tamo}`],
  [String.raw`title = "a\x20b\u{D55C}\n"`, '{title} = {a b한\n}'],
  ['x = 1\nAND y = 2', 'AND[{x} = {1}, {y} = {2}]'],
];

describe('parseFilter: accepted syntax', () => {
  for (const [filter, expected] of ACCEPTED) {
    it(JSON.stringify(filter), () => assert.equal(show(parseFilter(filter)), expected));
  }

  it('blank strings and empty arrays mean no filter', () => {
    assert.equal(parseFilter(''), null);
    assert.equal(parseFilter('   '), null);
    assert.equal(parseFilter([]), null);
    assert.equal(parseFilter([[], '  ']), null);
  });

  it('array form: outer AND of inner OR', () => {
    const node = parseFilter([['장르 = 드라마', '장르 = SF'], "감독 = '봉준호'"]);
    assert.equal(show(node), 'AND[OR[{장르} = {드라마}, {장르} = {SF}], {감독} = {봉준호}]');
    assert.equal(show(parseFilter(['year > 2000'])), '{year} > {2000}');
  });

  it('records where each attribute was written, for error messages later', () => {
    const node = parseFilter("a = 1 AND 'dog race' = x");
    assert.ok(node?.kind === 'and');
    const child = node.children[1]!;
    assert.ok(child.kind === 'compare');
    const { span } = child.attribute;
    assert.deepEqual([span.start, span.end], [11, 19]);
  });

  it('accepts 49 nested parentheses, the most Meilisearch allows', () => {
    const filter = `${'('.repeat(49)}x = 1${')'.repeat(49)}`;
    assert.equal(show(parseFilter(filter)), '{x} = {1}');
    assert.equal(MAX_FILTER_DEPTH, 200);
  });
});

const OPERATIONS =
  'Was expecting an operation `=`, `!=`, `>=`, `>`, `<=`, `<`, `IN`, `NOT IN`, `TO`, `EXISTS`, `NOT EXISTS`, `IS NULL`, `IS NOT NULL`, `IS EMPTY`, `IS NOT EMPTY`, `CONTAINS`, `NOT CONTAINS`, `STARTS WITH`, `NOT STARTS WITH`, `_geoRadius`, or `_geoBoundingBox`';

// The same messages and column ranges as Meilisearch's filter-parser snapshots.
const REJECTED: Array<[string, string]> = [
  ['channel = Ponce = 12', 'Found unexpected characters at the end of the filter: `= 12`. You probably forgot an `OR` or an `AND` rule.\n17:21 channel = Ponce = 12'],
  ['channel =    ', 'Was expecting a value but instead got nothing.\n14:14 channel =    '],
  ['channel = 🐻', 'Was expecting a value but instead got `🐻`.\n11:12 channel = 🐻'],
  ['channel = 🐻 AND followers < 100', 'Was expecting a value but instead got `🐻`.\n11:12 channel = 🐻 AND followers < 100'],
  ["'OR'", `${OPERATIONS} at \`\\'OR\\'\`.\n1:5 'OR'`],
  ['OR', 'Was expecting a value but instead got `OR`, which is a reserved keyword. To use `OR` as a field name or a value, surround it by quotes.\n1:3 OR'],
  ['channel Ponce', `${OPERATIONS} at \`channel Ponce\`.\n1:14 channel Ponce`],
  ['channel = Ponce OR', `${OPERATIONS} but instead got nothing.\n19:19 channel = Ponce OR`],
  ["channel = 'ponce", "Expression `\\'ponce` is missing the following closing delimiter: `'`.\n11:17 channel = 'ponce"],
  ['channel = "ponce', 'Expression `\\"ponce` is missing the following closing delimiter: `"`.\n11:17 channel = "ponce'],
  ['channel = mv OR (followers >= 1000', 'Expression `(followers >= 1000` is missing the following closing delimiter: `)`.\n17:35 channel = mv OR (followers >= 1000'],
  ['channel = mv OR followers >= 1000)', 'Found unexpected characters at the end of the filter: `)`. You probably forgot an `OR` or an `AND` rule.\n34:35 channel = mv OR followers >= 1000)'],
  ['colour NOT EXIST', `${OPERATIONS} at \`colour NOT EXIST\`.\n1:17 colour NOT EXIST`],
  ['subscribers 100 TO1000', `${OPERATIONS} at \`subscribers 100 TO1000\`.\n1:23 subscribers 100 TO1000`],
  ["channel = ponce ORdog != 'bernese mountain'", "Found unexpected characters at the end of the filter: `ORdog != \\'bernese mountain\\'`. You probably forgot an `OR` or an `AND` rule.\n17:44 channel = ponce ORdog != 'bernese mountain'"],
  ['colour IN blue, green]', 'Expected `[` after `IN` keyword.\n11:23 colour IN blue, green]'],
  ["colour IN [blue, green, 'blue' > 2]", "Expected only comma-separated field names inside `IN[..]` but instead found `> 2]`.\n32:36 colour IN [blue, green, 'blue' > 2]"],
  ['colour IN [blue, green, AND]', 'Expected only comma-separated field names inside `IN[..]` but instead found `AND]`.\n25:29 colour IN [blue, green, AND]'],
  ['colour IN [blue, green', 'Expected matching `]` after the list of field names given to `IN[`\n23:23 colour IN [blue, green'],
  ["colour IN ['blue, green", "Expression `\\'blue, green` is missing the following closing delimiter: `'`.\n12:24 colour IN ['blue, green"],
  ['x = EXISTS', 'Was expecting a value but instead got `EXISTS`, which is a reserved keyword. To use `EXISTS` as a field name or a value, surround it by quotes.\n5:11 x = EXISTS'],
  ['AND = 8', 'Was expecting a value but instead got `AND`, which is a reserved keyword. To use `AND` as a field name or a value, surround it by quotes.\n1:4 AND = 8'],
  ['NOT OR EXISTS AND EXISTS NOT EXISTS', 'Was expecting a value but instead got `OR`, which is a reserved keyword. To use `OR` as a field name or a value, surround it by quotes.\n5:7 NOT OR EXISTS AND EXISTS NOT EXISTS'],
  ['value NULL', `${OPERATIONS} at \`value NULL\`.\n1:11 value NULL`],
  ['value IS', `${OPERATIONS} at \`value IS\`.\n1:9 value IS`],
  ['position <= _geoPoint(12, 13, 14)', "`_geoPoint` is a reserved keyword and thus can't be used as a filter expression. Use the `_geoRadius(latitude, longitude, distance)` or `_geoBoundingBox([latitude, longitude], [latitude, longitude])` built-in rules to filter on `_geo` coordinates.\n13:34 position <= _geoPoint(12, 13, 14)"],
  ['position <= _geoRadius(12, 13, 14)', "The `_geoRadius` filter is an operation and can't be used as a value.\n13:35 position <= _geoRadius(12, 13, 14)"],
  // Korean and an emoji count as one column each, as in Meilisearch (characters, not bytes or UTF-16 units).
  ['장르 = 드라마 연도', 'Found unexpected characters at the end of the filter: `연도`. You probably forgot an `OR` or an `AND` rule.\n10:12 장르 = 드라마 연도'],
  ['🎬 = 1', 'Was expecting an operation `=`, `!=`, `>=`, `>`, `<=`, `<`, `IN`, `NOT IN`, `TO`, `EXISTS`, `NOT EXISTS`, `IS NULL`, `IS NOT NULL`, `IS EMPTY`, `IS NOT EMPTY`, `CONTAINS`, `NOT CONTAINS`, `STARTS WITH`, `NOT STARTS WITH`, `_geoRadius`, or `_geoBoundingBox` at `🎬 = 1`.\n1:6 🎬 = 1'],
  // Columns restart on each line of a multi-line filter.
  ['x = 1 AND\ny = ', 'Was expecting a value but instead got nothing.\n5:5 x = 1 AND\ny = '],
  [String.raw`title = "\xZZ"`, 'Found an invalid escaped sequence number: `\\\\xZZ`.\n10:14 title = "\\xZZ"'],
  [String.raw`title = "\q"`, 'Malformed value: `\\\\q`.\n10:12 title = "\\q"'],
];

describe('parseFilter: errors name the position like Meilisearch', () => {
  for (const [filter, expected] of REJECTED) {
    it(JSON.stringify(filter), () => assert.equal(errorOf(filter), expected));
  }

  it('50 nested parentheses exceed the depth limit at the innermost expression', () => {
    const filter = `${'('.repeat(50)}x = 1${')'.repeat(50)}`;
    assert.equal(
      errorOf(filter),
      `The filter exceeded the maximum depth limit. Try rewriting the filter so that it contains fewer nested conditions.\n51:106 ${filter}`,
    );
  });

  it('199 NOTs exceed it too, blaming the condition they negate', () => {
    const filter = `${'NOT '.repeat(199)}x = 1`;
    assert.equal(errorOf(filter).split('\n')[1], `797:802 ${filter}`);
  });

  it('a hostile 10,000-deep parenthesis string is a clear error, not a stack overflow', () => {
    const message = errorOf('('.repeat(10_000) + '장르 = 드라마' + ')'.repeat(10_000));
    assert.match(message, /^The filter exceeded the maximum depth limit/);
  });

  it('array elements are parsed one by one and positions refer to their own string', () => {
    assert.equal(errorOf(['a = 1', ['b = 2', 'c =']]), 'Was expecting a value but instead got nothing.\n4:4 c =');
  });

  it('rejects values of the wrong JSON type with Meilisearch wording', () => {
    assert.equal(errorOf(true as unknown as string), 'Invalid syntax for the filter parameter: `expected String, Array, found: true`.');
    assert.equal(errorOf([12 as unknown as string]), 'Invalid syntax for the filter parameter: `expected String, [String], found: 12`.');
    assert.equal(errorOf([[null as unknown as string]]), 'Invalid syntax for the filter parameter: `expected String, found: null`.');
  });

  it('geo filters are refused with a message saying why', () => {
    assert.match(errorOf('_geoRadius(37.56, 126.97, 1000)'), /^The `_geoRadius` filter is not supported: Kachi has no geo index yet/);
    assert.match(errorOf('_geo = 1'), /^`_geo` is a reserved keyword/);
  });

  it('the documents routes can ask for invalid_document_filter', () => {
    assert.throws(() => parseFilter('x =', { code: 'invalid_document_filter' }), (e: unknown) => e instanceof KachiError && e.code === 'invalid_document_filter');
  });
});
