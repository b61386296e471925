// Filter AST → document set: bitset algebra over the facet index, plus `matchesFilter`, the same
// semantics read straight off one JSON document (the oracle of the property tests, and alerts).
import { isSelected } from '../document-fields.ts';
import { Bitset } from '../index/bitset.ts';
import type { Bound, FacetField } from '../index/facet-field.ts';
import { compareCodePoints, extractFacets, normalizeFacet, parseFiniteFloat, type PathFacts } from '../index/facet-values.ts';
import type { FacetIndex } from '../index/facets.ts';
import type { Document } from '../search-types.ts';
import { filterError, type FilterErrorCode, type FilterNode } from './filter-parse.ts';

export interface EvaluateFilterOptions {
  /** Error code for a non-filterable attribute. Default `invalid_search_filter`. */
  code?: FilterErrorCode;
}

type Leaf = Exclude<FilterNode, { kind: 'and' | 'or' | 'not' }>;

/**
 * The documents of `universe` that match `node`. `NOT x` and `a != b` are taken within `universe`,
 * so documents lacking the attribute match them, as in Meilisearch.
 * Throws `Attribute \`x\` is not filterable…` when the filter names an attribute outside `filterable`.
 */
export function evaluateFilter(
  node: FilterNode,
  facets: FacetIndex,
  universe: Bitset,
  filterable: readonly string[],
  options: EvaluateFilterOptions = {},
): Bitset {
  assertFilterable(node, filterable, options.code ?? 'invalid_search_filter');
  return evaluate(node, facets, universe);
}

/** Throws Meilisearch's error for the first attribute, left to right, that is not filterable. */
export function assertFilterable(node: FilterNode, filterable: readonly string[], code: FilterErrorCode): void {
  if (node.kind === 'and' || node.kind === 'or') {
    for (const child of node.children) assertFilterable(child, filterable, code);
  } else if (node.kind === 'not') {
    assertFilterable(node.child, filterable, code);
  } else if (!isSelected(node.attribute.name, filterable)) {
    const name = node.attribute.name;
    const sorted = [...filterable].sort();
    const available =
      sorted.length === 0
        ? 'This index does not have configured filterable attributes.'
        : `Available filterable attributes are: ${sorted.map((a) => `\`${a}\``).join(', ')}.`;
    throw filterError(code, `Attribute \`${name}\` is not filterable. ${available}`, node.attribute.span);
  }
}

function evaluate(node: FilterNode, facets: FacetIndex, universe: Bitset): Bitset {
  switch (node.kind) {
    case 'and': {
      const result = evaluate(node.children[0]!, facets, universe);
      for (const child of node.children.slice(1)) result.and(evaluate(child, facets, result));
      return result;
    }
    case 'or': {
      const result = new Bitset(universe.capacity);
      for (const child of node.children) result.or(evaluate(child, facets, universe));
      return result;
    }
    case 'not':
      return universe.clone().andNot(evaluate(node.child, facets, universe));
    default:
      return leafDocs(node, facets.field(node.attribute.name), universe).and(universe);
  }
}

function leafDocs(node: Leaf, field: FacetField | undefined, universe: Bitset): Bitset {
  const out = new Bitset(universe.capacity);
  if (field === undefined) return node.kind === 'compare' && node.operator === '!=' ? universe.clone() : out;
  const addAll = (vids: ArrayLike<number>): void => {
    for (let i = 0; i < vids.length; i++) field.value(vids[i]!).docs.orInto(out);
  };
  switch (node.kind) {
    case 'exists':
      return out.or(field.exists);
    case 'isNull':
      return out.or(field.nulls);
    case 'isEmpty':
      return out.or(field.empties);
    case 'in':
      for (const value of node.values) addAll(equalIds(field, value));
      return out;
    case 'contains': {
      const needle = normalizeFacet(node.value);
      for (const vid of field.stringRange(null, null)) if ((field.value(vid).key as string).includes(needle)) addAll([vid]);
      return out;
    }
    case 'startsWith':
      addAll(field.stringPrefix(normalizeFacet(node.value)));
      return out;
    case 'between': {
      const from = parseFiniteFloat(node.from);
      const to = parseFiniteFloat(node.to);
      if (from !== undefined && to !== undefined) addAll(field.numberRange(incl(from), incl(to)));
      addAll(field.stringRange(incl(normalizeFacet(node.from)), incl(normalizeFacet(node.to))));
      return out;
    }
    case 'compare': {
      if (node.operator === '=' || node.operator === '!=') {
        addAll(equalIds(field, node.value));
        return node.operator === '=' ? out : universe.clone().andNot(out);
      }
      const [lower, upper] = rangeOf(node.operator, parseFiniteFloat(node.value));
      if (lower !== undefined) addAll(field.numberRange(lower, upper!));
      const [lowerText, upperText] = rangeOf(node.operator, normalizeFacet(node.value));
      addAll(field.stringRange(lowerText!, upperText!));
      return out;
    }
  }
}

