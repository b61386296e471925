// The `sort` parameter: Meilisearch's parse errors, and document order read from the facet index.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KachiError } from '../src/errors.ts';
import { FacetIndex } from '../src/index/facets.ts';
import { compareBySort, createSortComparator, parseSort } from '../src/query/sort.ts';
import type { Document } from '../src/search-types.ts';

function sortError(sort: string[], sortable: string[]): string {
  try {
    parseSort(sort, sortable);
  } catch (error) {
    assert.ok(error instanceof KachiError);
    assert.equal(error.code, 'invalid_search_sort');
    return error.message;
  }
  assert.fail('expected an error');
}

describe('parseSort', () => {
  it('reads field:asc and field:desc, dots and Korean included', () => {
    assert.deepEqual(parseSort(['가격:asc', 'rating.users:desc', 'a:b:asc'], ['가격', 'rating', 'a:b']), [
      { field: '가격', direction: 'asc' },
      { field: 'rating.users', direction: 'desc' },
      { field: 'a:b', direction: 'asc' },
    ]);
  });

  it('rejects bad syntax and non-sortable attributes with Meilisearch messages', () => {
    assert.equal(sortError(['title'], ['id']), 'Invalid syntax for the sort parameter: expected expression ending by `:asc` or `:desc`, found `title`.');
    assert.equal(sortError(['title:ASC'], ['title']), 'Invalid syntax for the sort parameter: expected expression ending by `:asc` or `:desc`, found `title:ASC`.');
    assert.equal(sortError(['title:asc'], ['id']), 'Attribute `title` is not sortable. Available sortable attributes are: `id`.');
    assert.equal(sortError(['제목:desc'], ['연도', 'id']), 'Attribute `제목` is not sortable. Available sortable attributes are: `id, 연도`.');
    assert.equal(sortError(['title:asc'], []), 'Attribute `title` is not sortable. This index does not have configured sortable attributes.');
    assert.match(sortError(['_geo:asc'], ['_geo']), /^`_geo` is a reserved keyword and thus can't be used as a sort expression/);
    assert.match(sortError(['_geoPoint(37.5, 127.0):asc'], ['_geo']), /not supported/);
  });
});

const BOOKS: Document[] = [
  { title: '토지', price: 15000, author: '박경리', year: [1969, 1994] },
  { title: 'Pachinko', price: '12000', author: 'min jin lee', year: 2017 },
  { title: '채식주의자', price: 9000, author: '한강', year: 2007 },
  { title: 'No price', author: 'Anonymous' },
  { title: '소년이 온다', price: 9000, author: '한강', year: 2014 },
  { title: 'Émile', price: 'free', author: 'Rousseau', year: 1762 },
];

function sorted(rules: string[]): string[] {
  const facets = new FacetIndex(['price', 'author', 'year']);
  BOOKS.forEach((doc, i) => facets.add(i, doc));
  const compare = createSortComparator(facets, parseSort(rules, ['price', 'author', 'year']));
  return BOOKS.map((_, i) => i)
    .sort((a, b) => compare(a, b) || a - b)
    .map((i) => BOOKS[i]!.title as string);
}

describe('createSortComparator', () => {
  it('numbers come before strings in both directions; missing values go last', () => {
    // Numbers 9000, 9000, 15000, then strings '12000' < 'free' by code point, then the missing one.
    assert.deepEqual(sorted(['price:asc']), ['채식주의자', '소년이 온다', '토지', 'Pachinko', 'Émile', 'No price']);
    assert.deepEqual(sorted(['price:desc']), ['토지', '채식주의자', '소년이 온다', 'Émile', 'Pachinko', 'No price']);
  });

  it('strings compare case-insensitively by code point; later rules break ties', () => {
    // Authors: 'Anonymous' < 'min jin lee' < 'Rousseau' < 박경리 < 한강 (ties keep document order).
    assert.deepEqual(sorted(['author:asc']), ['No price', 'Pachinko', 'Émile', '토지', '채식주의자', '소년이 온다']);
    assert.deepEqual(sorted(['price:asc', 'year:desc']), ['소년이 온다', '채식주의자', '토지', 'Pachinko', 'Émile', 'No price']);
  });

  it('arrays sort by their smallest value ascending and their largest descending', () => {
    assert.deepEqual(sorted(['year:asc']).slice(0, 3), ['Émile', '토지', '채식주의자']);
    assert.deepEqual(sorted(['year:desc']).slice(0, 3), ['Pachinko', '소년이 온다', '채식주의자']);
    assert.equal(sorted(['year:desc'])[3], '토지');
  });

  it('compareBySort compares two documents directly', () => {
    const facets = new FacetIndex(['price']);
    BOOKS.forEach((doc, i) => facets.add(i, doc));
    const rules = parseSort(['price:asc'], ['price']);
    assert.ok(compareBySort(facets, rules, 2, 0) < 0);
    assert.ok(compareBySort(facets, rules, 3, 5) > 0);
    assert.equal(compareBySort(facets, rules, 2, 4), 0);
  });
});