function equalIds(field: FacetField, text: string): number[] {
  const ids: number[] = [];
  const vid = field.idOf(normalizeFacet(text));
  if (vid !== undefined) ids.push(vid);
  const number = parseFiniteFloat(text);
  const numberVid = number === undefined ? undefined : field.idOf(number);
  if (numberVid !== undefined) ids.push(numberVid);
  return ids;
}

function incl<T>(value: T): Bound<T> {
  return { value, inclusive: true };
}

/** `> 5` → (5, ∞); `<= 5` → (−∞, 5]. Undefined bounds when there is no value to compare with. */
function rangeOf<T>(operator: '>' | '>=' | '<' | '<=', value: T | undefined): [Bound<T>?, Bound<T>?] {
  if (value === undefined) return [];
  const bound = { value, inclusive: operator === '>=' || operator === '<=' };
  return operator === '>' || operator === '>=' ? [bound, null] : [null, bound];
}

/**
 * Evaluates `node` against one document, without any index: the reference semantics.
 * Strings compare normalized (trimmed, NFKC, lowercase); a value that parses as a number also
 * matches numbers; `>`/`<` compare numbers numerically and strings by code point; arrays match
 * when any element does; `NOT` and `!=` match documents that lack the attribute.
 */
export function matchesFilter(node: FilterNode, document: Document): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.every((child) => matchesFilter(child, document));
    case 'or':
      return node.children.some((child) => matchesFilter(child, document));
    case 'not':
      return !matchesFilter(node.child, document);
    default:
      return matchesLeaf(node, extractFacets(document, [node.attribute.name]).get(node.attribute.name));
  }
}

function matchesLeaf(node: Leaf, facts: PathFacts | undefined): boolean {
  if (node.kind === 'compare' && node.operator === '!=') return facts === undefined || !equals(facts, node.value);
  if (facts === undefined) return false;
  switch (node.kind) {
    case 'exists':
      return true;
    case 'isNull':
      return facts.isNull;
    case 'isEmpty':
      return facts.isEmpty;
    case 'in':
      return node.values.some((value) => equals(facts, value));
    case 'contains':
      return facts.strings.some((s) => s.key.includes(normalizeFacet(node.value)));
    case 'startsWith':
      return facts.strings.some((s) => s.key.startsWith(normalizeFacet(node.value)));
    case 'between':
      return inRange(facts, incl(node.from), incl(node.to));
    case 'compare': {
      if (node.operator === '=') return equals(facts, node.value);
      const [lower, upper] = rangeOf(node.operator as '>' | '>=' | '<' | '<=', node.value);
      return inRange(facts, lower!, upper!);
    }
  }
}

function equals(facts: PathFacts, text: string): boolean {
  const key = normalizeFacet(text);
  const number = parseFiniteFloat(text);
  return facts.strings.some((s) => s.key === key) || (number !== undefined && facts.numbers.includes(number));
}

/** Numbers between the bounds when both parse as numbers; strings between them always. */
function inRange(facts: PathFacts, lower: Bound<string>, upper: Bound<string>): boolean {
  const lowerNumber = lower === null ? null : parseFiniteFloat(lower.value);
  const upperNumber = upper === null ? null : parseFiniteFloat(upper.value);
  if (lowerNumber !== undefined && upperNumber !== undefined) {
    const fits = (n: number): boolean =>
      (lower === null || n > lowerNumber! || (lower.inclusive && n === lowerNumber)) &&
      (upper === null || n < upperNumber! || (upper.inclusive && n === upperNumber));
    if (facts.numbers.some(fits)) return true;
  }
  const low = lower === null ? null : normalizeFacet(lower.value);
  const high = upper === null ? null : normalizeFacet(upper.value);
  return facts.strings.some(({ key }) => {
    const aboveLow = low === null || compareCodePoints(key, low) > (lower!.inclusive ? -1 : 0);
    const belowHigh = high === null || compareCodePoints(key, high) < (upper!.inclusive ? 1 : 0);
    return aboveLow && belowHigh;
  });
}
